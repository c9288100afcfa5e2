#include "service/flags.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/cmdline/cmdline.h"

namespace wasmrt::service {

const char kServerUsage[] =
    "usage: wasmrtd [OPTIONS]\n"
    "\n"
    "Serves WebAssembly functions over gRPC (wasmrt.v1.ModuleService and\n"
    "InvocationService, grpc.health.v1.Health, server reflection).\n"
    "\n"
    "options:\n"
    "  --listen ADDR            gRPC address (default 127.0.0.1:50051; port 0 picks one,\n"
    "                           printed as \"listening on ADDR\")\n"
    "  --metrics-listen ADDR    Prometheus /metrics over HTTP (default 127.0.0.1:9464;\n"
    "                           \"\" disables)\n"
    "  --data-dir DIR           module store (default ./wasmrt-data)\n"
    "  --preload FILE[=NAME]    store FILE at start (and name it NAME); repeatable\n"
    "  --workers N              guest calls run at once (default: number of\n"
    "                           cores); as many worker threads\n"
    "  --queue N                calls waiting beyond busy workers before\n"
    "                           RESOURCE_EXHAUSTED (default 1024)\n"
    "  --max-module-bytes N     upload cap (default 64 MiB)\n"
    "  --max-payload-bytes N    payload input cap (default 16 MiB)\n"
    "  --max-stdio-bytes N      captured stdout/stderr cap, each (default 1 MiB)\n"
    "  --default-fuel N / --max-fuel N\n"
    "  --default-memory-bytes N / --max-memory-bytes N\n"
    "  --default-timeout-ms N / --max-timeout-ms N\n"
    "                           per-call limits when a request says 0, and their caps\n"
    "  --pool-min-warm N        ready instances kept per module (default 1)\n"
    "  --pool-idle-seconds N    idle instances above the minimum are dropped after\n"
    "                           N seconds (default 60)\n"
    "  --tier auto|interp|jit   how modules are compiled: auto (default: jit where\n"
    "                           it runs, else interp), interp (the interpreter), jit\n"
    "                           (x86-64 machine code for the functions the compiler\n"
    "                           handles, the rest interpreted)\n"
    "  --pool-disable           no pooling: every call instantiates a new instance\n"
    "                           and drops it after (for cold-start benchmarks)\n"
    "  --admin-token T          bearer token allowed to upload/delete (repeatable)\n"
    "  --invoker-token T        bearer token allowed to invoke/list (repeatable)\n"
    "  --tls-cert FILE --tls-key FILE   serve TLS\n"
    "  --shutdown-grace-seconds N       drain time on SIGTERM (default 10)\n"
    "  --log-level debug|info|warning|error   (default info; debug logs every call)\n"
    "  -h, --help\n";

namespace {

template <typename T>
absl::Status ParseNumber(const std::string& flag, const std::string& text, T* out) {
  if (!absl::SimpleAtoi(text, out)) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": not a number: ", text));
  }
  return absl::OkStatus();
}

// Registers every option of kServerUsage on `app`, writing into `f`.
void AddServerOptions(CLI::App& app, ServerFlags& f) {
  ServiceConfig& c = f.config;
  auto text = [&app](const char* flag, std::string* out) {
    cmdline::AddValue(app, flag, [out](const std::string& v) {
      *out = v;
      return absl::OkStatus();
    });
  };
  auto list = [&app](const char* flag, std::vector<std::string>* out) {
    cmdline::AddValue(app, flag, [out](const std::string& v) {
      out->push_back(v);
      return absl::OkStatus();
    });
  };
  auto number = [&app](const char* flag, auto* out) {
    cmdline::AddValue(app, flag, [flag, out](const std::string& v) {
      return ParseNumber(flag, v, out);
    });
  };
  cmdline::AddFlag(app, "-h,--help", f.help);
  cmdline::AddFlag(app, "--pool-disable", c.pool_disable);
  text("--listen", &c.listen);
  text("--metrics-listen", &c.metrics_listen);
  text("--data-dir", &c.data_dir);
  cmdline::AddValue(app, "--preload", [&f](const std::string& v) {
    std::vector<std::string> parts = absl::StrSplit(v, absl::MaxSplits('=', 1));
    f.preload.emplace_back(parts[0], parts.size() > 1 ? parts[1] : "");
    return absl::OkStatus();
  });
  number("--workers", &c.workers);
  number("--queue", &c.queue_size);
  number("--max-module-bytes", &c.max_module_bytes);
  number("--max-payload-bytes", &c.max_payload_bytes);
  number("--max-stdio-bytes", &c.max_stdio_bytes);
  number("--default-fuel", &c.default_fuel);
  number("--max-fuel", &c.max_fuel);
  number("--default-memory-bytes", &c.default_memory_bytes);
  number("--max-memory-bytes", &c.max_memory_bytes);
  number("--default-timeout-ms", &c.default_timeout_ms);
  number("--max-timeout-ms", &c.max_timeout_ms);
  number("--pool-min-warm", &c.pool_min_warm);
  number("--pool-idle-seconds", &c.pool_idle_seconds);
  list("--admin-token", &c.admin_tokens);
  list("--invoker-token", &c.invoker_tokens);
  text("--tls-cert", &c.tls_cert_file);
  text("--tls-key", &c.tls_key_file);
  number("--shutdown-grace-seconds", &c.shutdown_grace_seconds);
  text("--log-level", &f.log_level);
  cmdline::AddValue(app, "--tier", [&c](const std::string& v) -> absl::Status {
    absl::StatusOr<Tier> t = ParseTier(v);
    if (!t.ok()) return absl::InvalidArgumentError(absl::StrCat("--tier: ", t.status().message()));
    c.tier = *t;
    return absl::OkStatus();
  });
}

// The checks across options, once all are parsed.
absl::Status CheckServerFlags(const ServerFlags& f) {
  const ServiceConfig& c = f.config;
  if (c.workers < 1 || c.queue_size < 0) {
    return absl::InvalidArgumentError("--workers must be >= 1 and --queue >= 0");
  }
  // Memory and timeouts are unsigned (the number parser refuses a sign).
  if (c.default_fuel < 0 || c.max_fuel < 0) {
    return absl::InvalidArgumentError("--default-fuel and --max-fuel must not be negative");
  }
  if (c.default_fuel > c.max_fuel || c.default_memory_bytes > c.max_memory_bytes ||
      c.default_timeout_ms > c.max_timeout_ms) {
    return absl::InvalidArgumentError("a --default-* limit is above its --max-* cap");
  }
  for (const auto* tokens : {&c.admin_tokens, &c.invoker_tokens}) {
    for (const std::string& t : *tokens) {
      if (t.empty()) return absl::InvalidArgumentError("a token must not be empty");
    }
  }
  if (c.tls_cert_file.empty() != c.tls_key_file.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  if (f.log_level != "debug" && f.log_level != "info" && f.log_level != "warning" &&
      f.log_level != "error") {
    return absl::InvalidArgumentError("--log-level must be debug, info, warning or error");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ServerFlags> ParseServerFlags(const std::vector<std::string>& argv) {
  ServerFlags f;
  CLI::App app("wasmrtd", "wasmrtd");
  app.set_help_flag();  // kServerUsage is printed by main
  AddServerOptions(app, f);
  auto words = cmdline::Parse(app, argv, /*dash_dash_ends_options=*/false);
  if (!words.ok()) return words.status();
  if (f.help) return f;
  if (!words->words.empty()) {
    const std::string& w = words->words.front();
    return absl::InvalidArgumentError(
        w.size() > 1 && w[0] == '-' && w != "--"
            ? absl::StrCat("unknown option ", w.substr(0, w.find('=')), " (see --help)")
            : absl::StrCat("unexpected argument ", w, " (see --help)"));
  }
  absl::Status s = CheckServerFlags(f);
  if (!s.ok()) return s;
  return f;
}

}  // namespace wasmrt::service

#include "service/flags.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

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
    "  --workers N              execution threads (default: number of cores)\n"
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

}  // namespace

absl::StatusOr<ServerFlags> ParseServerFlags(const std::vector<std::string>& argv) {
  ServerFlags f;
  ServiceConfig& c = f.config;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-h" || a == "--help") {
      f.help = true;
      return f;
    }
    if (a == "--pool-disable") {  // the only flag without a value
      c.pool_disable = true;
      continue;
    }
    if (i + 1 >= argv.size()) {
      return absl::InvalidArgumentError(
          a.rfind("--", 0) == 0 ? absl::StrCat("option ", a, " needs a value")
                                : absl::StrCat("unexpected argument ", a, " (see --help)"));
    }
    const std::string& v = argv[++i];
    absl::Status s;
    if (a == "--listen") c.listen = v;
    else if (a == "--metrics-listen") c.metrics_listen = v;
    else if (a == "--data-dir") c.data_dir = v;
    else if (a == "--preload") {
      std::vector<std::string> parts = absl::StrSplit(v, absl::MaxSplits('=', 1));
      f.preload.emplace_back(parts[0], parts.size() > 1 ? parts[1] : "");
    }
    else if (a == "--workers") s = ParseNumber(a, v, &c.workers);
    else if (a == "--queue") s = ParseNumber(a, v, &c.queue_size);
    else if (a == "--max-module-bytes") s = ParseNumber(a, v, &c.max_module_bytes);
    else if (a == "--max-payload-bytes") s = ParseNumber(a, v, &c.max_payload_bytes);
    else if (a == "--max-stdio-bytes") s = ParseNumber(a, v, &c.max_stdio_bytes);
    else if (a == "--default-fuel") s = ParseNumber(a, v, &c.default_fuel);
    else if (a == "--max-fuel") s = ParseNumber(a, v, &c.max_fuel);
    else if (a == "--default-memory-bytes") s = ParseNumber(a, v, &c.default_memory_bytes);
    else if (a == "--max-memory-bytes") s = ParseNumber(a, v, &c.max_memory_bytes);
    else if (a == "--default-timeout-ms") s = ParseNumber(a, v, &c.default_timeout_ms);
    else if (a == "--max-timeout-ms") s = ParseNumber(a, v, &c.max_timeout_ms);
    else if (a == "--pool-min-warm") s = ParseNumber(a, v, &c.pool_min_warm);
    else if (a == "--pool-idle-seconds") s = ParseNumber(a, v, &c.pool_idle_seconds);
    else if (a == "--admin-token") c.admin_tokens.push_back(v);
    else if (a == "--invoker-token") c.invoker_tokens.push_back(v);
    else if (a == "--tls-cert") c.tls_cert_file = v;
    else if (a == "--tls-key") c.tls_key_file = v;
    else if (a == "--shutdown-grace-seconds") s = ParseNumber(a, v, &c.shutdown_grace_seconds);
    else if (a == "--log-level") f.log_level = v;
    else return absl::InvalidArgumentError(absl::StrCat("unknown option ", a, " (see --help)"));
    if (!s.ok()) return s;
  }
  if (c.workers < 1 || c.queue_size < 0) {
    return absl::InvalidArgumentError("--workers must be >= 1 and --queue >= 0");
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
  return f;
}

}  // namespace wasmrt::service

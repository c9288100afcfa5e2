#include "tools/wasmctl/cli.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/wasmctl/bench_cli.h"

namespace wasmrt::wasmctl {
namespace {

const char kToolUsage[] =
    "usage: wasmctl [GLOBAL OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Client of the wasmrt function service (wasmrtd).\n"
    "\n"
    "commands:\n"
    "  upload FILE [--name N]        store a module; prints its id\n"
    "  list                          stored modules\n"
    "  get ID                        a module's exports and imports (ID: sha256:... or name)\n"
    "  delete ID                     delete a module and its names\n"
    "  invoke ID FUNC [ARGS...]      call an exported function (see wasmctl invoke --help)\n"
    "  health [SERVICE]              exit 0 when the server reports SERVING\n"
    "  bench ID FUNC [ARGS...]       load-test a function (see wasmctl bench --help)\n"
    "  bench compare A.json B.json   compare two `bench --json` reports\n"
    "\n"
    "global options (anywhere on the line):\n"
    "  --server ADDR       server address (default $WASMCTL_SERVER or 127.0.0.1:50051)\n"
    "  --token T           bearer token (default $WASMCTL_TOKEN)\n"
    "  --ca-cert FILE      use TLS, trusting this CA certificate\n"
    "  --rpc-timeout D     gRPC deadline, e.g. 500ms, 10s (default 5s for health,\n"
    "                      else 120s)\n"
    "  --json              machine-readable output on stdout\n"
    "  -h, --help          this text; `wasmctl COMMAND --help` for a command\n"
    "\n"
    "exit status: 0 success; 1 the guest trapped or exited non-zero, or the\n"
    "server is not SERVING; 2 usage error; 3 the request failed (gRPC status,\n"
    "printed as \"wasmctl: CODE: message\"). health exits 1 on any failure.\n";

const char kUploadUsage[] =
    "usage: wasmctl upload FILE [--name N]\n"
    "\n"
    "Streams FILE (a .wasm module; - reads stdin) to the server in 64 KiB chunks.\n"
    "The server validates it and stores it under its content digest; --name\n"
    "makes N (letters, digits, ._:-/) point at it. Prints the module's id.\n";

const char kListUsage[] =
    "usage: wasmctl list\n"
    "\n"
    "Lists the stored modules: id, size and names.\n";

const char kGetUsage[] =
    "usage: wasmctl get ID\n"
    "\n"
    "Shows a module (ID is sha256:<hex> or a name): its exports and imports with\n"
    "their types.\n";

const char kDeleteUsage[] =
    "usage: wasmctl delete ID\n"
    "\n"
    "Deletes a module (ID is sha256:<hex> or a name) and every name pointing at it.\n";

const char kInvokeUsage[] =
    "usage: wasmctl invoke ID FUNC [ARGS...] [OPTIONS]\n"
    "\n"
    "Calls the exported function FUNC of module ID (sha256:<hex> or a name).\n"
    "\n"
    "Typed arguments: i32:5, i64:-1, f32:1.5, f64:nan, f64:-inf, f32:0x1p-3,\n"
    "funcref:null, externref:null. A bare value (5, -1, 2.5) takes the type of\n"
    "the function's parameter (fetched from the server). Integers may be hex (0x..).\n"
    "Results print one per line.\n"
    "\n"
    "Payload calls (guest ABI f(ptr i32, len i32) -> i64, README \"Guest ABI\"):\n"
    "  --payload-file F     the input bytes (- reads stdin)\n"
    "  --payload TEXT       the input bytes, given inline\n"
    "  --type-url U         the google.protobuf.Any type URL of the payload\n"
    "  --output F           write the output bytes to F instead of stdout\n"
    "\n"
    "WASI options:\n"
    "  --stdin F            the guest's stdin (- reads ours)\n"
    "  --env K=V            an environment variable (repeatable)\n"
    "  --arg A              an argument, argv[1..] (repeatable)\n"
    "\n"
    "Limits (0 or absent: the server's default; above its caps: RESOURCE_EXHAUSTED):\n"
    "  --fuel N             fuel: wasm instructions executed\n"
    "  --memory BYTES       linear memory cap, e.g. 1048576, 64Ki, 16Mi\n"
    "  --timeout D          wall-clock limit, e.g. 500ms, 2s\n"
    "\n"
    "The guest's stdout/stderr are copied to ours; a trap or WASI exit code and\n"
    "the call's statistics are printed on stderr. A trap exits 1, a WASI exit\n"
    "code N exits 1 when N != 0.\n";

const char kHealthUsage[] =
    "usage: wasmctl health [SERVICE]\n"
    "\n"
    "Asks grpc.health.v1.Health/Check about SERVICE (default \"\": the whole\n"
    "server). Prints the status; exits 0 when SERVING, 1 otherwise (unreachable\n"
    "included), as container health checks expect.\n";

bool TakesValue(const std::string& opt) {
  static const char* const kWithValue[] = {
      "--server", "--token", "--ca-cert", "--rpc-timeout", "--name",  "--payload-file",
      "--payload", "--type-url", "--stdin", "--env", "--arg", "--fuel", "--memory",
      "--timeout", "--output"};
  for (const char* o : kWithValue) {
    if (opt == o) return true;
  }
  return false;
}

// Options that belong to wasmctl itself, whatever the command.
bool IsGlobalOption(const std::string& opt) {
  std::string name = opt.substr(0, opt.find('='));
  return name == "--server" || name == "--token" || name == "--ca-cert" ||
         name == "--rpc-timeout";
}

absl::Status UsageError(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

// Applies a command option; `command` is known by now.
absl::Status ApplyCommandOption(CommandLine& c, const std::string& opt, const std::string& v) {
  InvokeOptions& inv = c.invoke;
  auto only = [&](const char* cmd) -> absl::Status {
    if (c.command != cmd) {
      return UsageError(absl::StrCat("option ", opt, " is for `", cmd, "`",
                                c.command.empty() ? "" : absl::StrCat(", not `", c.command, "`")));
    }
    return absl::OkStatus();
  };
  if (opt == "--name") {
    if (auto s = only("upload"); !s.ok()) return s;
    c.name = v;
    return absl::OkStatus();
  }
  if (auto s = only("invoke"); !s.ok()) return s;
  if (opt == "--payload-file") {
    inv.payload_file = v;
  } else if (opt == "--payload") {
    inv.payload_text = v;
  } else if (opt == "--type-url") {
    inv.type_url = v;
  } else if (opt == "--output") {
    inv.output_file = v;
  } else if (opt == "--stdin") {
    inv.stdin_file = v;
  } else if (opt == "--env") {
    size_t eq = v.find('=');
    if (eq == std::string::npos || eq == 0) return UsageError("--env needs K=V, got " + v);
    inv.env[v.substr(0, eq)] = v.substr(eq + 1);
  } else if (opt == "--arg") {
    inv.wasi_args.push_back(v);
  } else if (opt == "--fuel") {
    if (!absl::SimpleAtoi(v, &inv.fuel) || inv.fuel < 0) {
      return UsageError("--fuel needs a non-negative integer, got " + v);
    }
  } else if (opt == "--memory") {
    auto b = ParseBytes(v);
    if (!b.ok()) return b.status();
    inv.memory_bytes = *b;
  } else if (opt == "--timeout") {
    auto d = ParseDurationMs(v);
    if (!d.ok()) return d.status();
    inv.timeout_ms = *d;
  }
  return absl::OkStatus();
}

absl::Status ApplyPositional(CommandLine& c, const std::string& a) {
  if (c.command.empty()) {
    static const char* const kCommands[] = {"upload", "list",   "get",  "delete",
                                            "invoke", "health", "bench"};
    for (const char* k : kCommands) {
      if (a == k) {
        c.command = a;
        return absl::OkStatus();
      }
    }
    return UsageError(absl::StrCat("unknown command \"", a, "\" (see wasmctl --help)"));
  }
  auto extra = [&] {
    return UsageError(absl::StrCat("unexpected argument \"", a, "\" for `", c.command, "`"));
  };
  if (c.command == "upload") {
    if (!c.file.empty()) return extra();
    c.file = a;
  } else if (c.command == "get" || c.command == "delete") {
    if (!c.id.empty()) return extra();
    c.id = a;
  } else if (c.command == "health") {
    if (!c.service.empty()) return extra();
    c.service = a;
  } else if (c.command == "bench") {
    c.bench_args.push_back(a);
  } else if (c.command == "invoke") {
    if (c.invoke.module.empty()) c.invoke.module = a;
    else if (c.invoke.function.empty()) c.invoke.function = a;
    else c.invoke.args.push_back(a);
  } else {
    return extra();
  }
  return absl::OkStatus();
}

absl::Status CheckComplete(const CommandLine& c) {
  if (c.command.empty()) return UsageError("no command given (see wasmctl --help)");
  if (c.command == "upload" && c.file.empty()) return UsageError("upload needs a FILE");
  if ((c.command == "get" || c.command == "delete") && c.id.empty()) {
    return UsageError(absl::StrCat(c.command, " needs a module ID"));
  }
  if (c.command == "bench") {
    auto b = ParseBenchArgs(c.bench_args);
    if (!b.ok()) return b.status();
  }
  if (c.command == "invoke") {
    const InvokeOptions& inv = c.invoke;
    if (inv.function.empty()) return UsageError("invoke needs a module ID and a function name");
    bool payload = inv.payload_file.has_value() || inv.payload_text.has_value();
    if (inv.payload_file.has_value() && inv.payload_text.has_value()) {
      return UsageError("give either --payload-file or --payload, not both");
    }
    if (payload && !inv.args.empty()) {
      return UsageError("a call takes either typed arguments or a payload, not both");
    }
    if (!payload && (!inv.type_url.empty() || inv.output_file.has_value())) {
      return UsageError("--type-url and --output go with --payload-file or --payload");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<uint32_t> ParseDurationMs(const std::string& text) {
  struct Unit {
    const char* suffix;
    double ms;
  };
  static const Unit kUnits[] = {{"ms", 1}, {"us", 0.001}, {"s", 1000}, {"m", 60000}};
  std::string number = text;
  double scale = 1;  // bare numbers are milliseconds
  for (const Unit& u : kUnits) {
    if (absl::EndsWith(text, u.suffix)) {
      number = text.substr(0, text.size() - std::string(u.suffix).size());
      scale = u.ms;
      break;
    }
  }
  double v = 0;
  if (number.empty() || !absl::SimpleAtod(number, &v) || !(v >= 0) || std::isinf(v)) {
    return UsageError("bad duration \"" + text + "\" (e.g. 500ms, 2s, 1m)");
  }
  double ms = std::ceil(v * scale);
  if (ms > 4294967295.0) return UsageError("duration \"" + text + "\" is too long");
  return uint32_t(ms);
}

absl::StatusOr<uint64_t> ParseBytes(const std::string& text) {
  struct Unit {
    const char* suffix;
    uint64_t scale;
  };
  static const Unit kUnits[] = {{"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30},
                                {"Ki", 1ull << 10},  {"Mi", 1ull << 20},  {"Gi", 1ull << 30},
                                {"K", 1ull << 10},   {"M", 1ull << 20},   {"G", 1ull << 30}};
  std::string number = text;
  uint64_t scale = 1;
  for (const Unit& u : kUnits) {
    if (absl::EndsWith(text, u.suffix)) {
      number = text.substr(0, text.size() - std::string(u.suffix).size());
      scale = u.scale;
      break;
    }
  }
  uint64_t v = 0;
  if (number.empty() || !absl::SimpleAtoi(number, &v) || v > UINT64_MAX / scale) {
    return UsageError("bad size \"" + text + "\" (e.g. 1048576, 64Ki, 16Mi)");
  }
  return v * scale;
}

absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                             const std::string& env_server,
                                             const std::string& env_token) {
  CommandLine c;
  if (!env_server.empty()) c.server = env_server;
  c.token = env_token;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    bool is_option = !options_done && (absl::StartsWith(a, "--") || a == "-h");
    if (!is_option) {
      absl::Status s = ApplyPositional(c, a);
      if (!s.ok()) return s;
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      c.help = true;
      continue;
    }
    if (a == "--json") {
      c.json = true;
      continue;
    }
    if (c.command == "bench" && !IsGlobalOption(a)) {
      // Forwarded to ParseBenchArgs with its value, if any.
      c.bench_args.push_back(a);
      if (a.find('=') == std::string::npos && BenchOptionTakesValue(a) && i + 1 < args.size()) {
        c.bench_args.push_back(args[++i]);
      }
      continue;
    }
    std::string value;
    size_t eq = a.find('=');
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      if (!TakesValue(a)) return UsageError("option " + a + " takes no value");
    } else if (TakesValue(a)) {
      if (i + 1 >= args.size()) return UsageError("option " + a + " needs a value");
      value = args[++i];
    } else {
      return UsageError("unknown option " + a + " (see wasmctl --help)");
    }
    absl::Status s;
    if (a == "--server") {
      c.server = value;
    } else if (a == "--token") {
      c.token = value;
    } else if (a == "--ca-cert") {
      c.ca_cert_file = value;
    } else if (a == "--rpc-timeout") {
      auto d = ParseDurationMs(value);
      if (!d.ok()) return d.status();
      c.rpc_timeout_ms = *d;
    } else {
      s = ApplyCommandOption(c, a, value);
    }
    if (!s.ok()) return s;
  }
  if (c.help) return c;
  absl::Status s = CheckComplete(c);
  if (!s.ok()) return s;
  return c;
}

const char* Usage(const std::string& command) {
  if (command == "upload") return kUploadUsage;
  if (command == "list") return kListUsage;
  if (command == "get") return kGetUsage;
  if (command == "delete") return kDeleteUsage;
  if (command == "invoke") return kInvokeUsage;
  if (command == "health") return kHealthUsage;
  if (command == "bench") return kBenchUsage;
  return kToolUsage;
}

}  // namespace wasmrt::wasmctl

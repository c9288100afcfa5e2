#include "tools/wasmctl/cli.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/cmdline/cmdline.h"
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
    "  call pkg.Service/Method JSON  call a typed method with a JSON request, found\n"
    "                                through server reflection (see wasmctl call --help)\n"
    "  health [SERVICE]              exit 0 when the server reports SERVING\n"
    "  bench ID FUNC [ARGS...]       load-test a function (see wasmctl bench --help)\n"
    "  bench --method M [JSON]       load-test a typed method, pkg.Service/Method\n"
    "  bench compare A.json B.json   compare two `bench --json` reports\n"
    "  embed-proto IN DESC OUT       write a protobuf descriptor set into a module\n"
    "                                (typed gRPC methods; see wasmctl embed-proto --help)\n"
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
    "exit status: 0 success; 1 the guest trapped, exited non-zero or answered an\n"
    "application error, or the server is not SERVING; 2 usage error; 3 the\n"
    "request failed (gRPC status, printed as \"wasmctl: CODE: message\").\n"
    "health exits 1 on any failure.\n";

const char kUploadUsage[] =
    "usage: wasmctl upload FILE [--name N] [--proto-descriptor-set F]\n"
    "\n"
    "Streams FILE (a .wasm module; - reads stdin) to the server in 64 KiB chunks.\n"
    "The server validates it and stores it under its content digest; --name\n"
    "makes N (letters, digits, ._:-/) point at it. Prints the module's id.\n"
    "\n"
    "  --proto-descriptor-set F   first write F (protoc --include_imports\n"
    "                             --descriptor_set_out) into the module's\n"
    "                             wasmrt:proto section, as embed-proto does\n";

const char kEmbedProtoUsage[] =
    "usage: wasmctl embed-proto IN.wasm DESCRIPTOR_SET OUT.wasm\n"
    "\n"
    "Writes DESCRIPTOR_SET, a serialized google.protobuf.FileDescriptorSet\n"
    "(protoc --include_imports --descriptor_set_out=FILE), into the custom\n"
    "section \"wasmrt:proto\" of IN.wasm (replacing one already there) and saves\n"
    "the module as OUT.wasm (may be IN.wasm). Needs no server.\n"
    "\n"
    "A module uploaded under a name with this section serves every method\n"
    "/pkg.Service/Method of the set's services as a gRPC method of its own,\n"
    "through its export named \"pkg.Service/Method\" of type (i32 i32) -> (i64)\n"
    "(the payload ABI: request bytes in, response bytes out). Unary methods only.\n"
    "\n"
    "exit status: 0 written; 2 a file cannot be read or written, the descriptor\n"
    "set does not parse, or IN.wasm is not a module.\n";

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

const char kCallUsage[] =
    "usage: wasmctl call pkg.Service/Method [JSON] [--request-file F]\n"
    "                   [--fuel N] [--memory BYTES] [--timeout D]\n"
    "\n"
    "Calls a gRPC method with a request written in JSON (default {}), such as\n"
    "a typed method of a module uploaded under a name (wasmctl embed-proto).\n"
    "The request and response types come from the server's reflection; the\n"
    "JSON is protobuf's JSON mapping. Prints the response as JSON.\n"
    "\n"
    "  --request-file F   read the JSON from F (- for stdin) instead\n"
    "  --fuel N           fuel limit of the call (metadata wasmrt-fuel)\n"
    "  --memory BYTES     linear memory cap, e.g. 16Mi (wasmrt-memory-bytes)\n"
    "  --timeout D        wall-clock limit, e.g. 500ms (wasmrt-timeout-ms)\n"
    "\n"
    "exit status: 0 answered; 1 the guest trapped (the trap is printed on\n"
    "stderr); 2 usage error, JSON that is not the request type (naming the\n"
    "field); 3 unknown service or method, or any other error status.\n";

const char kHealthUsage[] =
    "usage: wasmctl health [SERVICE]\n"
    "\n"
    "Asks grpc.health.v1.Health/Check about SERVICE (default \"\": the whole\n"
    "server). Prints the status; exits 0 when SERVING, 1 otherwise (unreachable\n"
    "included), as container health checks expect.\n";

absl::Status UsageError(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

// A value option writing `*out` (a string or an optional one).
template <typename T>
void AddText(CLI::App& app, const char* flag, T* out) {
  cmdline::AddValue(app, flag, [out](const std::string& v) {
    *out = v;
    return absl::OkStatus();
  });
}

void AddGlobalOptions(CLI::App& app, CommandLine& c) {
  AddText(app, "--server", &c.server);
  AddText(app, "--token", &c.token);
  AddText(app, "--ca-cert", &c.ca_cert_file);
  cmdline::AddValue(app, "--rpc-timeout", [&c](const std::string& v) {
    auto d = ParseDurationMs(v);
    if (d.ok()) c.rpc_timeout_ms = *d;
    return d.status();
  });
  cmdline::AddFlag(app, "--json", c.json);
  cmdline::AddFlag(app, "-h,--help", c.help);
}

void AddInvokeOptions(CLI::App& app, InvokeOptions& inv) {
  AddText(app, "--payload-file", &inv.payload_file);
  AddText(app, "--payload", &inv.payload_text);
  AddText(app, "--type-url", &inv.type_url);
  AddText(app, "--output", &inv.output_file);
  AddText(app, "--stdin", &inv.stdin_file);
  cmdline::AddValue(app, "--env", [&inv](const std::string& v) {
    size_t eq = v.find('=');
    if (eq == std::string::npos || eq == 0) return UsageError("--env needs K=V, got " + v);
    inv.env[v.substr(0, eq)] = v.substr(eq + 1);
    return absl::OkStatus();
  });
  cmdline::AddValue(app, "--arg", [&inv](const std::string& v) {
    inv.wasi_args.push_back(v);
    return absl::OkStatus();
  });
  AddLimitOptions(app, &inv.fuel, &inv.memory_bytes, &inv.timeout_ms);
}

void AddCallOptions(CLI::App& app, CallOptions& call) {
  AddText(app, "--request-file", &call.json_file);
  AddLimitOptions(app, &call.fuel, &call.memory_bytes, &call.timeout_ms);
}

bool LooksLikeOption(const std::string& word) {
  return word.size() > 2 && absl::StartsWith(word, "--");
}

std::string OptionName(const std::string& word) { return word.substr(0, word.find('=')); }

// The words after the command, in order: its positional arguments.
absl::Status ApplyPositionals(CommandLine& c, const std::vector<std::string>& words) {
  auto extra = [&](const std::string& a) {
    return UsageError(absl::StrCat("unexpected argument \"", a, "\" for `", c.command, "`"));
  };
  if (c.command == "invoke") {
    InvokeOptions& inv = c.invoke;
    for (const std::string& a : words) {
      if (inv.module.empty()) inv.module = a;
      else if (inv.function.empty()) inv.function = a;
      else inv.args.push_back(a);
    }
    return absl::OkStatus();
  }
  if (c.command == "bench") return FinishBenchOptions(words, c.bench);
  if (c.command == "call") {
    if (words.size() > 2) return extra(words[2]);
    if (!words.empty()) c.call.method = words[0];
    if (words.size() == 2) c.call.json = words[1];
    return absl::OkStatus();
  }
  if (c.command == "embed-proto") {
    std::string* slots[] = {&c.embed_in, &c.embed_descriptor_set, &c.embed_out};
    if (words.size() > 3) return extra(words[3]);
    for (size_t i = 0; i < words.size(); ++i) *slots[i] = words[i];
    return absl::OkStatus();
  }
  std::string* slot = c.command == "upload"                          ? &c.file
                      : c.command == "get" || c.command == "delete" ? &c.id
                      : c.command == "health"                       ? &c.service
                                                                    : nullptr;
  for (const std::string& a : words) {
    if (slot == nullptr || !slot->empty()) return extra(a);
    *slot = a;
  }
  return absl::OkStatus();
}

absl::Status CheckComplete(const CommandLine& c) {
  if (c.command == "upload" && c.file.empty()) return UsageError("upload needs a FILE");
  if (c.command == "embed-proto" && c.embed_out.empty()) {
    return UsageError("embed-proto needs IN.wasm, DESCRIPTOR_SET and OUT.wasm");
  }
  if ((c.command == "get" || c.command == "delete") && c.id.empty()) {
    return UsageError(absl::StrCat(c.command, " needs a module ID"));
  }
  if (c.command == "call") {
    if (c.call.method.empty()) return UsageError("call needs a method, pkg.Service/Method");
    if (c.call.json_file.has_value() && c.call.json.has_value()) {
      return UsageError("give the JSON either as an argument or with --request-file");
    }
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

// Why words before the command (or without one) are refused.
absl::Status NoCommand(const std::vector<std::string>& words) {
  if (words.empty()) return UsageError("no command given (see wasmctl --help)");
  if (LooksLikeOption(words[0])) {
    return UsageError("unknown option " + OptionName(words[0]) + " (see wasmctl --help)");
  }
  return UsageError(absl::StrCat("unknown command \"", words[0], "\" (see wasmctl --help)"));
}

}  // namespace

void AddLimitOptions(CLI::App& app, int64_t* fuel, uint64_t* memory_bytes,
                     uint32_t* timeout_ms) {
  cmdline::AddValue(app, "--fuel", [fuel](const std::string& v) {
    if (!absl::SimpleAtoi(v, fuel) || *fuel < 0) {
      return UsageError("--fuel needs a non-negative integer, got " + v);
    }
    return absl::OkStatus();
  });
  cmdline::AddValue(app, "--memory", [memory_bytes](const std::string& v) {
    auto b = ParseBytes(v);
    if (b.ok()) *memory_bytes = *b;
    return b.status();
  });
  cmdline::AddValue(app, "--timeout", [timeout_ms](const std::string& v) {
    auto d = ParseDurationMs(v);
    if (d.ok()) *timeout_ms = *d;
    return d.status();
  });
}

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
  CLI::App app("wasmctl", "wasmctl");
  app.set_help_flag();  // Usage() texts are printed by main
  app.require_subcommand(0, 1);
  AddGlobalOptions(app, c);
  size_t words_before_command = 0;
  for (const char* name :
       {"upload", "list", "get", "delete", "invoke", "call", "health", "bench", "embed-proto"}) {
    CLI::App* sub = app.add_subcommand(name);
    sub->preparse_callback([&](size_t) { words_before_command = app.remaining_size(); });
    if (sub->get_name() == "upload") {
      AddText(*sub, "--name", &c.name);
      AddText(*sub, "--proto-descriptor-set", &c.proto_descriptor_set);
    }
    if (sub->get_name() == "invoke") AddInvokeOptions(*sub, c.invoke);
    if (sub->get_name() == "call") AddCallOptions(*sub, c.call);
    if (sub->get_name() == "bench") AddBenchOptions(*sub, c.bench);
  }
  auto parsed = cmdline::Parse(app, args, /*dash_dash_ends_options=*/true);
  if (!parsed.ok()) return parsed.status();
  std::vector<CLI::App*> commands = app.get_subcommands();
  if (!commands.empty()) c.command = commands[0]->get_name();
  if (c.help) return c;
  std::vector<std::string>& words = parsed->words;
  if (c.command.empty()) {
    words.insert(words.end(), parsed->after_dash_dash.begin(), parsed->after_dash_dash.end());
    return NoCommand(words);
  }
  if (words_before_command > 0) return NoCommand(words);
  for (const std::string& w : words) {
    if (LooksLikeOption(w)) {
      return UsageError(absl::StrCat("unknown option ", OptionName(w), " for `", c.command,
                                     "` (see wasmctl ", c.command, " --help)"));
    }
  }
  // Single-dash words ("-5", "-inf") are values; so is anything after `--`.
  words.insert(words.end(), parsed->after_dash_dash.begin(), parsed->after_dash_dash.end());
  absl::Status s = ApplyPositionals(c, words);
  if (s.ok()) s = CheckComplete(c);
  if (!s.ok()) return s;
  return c;
}

const char* Usage(const std::string& command) {
  if (command == "upload") return kUploadUsage;
  if (command == "list") return kListUsage;
  if (command == "get") return kGetUsage;
  if (command == "delete") return kDeleteUsage;
  if (command == "invoke") return kInvokeUsage;
  if (command == "call") return kCallUsage;
  if (command == "health") return kHealthUsage;
  if (command == "bench") return kBenchUsage;
  if (command == "embed-proto") return kEmbedProtoUsage;
  return kToolUsage;
}

}  // namespace wasmrt::wasmctl

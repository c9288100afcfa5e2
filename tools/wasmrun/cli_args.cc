#include "tools/wasmrun/cli_args.h"

#include <functional>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace wasmrt::cli {

const char kUsage[] =
    "usage: wasmrun [OPTIONS] MODULE.wasm [ARGS...]\n"
    "\n"
    "Runs a WebAssembly module: its _start function (a WASI command, which\n"
    "gets the arguments [MODULE.wasm, ARGS...]), or the function named by\n"
    "--invoke with ARGS converted to its parameter types (results are printed\n"
    "one per line; a reactor's _initialize runs first). WASI preview1\n"
    "(wasi_snapshot_preview1) is always available; the guest sees only the\n"
    "directories and variables given below, and the real stdin/stdout/stderr.\n"
    "Everything after MODULE.wasm goes to the guest, even if it looks like an\n"
    "option. The limits hold for the module's start function and _initialize\n"
    "too.\n"
    "\n"
    "options (\"--opt VALUE\" and \"--opt=VALUE\" both work):\n"
    "  --invoke FUNC       call the exported function FUNC with ARGS\n"
    "  --typed-results     print --invoke results as TYPE:VALUE, floats as their\n"
    "                      exact bits (f32:0x7fc00000, f64:0x8000000000000000),\n"
    "                      so NaN payloads and -0 show; integers stay decimal\n"
    "  --fuel N            trap with \"fuel exhausted\" after N units of work\n"
    "                      (one unit per wasm instruction executed; the start\n"
    "                      function, _initialize and the call each get N)\n"
    "  --timeout D         trap with \"execution timed out\" once the guest has\n"
    "                      run for D of wall-clock time (500ms, 3s, 1m, 1.5s;\n"
    "                      the start function, _initialize and the call share\n"
    "                      it), also while it loops on WASI calls\n"
    "  --max-memory BYTES  cap each linear memory at BYTES (rounded down to\n"
    "                      64 KiB pages); memory.grow beyond it returns -1\n"
    "  --max-stack N       trap with \"call stack exhausted\" beyond N frames\n"
    "  --tier T            how the functions run: auto (the default: jit where\n"
    "                      it runs, else interp), interp (the interpreter), or\n"
    "                      jit (compiled to machine code on x86-64, the\n"
    "                      functions the compiler does not handle interpreted);\n"
    "                      results, traps and fuel are the same in every tier\n"
    "  --profile=perfmap   write /tmp/perf-PID.map (Linux perf's map of JIT\n"
    "                      code), so perf report names the compiled functions\n"
    "  --dir HOST[::GUEST] give the guest the host directory HOST under the name\n"
    "                      GUEST (default: HOST), read-write; paths cannot leave\n"
    "                      it (.., absolute paths and symlinks out all fail)\n"
    "  --dir-ro HOST[::GUEST]  the same, read-only\n"
    "  --env K=V           set a WASI environment variable (repeatable; nothing\n"
    "                      of the host's environment is passed on)\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: the guest's exit code (proc_exit, or 0 when _start returns);\n"
    "1 on a trap (\"error: <reason> in <function>\" on stderr) or an error\n"
    "(unreadable or invalid module, missing import); 2 on bad usage.\n";

namespace {

// CLI11 reports its errors as exceptions; our own checks of a value throw its
// ValidationError too, so ParseOptions has one place that turns any of them
// into a one-line Status. No exception leaves ParseOptions.
[[noreturn]] void Reject(std::string message) { throw CLI::ValidationError(std::move(message)); }

// An option with one value, checked by `set` as soon as CLI11 reads it: the
// first bad option is the one reported, and repeated --dir/--dir-ro/--env
// keep their command-line order (the preopens' fd numbers follow it).
void AddValueOption(CLI::App& app, const std::string& name,
                    std::function<void(const std::string&)> set) {
  app.add_option(name, [set](const CLI::results_t& r) {
       set(r.back());
       return true;
     })->trigger_on_parse();
}

void AddDirOption(CLI::App& app, const std::string& name, bool read_only, Options& o) {
  AddValueOption(app, name, [&o, read_only](const std::string& v) {
    absl::StatusOr<DirMapping> d = ParseDir(v, read_only);
    if (!d.ok()) Reject(std::string(d.status().message()));
    o.dirs.push_back(*std::move(d));
  });
}

void AddOptions(CLI::App& app, Options& o) {
  app.add_flag_callback("-h,--help", [] { throw CLI::CallForHelp(); })->trigger_on_parse();
  app.add_flag_callback("--typed-results", [&o] { o.typed_results = true; });
  AddValueOption(app, "--invoke", [&o](const std::string& v) { o.invoke = v; });
  AddValueOption(app, "--fuel", [&o](const std::string& v) {
    if (!absl::SimpleAtoi(v, &o.fuel) || o.fuel < 0) Reject("--fuel: not a count: " + v);
  });
  AddValueOption(app, "--timeout", [&o](const std::string& v) {
    absl::StatusOr<std::chrono::nanoseconds> t = ParseTimeout(v);
    if (!t.ok()) Reject(std::string(t.status().message()));
    o.timeout = *t;
  });
  AddValueOption(app, "--max-memory", [&o](const std::string& v) {
    if (!absl::SimpleAtoi(v, &o.max_memory)) Reject("--max-memory: not a byte count: " + v);
  });
  AddValueOption(app, "--max-stack", [&o](const std::string& v) {
    if (!absl::SimpleAtoi(v, &o.max_stack) || o.max_stack == 0) {
      Reject("--max-stack: not a frame count: " + v);
    }
  });
  AddValueOption(app, "--tier", [&o](const std::string& v) {
    absl::StatusOr<Tier> t = ParseTier(v);
    if (!t.ok()) Reject(absl::StrCat("--tier: ", t.status().message()));
    o.tier = *t;
  });
  AddValueOption(app, "--profile", [&o](const std::string& v) {
    if (v != "perfmap") Reject("--profile: unknown profiler \"" + v + "\" (expected perfmap)");
    o.perf_map = true;
  });
  AddDirOption(app, "--dir", false, o);
  AddDirOption(app, "--dir-ro", true, o);
  AddValueOption(app, "--env", [&o](const std::string& kv) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) Reject("--env: expected K=V, got \"" + kv + "\"");
    o.envs.push_back(kv);
  });
}

// CLI11's text for a missing value is "--fuel: 1 required TEXT missing".
std::string MismatchMessage(const CLI::ArgumentMismatch& e) {
  std::string what = e.what();
  size_t colon = what.find(": ");
  if (colon == std::string::npos || what.compare(0, 1, "-") != 0) return what;
  return absl::StrCat("option ", what.substr(0, colon), " needs a value");
}

// CLI11 reads "--fuel=" as "--fuel" and would take the next argument as the
// value; a GNU tool passes the empty string. An empty value is never valid
// here, so the options before the module are checked for it first.
absl::Status CheckEmptyValues(const CLI::App& app, const std::vector<std::string>& argv) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--" || a.size() < 2 || a[0] != '-') break;  // the module is next or here
    size_t eq = a.find('=');
    const CLI::Option* opt = app.get_option_no_throw(a.substr(0, eq));
    if (opt == nullptr || opt->get_expected_min() == 0) continue;  // unknown, or a flag
    if (eq == std::string::npos) {
      ++i;  // its value follows
    } else if (eq + 1 == a.size()) {
      return absl::InvalidArgumentError(absl::StrCat("option ", a.substr(0, eq), " needs a value"));
    }
  }
  return absl::OkStatus();
}

// With prefix_command(), CLI11 leaves the first non-option argument and
// everything after it in remaining(), together with unknown options (which
// come before the module) and a "--" that ended the options.
absl::Status TakeModuleAndArgs(std::vector<std::string> rest, Options& o) {
  size_t i = 0;
  if (!rest.empty() && rest[0] == "--") {
    i = 1;
  } else if (!rest.empty() && !rest[0].empty() && rest[0][0] == '-') {
    return absl::InvalidArgumentError(absl::StrCat("unknown option ", rest[0], " (see --help)"));
  }
  if (i >= rest.size()) return absl::InvalidArgumentError("no module given (see --help)");
  o.module_path = rest[i];
  o.args.assign(rest.begin() + i + 1, rest.end());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& argv) {
  Options o;
  CLI::App app("wasmrun");
  app.set_help_flag();     // kUsage is the help text
  app.prefix_command();    // the module ends the options (see TakeModuleAndArgs)
  AddOptions(app, o);
  if (absl::Status s = CheckEmptyValues(app, argv); !s.ok()) return s;
  std::vector<std::string> reversed(argv.rbegin(), argv.rend());  // CLI11 pops from the back
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    o.help = true;
    return o;
  } catch (const CLI::ArgumentMismatch& e) {
    return absl::InvalidArgumentError(MismatchMessage(e));
  } catch (const CLI::ParseError& e) {
    return absl::InvalidArgumentError(e.what());
  }
  absl::Status s = TakeModuleAndArgs(app.remaining(), o);
  if (!s.ok()) return s;
  return o;
}

absl::StatusOr<DirMapping> ParseDir(const std::string& text, bool read_only) {
  DirMapping d;
  d.read_only = read_only;
  size_t sep = text.find("::");
  d.host = text.substr(0, sep);
  d.guest = sep == std::string::npos ? d.host : text.substr(sep + 2);
  if (d.host.empty() || d.guest.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--dir: expected HOST[::GUEST], got \"", text, "\""));
  }
  return d;
}

absl::StatusOr<std::chrono::nanoseconds> ParseTimeout(const std::string& text) {
  absl::Duration d;
  if (!absl::ParseDuration(text, &d) || d <= absl::ZeroDuration() || d == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--timeout: not a positive duration with a unit (500ms, 3s, 1m): \"", text, "\""));
  }
  return absl::ToChronoNanoseconds(d);
}

}  // namespace wasmrt::cli

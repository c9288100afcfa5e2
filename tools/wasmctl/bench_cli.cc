#include "tools/wasmctl/bench_cli.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/wasmctl/cli.h"

namespace wasmrt::wasmctl {

const char kBenchUsage[] =
    "usage: wasmctl bench ID FUNC [ARGS...] [OPTIONS]\n"
    "       wasmctl bench --echo [OPTIONS]\n"
    "       wasmctl bench compare A.json B.json\n"
    "\n"
    "Load-tests one function of the server (--server) and reports throughput,\n"
    "latency percentiles, errors by gRPC status and by guest outcome, and the\n"
    "server-reported execution time and fuel. Arguments and payloads are given\n"
    "as for `wasmctl invoke`; every call sends the same request (payloads\n"
    "round-robin).\n"
    "\n"
    "what to call:\n"
    "  ID FUNC [ARGS...]    Invoke FUNC of module ID with typed or bare arguments\n"
    "  --payload-file F     a payload file; repeat for several, sent round-robin\n"
    "  --payload TEXT       an inline payload\n"
    "  --type-url U         the payload's google.protobuf.Any type URL\n"
    "  --fuel N, --memory BYTES, --timeout D   per-call limits (as for invoke)\n"
    "  --echo               call the Echo RPC instead (the gRPC floor)\n"
    "  --echo-size BYTES    size of the Echo request data (default 0)\n"
    "\n"
    "load:\n"
    "  -c, --concurrency N  closed loop: N calls in flight, each followed at once\n"
    "                       by the next (default 10)\n"
    "  --rps R              open loop: start calls at R per second on a fixed\n"
    "                       schedule whatever the answers; latency counts from\n"
    "                       each call's scheduled start, so stalls are not hidden\n"
    "  --max-in-flight N    open loop: calls beyond N wait for a free slot\n"
    "                       (their wait counts in their latency; default 10000)\n"
    "  --connections C      spread calls over C separate connections (default 1)\n"
    "  -d, --duration D     measured period, e.g. 30s, 2m (default 10s)\n"
    "  -n COUNT             measure COUNT calls instead of a period\n"
    "  --warmup D           run this long first, excluded from the results\n"
    "                       (default 0)\n"
    "\n"
    "output (text on stdout by default; --json for JSON):\n"
    "  --html FILE          also write a self-contained HTML report with plots\n"
    "  -q, --quiet          no progress line on stderr (it is only shown when\n"
    "                       stderr is a terminal)\n"
    "\n"
    "Latency is measured per call in microseconds into a log-linear histogram\n"
    "(exact below 2048 us, within 0.1% above). `compare` prints the key numbers\n"
    "of two --json reports side by side with the change in percent.\n"
    "\n"
    "exit status: 0 when the run completed (errors are reported, not fatal),\n"
    "2 on a usage error, 3 when no call could reach the server.\n";

namespace {

const char* const kWithValue[] = {
    "--payload-file", "--payload", "--type-url",    "--fuel",   "--memory",    "--timeout",
    "--echo-size",    "-c",        "--concurrency", "--rps",    "--max-in-flight",
    "--connections",  "-d",        "--duration",    "-n",       "--warmup",    "--html"};

absl::Status UsageError(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

template <typename T>
absl::Status PositiveInt(const std::string& opt, const std::string& v, T* out) {
  if (!absl::SimpleAtoi(v, out) || *out < 1) {
    return UsageError(absl::StrCat(opt, " needs a positive integer, got ", v));
  }
  return absl::OkStatus();
}

absl::Status ApplyOption(BenchOptions& b, const std::string& opt, const std::string& v) {
  if (opt == "--payload-file") {
    b.payload_files.push_back(v);
  } else if (opt == "--payload") {
    b.payload_text = v;
  } else if (opt == "--type-url") {
    b.type_url = v;
  } else if (opt == "--fuel") {
    if (!absl::SimpleAtoi(v, &b.fuel) || b.fuel < 0) {
      return UsageError("--fuel needs a non-negative integer, got " + v);
    }
  } else if (opt == "--memory" || opt == "--echo-size") {
    auto bytes = ParseBytes(v);
    if (!bytes.ok()) return bytes.status();
    (opt == "--memory" ? b.memory_bytes : b.echo_bytes) = *bytes;
  } else if (opt == "--timeout") {
    auto d = ParseDurationMs(v);
    if (!d.ok()) return d.status();
    b.timeout_ms = *d;
  } else if (opt == "-c" || opt == "--concurrency") {
    return PositiveInt("--concurrency", v, &b.concurrency);
  } else if (opt == "--rps") {
    if (!absl::SimpleAtod(v, &b.rps) || !(b.rps > 0) || std::isinf(b.rps) || b.rps > 1e7) {
      return UsageError("--rps needs a rate above 0 (calls per second), got " + v);
    }
  } else if (opt == "--max-in-flight") {
    return PositiveInt(opt, v, &b.max_in_flight);
  } else if (opt == "--connections") {
    return PositiveInt(opt, v, &b.connections);
  } else if (opt == "-d" || opt == "--duration" || opt == "--warmup") {
    auto d = ParseDurationMs(v);
    if (!d.ok()) return d.status();
    if (opt == "--warmup") {
      b.warmup_ms = *d;
    } else if (*d == 0) {
      return UsageError("--duration must be above 0");
    } else {
      b.duration_ms = *d;
    }
  } else if (opt == "-n") {
    return PositiveInt("-n", v, &b.count);
  } else if (opt == "--html") {
    b.html_file = v;
  }
  return absl::OkStatus();
}

absl::Status CheckBench(const BenchOptions& b) {
  if (b.compare) {
    if (b.compare_files.size() != 2) return UsageError("bench compare needs two JSON files");
    return absl::OkStatus();
  }
  bool payload = !b.payload_files.empty() || b.payload_text.has_value();
  if (b.echo) {
    if (!b.module.empty() || payload) {
      return UsageError("--echo takes no module, function, arguments or payload");
    }
    return absl::OkStatus();
  }
  if (b.function.empty()) return UsageError("bench needs a module ID and a function (or --echo)");
  if (!b.payload_files.empty() && b.payload_text.has_value()) {
    return UsageError("give either --payload-file or --payload, not both");
  }
  if (payload && !b.args.empty()) {
    return UsageError("a call takes either typed arguments or a payload, not both");
  }
  if (!payload && !b.type_url.empty()) {
    return UsageError("--type-url goes with --payload-file or --payload");
  }
  return absl::OkStatus();
}

}  // namespace

bool BenchOptionTakesValue(const std::string& opt) {
  for (const char* o : kWithValue) {
    if (opt == o) return true;
  }
  return false;
}

absl::StatusOr<BenchOptions> ParseBenchArgs(const std::vector<std::string>& args) {
  BenchOptions b;
  bool options_done = false;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    // Single-dash words other than the short options are values ("-1", "-inf").
    bool is_option = !options_done && (absl::StartsWith(a, "--") || a == "-c" || a == "-d" ||
                                       a == "-n" || a == "-q");
    if (!is_option) {
      positional.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
    } else if (a == "--echo") {
      b.echo = true;
    } else if (a == "-q" || a == "--quiet") {
      b.quiet = true;
    } else {
      std::string value;
      size_t eq = a.find('=');
      if (absl::StartsWith(a, "--") && eq != std::string::npos) {
        value = a.substr(eq + 1);
        a = a.substr(0, eq);
        if (!BenchOptionTakesValue(a)) return UsageError("option " + a + " takes no value");
      } else if (BenchOptionTakesValue(a)) {
        if (i + 1 >= args.size()) return UsageError("option " + a + " needs a value");
        value = args[++i];
      } else {
        return UsageError("unknown option " + a + " for `bench` (see wasmctl bench --help)");
      }
      absl::Status s = ApplyOption(b, a, value);
      if (!s.ok()) return s;
    }
  }
  if (!positional.empty() && positional[0] == "compare") {
    b.compare = true;
    b.compare_files.assign(positional.begin() + 1, positional.end());
  } else if (!positional.empty()) {
    b.module = positional[0];
    if (positional.size() > 1) b.function = positional[1];
    b.args.assign(positional.begin() + std::min<size_t>(2, positional.size()), positional.end());
  }
  absl::Status s = CheckBench(b);
  if (!s.ok()) return s;
  return b;
}

}  // namespace wasmrt::wasmctl

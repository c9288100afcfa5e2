#include "tools/wasmctl/bench_cli.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/cmdline/cmdline.h"
#include "tools/wasmctl/cli.h"
#include "tools/wasmctl/connection.h"
#include "tools/wasmctl/remote_descriptors.h"

namespace wasmrt::wasmctl {

const char kBenchUsage[] =
    "usage: wasmctl bench ID FUNC [ARGS...] [OPTIONS]\n"
    "       wasmctl bench --method pkg.Service/Method [JSON] [OPTIONS]\n"
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
    "  --method pkg.Service/Method [JSON]\n"
    "                       call a typed method at its own gRPC path, as\n"
    "                       `wasmctl call` does: the JSON request (default {})\n"
    "                       is encoded once through server reflection; limits\n"
    "                       go as request metadata, exec time and fuel come\n"
    "                       from the trailers, and a trap (an error status\n"
    "                       carrying a wasmrt.v1.Trap) counts as a trap outcome\n"
    "  --request-file F     --method: read the JSON from F (- for stdin)\n"
    "  --payload-file F     a payload file; repeat for several, sent round-robin\n"
    "                       (with --method: the request message's bytes as is)\n"
    "  --payload TEXT       an inline payload\n"
    "  --type-url U         the payload's google.protobuf.Any type URL (Invoke)\n"
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

// What to call and with which limits (as for `invoke`).
void AddTargetOptions(CLI::App& app, BenchOptions& b) {
  cmdline::AddValue(app, "--payload-file", [&b](const std::string& v) {
    b.payload_files.push_back(v);
    return absl::OkStatus();
  });
  cmdline::AddValue(app, "--payload", [&b](const std::string& v) {
    b.payload_text = v;
    return absl::OkStatus();
  });
  cmdline::AddValue(app, "--type-url", [&b](const std::string& v) {
    b.type_url = v;
    return absl::OkStatus();
  });
  AddLimitOptions(app, &b.fuel, &b.memory_bytes, &b.timeout_ms);
  cmdline::AddValue(app, "--echo-size", [&b](const std::string& v) {
    auto bytes = ParseBytes(v);
    if (bytes.ok()) b.echo_bytes = *bytes;
    return bytes.status();
  });
  cmdline::AddFlag(app, "--echo", b.echo);
  cmdline::AddValue(app, "--method", [&b](const std::string& v) {
    b.method = v;
    return absl::OkStatus();
  });
  cmdline::AddValue(app, "--request-file", [&b](const std::string& v) {
    b.request_file = v;
    return absl::OkStatus();
  });
}

// How hard to load the server, and where results go.
void AddLoadOptions(CLI::App& app, BenchOptions& b) {
  cmdline::AddValue(app, "-c,--concurrency", [&b](const std::string& v) {
    return PositiveInt("--concurrency", v, &b.concurrency);
  });
  cmdline::AddValue(app, "--rps", [&b](const std::string& v) {
    if (!absl::SimpleAtod(v, &b.rps) || !(b.rps > 0) || std::isinf(b.rps) || b.rps > 1e7) {
      return UsageError("--rps needs a rate above 0 (calls per second), got " + v);
    }
    return absl::OkStatus();
  });
  cmdline::AddValue(app, "--max-in-flight", [&b](const std::string& v) {
    return PositiveInt("--max-in-flight", v, &b.max_in_flight);
  });
  cmdline::AddValue(app, "--connections", [&b](const std::string& v) {
    return PositiveInt("--connections", v, &b.connections);
  });
  cmdline::AddValue(app, "-d,--duration", [&b](const std::string& v) {
    auto d = ParseDurationMs(v);
    if (!d.ok()) return d.status();
    if (*d == 0) return UsageError("--duration must be above 0");
    b.duration_ms = *d;
    return absl::OkStatus();
  });
  cmdline::AddValue(app, "-n", [&b](const std::string& v) { return PositiveInt("-n", v, &b.count); });
  cmdline::AddValue(app, "--warmup", [&b](const std::string& v) {
    auto d = ParseDurationMs(v);
    if (d.ok()) b.warmup_ms = *d;
    return d.status();
  });
  cmdline::AddValue(app, "--html", [&b](const std::string& v) {
    b.html_file = v;
    return absl::OkStatus();
  });
  cmdline::AddFlag(app, "-q,--quiet", b.quiet);
}

// --method: a JSON request or payloads, nothing of Invoke or Echo.
absl::Status CheckTyped(const BenchOptions& b, bool payload) {
  if (b.echo) return UsageError("give either --echo or --method, not both");
  auto path = SplitMethodPath(b.method);
  if (!path.ok()) return path.status();
  if (!b.payload_files.empty() && b.payload_text.has_value()) {
    return UsageError("give either --payload-file or --payload, not both");
  }
  if (b.request_json.has_value() && b.request_file.has_value()) {
    return UsageError("give the JSON either as an argument or with --request-file");
  }
  if (payload && (b.request_json.has_value() || b.request_file.has_value())) {
    return UsageError("a typed call takes either a JSON request or a payload, not both");
  }
  if (!b.type_url.empty()) return UsageError("--type-url goes with Invoke, not --method");
  return absl::OkStatus();
}

absl::Status CheckBench(const BenchOptions& b) {
  if (b.compare) {
    if (b.compare_files.size() != 2) return UsageError("bench compare needs two JSON files");
    return absl::OkStatus();
  }
  bool payload = !b.payload_files.empty() || b.payload_text.has_value();
  if (!b.method.empty()) return CheckTyped(b, payload);
  if (b.request_file.has_value()) return UsageError("--request-file goes with --method");
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

void AddBenchOptions(CLI::App& bench, BenchOptions& out) {
  AddTargetOptions(bench, out);
  AddLoadOptions(bench, out);
}

absl::Status FinishBenchOptions(const std::vector<std::string>& words, BenchOptions& b) {
  if (!b.method.empty()) {  // the words are the JSON request
    if (words.size() > 1) {
      return UsageError(absl::StrCat("unexpected argument \"", words[1],
                                     "\" for `bench --method` (it takes one JSON request)"));
    }
    if (!words.empty()) b.request_json = words[0];
  } else if (!words.empty() && words[0] == "compare") {
    b.compare = true;
    b.compare_files.assign(words.begin() + 1, words.end());
  } else if (!words.empty()) {
    b.module = words[0];
    if (words.size() > 1) b.function = words[1];
    b.args.assign(words.begin() + std::min<size_t>(2, words.size()), words.end());
  }
  return CheckBench(b);
}

absl::StatusOr<std::vector<std::string>> ReadPayloads(const BenchOptions& b) {
  std::vector<std::string> payloads;
  if (b.payload_text.has_value()) payloads.push_back(*b.payload_text);
  for (const std::string& f : b.payload_files) {
    auto bytes = ReadAll(f);
    if (!bytes.ok()) return bytes.status();
    payloads.push_back(std::move(*bytes));
  }
  return payloads;
}

}  // namespace wasmrt::wasmctl

#include "tools/wasmctl/bench_command.h"

#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iterator>

#include "absl/strings/str_format.h"
#include "tools/wasmctl/bench_grpc.h"
#include "tools/wasmctl/bench_report.h"
#include "tools/wasmctl/bench_runner.h"
#include "tools/wasmctl/bench_typed.h"
#include "tools/wasmctl/commands.h"
#include "tools/wasmctl/connection.h"

namespace wasmrt::wasmctl {
namespace {

using Json = nlohmann::ordered_json;

constexpr uint32_t kMinDeadlineMs = 30'000;

int Fail(std::ostream& err, const absl::Status& s, int exit) {
  err << "wasmctl: " << StatusCodeName(int(s.code())) << ": " << s.message() << "\n";
  return exit;
}

absl::StatusOr<Json> ReadReport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::string text(std::istreambuf_iterator<char>(in), {});
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("wasmctl_bench")) {
    return absl::InvalidArgumentError(path + " is not a `wasmctl bench --json` report");
  }
  return j;
}

int Compare(const BenchOptions& opts, std::ostream& out, std::ostream& err) {
  auto a = ReadReport(opts.compare_files[0]);
  if (!a.ok()) return Fail(err, a.status(), kExitUsage);
  auto b = ReadReport(opts.compare_files[1]);
  if (!b.ok()) return Fail(err, b.status(), kExitUsage);
  PrintBenchCompare(*a, *b, opts.compare_files[0], opts.compare_files[1], out);
  return kExitOk;
}

std::string ProgressLine(const Progress& p) {
  return absl::StrFormat("[%4.0fs]%s %d calls, %d errors, %.0f calls/s, p50 %s, p99 %s, %d in flight",
                         p.elapsed_s, p.warming_up ? " warm-up" : "", p.calls, p.errors,
                         p.last_second_rate, FormatMicros(double(p.p50_us)),
                         FormatMicros(double(p.p99_us)), p.in_flight);
}

void OnSigint(int) { RequestStop(); }

// What the run calls: Invoke or Echo, or a typed method. Its requests are
// made first; when that fails, null with the error on `err` and `*exit` set.
std::unique_ptr<CallIssuer> MakeIssuer(const CommandLine& cl,
                                       const std::vector<std::shared_ptr<grpc::Channel>>& channels,
                                       std::ostream& err, int* exit) {
  const BenchOptions& opts = cl.bench;
  uint32_t deadline_ms = cl.rpc_timeout_ms != 0
                             ? cl.rpc_timeout_ms
                             : std::max(kMinDeadlineMs, opts.timeout_ms + 10'000);
  if (!opts.method.empty()) {
    bool usage = false;
    auto r = BuildTypedRequests(cl, *channels[0], &usage);
    if (!r.ok()) {
      *exit = Fail(err, r.status(), usage ? kExitUsage : kExitRpcFailed);
      return nullptr;
    }
    return std::make_unique<TypedIssuer>(
        channels, opts.method, *r, LimitMetadata(opts.fuel, opts.memory_bytes, opts.timeout_ms),
        cl.token, deadline_ms);
  }
  std::vector<v1::InvokeRequest> requests;
  if (!opts.echo) {
    auto r = BuildBenchRequests(cl, opts, *channels[0]);
    if (!r.ok()) {
      bool local = r.status().message().rfind("cannot read", 0) == 0 ||
                   r.status().message().rfind("argument", 0) == 0;
      *exit = Fail(err, r.status(), local ? kExitUsage : kExitRpcFailed);
      return nullptr;
    }
    requests = std::move(*r);
  }
  return std::make_unique<GrpcIssuer>(channels, std::move(requests), opts.echo,
                                      opts.echo_bytes, cl.token, deadline_ms);
}

}  // namespace

int RunBench(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  const BenchOptions* opts = &cl.bench;  // checked by ParseCommandLine
  if (opts->compare) return Compare(*opts, out, err);

  auto channels = MakeBenchChannels(cl, opts->connections);
  if (!channels.ok()) return Fail(err, channels.status(), kExitUsage);
  int exit = kExitOk;
  std::unique_ptr<CallIssuer> issuer = MakeIssuer(cl, *channels, err, &exit);
  if (issuer == nullptr) return exit;

  bool live = !opts->quiet && isatty(STDERR_FILENO);
  std::function<void(const Progress&)> progress;
  if (live) {
    progress = [&err](const Progress& p) { err << "\r\033[K" << ProgressLine(p) << std::flush; };
  }
  struct sigaction action = {}, previous = {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous);
  BenchStats stats = RunLoad(*opts, *issuer, progress);
  sigaction(SIGINT, &previous, nullptr);
  if (live) err << "\r\033[K" << std::flush;

  Json report = BuildBenchReport(*opts, cl.server, stats);
  if (cl.json) {
    out << report.dump(2) << "\n";
  } else {
    PrintBenchText(report, out);
  }
  if (!opts->html_file.empty()) {
    std::ofstream f(opts->html_file, std::ios::binary | std::ios::trunc);
    f << RenderBenchHtml(report);
    if (!f) return Fail(err, absl::InternalError("cannot write " + opts->html_file), kExitUsage);
  }
  if (stats.ok == 0 && stats.calls > 0) {
    err << "wasmctl: no call succeeded\n";
    return kExitRpcFailed;
  }
  return kExitOk;
}

}  // namespace wasmrt::wasmctl

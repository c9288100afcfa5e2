#include "tools/wasmctl/bench_runner.h"

#include <sstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tools/wasmctl/bench_report.h"

namespace wasmrt::wasmctl {
namespace {

// Finishes every call before Start returns: the closed loop must neither
// recurse without bound nor lose or add calls.
class InlineIssuer : public CallIssuer {
 public:
  void Start(uint64_t seq, std::function<void(const CallResult&)> done) override {
    ++started;
    CallResult r;
    if (seq % 5 == 4) {
      r.grpc_code = 14;  // UNAVAILABLE
      r.grpc_message = "down";
    } else {
      r.outcome = CallResult::kReturned;
      r.has_stats = true;
      r.exec_time_us = 7;
      r.fuel_used = 11;
    }
    done(r);
  }
  std::atomic<uint64_t> started{0};
};

TEST(RunLoad, ClosedLoopCountIsExactWhenCallsFinishInline) {
  BenchOptions o;
  o.echo = true;
  o.concurrency = 4;
  o.count = 20'000;
  InlineIssuer issuer;
  BenchStats s = RunLoad(o, issuer);
  EXPECT_EQ(issuer.started.load(), 20'000u);
  EXPECT_EQ(s.calls, 20'000u);
  EXPECT_EQ(s.ok, 16'000u);
  EXPECT_EQ(s.errors["UNAVAILABLE"], 4'000u);
  EXPECT_EQ(s.error_examples["UNAVAILABLE"], "down");
  EXPECT_EQ(s.returned, 16'000u);
  EXPECT_EQ(s.exec_time_us.Percentile(50), 7u);
  EXPECT_EQ(s.fuel.max(), 11u);
  EXPECT_FALSE(s.interrupted);
}

TEST(RunLoad, OpenLoopStartsTheScheduledCount) {
  BenchOptions o;
  o.echo = true;
  o.rps = 1000;
  o.duration_ms = 300;
  InlineIssuer issuer;
  BenchStats s = RunLoad(o, issuer);
  EXPECT_EQ(s.calls, 300u);  // slots every 1 ms in [0, 300 ms)
  EXPECT_GE(s.elapsed_s, 0.29);
  EXPECT_LT(s.elapsed_s, 1.0);
}

TEST(BenchReport, JsonTextAndEscapedHtml) {
  BenchOptions o;
  o.module = "<m&>";
  o.function = "f";
  o.concurrency = 3;
  BenchStats s;
  s.calls = 4;
  s.ok = 3;
  s.errors["UNAVAILABLE"] = 1;
  s.returned = 2;
  s.traps["unreachable"] = 1;
  for (uint64_t v : {1000, 2000, 3000, 40000}) s.latency_us.Record(v);
  s.per_second_ok = {3};
  s.per_second_errors = {1};
  s.elapsed_s = 0.5;
  auto j = BuildBenchReport(o, "h:1", s);
  EXPECT_EQ(j["throughput_rps"], 8.0);
  EXPECT_EQ(j["latency_us"]["p50"], 2000);
  EXPECT_EQ(j["latency_us"]["max"], 40000);
  EXPECT_EQ(j["outcomes"]["traps"]["unreachable"], 1);
  std::ostringstream text;
  PrintBenchText(j, text);
  EXPECT_TRUE(absl::StrContains(text.str(), "errors      1 (UNAVAILABLE 1)")) << text.str();
  EXPECT_TRUE(absl::StrContains(text.str(), "traps (unreachable 1)")) << text.str();
  std::string html = RenderBenchHtml(j);
  EXPECT_TRUE(absl::StrContains(html, "Invoke &lt;m&amp;&gt; f"));
  EXPECT_FALSE(absl::StrContains(html, "<m&>"));
  EXPECT_EQ(FormatMicros(850), "850us");
  EXPECT_EQ(FormatMicros(12345), "12.35ms");
  EXPECT_EQ(FormatMicros(1234567), "1.235s");
}

}  // namespace
}  // namespace wasmrt::wasmctl

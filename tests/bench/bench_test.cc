// `wasmctl bench` against a fake InvocationService with injected delays,
// failures and stalls: the reported numbers must match what was injected.
// Only what a loaded machine cannot break is asserted: exact counts where
// the code makes them exact (calls scheduled in the open loop, -n), lower
// bounds on latency that follow from the injected delays, and upper bounds
// on throughput that follow from them too. A slow machine only makes calls
// slower, so there is no upper bound on latency and no minimum rate.
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/bench/fake_server.h"
#include "tests/service/harness.h"

namespace wasmrt::testing {
namespace {

using Json = nlohmann::json;

struct BenchRun {
  ToolResult tool;
  Json report;
};

BenchRun Bench(const FakeServer& server, std::vector<std::string> args) {
  std::vector<std::string> argv = {Runfile("tools/wasmctl/wasmctl"), "--server", server.address(),
                                   "--json", "bench"};
  argv.insert(argv.end(), args.begin(), args.end());
  BenchRun r;
  r.tool = RunTool(argv, "", 60s);
  r.report = Json::parse(r.tool.out, nullptr, false);
  EXPECT_FALSE(r.report.is_discarded()) << r.tool.out << r.tool.err;
  return r;
}

double Ms(const Json& r, const char* key) { return r["latency_us"][key].get<double>() / 1000; }

TEST(Bench, PercentilesReflectTheInjectedDelay) {
  FakeBehavior b;
  b.delay_ms = 20;
  auto server = FakeServer::Start(b);
  ASSERT_TRUE(server.ok()) << server.status();
  BenchRun r = Bench(**server, {"m", "f", "i32:1", "-c", "8", "-d", "3s", "--warmup", "500ms"});
  ASSERT_EQ(r.tool.exit, 0) << r.tool.err;
  const Json& j = r.report;
  EXPECT_GE(Ms(j, "min"), 20);
  EXPECT_GE(Ms(j, "p50"), 20);
  EXPECT_GE(Ms(j, "p90"), Ms(j, "p50"));
  EXPECT_GE(Ms(j, "max"), Ms(j, "p99"));
  // 8 in flight, each call >= 20 ms and the next one of its slot started
  // after it: at most 400 calls/s, however slow the machine.
  EXPECT_GT(j["calls"].get<uint64_t>(), 0u);
  EXPECT_LE(j["throughput_rps"].get<double>(), 401);
  EXPECT_GT(j["warmup_calls"].get<uint64_t>(), 0u);
  EXPECT_EQ(j["calls"], j["ok"]);
  EXPECT_EQ(j["outcomes"]["returned"], j["calls"]);
  // Server-reported numbers are constants of the fake server.
  EXPECT_EQ(j["exec_time_us"]["p50"], 1500);
  EXPECT_EQ(j["exec_time_us"]["max"], 1500);
  EXPECT_EQ(j["fuel"]["p99"], 4242);
  EXPECT_EQ(j["load"]["mode"], "closed");
}

TEST(Bench, CountsErrorsByStatusAndByOutcomeExactly) {
  FakeBehavior b;
  b.delay_ms = 1;
  b.unavailable_every = 10;
  b.trap_every = 7;
  b.exit_every = 11;
  auto server = FakeServer::Start(b);
  ASSERT_TRUE(server.ok()) << server.status();
  BenchRun r = Bench(**server, {"m", "f", "-c", "4", "-n", "770", "--connections", "3"});
  ASSERT_EQ(r.tool.exit, 0) << r.tool.err;
  const Json& j = r.report;
  // Of 1..770: 77 multiples of 10; of 7 but not 10: 110 - 11 = 99; of 11
  // but neither 10 nor 7: 70 - 7 - 10 + 1 = 54.
  EXPECT_EQ((*server)->invoke_calls(), 770u);
  EXPECT_EQ(j["calls"], 770);
  EXPECT_EQ(j["errors"], Json({{"UNAVAILABLE", 77}}));
  EXPECT_EQ(j["error_examples"]["UNAVAILABLE"], "injected failure");
  EXPECT_EQ(j["ok"], 693);
  EXPECT_EQ(j["outcomes"]["traps"], Json({{"unreachable", 99}}));
  EXPECT_EQ(j["outcomes"]["exit_codes"], Json({{"3", 54}}));
  EXPECT_EQ(j["outcomes"]["returned"], 770 - 77 - 99 - 54);
  EXPECT_EQ(j["exec_time_us"]["count"], 693);
  uint64_t per_second = 0;
  for (const Json& n : j["per_second"]["ok"]) per_second += n.get<uint64_t>();
  for (const Json& n : j["per_second"]["errors"]) per_second += n.get<uint64_t>();
  EXPECT_EQ(per_second, 770u);
}

TEST(Bench, OpenLoopKeepsItsRate) {
  FakeBehavior b;
  b.delay_ms = 5;
  auto server = FakeServer::Start(b);
  ASSERT_TRUE(server.ok()) << server.status();
  BenchRun r = Bench(**server, {"m", "f", "--rps=200", "--duration=3s"});
  ASSERT_EQ(r.tool.exit, 0) << r.tool.err;
  const Json& j = r.report;
  EXPECT_EQ(j["calls"], 600);  // slots every 5 ms in [0, 3 s)
  // The last slot is at 2.995 s and its call takes >= 5 ms: elapsed >= 3 s.
  EXPECT_LE(j["throughput_rps"].get<double>(), 201);
  EXPECT_GE(Ms(j, "p50"), 5);
  EXPECT_EQ(j["load"]["mode"], "open");
  EXPECT_EQ(j["load"]["rps"], 200);
}

// A stall of 500 ms at 50 calls/s: the ~25 calls scheduled during it must
// show latencies up to 500 ms (measured from their scheduled start), even
// though the client could not send them on time (one call in flight at most).
TEST(Bench, OpenLoopCountsStallsForCallsScheduledDuringThem) {
  FakeBehavior b;
  b.delay_ms = 2;
  b.stall_call = 50;
  b.stall_ms = 500;
  auto server = FakeServer::Start(b);
  ASSERT_TRUE(server.ok()) << server.status();
  BenchRun r = Bench(**server, {"m", "f", "--rps", "50", "-d", "4s", "--max-in-flight", "1"});
  ASSERT_EQ(r.tool.exit, 0) << r.tool.err;
  const Json& j = r.report;
  EXPECT_EQ(j["calls"], 200);
  EXPECT_GE(Ms(j, "max"), 500);
  // Ranked from the top, the 2nd..4th calls waited about 480, 460 and 440 ms
  // for the stalled one; p99 of 200 calls is the 3rd largest.
  EXPECT_GE(Ms(j, "p99"), 400);
  // The k-th call after the stalled one waits >= 500 - 18k ms (one in
  // flight, 20 ms slots, 2 ms calls): 25 of them >= 50 ms, above p90.
  EXPECT_GE(Ms(j, "p90"), 40);
  EXPECT_GE(Ms(j, "p50"), 2);
  EXPECT_GE(j["late_starts"].get<uint64_t>(), 20u);
}

TEST(Bench, OpenLoopCountsServerWideStalls) {
  FakeBehavior b;
  b.delay_ms = 2;
  b.stall_call = 50;
  b.stall_ms = 500;
  b.stall_all = true;
  auto server = FakeServer::Start(b);
  ASSERT_TRUE(server.ok()) << server.status();
  BenchRun r = Bench(**server, {"m", "f", "--rps", "50", "-d", "4s"});
  ASSERT_EQ(r.tool.exit, 0) << r.tool.err;
  EXPECT_EQ(r.report["calls"], 200);
  EXPECT_GE(Ms(r.report, "p99"), 400);
  EXPECT_GE(Ms(r.report, "p50"), 2);
}

TEST(Bench, EchoTextJsonAndHtml) {
  auto server = FakeServer::Start(FakeBehavior{});
  ASSERT_TRUE(server.ok()) << server.status();
  std::string html = MakeTempDir("html") + "/report.html";
  BenchRun r = Bench(**server, {"--echo", "--echo-size", "1Ki", "-n", "300", "-c", "4",
                                "--html", html});
  ASSERT_EQ(r.tool.exit, 0) << r.tool.err;
  EXPECT_EQ(r.report["calls"], 300);
  EXPECT_EQ(r.report["target"]["rpc"], "Echo");
  EXPECT_EQ((*server)->echo_calls(), 300u);
  EXPECT_EQ(r.report["latency_percentiles"].size(), 22u);
  EXPECT_TRUE(r.tool.err.empty()) << r.tool.err;  // no progress line on a pipe
  std::string page = ReadFileOrEmpty(html);
  ASSERT_FALSE(page.empty());
  EXPECT_TRUE(absl::StartsWith(page, "<!DOCTYPE html>"));
  EXPECT_TRUE(absl::StrContains(page, "</html>"));
  size_t svgs = 0;
  for (size_t at = page.find("<svg"); at != std::string::npos; at = page.find("<svg", at + 1)) {
    ++svgs;
  }
  EXPECT_EQ(svgs, 3u);
  EXPECT_FALSE(absl::StrContains(page, "http://"));
  EXPECT_FALSE(absl::StrContains(page, "https://"));
  EXPECT_TRUE(absl::StrContains(page, "<polyline"));

  ToolResult text = RunTool({Runfile("tools/wasmctl/wasmctl"), "--server", (*server)->address(),
                             "bench", "--echo", "-n", "50"});
  ASSERT_EQ(text.exit, 0) << text.err;
  EXPECT_TRUE(absl::StrContains(text.out, "calls       50 in ")) << text.out;
  EXPECT_TRUE(absl::StrContains(text.out, "p99.9")) << text.out;
  EXPECT_TRUE(absl::StrContains(text.out, "errors      0")) << text.out;
}

TEST(Bench, CompareShowsChangeInPercent) {
  std::string dir = MakeTempDir("cmp");
  Json a = {{"wasmctl_bench", 1},
            {"target", {{"server", "s"}, {"rpc", "Echo"}}},
            {"load", {{"mode", "closed"}, {"concurrency", 4}, {"connections", 1},
                      {"duration_s", 1}, {"warmup_s", 0}}},
            {"calls", 1000}, {"throughput_rps", 1000.0}, {"errors", Json::object()},
            {"latency_us", {{"min", 100}, {"mean", 900}, {"p50", 1000}, {"p90", 2000},
                            {"p99", 4000}, {"p99.9", 8000}, {"max", 9000}}}};
  Json b = a;
  b["calls"] = 2000;
  b["throughput_rps"] = 2000.0;
  b["latency_us"]["p50"] = 1500;
  b["errors"] = {{"UNAVAILABLE", 3}};
  WriteFile(dir + "/a.json", a.dump());
  WriteFile(dir + "/b.json", b.dump());
  ToolResult t = RunTool({Runfile("tools/wasmctl/wasmctl"), "bench", "compare", dir + "/a.json",
                          dir + "/b.json"});
  ASSERT_EQ(t.exit, 0) << t.err;
  EXPECT_TRUE(absl::StrContains(t.out, "throughput (calls/s)")) << t.out;
  EXPECT_TRUE(absl::StrContains(t.out, "+100.0%")) << t.out;
  EXPECT_TRUE(absl::StrContains(t.out, "+50.0%")) << t.out;
  EXPECT_TRUE(absl::StrContains(t.out, "1.00ms")) << t.out;
  EXPECT_TRUE(absl::StrContains(t.out, "1.50ms")) << t.out;

  WriteFile(dir + "/bad.json", "{not json");
  ToolResult bad = RunTool({Runfile("tools/wasmctl/wasmctl"), "bench", "compare",
                            dir + "/a.json", dir + "/bad.json"});
  EXPECT_EQ(bad.exit, 2);
  EXPECT_TRUE(absl::StrContains(bad.err, "is not a `wasmctl bench --json` report")) << bad.err;
}

TEST(Bench, UnreachableServerExits3) {
  ToolResult t = RunTool({Runfile("tools/wasmctl/wasmctl"), "--server", "127.0.0.1:1",
                          "--rpc-timeout", "300ms", "bench", "--echo", "-n", "5", "-c", "1"});
  EXPECT_EQ(t.exit, 3) << t.out << t.err;
  EXPECT_TRUE(absl::StrContains(t.out, "errors      5")) << t.out;
}

}  // namespace
}  // namespace wasmrt::testing

// End-to-end: guests that misbehave (runaway loops, deep recursion, memory
// bombs, broken output ranges) get the right outcome, and the server keeps
// serving the next call each time. Also load shedding with a full queue.
#include <atomic>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "tests/service/shared_server.h"

namespace wasmrt::testing {
namespace {

constexpr uint64_t kServerMemoryCap = 8 << 20;
constexpr uint64_t kStdioCap = 64 << 10;

class LimitsTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(StartServer(
        "limits",
        {"--preload", Runfile("examples/misbehave.wasm") + "=misbehave", "--max-memory-bytes",
         std::to_string(kServerMemoryCap), "--default-memory-bytes",
         std::to_string(kServerMemoryCap), "--max-timeout-ms", "10000",
         "--default-timeout-ms", "5000", "--max-stdio-bytes", std::to_string(kStdioCap),
         "--preload", Runfile("examples/wasi_io.wasm") + "=wasi_io"}));
  }
  void TearDown() override {
    // Whatever the guest did, the server is alive and serves the next call.
    ASSERT_TRUE(server_->Running()) << "wasmrtd died; log:\n" << server_->log();
    Client c(server_->Channel());
    v1::InvokeResponse r;
    grpc::Status s = c.Invoke(TypedCall("misbehave", "count", {I32(10)}), &r, 10s);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_TRUE(r.has_returned()) << r.DebugString();
    EXPECT_EQ(r.returned().values(0).i32(), 10);
  }

  static v1::InvokeResponse MustInvoke(const v1::InvokeRequest& req) {
    Client c(server_->Channel());
    v1::InvokeResponse r;
    grpc::Status s = c.Invoke(req, &r, 30s);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return r;
  }
};

TEST_F(LimitsTest, FuelExhaustionStopsAnInfiniteLoop) {
  v1::InvokeRequest req = TypedCall("misbehave", "spin", {});
  req.mutable_limits()->set_fuel(50'000);
  v1::InvokeResponse r = MustInvoke(req);
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::FUEL_EXHAUSTED);
  EXPECT_EQ(r.trap().message(), "fuel exhausted");
  EXPECT_NE(r.trap().function().find("spin"), std::string::npos) << r.trap().function();
  EXPECT_EQ(r.stats().fuel_used(), 50'000);
}

// Durations are asserted only from below (a timeout cannot fire early),
// except where an upper bound is the very thing tested and the slack is
// seconds.
TEST_F(LimitsTest, TimeoutStopsAnInfiniteLoopWithoutCalls) {
  v1::InvokeRequest req = TypedCall("misbehave", "spin", {});
  req.mutable_limits()->set_timeout_ms(300);
  req.mutable_limits()->set_fuel(1'000'000'000'000);  // the cap: fuel must not end it first
  v1::InvokeResponse r = MustInvoke(req);
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::TIMEOUT);
  EXPECT_NE(r.trap().function().find("spin"), std::string::npos) << r.trap().function();
  // exec_time_us starts where the timeout starts.
  EXPECT_GE(r.stats().exec_time_us(), 300'000u);
}

TEST_F(LimitsTest, TheDefaultTimeoutAppliesWhenTheRequestSaysNothing) {
  v1::InvokeRequest req = TypedCall("misbehave", "spin", {});
  req.mutable_limits()->set_fuel(1'000'000'000'000);
  v1::InvokeResponse r = MustInvoke(req);
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::TIMEOUT);
  // --default-timeout-ms 5000, not the 10 s cap: only a server that applied
  // a longer timeout, or a call stalled for 5 s, could reach 10 s.
  EXPECT_GE(r.stats().exec_time_us(), 5'000'000u);
  EXPECT_LT(r.stats().exec_time_us(), 10'000'000u);
}

TEST_F(LimitsTest, DeepRecursionIsStackExhausted) {
  v1::InvokeResponse r = MustInvoke(TypedCall("misbehave", "recurse", {}));
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::STACK_EXHAUSTED);
  EXPECT_EQ(r.trap().message(), "call stack exhausted");
}

TEST_F(LimitsTest, MemoryBombGetsMinusOneAtTheServerCap) {
  v1::InvokeResponse r = MustInvoke(TypedCall("misbehave", "bomb", {}));
  ASSERT_TRUE(r.has_returned()) << r.DebugString();
  // It starts with 2 pages and got the rest up to the cap.
  EXPECT_EQ(r.returned().values(0).i32(), int32_t(kServerMemoryCap / 65536) - 2);
  EXPECT_EQ(r.stats().peak_memory_bytes(), kServerMemoryCap);
}

TEST_F(LimitsTest, MemoryBombGetsMinusOneAtThePerCallLimit) {
  v1::InvokeRequest req = TypedCall("misbehave", "bomb", {});
  req.mutable_limits()->set_max_memory_bytes(1 << 20);
  v1::InvokeResponse r = MustInvoke(req);
  ASSERT_TRUE(r.has_returned()) << r.DebugString();
  EXPECT_EQ(r.returned().values(0).i32(), 16 - 2);
  EXPECT_EQ(r.stats().peak_memory_bytes(), 1u << 20);
  // The next call starts from the module's own 2 pages again.
  r = MustInvoke(TypedCall("misbehave", "scribble", {}));
  EXPECT_EQ(r.returned().values(0).i32(), 0);
  EXPECT_EQ(r.stats().peak_memory_bytes(), 3u * 65536);
}

TEST_F(LimitsTest, OutputRangeOutsideMemoryIsBadOutput) {
  v1::InvokeResponse r = MustInvoke(PayloadCall("misbehave", "bad_output", "x"));
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::BAD_OUTPUT);
  EXPECT_NE(r.trap().message().find("outside"), std::string::npos) << r.trap().message();
  r = MustInvoke(PayloadCall("misbehave", "overrun_output", "abc"));
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::BAD_OUTPUT);
}

TEST_F(LimitsTest, OutputFloodIsCappedAndFlaggedTruncated) {
  v1::InvokeRequest req = TypedCall("wasi_io", "_start", {});
  req.mutable_wasi()->add_args("flood");
  req.mutable_wasi()->add_args("4096");  // 4 MiB to each stream
  v1::InvokeResponse r = MustInvoke(req);
  EXPECT_FALSE(r.has_trap()) << r.trap().DebugString();
  EXPECT_EQ(r.stdout().size(), kStdioCap);
  EXPECT_EQ(r.stderr().size(), kStdioCap);
  EXPECT_TRUE(r.stdout_truncated());
  EXPECT_TRUE(r.stderr_truncated());
  EXPECT_EQ(r.stdout().substr(0, 4), "xxxx");
  // The next call starts with empty streams.
  req.mutable_wasi()->clear_args();
  req.mutable_wasi()->add_args("echo");
  req.mutable_wasi()->set_stdin("ping");
  r = MustInvoke(req);
  EXPECT_EQ(r.stdout(), "ping");
  EXPECT_FALSE(r.stdout_truncated());
  EXPECT_EQ(r.outcome_case(), v1::InvokeResponse::kExitCode);
  EXPECT_EQ(r.exit_code(), 3);
}

TEST_F(LimitsTest, ManyMisbehavingCallsInParallelLeaveTheServerHealthy) {
  std::vector<std::thread> threads;
  std::atomic<int> traps{0}, errors{0};
  absl::Mutex mu;
  std::string messages;
  const char* const kFunctions[] = {"spin", "recurse", "bomb", "scribble"};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Client c(server_->Channel());
      v1::InvokeRequest req = TypedCall("misbehave", kFunctions[t % 4], {});
      // The loops get a short timeout (it counts from the start of their
      // execution, not from their arrival).
      if (t % 4 == 0) req.mutable_limits()->set_timeout_ms(300);
      v1::InvokeResponse r;
      grpc::Status s = c.Invoke(req, &r, 20s);
      if (!s.ok()) {
        ++errors;
        absl::MutexLock lock(&mu);
        messages += std::string(kFunctions[t % 4]) + ": " + std::to_string(s.error_code()) +
                    " " + s.error_message() + "\n";
      } else if (r.has_trap()) ++traps;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0) << messages;
  EXPECT_EQ(traps.load(), 4);  // spin and recurse, twice each
}

// A server with one worker and no queue sheds load at once.
TEST(QueueTest, AFullQueueIsResourceExhausted) {
  auto s = ServerProcess::Start(
      MakeTempDir("queue"),
      {"--workers", "1", "--queue", "0", "--preload",
       Runfile("examples/misbehave.wasm") + "=misbehave"});
  ASSERT_TRUE(s.ok()) << s.status();
  ServerProcess& server = **s;
  HeldCall held(server.Channel());
  ASSERT_TRUE(WaitForMetric(server.metrics_port(), "wasmrt_busy_workers", 1));
  Client c(server.Channel());
  v1::InvokeResponse r;
  for (int i = 0; i < 3; ++i) {
    grpc::Status st = c.Invoke(TypedCall("misbehave", "count", {I32(5)}), &r);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << st.error_message();
  }
  EXPECT_EQ(held.Cancel().error_code(), grpc::StatusCode::CANCELLED);
  // Once the worker is free (the cancelled guest is interrupted), calls run
  // again.
  ASSERT_TRUE(WaitForMetric(server.metrics_port(), "wasmrt_busy_workers", 0));
  ASSERT_TRUE(c.Invoke(TypedCall("misbehave", "count", {I32(5)}), &r).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 5);
  std::string metrics = FetchMetrics(server.metrics_port());
  EXPECT_EQ(MetricValue(metrics, "wasmrt_calls_total{outcome=\"rejected\"}"), 3) << metrics;
  EXPECT_EQ(MetricValue(metrics, "wasmrt_traps_total{kind=\"timeout\"}"), 1) << metrics;
  EXPECT_EQ(server.Stop(), 0);
}

// timeout_ms is documented as "wall-clock limit of the execution": a call
// that waits in the queue longer than its timeout_ms still runs.
TEST(QueueTest, QueueWaitDoesNotCountAgainstTheTimeout) {
  auto s = ServerProcess::Start(
      MakeTempDir("queuewait"),
      {"--workers", "1", "--preload", Runfile("examples/misbehave.wasm") + "=misbehave"});
  ASSERT_TRUE(s.ok()) << s.status();
  ServerProcess& server = **s;
  HeldCall held(server.Channel());
  ASSERT_TRUE(WaitForMetric(server.metrics_port(), "wasmrt_busy_workers", 1));
  grpc::Status st;
  v1::InvokeResponse r;
  std::thread quick([&] {
    Client c(server.Channel());
    v1::InvokeRequest req = TypedCall("misbehave", "count", {I32(5)});
    req.mutable_limits()->set_timeout_ms(100);  // runs for microseconds
    st = c.Invoke(req, &r, 30s);
  });
  ASSERT_TRUE(WaitForMetric(server.metrics_port(), "wasmrt_queue_depth", 1));
  // The quick call now waits at least 3 times its timeout (longer on a
  // loaded machine, which only makes the test stricter).
  std::this_thread::sleep_for(300ms);
  held.Cancel();
  quick.join();
  ASSERT_TRUE(st.ok()) << st.error_code() << " " << st.error_message();
  EXPECT_EQ(r.returned().values(0).i32(), 5);
}

// A gRPC deadline interrupts a running guest: with one worker, a second call
// can only run once the first was stopped, and the first would otherwise
// spin for a minute.
TEST(DeadlineTest, TheGrpcDeadlineAlsoStopsTheExecution) {
  auto s = ServerProcess::Start(
      MakeTempDir("deadline"),
      {"--workers", "1", "--preload", Runfile("examples/misbehave.wasm") + "=misbehave"});
  ASSERT_TRUE(s.ok()) << s.status();
  ServerProcess& server = **s;
  Client c(server.Channel());
  v1::InvokeRequest req = TypedCall("misbehave", "spin", {});
  req.mutable_limits()->set_fuel(1'000'000'000'000);
  req.mutable_limits()->set_timeout_ms(60'000);
  v1::InvokeResponse r;
  grpc::Status st = c.Invoke(req, &r, 400ms);
  // The client sees DEADLINE_EXCEEDED, or a TIMEOUT trap when the server's
  // answer wins the race.
  if (st.ok()) {
    ASSERT_TRUE(r.has_trap()) << r.DebugString();
    EXPECT_EQ(r.trap().kind(), v1::Trap::TIMEOUT);
  } else {
    EXPECT_EQ(st.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << st.error_message();
  }
  ASSERT_TRUE(c.Invoke(TypedCall("misbehave", "count", {I32(3)}), &r, 30s).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 3);
  std::string metrics = FetchMetrics(server.metrics_port());
  EXPECT_EQ(MetricValue(metrics, "wasmrt_traps_total{kind=\"timeout\"}"), 1) << metrics;
}

}  // namespace
}  // namespace wasmrt::testing

// End-to-end: the server's life around the calls. Restart keeps modules, a
// damaged module file is skipped, SIGTERM drains in-flight calls, auth
// tokens, health and metrics.
#include <httplib.h>
#include <sys/time.h>
#include <unistd.h>

#include <thread>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/service/harness.h"

namespace wasmrt::testing {
namespace {

TEST(LifecycleTest, RestartOnTheSameDataDirKeepsModulesAndNames) {
  std::string dir = MakeTempDir("restart");
  // The longest name the API allows (128 characters) fits on disk too.
  const std::string longest = "team/" + std::string(123, 'n');
  ASSERT_EQ(longest.size(), 128u);
  std::string id, greet_id;
  {
    auto s = ServerProcess::Start(dir);
    ASSERT_TRUE(s.ok()) << s.status();
    Client c((*s)->Channel());
    id = c.MustUpload("examples/typed.wasm", "typed:v1");
    greet_id = c.MustUpload("examples/greet.wasm", longest);
    ASSERT_EQ((*s)->Stop(SIGTERM), 0) << (*s)->log();
  }
  auto s = ServerProcess::Start(dir);
  ASSERT_TRUE(s.ok()) << s.status();
  Client c((*s)->Channel());
  v1::ModuleInfo info;
  ASSERT_TRUE(c.Get(longest, &info).ok());
  EXPECT_EQ(info.id(), greet_id);
  ASSERT_TRUE(c.Get("typed:v1", &info).ok());
  EXPECT_EQ(info.id(), id);
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(TypedCall("typed:v1", "add", {I32(20), I32(22)}), &r).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 42);
  EXPECT_TRUE(r.stats().warm()) << "stored modules are prewarmed at start";
}

TEST(LifecycleTest, ADamagedModuleFileIsSkippedAndTheServerStarts) {
  std::string dir = MakeTempDir("damaged");
  std::string good_id;
  {
    auto s = ServerProcess::Start(dir);
    ASSERT_TRUE(s.ok()) << s.status();
    good_id = Client((*s)->Channel()).MustUpload("examples/greet.wasm", "greet");
    std::string typed_id = Client((*s)->Channel()).MustUpload("examples/typed.wasm", "typed");
    ASSERT_EQ((*s)->Stop(SIGTERM), 0);
    // Damage typed's file (as a disk error would), and add garbage.
    std::string typed_path = dir + "/modules/" + typed_id.substr(7) + ".wasm";
    std::string bytes = ReadFileOrEmpty(typed_path);
    ASSERT_FALSE(bytes.empty()) << "layout changed? " << typed_path;
    WriteFile(typed_path, bytes.substr(0, bytes.size() / 2));
    WriteFile(dir + "/modules/" + std::string(64, 'a') + ".wasm", "garbage");
    WriteFile(dir + "/modules/" + std::string(64, 'b') + ".wasm.tmp.123", "half a write");
  }
  auto s = ServerProcess::Start(dir);
  ASSERT_TRUE(s.ok()) << s.status();
  Client c((*s)->Channel());
  v1::ListModulesResponse list;
  ASSERT_TRUE(c.List(&list).ok());
  ASSERT_EQ(list.modules_size(), 1) << list.DebugString();
  EXPECT_EQ(list.modules(0).id(), good_id);
  v1::ModuleInfo info;
  EXPECT_EQ(c.Get("typed", &info).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(PayloadCall("greet", "greet", "again"), &r).ok());
  EXPECT_EQ(r.output().value(), "hello, again");
  EXPECT_TRUE(absl::StrContains((*s)->log(), "skipping")) << (*s)->log();
}

// What a SIGKILL during an upload leaves behind: a module or name file
// written half-way under its temporary name. The next start removes those
// no live writer has touched for a while, and keeps fresh ones (a replica
// sharing the directory may be writing them right now).
TEST(LifecycleTest, RestartAfterAKilledUploadRemovesItsStaleTempFiles) {
  std::string dir = MakeTempDir("killed");
  {
    auto s = ServerProcess::Start(dir);
    ASSERT_TRUE(s.ok()) << s.status();
    Client((*s)->Channel()).MustUpload("examples/greet.wasm", "greet");
    (*s)->Stop(SIGKILL);
  }
  std::string stale_module = dir + "/modules/" + std::string(64, 'c') + ".wasm.tmp.AbC123";
  std::string stale_name = dir + "/names/" + std::string(64, 'd') + ".name.tmp.XyZ789";
  std::string fresh_module = dir + "/modules/" + std::string(64, 'e') + ".wasm.tmp.QqQ000";
  WriteFile(stale_module, std::string(1 << 20, '\0'));
  WriteFile(stale_name, "half");
  WriteFile(fresh_module, "being written");
  struct timeval an_hour_ago[2];
  gettimeofday(&an_hour_ago[0], nullptr);
  an_hour_ago[0].tv_sec -= 3600;
  an_hour_ago[1] = an_hour_ago[0];
  ASSERT_EQ(utimes(stale_module.c_str(), an_hour_ago), 0);
  ASSERT_EQ(utimes(stale_name.c_str(), an_hour_ago), 0);

  auto s = ServerProcess::Start(dir);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_NE(access(stale_module.c_str(), F_OK), 0) << "stale module temp file kept";
  EXPECT_NE(access(stale_name.c_str(), F_OK), 0) << "stale name temp file kept";
  EXPECT_EQ(access(fresh_module.c_str(), F_OK), 0) << "a live writer's temp file was removed";
  v1::InvokeResponse r;
  ASSERT_TRUE(Client((*s)->Channel()).Invoke(PayloadCall("greet", "greet", "back"), &r).ok());
  EXPECT_EQ(r.output().value(), "hello, back");
}

// Polls the server's log for `text`; false after `timeout`.
bool WaitForLog(ServerProcess& server, const std::string& text,
                std::chrono::milliseconds timeout = 20s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (absl::StrContains(server.log(), text)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(LifecycleTest, SigtermDrainsAnInFlightCallAndExitsZero) {
  auto s = ServerProcess::Start(MakeTempDir("drain"),
                                {"--preload", Runfile("examples/misbehave.wasm") + "=misbehave",
                                 "--shutdown-grace-seconds", "30"});
  ASSERT_TRUE(s.ok()) << s.status();
  ServerProcess& server = **s;
  // A call that runs until its 3 s timeout, whatever the machine's load.
  HeldCall call(server.Channel(), 3000);
  ASSERT_TRUE(WaitForMetric(server.metrics_port(), "wasmrt_busy_workers", 1));
  server.Signal(SIGTERM);
  ASSERT_TRUE(WaitForLog(server, "draining")) << server.log();
  // New calls are refused while it drains (or cannot connect once it has
  // stopped).
  Client late(server.Channel());
  v1::InvokeResponse r;
  EXPECT_EQ(late.Invoke(TypedCall("misbehave", "count", {I32(1)}), &r).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // The running call was not cut short: it ran into its own timeout.
  grpc::Status st = call.Wait(&r);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::TIMEOUT);
  EXPECT_GE(r.stats().exec_time_us(), 3'000'000u);
  EXPECT_EQ(server.Stop(SIGTERM, 30s), 0) << server.log();
}

TEST(LifecycleTest, TokensGateEveryCall) {
  auto s = ServerProcess::Start(MakeTempDir("auth"),
                                {"--admin-token", "adm-secret", "--invoker-token", "inv-secret"});
  ASSERT_TRUE(s.ok()) << s.status();
  std::string typed = ReadFileOrEmpty(Runfile("examples/typed.wasm"));
  Client anonymous((*s)->Channel());
  Client wrong((*s)->Channel(), "guess");
  Client invoker((*s)->Channel(), "inv-secret");
  Client admin((*s)->Channel(), "adm-secret");

  EXPECT_EQ(anonymous.Upload(typed, "typed").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.Upload(typed, "typed").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(invoker.Upload(typed, "typed").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(admin.Upload(typed, "typed").ok());

  v1::InvokeResponse r;
  v1::InvokeRequest add = TypedCall("typed", "add", {I32(1), I32(2)});
  EXPECT_EQ(anonymous.Invoke(add, &r).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.Invoke(add, &r).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(invoker.Invoke(add, &r).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 3);
  ASSERT_TRUE(admin.Invoke(add, &r).ok());

  v1::ListModulesResponse list;
  EXPECT_EQ(anonymous.List(&list).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(invoker.List(&list).ok());
  EXPECT_EQ(invoker.Delete("typed").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(admin.Delete("typed").ok());
}

TEST(LifecycleTest, MetricsEndpointCountsCalls) {
  auto s = ServerProcess::Start(MakeTempDir("metrics"),
                                {"--preload", Runfile("examples/typed.wasm") + "=typed"});
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_GT((*s)->metrics_port(), 0);
  Client c((*s)->Channel());
  v1::InvokeResponse r;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Invoke(TypedCall("typed", "add", {I32(i), I32(1)}), &r).ok());
  }
  ASSERT_TRUE(c.Invoke(TypedCall("typed", "divide", {I32(1), I32(0)}), &r).ok());
  httplib::Client http("127.0.0.1", (*s)->metrics_port());
  http.set_connection_timeout(5);
  http.set_read_timeout(5);
  auto res = http.Get("/metrics");
  ASSERT_TRUE(res) << "no answer from /metrics";
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(absl::StrContains(res->body, "wasmrt_calls_total{outcome=\"returned\"} 3"))
      << res->body;
  EXPECT_TRUE(absl::StrContains(res->body, "wasmrt_calls_total{outcome=\"trap\"} 1"))
      << res->body;
  EXPECT_TRUE(absl::StrContains(res->body, "wasmrt_traps_total{kind=\"integer_divide_by_zero\"} 1"))
      << res->body;
  EXPECT_TRUE(absl::StrContains(res->body, "wasmrt_call_duration_seconds_bucket")) << res->body;
}

// Every Invoke is counted once, by how it ended, including the ones that
// never reached a worker: refused by auth, expired in the queue, bad
// requests.
TEST(LifecycleTest, MetricsCountEveryCallByItsFinalOutcome) {
  auto s = ServerProcess::Start(MakeTempDir("metrics_all"),
                                {"--workers", "1", "--invoker-token", "inv", "--preload",
                                 Runfile("examples/misbehave.wasm") + "=misbehave"});
  ASSERT_TRUE(s.ok()) << s.status();
  ServerProcess& server = **s;
  Client anonymous(server.Channel());
  Client invoker(server.Channel(), "inv");
  v1::InvokeResponse r;
  v1::InvokeRequest count = TypedCall("misbehave", "count", {I32(4)});
  EXPECT_EQ(anonymous.Invoke(count, &r).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(invoker.Invoke(TypedCall("nope", "f", {}), &r).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A call whose deadline passes while it waits behind a held worker.
  {
    HeldCall held(server.Channel(), 60'000, "inv");
    ASSERT_TRUE(WaitForMetric(server.metrics_port(), "wasmrt_busy_workers", 1));
    EXPECT_EQ(invoker.Invoke(count, &r, 300ms).error_code(),
              grpc::StatusCode::DEADLINE_EXCEEDED);
    held.Cancel();
  }
  ASSERT_TRUE(invoker.Invoke(count, &r).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 4);
  // The expired call is counted when a worker dequeues it, before the last
  // call ran on that one worker.
  std::string m = FetchMetrics(server.metrics_port());
  EXPECT_EQ(MetricValue(m, "wasmrt_calls_total{outcome=\"denied\"}"), 1) << m;
  EXPECT_EQ(MetricValue(m, "wasmrt_calls_total{outcome=\"error\"}"), 1) << m;
  EXPECT_EQ(MetricValue(m, "wasmrt_calls_total{outcome=\"expired\"}"), 1) << m;
  EXPECT_EQ(MetricValue(m, "wasmrt_calls_total{outcome=\"trap\"}"), 1) << m;  // the held one
  EXPECT_EQ(MetricValue(m, "wasmrt_calls_total{outcome=\"returned\"}"), 1) << m;
  EXPECT_EQ(MetricValue(m, "wasmrt_calls_total{outcome=\"rejected\"}"), 0) << m;
}

}  // namespace
}  // namespace wasmrt::testing

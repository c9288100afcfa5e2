// End-to-end: wasmrtd --tier=jit serves what the interpreter serves. The
// expected values are the guests' own (hand-counted fuel from
// testdata/payload_abi.wat, as invoke_test asserts for the default tier),
// so any difference the compiling tier makes fails here.
#include "gtest/gtest.h"
#include "tests/service/harness.h"

namespace wasmrt::testing {
namespace {

TEST(TierTest, JitServerGivesTheInterpretersResultsTrapsAndFuel) {
  auto server = ServerProcess::Start(MakeTempDir("tier"), {"--tier=jit", "--workers", "2"});
  ASSERT_TRUE(server.ok()) << server.status();
  Client c((*server)->Channel());
  c.MustUpload("tests/service/payload_abi.wasm", "abi");
  c.MustUpload("examples/typed.wasm", "typed");
  c.MustUpload("examples/misbehave.wasm", "misbehave");
  c.MustUpload("examples/wasi_io.wasm", "wasi_io");

  v1::InvokeResponse r;
  // payload_abi.wat: sum(n) runs 12n + 6 instructions.
  for (int n : {0, 10, 1000}) {
    ASSERT_TRUE(c.Invoke(TypedCall("abi", "sum", {I32(n)}), &r).ok());
    ASSERT_TRUE(r.has_returned()) << r.DebugString();
    EXPECT_EQ(r.returned().values(0).i32(), n * (n + 1) / 2);
    EXPECT_EQ(r.stats().fuel_used(), 12 * n + 6) << "sum(" << n << ")";
  }
  // A payload call: malloc 19, echo 33, two frees 5 each; one unit less
  // runs out in the last free.
  constexpr int64_t kEchoFuel = 19 + 33 + 5 + 5;
  v1::InvokeRequest echo = PayloadCall("abi", "echo", "hello");
  ASSERT_TRUE(c.Invoke(echo, &r).ok());
  EXPECT_EQ(r.output().value(), "hello") << r.DebugString();
  EXPECT_EQ(r.stats().fuel_used(), kEchoFuel);
  echo.mutable_limits()->set_fuel(kEchoFuel - 1);
  ASSERT_TRUE(c.Invoke(echo, &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::FUEL_EXHAUSTED);
  EXPECT_EQ(r.trap().function(), "free");

  // Integer and float code (the float functions stay interpreted).
  ASSERT_TRUE(c.Invoke(TypedCall("typed", "add", {I32(2), I32(40)}), &r).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 42) << r.DebugString();
  ASSERT_TRUE(c.Invoke(TypedCall("typed", "pair", {I64(INT64_MAX)}), &r).ok());
  EXPECT_EQ(r.returned().values(0).i64(), -INT64_MAX) << r.DebugString();

  // Guests that misbehave are stopped as in the interpreter.
  v1::InvokeRequest spin = TypedCall("misbehave", "spin", {});
  spin.mutable_limits()->set_fuel(100000);
  ASSERT_TRUE(c.Invoke(spin, &r).ok());
  EXPECT_EQ(r.trap().kind(), v1::Trap::FUEL_EXHAUSTED) << r.DebugString();
  EXPECT_EQ(r.stats().fuel_used(), 100000);
  ASSERT_TRUE(c.Invoke(TypedCall("misbehave", "recurse", {}), &r).ok());
  EXPECT_EQ(r.trap().kind(), v1::Trap::STACK_EXHAUSTED) << r.DebugString();

  // A WASI command: stdin to stdout, exit code 3.
  v1::InvokeRequest io = TypedCall("wasi_io", "_start", {});
  io.mutable_wasi()->add_args("echo");
  io.mutable_wasi()->set_stdin("ping");
  ASSERT_TRUE(c.Invoke(io, &r).ok());
  EXPECT_EQ(r.stdout(), "ping") << r.DebugString();
  EXPECT_EQ(r.exit_code(), 3);

  std::string metrics = FetchMetrics((*server)->metrics_port());
  EXPECT_EQ(MetricValue(metrics, "wasmrt_tier_info{tier=\"jit\"}"), 1) << metrics;
  EXPECT_EQ(MetricValue(metrics, "wasmrt_tier_info{tier=\"interp\"}"), -1);
  EXPECT_NE((*server)->log().find("tier=jit"), std::string::npos) << (*server)->log();
}

TEST(TierTest, DefaultServerSaysAuto) {
  auto server = ServerProcess::Start(MakeTempDir("tier_default"));
  ASSERT_TRUE(server.ok()) << server.status();
  std::string metrics = FetchMetrics((*server)->metrics_port());
  EXPECT_EQ(MetricValue(metrics, "wasmrt_tier_info{tier=\"auto\"}"), 1) << metrics;
}

TEST(TierTest, BadTierIsAUsageError) {
  ToolResult r = RunTool({Runfile("service/wasmrtd"), "--tier", "llvm"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err, "wasmrtd: --tier: unknown tier \"llvm\" (expected auto, interp or jit)\n");
}

}  // namespace
}  // namespace wasmrt::testing

// wasmrtd --pool-disable: every call runs in a new instance (Stats.warm is
// false), which the service benchmark uses to measure cold calls; and
// `wasmctl bench` against the real server.
#include <nlohmann/json.hpp>

#include "gtest/gtest.h"
#include "tests/service/harness.h"

namespace wasmrt::testing {
namespace {

std::vector<bool> WarmFlags(ServerProcess& server, int calls) {
  Client client(server.Channel());
  std::vector<bool> warm;
  for (int i = 0; i < calls; ++i) {
    v1::InvokeResponse resp;
    grpc::Status s = client.Invoke(TypedCall("typed", "add", {I32(40), I32(2)}), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.returned().values(0).i32(), 42);
    warm.push_back(resp.stats().warm());
  }
  return warm;
}

TEST(PoolDisable, EveryCallIsCold) {
  auto server = ServerProcess::Start(
      MakeTempDir("data"), {"--preload", Runfile("examples/typed.wasm") + "=typed",
                            "--pool-disable", "--workers", "2"});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(WarmFlags(**server, 4), std::vector<bool>(4, false));
}

TEST(PoolDisable, PooledServerCallsAreWarm) {
  auto server = ServerProcess::Start(
      MakeTempDir("data"), {"--preload", Runfile("examples/typed.wasm") + "=typed"});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(WarmFlags(**server, 4), std::vector<bool>(4, true));
}

TEST(BenchAgainstWasmrtd, TypedAddWithBareArguments) {
  auto server = ServerProcess::Start(
      MakeTempDir("data"), {"--preload", Runfile("examples/typed.wasm") + "=typed"});
  ASSERT_TRUE(server.ok()) << server.status();
  ToolResult t = RunTool({Runfile("tools/wasmctl/wasmctl"), "--server", (*server)->address(),
                          "--json", "bench", "typed", "add", "40", "2", "-n", "200", "-c", "4"});
  ASSERT_EQ(t.exit, 0) << t.err;
  auto j = nlohmann::json::parse(t.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << t.out;
  EXPECT_EQ(j["calls"], 200);
  EXPECT_EQ(j["outcomes"]["returned"], 200);
  EXPECT_EQ(j["exec_time_us"]["count"], 200);
  EXPECT_GT(j["fuel"]["min"].get<uint64_t>(), 0u);

  ToolResult trap = RunTool({Runfile("tools/wasmctl/wasmctl"), "--server",
                             (*server)->address(), "--json", "bench", "typed", "divide", "1",
                             "0", "-n", "20", "-c", "2"});
  ASSERT_EQ(trap.exit, 0) << trap.err;
  auto k = nlohmann::json::parse(trap.out, nullptr, false);
  EXPECT_EQ(k["outcomes"]["traps"], nlohmann::json({{"integer_divide_by_zero", 20}})) << trap.out;
}

}  // namespace
}  // namespace wasmrt::testing

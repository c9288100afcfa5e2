// wasmctl call against a real wasmrtd: a typed method with a JSON request,
// found through server reflection; errors and exit statuses.
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/service/shared_server.h"

namespace wasmrt::testing {
namespace {

class WasmctlCallTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(StartServer("wasmctl_call"));
    ToolResult up = Ctl({"upload", Runfile("examples/shapes.wasm"), "--name", "shapes"});
    ASSERT_EQ(up.exit, 0) << up.err;
  }
};

constexpr char kArea[] = "shapes.v1.Shapes/Area";

TEST_F(WasmctlCallTest, AnswersInJson) {
  ToolResult r = Ctl({"call", kArea, R"({"w": 3, "h": 4.5})"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["area"], 13.5) << r.out;
  r = Ctl({"call", std::string("/") + kArea, "--request-file", "-"}, R"({"w": 2, "h": 2})");
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["area"], 4.0) << r.out;
  // Limits go as metadata: too little fuel is the guest's failure.
  r = Ctl({"call", kArea, R"({"w": 3, "h": 4})", "--fuel", "3"});
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "wasmctl: RESOURCE_EXHAUSTED: ")) << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "trap: fuel_exhausted: ")) << r.err;
}

TEST_F(WasmctlCallTest, ATrapPrintsTheTrapDetailAndExits1) {
  ToolResult r = Ctl({"call", kArea, R"({"w": -1, "h": 4})"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "wasmctl: INTERNAL: shapes.v1.Shapes/Area trapped"))
      << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "trap: unreachable: unreachable (in $shapes_area)"))
      << r.err;
  EXPECT_EQ(r.out, "");
  r = Ctl({"--json", "call", kArea, R"({"w": -1})"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(nlohmann::json::parse(r.out)["error"]["code"], "INTERNAL") << r.out;
}

TEST_F(WasmctlCallTest, BadJsonNamesTheFieldAndExits2) {
  ToolResult r = Ctl({"call", kArea, R"({"depth": 1})"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(absl::StrContains(r.err, "not a shapes.v1.AreaRequest in JSON: depth")) << r.err;
  r = Ctl({"call", kArea, R"({"w": "wide"})"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(absl::StrContains(r.err, "(w)")) << r.err;
}

TEST_F(WasmctlCallTest, UnknownServiceOrMethodExits3) {
  ToolResult r = Ctl({"call", "shapes.v1.Shapes/Volume"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(absl::StrContains(
      r.err, "wasmctl: NOT_FOUND: unknown method \"Volume\": service shapes.v1.Shapes has Area"))
      << r.err;
  r = Ctl({"call", "shapes.v9.Shapes/Area"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(absl::StrContains(r.err, "unknown service \"shapes.v9.Shapes\"")) << r.err;
  r = Ctl({"call", "Area"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(absl::StrContains(r.err, "give pkg.Service/Method")) << r.err;
}

TEST_F(WasmctlCallTest, BuiltInMethodsToo) {
  // Any method reflection describes: the service's own Echo.
  ToolResult r = Ctl({"call", "wasmrt.v1.InvocationService/Echo", R"({"data": "aGk="})"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["data"], "aGk=") << r.out;
}

}  // namespace
}  // namespace wasmrt::testing

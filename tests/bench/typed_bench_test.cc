// `wasmctl bench --method` against the real wasmrtd serving examples/shapes's
// typed method /shapes.v1.Shapes/Area: answered calls, traps counted as
// trap outcomes, limits sent as metadata, the server's stats read from the
// trailers. Counts only; no rate or time is asserted.
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/service/shared_server.h"

namespace wasmrt::testing {
namespace {

using Json = nlohmann::json;

constexpr char kArea[] = "shapes.v1.Shapes/Area";

class TypedBenchTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(StartServer("typed_bench"));
    ToolResult up = Ctl({"upload", Runfile("examples/shapes.wasm"), "--name", "shapes"});
    ASSERT_EQ(up.exit, 0) << up.err;
  }

  // `wasmctl --json bench --method Area ARGS...`: its report.
  static Json Bench(std::vector<std::string> args, int want_exit = 0) {
    args.insert(args.begin(), {"--json", "bench", "--method", kArea});
    ToolResult t = Ctl(args);
    EXPECT_EQ(t.exit, want_exit) << t.err;
    Json j = Json::parse(t.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << t.out << t.err;
    return j;
  }
};

TEST_F(TypedBenchTest, JsonRequestAnswersEveryCallWithServerStats) {
  Json j = Bench({R"({"w": 3, "h": 4})", "-n", "50", "-c", "4"});
  EXPECT_EQ(j["target"]["rpc"], "Typed");
  EXPECT_EQ(j["target"]["method"], kArea);
  EXPECT_EQ(j["calls"], 50);
  EXPECT_EQ(j["ok"], 50);
  EXPECT_EQ(j["errors"], Json::object()) << j["error_examples"];
  EXPECT_EQ(j["outcomes"]["output"], 50);
  EXPECT_EQ(j["outcomes"]["traps"], Json::object());
  // Exec time and fuel come from every call's trailing metadata.
  EXPECT_EQ(j["exec_time_us"]["count"], 50);
  EXPECT_EQ(j["fuel"]["count"], 50);
  EXPECT_GT(j["fuel"]["min"].get<uint64_t>(), 0u);
  // The same request each time: the same fuel each time.
  EXPECT_EQ(j["fuel"]["min"], j["fuel"]["max"]);
}

TEST_F(TypedBenchTest, NegativeSidesTrapAndCountAsTraps) {
  Json j = Bench({R"({"w": -1, "h": 4})", "-n", "50"});
  EXPECT_EQ(j["calls"], 50);
  EXPECT_EQ(j["errors"], Json::object()) << j["error_examples"];
  EXPECT_EQ(j["outcomes"]["traps"], Json({{"unreachable", 50}}));
  EXPECT_EQ(j["outcomes"]["output"], 0);
  EXPECT_EQ(j["exec_time_us"]["count"], 50);  // trapped calls report stats too
}

TEST_F(TypedBenchTest, LimitsGoAsMetadata) {
  // Too little fuel: every call runs out (RESOURCE_EXHAUSTED with a Trap).
  Json j = Bench({R"({"w": 3, "h": 4})", "-n", "20", "--fuel", "3"});
  EXPECT_EQ(j["outcomes"]["traps"], Json({{"fuel_exhausted", 20}})) << j;
  EXPECT_EQ(j["errors"], Json::object());
}

TEST_F(TypedBenchTest, RawPayloadIsTheRequestMessage) {
  // AreaRequest{w: 2, h: 2.5} by hand: fields 1 and 2, wire type 1 (fixed64).
  std::string bytes = std::string("\x09", 1) + std::string("\0\0\0\0\0\0\0\x40", 8) +
                      std::string("\x11", 1) + std::string("\0\0\0\0\0\0\x04\x40", 8);
  std::string file = MakeTempDir("payload") + "/area.bin";
  WriteFile(file, bytes);
  Json j = Bench({"--payload-file", file, "-n", "30", "-c", "3"});
  EXPECT_EQ(j["outcomes"]["output"], 30) << j;
  // Bytes that are not an AreaRequest reach the guest as they are: it
  // traps on the malformed message.
  Json k = Bench({"--payload", "\xff", "-n", "5"});
  EXPECT_EQ(k["outcomes"]["traps"], Json({{"unreachable", 5}})) << k;
}

TEST_F(TypedBenchTest, UsageAndServerErrors) {
  ToolResult t = Ctl({"bench", "--method", kArea, R"({"depth": 1})", "-n", "5"});
  EXPECT_EQ(t.exit, 2);
  EXPECT_TRUE(absl::StrContains(t.err, "not a shapes.v1.AreaRequest in JSON: depth")) << t.err;
  t = Ctl({"bench", "--method", "shapes.v1.Shapes/Volume", "-n", "5"});
  EXPECT_EQ(t.exit, 3);
  EXPECT_TRUE(absl::StrContains(t.err, "unknown method \"Volume\"")) << t.err;
  // A raw payload needs no reflection: the server answers UNIMPLEMENTED.
  t = Ctl({"--json", "bench", "--method", "shapes.v1.Shapes/Volume", "--payload", "", "-n",
           "5"});
  EXPECT_EQ(t.exit, 3);
  Json j = Json::parse(t.out, nullptr, false);
  EXPECT_EQ(j["errors"], Json({{"UNIMPLEMENTED", 5}})) << t.out;
  EXPECT_TRUE(absl::StrContains(t.err, "no call succeeded")) << t.err;
}

}  // namespace
}  // namespace wasmrt::testing

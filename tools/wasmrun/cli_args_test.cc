#include "tools/wasmrun/cli_args.h"

#include "gtest/gtest.h"

namespace wasmrt::cli {
namespace {

TEST(ParseOptions, FlagsModuleAndArgs) {
  auto o = ParseOptions({"--invoke", "fib", "--fuel", "100", "m.wasm", "10", "-3"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->invoke, "fib");
  EXPECT_EQ(o->fuel, 100);
  EXPECT_EQ(o->module_path, "m.wasm");
  EXPECT_EQ(o->args, (std::vector<std::string>{"10", "-3"}));
}

TEST(ParseOptions, RejectsUnknownFlagWithOneLine) {
  auto o = ParseOptions({"--bogus", "m.wasm"});
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(), "unknown option --bogus (see --help)");
}

TEST(ParseOptions, MissingValueAndModule) {
  EXPECT_EQ(ParseOptions({"--fuel"}).status().message(), "option --fuel needs a value");
  EXPECT_EQ(ParseOptions({}).status().message(), "no module given (see --help)");
  EXPECT_EQ(ParseOptions({"--fuel", "-5", "m.wasm"}).status().message(),
            "--fuel: not a count: -5");
}

TEST(ParseOptions, WasiDirsAndEnv) {
  auto o = ParseOptions({"--dir", "/data::/d", "--dir-ro", "/etc", "--env", "A=1=2", "m.wasm",
                         "x"});
  ASSERT_TRUE(o.ok()) << o.status();
  ASSERT_EQ(o->dirs.size(), 2u);
  EXPECT_EQ(o->dirs[0].host, "/data");
  EXPECT_EQ(o->dirs[0].guest, "/d");
  EXPECT_FALSE(o->dirs[0].read_only);
  EXPECT_EQ(o->dirs[1].guest, "/etc");  // GUEST defaults to HOST
  EXPECT_TRUE(o->dirs[1].read_only);
  EXPECT_EQ(o->envs, (std::vector<std::string>{"A=1=2"}));
  EXPECT_EQ(ParseOptions({"--env", "NOVALUE", "m.wasm"}).status().message(),
            "--env: expected K=V, got \"NOVALUE\"");
  EXPECT_EQ(ParseOptions({"--dir", "::/x", "m.wasm"}).status().message(),
            "--dir: expected HOST[::GUEST], got \"::/x\"");
}

TEST(ParseValue, IntegersByType) {
  EXPECT_EQ(ParseValue("-1", ValType::kI32)->i32, 0xFFFFFFFFu);
  EXPECT_EQ(ParseValue("4294967295", ValType::kI32)->i32, 0xFFFFFFFFu);
  EXPECT_FALSE(ParseValue("4294967296", ValType::kI32).ok());
  EXPECT_EQ(ParseValue("18446744073709551615", ValType::kI64)->i64, ~0ull);
  EXPECT_FALSE(ParseValue("12x", ValType::kI64).ok());
}

TEST(ParseValue, Floats) {
  EXPECT_EQ(ParseValue("1.5", ValType::kF64)->f64, 1.5);
  EXPECT_EQ(ParseValue("-0.25", ValType::kF32)->f32, -0.25f);
  EXPECT_FALSE(ParseValue("", ValType::kF32).ok());
}

TEST(FormatValue, SignedIntsAndShortestFloats) {
  EXPECT_EQ(FormatValue(Value::I32(0xFFFFFFFFu)), "-1");
  EXPECT_EQ(FormatValue(Value::I64(42)), "42");
  EXPECT_EQ(FormatValue(Value::F64(0.1)), "0.1");
  EXPECT_EQ(FormatValue(Value::F32(2.5f)), "2.5");
  EXPECT_EQ(FormatValue(Value::Ref(ValType::kFuncRef, nullptr)), "null");
}

}  // namespace
}  // namespace wasmrt::cli

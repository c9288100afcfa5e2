#include "tools/wasmrun/cli_args.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tools/wasmrun/values.h"

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

TEST(ParseOptions, EqualsFormIsTheSameAsTheSeparateValue) {
  auto o = ParseOptions({"--invoke=fib", "--fuel=100", "--max-memory=65536", "--max-stack=50",
                         "--dir=/data::/d", "--env=A=1", "m.wasm", "10"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->invoke, "fib");
  EXPECT_EQ(o->fuel, 100);
  EXPECT_EQ(o->max_memory, 65536u);
  EXPECT_EQ(o->max_stack, 50u);
  ASSERT_EQ(o->dirs.size(), 1u);
  EXPECT_EQ(o->dirs[0].guest, "/d");
  EXPECT_EQ(o->envs, (std::vector<std::string>{"A=1"}));
  EXPECT_EQ(o->module_path, "m.wasm");
  EXPECT_EQ(o->args, (std::vector<std::string>{"10"}));
  EXPECT_EQ(ParseOptions({"--fuel=-5", "m.wasm"}).status().message(), "--fuel: not a count: -5");
  // An empty value is an error, not a reason to take the next argument.
  EXPECT_EQ(ParseOptions({"--invoke=", "m.wasm", "x"}).status().message(),
            "option --invoke needs a value");
}

TEST(ParseOptions, EverythingAfterTheModuleGoesToTheGuest) {
  auto o = ParseOptions({"--fuel", "5", "m.wasm", "--foo", "--fuel=7", "-h", "--", "x"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->fuel, 5);
  EXPECT_FALSE(o->help);
  EXPECT_EQ(o->module_path, "m.wasm");
  EXPECT_EQ(o->args, (std::vector<std::string>{"--foo", "--fuel=7", "-h", "--", "x"}));
  // "--" ends the options: a module whose name starts with '-'.
  o = ParseOptions({"--", "-odd.wasm", "-1"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->module_path, "-odd.wasm");
  EXPECT_EQ(o->args, (std::vector<std::string>{"-1"}));
  EXPECT_EQ(ParseOptions({"--"}).status().message(), "no module given (see --help)");
}

TEST(ParseOptions, DirsKeepTheirCommandLineOrder) {
  auto o = ParseOptions({"--dir-ro", "/a", "--dir=/b", "--dir-ro=/c", "m.wasm"});
  ASSERT_TRUE(o.ok()) << o.status();
  ASSERT_EQ(o->dirs.size(), 3u);
  EXPECT_EQ(o->dirs[0].host, "/a");
  EXPECT_TRUE(o->dirs[0].read_only);
  EXPECT_EQ(o->dirs[1].host, "/b");
  EXPECT_FALSE(o->dirs[1].read_only);
  EXPECT_EQ(o->dirs[2].host, "/c");
  EXPECT_TRUE(o->dirs[2].read_only);
}

TEST(ParseOptions, TimeoutTakesADurationWithAUnit) {
  using std::chrono::milliseconds;
  EXPECT_EQ(ParseOptions({"--timeout=500ms", "m.wasm"})->timeout, milliseconds(500));
  EXPECT_EQ(ParseOptions({"--timeout", "3s", "m.wasm"})->timeout, milliseconds(3000));
  EXPECT_EQ(ParseOptions({"--timeout", "1m", "m.wasm"})->timeout, milliseconds(60000));
  EXPECT_EQ(ParseOptions({"--timeout=1.5s", "m.wasm"})->timeout, milliseconds(1500));
  EXPECT_FALSE(ParseOptions({"m.wasm"})->timeout.has_value());
  for (const char* bad : {"5", "-1s", "0s", "soon", "inf", "1 s"}) {
    EXPECT_EQ(ParseOptions({"--timeout", bad, "m.wasm"}).status().message(),
              absl::StrCat("--timeout: not a positive duration with a unit (500ms, 3s, 1m): \"",
                           bad, "\""))
        << bad;
  }
  EXPECT_EQ(ParseOptions({"--timeout"}).status().message(), "option --timeout needs a value");
  EXPECT_EQ(ParseOptions({"--timeout=", "m.wasm"}).status().message(),
            "option --timeout needs a value");
}

TEST(ParseOptions, TypedResultsAndHelp) {
  EXPECT_TRUE(ParseOptions({"--typed-results", "m.wasm"})->typed_results);
  EXPECT_FALSE(ParseOptions({"m.wasm"})->typed_results);
  EXPECT_TRUE(ParseOptions({"-h"})->help);
  EXPECT_TRUE(ParseOptions({"--fuel", "1", "--help", "--bogus"})->help);
}

TEST(ParseOptions, TierDefaultsToAuto) {
  EXPECT_EQ(ParseOptions({"m.wasm"})->tier, Tier::kAuto);
  EXPECT_EQ(ParseOptions({"--tier", "jit", "m.wasm"})->tier, Tier::kJit);
  EXPECT_EQ(ParseOptions({"--tier=auto", "m.wasm"})->tier, Tier::kAuto);
  EXPECT_EQ(ParseOptions({"--tier=jit", "--tier=interp", "m.wasm"})->tier, Tier::kInterp);
  // After the module it is the guest's argument.
  auto o = ParseOptions({"m.wasm", "--tier=jit"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->tier, Tier::kAuto);
  EXPECT_EQ(o->args, std::vector<std::string>{"--tier=jit"});
}

TEST(ParseOptions, ProfilePerfMap) {
  EXPECT_FALSE(ParseOptions({"m.wasm"})->perf_map);
  EXPECT_TRUE(ParseOptions({"--profile=perfmap", "m.wasm"})->perf_map);
  EXPECT_TRUE(ParseOptions({"--profile", "perfmap", "m.wasm"})->perf_map);
  auto o = ParseOptions({"--profile=jitdump", "m.wasm"});
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(), "--profile: unknown profiler \"jitdump\" (expected perfmap)");
}

TEST(ParseOptions, BadTierNamesTheAcceptedValues) {
  auto o = ParseOptions({"--tier", "llvm", "m.wasm"});
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(), "--tier: unknown tier \"llvm\" (expected auto, interp or jit)");
  EXPECT_EQ(ParseOptions({"--tier=", "m.wasm"}).status().message(), "option --tier needs a value");
  EXPECT_EQ(ParseOptions({"--tier=JIT", "m.wasm"}).status().code(),
            absl::StatusCode::kInvalidArgument);
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
  EXPECT_EQ(FormatValue(Value::F32Bits(0x7fa00001)), "nan");
  EXPECT_EQ(FormatValue(Value::F64(-0.0)), "-0");
}

TEST(FormatTypedValue, FloatsAsExactBits) {
  EXPECT_EQ(FormatTypedValue(Value::F32Bits(0x7fa00001)), "f32:0x7fa00001");
  EXPECT_EQ(FormatTypedValue(Value::F32(-0.0f)), "f32:0x80000000");
  EXPECT_EQ(FormatTypedValue(Value::F32(1.0f)), "f32:0x3f800000");
  EXPECT_EQ(FormatTypedValue(Value::F64Bits(0xfff4000000000001)), "f64:0xfff4000000000001");
  EXPECT_EQ(FormatTypedValue(Value::F64(-0.0)), "f64:0x8000000000000000");
  EXPECT_EQ(FormatTypedValue(Value::F64(1.0)), "f64:0x3ff0000000000000");
  EXPECT_EQ(FormatTypedValue(Value::I32(0xFFFFFFFFu)), "i32:-1");
  EXPECT_EQ(FormatTypedValue(Value::I64(0x8000000000000000ull)), "i64:-9223372036854775808");
  EXPECT_EQ(FormatTypedValue(Value::Ref(ValType::kExternRef, nullptr)), "externref:null");
}

}  // namespace
}  // namespace wasmrt::cli

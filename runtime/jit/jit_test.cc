// The compiled tier against the interpreter: the same results, traps (with
// the same function names) and fuel on the same module.
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/code_memory.h"
#include "runtime/jit/compiler.h"

namespace wasmrt {
namespace {

std::vector<uint8_t> Bytes() {
  std::ifstream in("runtime/jit/testdata/tiers.wasm", std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

// One instance of the fixture in one tier.
struct Tiered {
  explicit Tiered(Tier tier, StoreConfig config = {}) : store(config) {
    auto m = CompileModule(Bytes(), {.tier = tier});
    EXPECT_TRUE(m.ok()) << m.status();
    module = *m;
    linker.DefineFunction("env", "twice", FuncType{{ValType::kI32}, {ValType::kI32}},
                          [](HostCall&, absl::Span<const Value> args, absl::Span<Value> results) {
#if defined(__x86_64__)
                            // Registers a System V function may clobber, and
                            // compiled code keeps register locals in.
                            asm volatile("mov $-1, %%r10\n\tmov $-1, %%r11" ::: "r10", "r11");
#endif
                            results[0] = Value::I32(args[0].i32 * 2);
                            return TrapCode::kNone;
                          });
    auto imports = linker.Resolve(*module);
    EXPECT_TRUE(imports.ok()) << imports.status();
    auto inst = store.Instantiate(module, *imports);
    EXPECT_TRUE(inst.ok()) << inst.status();
    instance = *inst;
  }
  ExecResult Call(const char* name, std::vector<Value> args, int64_t fuel = -1) {
    CallOptions options;
    if (fuel >= 0) options.fuel = fuel;
    auto r = store.Call(instance->GetExport(name)->func(), args, options);
    EXPECT_TRUE(r.ok()) << r.status();
    return *r;
  }
  std::shared_ptr<const CompiledModule> module;
  Linker linker;
  Store store;
  ModuleInstance* instance = nullptr;
};

// Same outcome in both tiers: results or trap, its text and function, fuel.
void ExpectSame(const char* name, std::vector<Value> args, int64_t fuel = -1,
                StoreConfig config = {}) {
  Tiered interp(Tier::kInterp, config), jit(Tier::kJit, config);
  ExecResult a = interp.Call(name, args, fuel), b = jit.Call(name, args, fuel);
  EXPECT_EQ(a.trap, b.trap) << name;
  EXPECT_EQ(a.trap_message, b.trap_message) << name;
  EXPECT_EQ(a.fuel_used, b.fuel_used) << name;
  ASSERT_EQ(a.results.size(), b.results.size()) << name;
  for (size_t i = 0; i < a.results.size(); ++i) {
    EXPECT_EQ(a.results[i].i64, b.results[i].i64) << name << " result " << i;
  }
}

TEST(JitTest, CompilesWhatItHandlesAndLeavesTheRestToTheInterpreter) {
  if (!jit::Supported()) GTEST_SKIP() << "no compiled tier on this machine";
  Tiered jit(Tier::kJit);
  ASSERT_NE(jit.module->jit(), nullptr);
  // 17 defined functions; $fmix and $fdeep (f64 arithmetic) are interpreted.
  EXPECT_EQ(jit.module->jit()->compiled_count(), 15u);
  EXPECT_EQ(jit.module->jit()->entry(11), nullptr);  // $fmix
  EXPECT_NE(jit.module->jit()->entry(0), nullptr);   // $fib
  EXPECT_EQ(Tiered(Tier::kInterp).module->jit(), nullptr);
}

TEST(JitTest, SameResultsAndFuelAsTheInterpreter) {
  if (!jit::Supported()) GTEST_SKIP();
  ExpectSame("fib", {Value::I32(20)});
  ExpectSame("mix", {Value::I32(1000)});
  ExpectSame("grow", {Value::I32(2)});
  ExpectSame("indirect", {Value::I32(1), Value::I32(9)});
  ExpectSame("host", {Value::I32(20)});
  ExpectSame("fmix", {Value::I32(15)});
  ExpectSame("calls_fmix", {Value::I32(15)});
  Tiered jit(Tier::kJit);
  EXPECT_EQ(jit.Call("fib", {Value::I32(20)}).results[0].i32, 6765u);
  EXPECT_EQ(jit.Call("indirect", {Value::I32(1), Value::I32(9)}).results[0].i32, 81u);
  EXPECT_EQ(jit.Call("grow", {Value::I32(1)}).results[0].i32, 42u);
}

TEST(JitTest, RegisterLocalsSurviveCallsToTheHostAndIndirectCalls) {
  if (!jit::Supported()) GTEST_SKIP();
  ExpectSame("keeps", {Value::I32(50)});
  uint32_t a = 0, b = 0, c = 0;
  for (uint32_t n = 50; n != 0; --n) {
    a += n;
    b += 3;
    c ^= a;
  }
  EXPECT_EQ(Tiered(Tier::kJit).Call("keeps", {Value::I32(50)}).results[0].i32, a + b + c);
}

TEST(JitTest, SameTrapsNamingTheSameFunction) {
  if (!jit::Supported()) GTEST_SKIP();
  ExpectSame("div", {Value::I32(1), Value::I32(0)});
  ExpectSame("div", {Value::I32(0x80000000u), Value::I32(-1)});
  ExpectSame("rem", {Value::I64(0x8000000000000000ull), Value::I64(-1)});
  ExpectSame("load", {Value::I32(65533)});
  ExpectSame("load", {Value::I32(0xFFFFFFFFu)});
  ExpectSame("indirect", {Value::I32(2), Value::I32(1)});
  ExpectSame("deep", {Value::I32(0)});
  Tiered jit(Tier::kJit);
  ExecResult r = jit.Call("deep", {Value::I32(0)});
  EXPECT_EQ(r.trap, TrapCode::kCallStackExhausted);
  r = jit.Call("div", {Value::I32(1), Value::I32(0)});
  EXPECT_EQ(r.trap, TrapCode::kIntegerDivideByZero);
}

// Compiled frames and the interpreted frames under them share one depth
// bound (found by the differential exec fuzzer).
TEST(JitTest, CallDepthIsBoundedTheSameAcrossTiers) {
  if (!jit::Supported()) GTEST_SKIP();
  StoreConfig config;
  config.max_call_depth = 50;
  for (uint32_t n : {10u, 47u, 48u, 49u, 50u, 1000u}) {
    ExpectSame("calls_fdeep", {Value::I32(n)}, -1, config);
    ExpectSame("deep", {Value::I32(n)}, -1, config);
  }
  Tiered jit(Tier::kJit, config);
  EXPECT_EQ(jit.Call("calls_fdeep", {Value::I32(1000)}).trap, TrapCode::kCallStackExhausted);
}

TEST(JitTest, FuelRunsOutAtTheSamePointInBothTiers) {
  if (!jit::Supported()) GTEST_SKIP();
  for (int64_t fuel : {0, 1, 5, 100, 12345}) {
    ExpectSame("mix", {Value::I32(1000)}, fuel);
    ExpectSame("fib", {Value::I32(15)}, fuel);
  }
  Tiered jit(Tier::kJit);
  ExecResult r = jit.Call("spin", {}, 1'000'000);
  EXPECT_EQ(r.trap, TrapCode::kFuelExhausted);
  EXPECT_EQ(r.fuel_used, 1'000'000);
}

TEST(JitTest, CodeMemoryIsNeverWritableAndExecutable) {
  absl::StatusOr<std::unique_ptr<jit::CodeMemory>> m = jit::CodeMemory::Allocate(100);
  ASSERT_TRUE(m.ok());
  size_t in_use = jit::CodeMemory::BytesInUse();
  EXPECT_GE(in_use, (*m)->size());
  auto perms = [&] {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    uintptr_t at = reinterpret_cast<uintptr_t>((*m)->data());
    while (std::getline(maps, line)) {
      uintptr_t lo = std::stoull(line.substr(0, line.find('-')), nullptr, 16);
      uintptr_t hi = std::stoull(line.substr(line.find('-') + 1), nullptr, 16);
      if (at >= lo && at < hi) return line.substr(line.find(' ') + 1, 4);
    }
    return std::string("?");
  };
  EXPECT_EQ(perms(), "rw-p");
  ASSERT_TRUE((*m)->Seal().ok());
  EXPECT_EQ(perms(), "r-xp");
  m->reset();
  EXPECT_EQ(jit::CodeMemory::BytesInUse(), in_use - 4096);
}

}  // namespace
}  // namespace wasmrt

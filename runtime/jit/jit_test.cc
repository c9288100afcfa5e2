// The compiled tier against the interpreter: the same results, traps (with
// the same function names) and fuel on the same module.
#include <fstream>
#include <iterator>
#include <string>

#include <xbyak/xbyak_util.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/code_memory.h"
#include "runtime/jit/compiler.h"

namespace wasmrt {
namespace {

std::vector<uint8_t> Bytes(const char* name = "tiers") {
  std::ifstream in(std::string("runtime/jit/testdata/") + name + ".wasm", std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

// One instance of a fixture in one tier.
struct Tiered {
  explicit Tiered(Tier tier, StoreConfig config = {}, const char* file = "tiers")
      : store(config) {
    auto m = CompileModule(Bytes(file), {.tier = tier});
    EXPECT_TRUE(m.ok()) << m.status();
    module = *m;
    linker.DefineFunction("env", "twice", FuncType{{ValType::kI32}, {ValType::kI32}},
                          [](HostCall&, absl::Span<const Value> args, absl::Span<Value> results) {
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
  // 17 defined functions; $fdeep and $vmix (v128) are interpreted.
  EXPECT_EQ(jit.module->jit()->compiled_count(), 15u);
  EXPECT_EQ(jit.module->jit()->entry(13), nullptr);  // $fdeep
  EXPECT_EQ(jit.module->jit()->entry(15), nullptr);  // $vmix
  EXPECT_NE(jit.module->jit()->entry(11), nullptr);  // $fmix
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
  ExpectSame("calls_vmix", {Value::I32(15)});
  Tiered jit(Tier::kJit);
  EXPECT_EQ(jit.Call("fib", {Value::I32(20)}).results[0].i32, 6765u);
  EXPECT_EQ(jit.Call("indirect", {Value::I32(1), Value::I32(9)}).results[0].i32, 81u);
  EXPECT_EQ(jit.Call("grow", {Value::I32(1)}).results[0].i32, 42u);
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

// Float operands and results cross as bits: NaN payloads (quiet and
// signalling, both signs), zeros, infinities, subnormals and the bounds of
// every integer conversion, with integers for the int-to-float direction.
const std::vector<uint32_t>& Bits32() {
  static const std::vector<uint32_t> v = {
      0, 0x80000000, 0x3F800000, 0xBF800000, 0x3FC00000, 0x40200000, 0xBFC00000,
      0x3F000000, 0xBF000000, 0x3F400000, 0xBF7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000,
      0xFFC00000, 0x7FA00001, 0xFFC00123, 0x7F800001, 0x00000001, 0x807FFFFF, 0x7F7FFFFF,
      0x4F000000, 0xCF000000, 0x4EFFFFFF, 0xCF000001, 0x4F800000, 0x4F7FFFFF, 0x5F000000,
      0xDF000000, 0x5EFFFFFF, 0xDF000001, 0x5F800000, 0x5F7FFFFF, 0x4B000001, 0x01000001,
      0xFFFFFF7F, 0x7FFFFFFF, 0x7FFFFFC0};
  return v;
}
const std::vector<uint64_t>& Bits64() {
  static const std::vector<uint64_t> v = {
      0, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000, 0x3FF8000000000000,
      0x4004000000000000, 0xC004000000000000, 0x3FE0000000000000, 0xBFE0000000000000,
      0x3FDFFFFFFFFFFFFF, 0xBFEFFFFFFFFFFFFF, 0x7FF0000000000000, 0xFFF0000000000000,
      0x7FF8000000000000, 0xFFF8000000000000, 0x7FF4000000000001, 0xFFF8000000000123,
      0x7FF0000000000001, 0x0000000000000001, 0x800FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF,
      0x41E0000000000000, 0xC1E0000000000000, 0x41DFFFFFFFFFFFFF, 0xC1E0000000100000,
      0xC1E00000001FFFFF, 0xC1E0000000200000, 0x41F0000000000000, 0x41EFFFFFFFFFFFFF,
      0x43E0000000000000, 0xC3E0000000000000, 0x43DFFFFFFFFFFFFF, 0xC3E0000000000001,
      0x43F0000000000000, 0x43EFFFFFFFFFFFFF, 0x4330000000000001, 0x0020000000000001,
      0x8000008000000001, 0x7FFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0x8000000000000401,
      0x00000000FFFFFFFF};
  return v;
}

// Every export of floats.wasm (gen_floats.py) on every combination of the
// values above: the same result bits, or the same trap and message, and
// the same fuel.
TEST(JitTest, ScalarFloatsMatchTheInterpreterBitForBit) {
  if (!jit::Supported()) GTEST_SKIP();
  Tiered interp(Tier::kInterp, {}, "floats"), jit(Tier::kJit, {}, "floats");
  ASSERT_NE(jit.module->jit(), nullptr);
  // ceil/floor/trunc/nearest need SSE4.1; without it their functions stay
  // interpreted (and still agree).
  if (Xbyak::util::Cpu().has(Xbyak::util::Cpu::tSSE41)) {
    EXPECT_EQ(jit.module->jit()->compiled_count(), jit.module->ir().functions.size());
  }
  int failures = 0, calls = 0;
  for (const Export& e : jit.module->ir().exports) {
    if (e.name == "fsum") continue;  // a loop, below
    const FuncType& type = FunctionType(jit.instance->GetExport(e.name)->func());
    auto values = [&](size_t i) {
      std::vector<Value> v;
      if (type.params[i] == ValType::kI32) {
        for (uint32_t b : Bits32()) v.push_back(Value::I32(b));
      } else {
        for (uint64_t b : Bits64()) v.push_back(Value::I64(b));
      }
      return v;
    };
    std::vector<std::vector<Value>> args{{}};
    for (size_t i = 0; i < type.params.size(); ++i) {
      std::vector<std::vector<Value>> next;
      for (const auto& prefix : args) {
        for (const Value& v : values(i)) {
          next.push_back(prefix);
          next.back().push_back(v);
        }
      }
      args = std::move(next);
    }
    for (const auto& a : args) {
      ++calls;
      ExecResult x = interp.Call(e.name.c_str(), a), y = jit.Call(e.name.c_str(), a);
      bool same = x.trap == y.trap && x.trap_message == y.trap_message &&
                  x.fuel_used == y.fuel_used &&
                  x.results.size() == y.results.size() &&
                  (x.results.empty() || x.results[0].i64 == y.results[0].i64);
      if (!same && ++failures <= 20) {
        ADD_FAILURE() << e.name << "(" << std::hex << a[0].i64
                      << (a.size() > 1 ? ", " + absl::StrCat(absl::Hex(a[1].i64)) : "")
                      << "): interp " << x.trap_message << " "
                      << (x.results.empty() ? 0 : x.results[0].i64) << ", jit "
                      << y.trap_message << " " << (y.results.empty() ? 0 : y.results[0].i64);
      }
    }
  }
  EXPECT_EQ(failures, 0) << "of " << calls << " calls";
  EXPECT_GT(calls, 100000);
}

TEST(JitTest, FloatLoopsAgreeOnResultsAndFuel) {
  if (!jit::Supported()) GTEST_SKIP();
  for (uint32_t n : {0u, 1u, 100u, 5000u}) {
    Tiered interp(Tier::kInterp, {}, "floats"), jit(Tier::kJit, {}, "floats");
    ExecResult a = interp.Call("fsum", {Value::I32(n)}, 100000);
    ExecResult b = jit.Call("fsum", {Value::I32(n)}, 100000);
    EXPECT_EQ(a.trap, b.trap) << n;
    EXPECT_EQ(a.fuel_used, b.fuel_used) << n;
    ASSERT_EQ(a.results.size(), b.results.size());
    if (!a.results.empty()) {
      EXPECT_EQ(a.results[0].i64, b.results[0].i64) << n;
    }
  }
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

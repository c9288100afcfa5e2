// The compiled tier against the interpreter: the same results, traps (with
// the same function names) and fuel on the same module.
#include <cpuid.h>

#include <atomic>
#include <bit>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <fstream>
#include <iterator>
#include <string>

#include <xbyak/xbyak_util.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/code_memory.h"
#include "runtime/jit/compiler.h"
#include "runtime/jit/x86_disasm.h"

namespace wasmrt {
namespace {

constexpr const char* kTiers = "runtime/jit/testdata/tiers.wasm";
constexpr const char* kFloats = "runtime/jit/testdata/floats.wasm";
constexpr const char* kOps = "runtime/jit/testdata/ops.wasm";
constexpr const char* kSimd = "runtime/jit/testdata/simd.wasm";
constexpr const char* kFkernel = "runtime/jit/testdata/fkernel.wasm";

std::vector<uint8_t> Bytes(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

// One instance of a fixture in one tier.
struct Tiered {
  explicit Tiered(Tier tier, StoreConfig config = {}, const char* path = kTiers,
                  BoundsChecks checks = BoundsChecks::kGuardPages, bool fuel_checks = true)
      : store(config) {
    CompileOptions options{.tier = tier, .bounds_checks = checks, .fuel_checks = fuel_checks};
    // jit_parts_test: every module compiled in 3 parts on parallel threads.
    if (const char* n = std::getenv("WASMRT_TEST_COMPILE_THREADS")) {
      options.compile_threads = uint32_t(std::atoi(n));
    }
    // tiers.wat: $fdeep and $vmix (functions 14 and 18) stay interpreted.
    if (std::string(path) == kTiers) options.interpreted_functions = {14, 18};
    auto m = CompileModule(Bytes(path), options);
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
                StoreConfig config = {}, const char* path = kTiers) {
  Tiered interp(Tier::kInterp, config, path), jit(Tier::kJit, config, path);
  ExecResult a = interp.Call(name, args, fuel), b = jit.Call(name, args, fuel);
  EXPECT_EQ(a.trap, b.trap) << name;
  EXPECT_EQ(a.trap_message, b.trap_message) << name;
  EXPECT_EQ(a.fuel_used, b.fuel_used) << name;
  ASSERT_EQ(a.results.size(), b.results.size()) << name;
  for (size_t i = 0; i < a.results.size(); ++i) {
    EXPECT_EQ(a.results[i].i64, b.results[i].i64) << name << " result " << i;
  }
}

TEST(JitTest, CompilesAllButTheFunctionsLeftToTheInterpreter) {
  if (!jit::Supported()) GTEST_SKIP() << "no compiled tier on this machine";
  // Everything compiles on its own (v128 included) ...
  auto all = CompileModule(Bytes(kTiers), {.tier = Tier::kJit});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ((*all)->jit()->compiled_count(), 20u);
  // ... and interpreted_functions keeps $fdeep and $vmix interpreted; an
  // import (0) and an index past the end are ignored.
  auto some = CompileModule(Bytes(kTiers), {.tier = Tier::kJit,
                                            .interpreted_functions = {18, 0, 14, 99}});
  ASSERT_TRUE(some.ok()) << some.status();
  EXPECT_EQ((*some)->jit()->compiled_count(), 18u);
  EXPECT_EQ((*some)->jit()->entry(13), nullptr);
  EXPECT_EQ((*some)->jit()->entry(17), nullptr);
  Tiered jit(Tier::kJit);
  ASSERT_NE(jit.module->jit(), nullptr);
  EXPECT_EQ(jit.module->jit()->compiled_count(), 18u);
  EXPECT_EQ(jit.module->jit()->entry(13), nullptr);  // $fdeep
  EXPECT_EQ(jit.module->jit()->entry(17), nullptr);  // $vmix
  EXPECT_NE(jit.module->jit()->entry(11), nullptr);  // $fmix
  EXPECT_NE(jit.module->jit()->entry(16), nullptr);  // $keeps
  EXPECT_NE(jit.module->jit()->entry(0), nullptr);   // $fib
  EXPECT_EQ(Tiered(Tier::kInterp).module->jit(), nullptr);
}

// A compiled module gets interpreter code only when it needs some: at once
// for the functions the compiler left alone (all of them are translated
// then), otherwise on the first EnsureInterpreterCode.
TEST(JitTest, InterpreterCodeIsMadeOnlyWhenNeeded) {
  if (!jit::Supported()) GTEST_SKIP();
  auto all = CompileModule(Bytes(kTiers), {.tier = Tier::kJit});
  ASSERT_TRUE(all.ok()) << all.status();
  const std::vector<CompiledFunction>& code = (*all)->functions();
  for (const CompiledFunction& f : code) EXPECT_TRUE(f.code.empty());
  ASSERT_TRUE((*all)->EnsureInterpreterCode().ok());
  for (const CompiledFunction& f : code) EXPECT_FALSE(f.code.empty());
  const CodeWord* first = code[0].code.data();
  ASSERT_TRUE((*all)->EnsureInterpreterCode().ok());  // once: nothing moves
  EXPECT_EQ(code[0].code.data(), first);

  auto some = CompileModule(Bytes(kTiers), {.tier = Tier::kJit, .interpreted_functions = {14}});
  ASSERT_TRUE(some.ok()) << some.status();
  for (const CompiledFunction& f : (*some)->functions()) EXPECT_FALSE(f.code.empty());
}

// Compiling in parts on parallel threads (CompileOptions::compile_threads)
// places the same code: instruction for instruction the same, but for the
// address of the module's table of entries that calls load (movabs).
TEST(JitTest, CompilingInPartsGivesTheSameCode) {
  if (!jit::Supported()) GTEST_SKIP();
  for (const char* path : {kTiers, kOps, kFloats, kSimd}) {
    auto one = CompileModule(Bytes(path), {.tier = Tier::kJit, .compile_threads = 1});
    auto four = CompileModule(Bytes(path), {.tier = Tier::kJit, .compile_threads = 4});
    ASSERT_TRUE(one.ok() && four.ok()) << path;
    const jit::JitModule& a = *(*one)->jit();
    const jit::JitModule& b = *(*four)->jit();
    ASSERT_EQ(a.compiled_count(), b.compiled_count()) << path;
    for (uint32_t f = 0; f < (*one)->ir().functions.size(); ++f) {
      ASSERT_EQ(a.code(f).size(), b.code(f).size()) << path << " function " << f;
      auto x = jit::DisassembleX86(a.code(f)), y = jit::DisassembleX86(b.code(f));
      ASSERT_TRUE(x.ok() && y.ok());
      ASSERT_EQ(x->size(), y->size());
      for (size_t i = 0; i < x->size(); ++i) {
        ASSERT_EQ((*x)[i].mnemonic, (*y)[i].mnemonic) << path << " function " << f;
        if ((*x)[i].mnemonic != "movabs") {
          ASSERT_EQ((*x)[i].operands, (*y)[i].operands) << path << " function " << f;
        }
      }
    }
  }
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

// Jump tables (br_table with 4 entries or more): every entry, the default
// past the end, values moved to their labels, a bytecode dispatch loop.
TEST(JitTest, BrTableJumpTablesAgreeWithTheInterpreter) {
  if (!jit::Supported()) GTEST_SKIP();
  constexpr const char* kBranches = "runtime/jit/testdata/branches.wasm";
  for (uint32_t i : {0u, 1u, 2u, 3u, 5u, 6u, 9u, 11u, 12u, 13u, 1000u, 0x7FFFFFFFu, 0x80000000u,
                     0xFFFFFFFFu}) {
    SCOPED_TRACE(i);
    ExpectSame("plain", {Value::I32(i)}, -1, {}, kBranches);
    ExpectSame("values", {Value::I32(i), Value::I64(0x123456789)}, -1, {}, kBranches);
  }
  ExpectSame("interp", {Value::I32(50)}, -1, {}, kBranches);
  // Fuel runs out inside the loop at the same instruction in both tiers.
  ExpectSame("interp", {Value::I32(50)}, 777, {}, kBranches);
  Tiered jit(Tier::kJit, {}, kBranches);
  EXPECT_EQ(jit.module->jit()->compiled_count(), 3u);
  // Hand-computed: entry 4 is $c4 (10000), entry 12 past the table's 12
  // entries is the default ($d: r stays 0).
  EXPECT_EQ(jit.Call("plain", {Value::I32(4)}).results[0].i32, 10004u);
  EXPECT_EQ(jit.Call("plain", {Value::I32(12)}).results[0].i32, 12u);
  // values(0, v): v leaves $inner: (v*5 + 3) + 11 + 7; (1, v): v leaves
  // $mid: v + 11 + 7; (2, v): v leaves $outer: v + 7.
  EXPECT_EQ(jit.Call("values", {Value::I32(0), Value::I64(10)}).results[0].i64, 71u);
  EXPECT_EQ(jit.Call("values", {Value::I32(1), Value::I64(10)}).results[0].i64, 28u);
  EXPECT_EQ(jit.Call("values", {Value::I32(2), Value::I64(10)}).results[0].i64, 17u);
}

// Unsigned i32 division and remainder by a constant (multiply by a
// reciprocal, or shift and mask) against C++'s and the interpreter's.
TEST(JitTest, DivRemByConstantsIsExact) {
  if (!jit::Supported()) GTEST_SKIP();
  constexpr const char* kDivConst = "runtime/jit/testdata/divconst.wasm";
  Tiered interp(Tier::kInterp, {}, kDivConst), jit(Tier::kJit, {}, kDivConst);
  EXPECT_EQ(jit.module->jit()->compiled_count(), jit.module->ir().functions.size());
  std::vector<uint32_t> xs = {0, 1, 2, 3, 96, 97, 98, 100, 101, 640, 641, 642, 0x7ffffffe,
                              0x7fffffff, 0x80000000, 0x80000001, 0xfffffffd, 0xfffffffe,
                              0xffffffff};
  uint64_t state = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < 300; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    xs.push_back(uint32_t(state >> 32) >> (i % 32));
  }
  for (uint32_t d : {1u, 2u, 3u, 7u, 10u, 64u, 97u, 101u, 641u, 0x7fffffffu, 0x80000000u,
                     0x80000001u, 0xfffffffeu, 0xffffffffu}) {
    std::string div = absl::StrCat("div_", d), rem = absl::StrCat("rem_", d);
    for (uint32_t x : xs) {
      ExecResult q = jit.Call(div.c_str(), {Value::I32(x)});
      ExecResult r = jit.Call(rem.c_str(), {Value::I32(x)});
      ASSERT_EQ(q.results[0].i32, x / d) << x << " / " << d;
      ASSERT_EQ(r.results[0].i32, x % d) << x << " % " << d;
      // The upper half of the slot is zero, as the interpreter leaves it.
      ASSERT_EQ(q.results[0].i64, interp.Call(div.c_str(), {Value::I32(x)}).results[0].i64);
      ASSERT_EQ(r.results[0].i64, interp.Call(rem.c_str(), {Value::I32(x)}).results[0].i64);
    }
  }
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

// Addresses and float operands taken from register locals and from
// comparisons not yet evaluated, with guard pages and explicit checks.
TEST(JitTest, RegisterLocalsAndComparisonsAsAddressesAndFloatOperands) {
  if (!jit::Supported()) GTEST_SKIP();
  for (BoundsChecks checks : {BoundsChecks::kGuardPages, BoundsChecks::kExplicit}) {
    Tiered jit(Tier::kJit, {}, kTiers, checks);
    for (uint32_t n : {1u, 100u, 16368u}) {
      ExecResult r = jit.Call("walk", {Value::I32(n)});
      ASSERT_EQ(r.trap, TrapCode::kNone) << n;
      // Step k stores n - k at 64 + 4k; s sums them, p ends at 4n. Then
      // (s > 0) + 64 = 65 addresses bytes 1-3 of the first store and byte 0
      // of the second; the comparison s < p and p pass through f32.add as
      // bits (denormals, + 0 keeps them).
      uint32_t s = n * (n + 1) / 2, p = 4 * n;
      uint32_t at65 = (n >> 8) | ((n > 1 ? (n - 1) & 0xFF : 0) << 24);
      EXPECT_EQ(uint32_t(r.results[0].i32), at65 + (s < p ? 1u : 0u) + p) << n;
    }
    EXPECT_EQ(jit.Call("walk", {Value::I32(16369)}).trap, TrapCode::kMemoryOutOfBounds);
  }
  for (uint32_t n : {1u, 100u, 16368u, 16369u}) ExpectSame("walk", {Value::I32(n)});
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
  Tiered interp(Tier::kInterp, {}, kFloats), jit(Tier::kJit, {}, kFloats);
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
    Tiered interp(Tier::kInterp, {}, kFloats), jit(Tier::kJit, {}, kFloats);
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

// The machine code of exported function `name` as Capstone decodes it.
std::vector<jit::X86Instr> Disassembly(const Tiered& t, const std::string& name) {
  for (const Export& e : t.module->ir().exports) {
    if (e.name != name || e.kind != ExternKind::kFunc) continue;
    absl::Span<const uint8_t> code =
        t.module->jit()->code(e.index - t.module->ir().num_imported_funcs);
    EXPECT_FALSE(code.empty()) << name << " is not compiled";
    auto instrs = jit::DisassembleX86(code);
    EXPECT_TRUE(instrs.ok()) << instrs.status();
    return instrs.ok() ? *instrs : std::vector<jit::X86Instr>{};
  }
  ADD_FAILURE() << "no export " << name;
  return {};
}

bool Uses(const std::vector<jit::X86Instr>& code, const std::string& mnemonic) {
  for (const jit::X86Instr& in : code) {
    if (in.mnemonic == mnemonic) return true;
  }
  return false;
}

// CPU features from cpuid (LZCNT: 0x80000001 ECX bit 5; BMI1: leaf 7 EBX
// bit 3; POPCNT: leaf 1 ECX bit 23).
struct CpuFeatures {
  bool lzcnt = false, bmi1 = false, popcnt = false;
  CpuFeatures() {
    unsigned a, b, c, d;
    if (__get_cpuid(0x80000001, &a, &b, &c, &d)) lzcnt = c & (1u << 5);
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) bmi1 = b & (1u << 3);
    if (__get_cpuid(1, &a, &b, &c, &d)) popcnt = c & (1u << 23);
  }
};

bool Baseline() { return std::getenv("WASMRT_JIT_BASELINE_X86") != nullptr; }

// Edge cases, then pseudo-random values (splitmix64) of every bit length.
std::vector<uint64_t> BitInputs() {
  std::vector<uint64_t> v{0, 1, 2, 3, ~0ull, 0x80000000u, 0xFFFFFFFFu, 0x100000000ull,
                          0x8000000000000000ull, 0x7FFFFFFFFFFFFFFFull, 0xF0F0F0F0F0F0F0F0ull};
  uint64_t s = 12345;
  for (int i = 0; i < 200; ++i) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    v.push_back(z >> (i % 64));  // a shorter value every step
  }
  return v;
}

// clz, ctz and popcnt compile on any x86-64 (with the baseline sequences
// where the CPU lacks LZCNT, BMI1 or POPCNT) and count as their definition.
TEST(JitTest, BitCountsCompileAndMatchTheirDefinition) {
  if (!jit::Supported()) GTEST_SKIP();
  Tiered jit(Tier::kJit, {}, kOps);
  EXPECT_EQ(jit.module->jit()->compiled_count(), jit.module->ir().functions.size());
  for (uint64_t x : BitInputs()) {
    uint32_t x32 = uint32_t(x);
    EXPECT_EQ(jit.Call("clz32", {Value::I32(x32)}).results[0].i32, std::countl_zero(x32)) << x;
    EXPECT_EQ(jit.Call("ctz32", {Value::I32(x32)}).results[0].i32, std::countr_zero(x32)) << x;
    EXPECT_EQ(jit.Call("popcnt32", {Value::I32(x32)}).results[0].i32, std::popcount(x32)) << x;
    EXPECT_EQ(jit.Call("clz64", {Value::I64(x)}).results[0].i64, std::countl_zero(x)) << x;
    EXPECT_EQ(jit.Call("ctz64", {Value::I64(x)}).results[0].i64, std::countr_zero(x)) << x;
    EXPECT_EQ(jit.Call("popcnt64", {Value::I64(x)}).results[0].i64, std::popcount(x)) << x;
    uint64_t y = ~x * 0x9E3779B97F4A7C15ull;
    uint64_t want = uint64_t(std::countl_zero(x) + std::popcount(y)) * (std::countr_zero(x) + 1) +
                    uint64_t(std::countl_zero(uint32_t(y)) ^ std::popcount(x32));
    EXPECT_EQ(jit.Call("mixed", {Value::I64(x), Value::I64(y)}).results[0].i64, want) << x;
  }
  ExpectSame("mixed", {Value::I64(0), Value::I64(~0ull)}, -1, {}, kOps);
}

// LZCNT and TZCNT decode as BSR and BSF on a CPU without them and give
// other results: the code holds only instructions this CPU has (or none
// of the three when the baseline is forced).
TEST(JitTest, BitCountsUseOnlyInstructionsTheCpuHas) {
  if (!jit::Supported()) GTEST_SKIP();
  CpuFeatures cpu;
  bool base = Baseline();
  // Under bazel, the baseline target really runs with the baseline forced.
  const char* target = std::getenv("TEST_TARGET");
  if (target != nullptr && std::string(target).ends_with(":jit_baseline_test")) {
    EXPECT_TRUE(base) << "WASMRT_JIT_BASELINE_X86 is not set for " << target;
  }
  Tiered jit(Tier::kJit, {}, kOps);
  for (const char* f : {"clz32", "clz64"}) {
    EXPECT_EQ(Uses(Disassembly(jit, f), "lzcnt"), cpu.lzcnt && !base) << f;
    EXPECT_EQ(Uses(Disassembly(jit, f), "bsr"), !cpu.lzcnt || base) << f;
  }
  for (const char* f : {"ctz32", "ctz64"}) {
    EXPECT_EQ(Uses(Disassembly(jit, f), "tzcnt"), cpu.bmi1 && !base) << f;
    EXPECT_EQ(Uses(Disassembly(jit, f), "bsf"), !cpu.bmi1 || base) << f;
  }
  for (const char* f : {"popcnt32", "popcnt64"}) {
    EXPECT_EQ(Uses(Disassembly(jit, f), "popcnt"), cpu.popcnt && !base) << f;
  }
}

// Floats stay in xmm registers between float instructions: fkernel.wat
// agrees with the interpreter bit for bit (results, NaNs, fuel), and its
// code never moves a value between an xmm register and an operand
// register (only constants pass through rax).
TEST(JitTest, FloatKernelKeepsItsValuesInXmmRegisters) {
  if (!jit::Supported()) GTEST_SKIP();
  for (uint32_t n : {0u, 1u, 7u, 300u}) {
    // 0, 1.25, -3.5, a signalling NaN with a payload, -inf.
    for (uint64_t seed : {0x0ull, 0x3FF4000000000000ull, 0xC00C000000000000ull,
                          0x7FF4000000000001ull, 0xFFF0000000000000ull}) {
      ExpectSame("fkernel", {Value::I32(n), Value::F64Bits(seed)}, -1, {}, kFkernel);
    }
  }
  Tiered jit(Tier::kJit, {}, kFkernel);
  int sse = 0;
  for (const jit::X86Instr& i : Disassembly(jit, "fkernel")) {
    if (i.operands.find("xmm") == std::string::npos) continue;
    ++sse;
    if (i.mnemonic != "movq" && i.mnemonic != "movd") continue;
    bool memory = i.operands.find("ptr") != std::string::npos;
    bool scratch = i.operands.find("rax") != std::string::npos ||
                   i.operands.find("eax") != std::string::npos;
    EXPECT_TRUE(memory || scratch) << i.offset << ": " << i.mnemonic << " " << i.operands;
  }
  EXPECT_GT(sse, 30);
}

// Bytes of a memory operand ("dword ptr [...]"), 0 when none is named.
uint32_t AccessSize(const std::string& operands) {
  for (auto [prefix, size] : {std::pair<const char*, uint32_t>{"byte ptr", 1}, {"word ptr", 2},
                              {"dword ptr", 4}, {"qword ptr", 8}}) {
    size_t at = operands.find(prefix);
    // "word ptr" is also the tail of "dword ptr" and "qword ptr".
    if (at != std::string::npos && (at == 0 || operands[at - 1] == ' ')) return size;
  }
  return operands.find("xmmword ptr") != std::string::npos ? 16 : 0;
}

// Every access to linear memory (addressed from r12, the memory base) is
// checked right before it: lea rcx, [rax + SIZE] with SIZE the access's
// width, cmp rcx, r13 (the memory's size), ja to a stub that traps with
// kMemoryOutOfBounds.
TEST(JitTest, EveryMemoryAccessIsBoundsCheckedForItsWidth) {
  if (!jit::Supported()) GTEST_SKIP();
  int checked = 0;
  std::set<uint32_t> widths;
  for (const char* path : {kTiers, kOps, kSimd}) {
    Tiered jit(Tier::kJit, {}, path, BoundsChecks::kExplicit);
    for (const Export& e : jit.module->ir().exports) {
      if (e.kind != ExternKind::kFunc) continue;
      uint32_t defined = e.index - jit.module->ir().num_imported_funcs;
      if (jit.module->jit()->code(defined).empty()) continue;
      std::vector<jit::X86Instr> code = Disassembly(jit, e.name);
      std::map<uint32_t, size_t> at;  // offset -> instruction
      for (size_t i = 0; i < code.size(); ++i) at[code[i].offset] = i;
      for (size_t i = 0; i < code.size(); ++i) {
        if (code[i].operands.find("[r12") == std::string::npos) continue;
        std::string where = e.name + " at " + std::to_string(code[i].offset) + ": " +
                            code[i].mnemonic + " " + code[i].operands;
        uint32_t size = AccessSize(code[i].operands);
        // [r12 + rax] or [r12 + rax + offset]: rax + offset + size is checked.
        size_t at_rax = code[i].operands.find("[r12 + rax");
        ASSERT_NE(at_rax, std::string::npos) << where;
        std::string rest = code[i].operands.substr(at_rax + 10);
        uint64_t offset = rest.rfind(" + ", 0) == 0 ? std::stoull(rest.substr(3), nullptr, 0) : 0;
        ASSERT_GE(i, 3u) << where;
        ASSERT_NE(size, 0u) << where;
        widths.insert(size);
        std::ostringstream end;
        end << "lea rcx, [rax + " << (offset + size < 10 ? std::dec : std::hex)
            << (offset + size < 10 ? "" : "0x") << offset + size << "]";
        EXPECT_EQ(code[i - 3].mnemonic + " " + code[i - 3].operands, end.str()) << where;
        EXPECT_EQ(code[i - 2].mnemonic + " " + code[i - 2].operands, "cmp rcx, r13") << where;
        ASSERT_EQ(code[i - 1].mnemonic, "ja") << where;
        uint32_t target = uint32_t(std::stoul(code[i - 1].operands, nullptr, 0));
        ASSERT_TRUE(at.count(target)) << where;
        const jit::X86Instr& stub = code[at[target]];
        ASSERT_EQ(stub.mnemonic + " " + stub.operands.substr(0, 5), "mov eax, ") << where;
        EXPECT_EQ(std::stoul(stub.operands.substr(5), nullptr, 0),
                  unsigned(TrapCode::kMemoryOutOfBounds)) << where;
        ++checked;
      }
    }
  }
  // tiers: mix (2), load, grow (2), walk (3); ops: widths (8); simd: fill,
  // 13 loads in 2 forms, 8 lane loads, 8 lane stores and 1 store each read
  // back.
  EXPECT_EQ(checked, 16 + 1 + 26 + 8 + 16 + 2);
  EXPECT_EQ(widths, (std::set<uint32_t>{1, 2, 4, 8, 16}));
  ExpectSame("widths", {Value::I32(100)}, -1, {}, kOps);
  ExpectSame("widths", {Value::I32(65530)}, -1, {}, kOps);
}

// v128 inputs: lanes of every width at their edges (the float patterns
// above: NaNs of both kinds and signs, zeros, infinities, conversion
// bounds; integer minima and maxima) and pseudo-random bytes, mixed.
std::vector<V128> VecInputs() {
  std::vector<V128> v;
  uint64_t s = 777;
  auto next = [&] {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  static const uint16_t kWords[] = {0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x8001, 0x00FF, 0xFF80};
  static const uint8_t kBytes[] = {0, 1, 0x7F, 0x80, 0xFF, 0x81, 0x10, 0x0F};
  for (int i = 0; i < 600; ++i) {
    V128 x;
    uint64_t kind = next() % 6;
    for (int chunk = 0; chunk < 16;) {
      uint64_t r = next();
      // Every pattern but case 1's fills 8 bytes; the last 4 take case 1.
      uint64_t pattern = 16 - chunk < 8 ? 1 : (kind + chunk) % 6;
      switch (pattern) {
        case 0:
          for (int k = 0; k < 8; ++k, ++chunk) x.bytes[chunk] = uint8_t(r >> (8 * k));
          break;
        case 1: case 4: {
          uint32_t b = Bits32()[r % Bits32().size()];
          std::memcpy(x.bytes + chunk, &b, 4);
          chunk += 4;
          break;
        }
        case 2: case 5: {
          uint64_t b = Bits64()[r % Bits64().size()];
          std::memcpy(x.bytes + chunk, &b, 8);
          chunk += 8;
          break;
        }
        default:
          for (int k = 0; k < 4; ++k, chunk += 2) {
            uint16_t w = (r >> (8 * k)) & 1 ? kWords[(r >> (8 * k + 1)) % 8]
                                             : uint16_t(kBytes[(r >> (8 * k + 1)) % 8] *
                                                        0x0101);
            std::memcpy(x.bytes + chunk, &w, 2);
          }
          break;
      }
    }
    v.push_back(x);
  }
  return v;
}

// Every export of simd.wasm (gen_simd.py) on pseudo-random combinations of
// the inputs above (scalars: the float patterns, shift counts, addresses
// near the memory's end): the same result bits, or the same trap and
// message, and the same fuel, in both tiers and with both kinds of bounds
// checks. Functions run in the same order in both, so the global and the
// memory they change stay equal.
TEST(JitTest, SimdMatchesTheInterpreterBitForBit) {
  if (!jit::Supported()) GTEST_SKIP();
  const std::vector<V128> vecs = VecInputs();
  std::vector<uint64_t> i32s(Bits32().begin(), Bits32().end());
  for (uint32_t n : {2u, 5u, 8u, 9u, 16u, 33u, 65u, 65519u, 65520u, 65521u, 65527u, 65528u,
                     65530u, 65532u, 65533u, 65534u, 65535u, 65536u, 0xFFFFFFF0u}) {
    i32s.push_back(n);
  }
  for (BoundsChecks checks : {BoundsChecks::kGuardPages, BoundsChecks::kExplicit}) {
    Tiered interp(Tier::kInterp, {}, kSimd, checks), jit(Tier::kJit, {}, kSimd, checks);
    ASSERT_NE(jit.module->jit(), nullptr);
    Xbyak::util::Cpu cpu;
    if (cpu.has(Xbyak::util::Cpu::tSSE41) && cpu.has(Xbyak::util::Cpu::tSSSE3) &&
        cpu.has(Xbyak::util::Cpu::tSSE42)) {
      EXPECT_EQ(jit.module->jit()->compiled_count(), jit.module->ir().functions.size());
    }
    interp.Call("fill", {});
    jit.Call("fill", {});
    uint64_t s = 99;
    int failures = 0, calls = 0;
    std::map<std::string, int> failing;  // per function
    for (const Export& e : jit.module->ir().exports) {
      if (e.kind != ExternKind::kFunc || e.name == "fill") continue;
      const FuncType& type = FunctionType(jit.instance->GetExport(e.name)->func());
      for (int k = 0; k < 250; ++k) {
        std::vector<Value> args;
        for (ValType t : type.params) {
          s = s * 6364136223846793005ull + 1442695040888963407ull;
          uint64_t r = s >> 11;
          switch (t) {
            case ValType::kV128: args.push_back(Value::Vec(vecs[r % vecs.size()])); break;
            case ValType::kI32: args.push_back(Value::I32(uint32_t(i32s[r % i32s.size()]))); break;
            case ValType::kF32: args.push_back(Value::F32Bits(Bits32()[r % Bits32().size()])); break;
            case ValType::kI64: args.push_back(Value::I64(Bits64()[r % Bits64().size()])); break;
            default: args.push_back(Value::F64Bits(Bits64()[r % Bits64().size()])); break;
          }
        }
        ++calls;
        ExecResult x = interp.Call(e.name.c_str(), args), y = jit.Call(e.name.c_str(), args);
        bool same = x.trap == y.trap && x.trap_message == y.trap_message &&
                    x.fuel_used == y.fuel_used && x.results.size() == y.results.size();
        for (size_t i = 0; same && i < x.results.size(); ++i) {
          same = x.results[i].type == ValType::kV128 ? x.results[i].v128 == y.results[i].v128
                                                      : x.results[i].i64 == y.results[i].i64;
        }
        if (!same) ++failing[e.name];
        if (!same && ++failures <= 20) {
          auto show = [](const std::vector<Value>& vs) {
            std::string out;
            for (const Value& v : vs) {
              if (v.type != ValType::kV128) {
                absl::StrAppend(&out, absl::Hex(v.i64), " ");
                continue;
              }
              for (int b = 15; b >= 0; --b) absl::StrAppend(&out, absl::Hex(v.v128.bytes[b], absl::kZeroPad2));
              absl::StrAppend(&out, " ");
            }
            return out;
          };
          ADD_FAILURE() << e.name << "(" << show(args) << "): interp " << x.trap_message << " "
                        << show(x.results) << ", jit " << y.trap_message << " "
                        << show(y.results);
        }
      }
    }
    std::string names;
    for (const auto& [name, n] : failing) absl::StrAppend(&names, " ", name, ":", n);
    EXPECT_EQ(failures, 0) << "of " << calls << " calls; failing:" << names;
    EXPECT_GT(calls, 100000);
  }
}

// Without fuel checks the compiled code charges nothing (no r15 budget
// arithmetic) and computes the same; a call that asks for a limit it could
// not enforce is refused.
TEST(JitTest, WithoutFuelChecksTheCodeChargesNothingAndLimitsAreRefused) {
  if (!jit::Supported()) GTEST_SKIP();
  Tiered metered(Tier::kJit), bare(Tier::kJit, {}, kTiers, BoundsChecks::kGuardPages, false);
  EXPECT_TRUE(metered.module->jit()->fuel_checks());
  EXPECT_FALSE(bare.module->jit()->fuel_checks());
  auto budget_ops = [](const std::vector<jit::X86Instr>& code) {
    int n = 0;
    for (const jit::X86Instr& i : code) n += i.mnemonic == "sub" && i.operands.rfind("r15,", 0) == 0;
    return n;
  };
  for (const char* f : {"fib", "mix", "keeps"}) {
    EXPECT_GT(budget_ops(Disassembly(metered, f)), 0) << f;
    EXPECT_EQ(budget_ops(Disassembly(bare, f)), 0) << f;
  }
  for (const char* f : {"fib", "mix", "keeps", "walk"}) {
    ExecResult want = metered.Call(f, {Value::I32(20)}), got = bare.Call(f, {Value::I32(20)});
    EXPECT_EQ(got.trap, want.trap) << f;
    ASSERT_EQ(got.results.size(), want.results.size()) << f;
    EXPECT_EQ(got.results[0].i64, want.results[0].i64) << f;
  }
  auto fib = bare.instance->GetExport("fib")->func();
  std::atomic<bool> stop{false};
  for (CallOptions limited : {CallOptions{.fuel = 1000},
                              CallOptions{.deadline = std::chrono::steady_clock::now()},
                              CallOptions{.interrupt = &stop}}) {
    auto r = bare.store.Call(fib, {Value::I32(20)}, limited);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
  }
}

}  // namespace
}  // namespace wasmrt

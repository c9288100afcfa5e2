// Fused operations (runtime/interp/fuser.h) behave exactly like the
// instruction sequences they replace: testdata/fusion.wat pairs each fused
// function f_NAME with u_NAME, the same computation with every operand
// routed through an identity call so that nothing fuses. Results and traps
// (code and the function named) must agree on every input.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/engine/engine.h"

namespace wasmrt {
namespace {

class FusionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in("runtime/engine/testdata/fusion.wasm", std::ios::binary);
    ASSERT_TRUE(in.good());
    std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
    store_ = std::make_unique<Store>(StoreConfig{});
    auto module = CompileModule(bytes);
    ASSERT_TRUE(module.ok()) << module.status();
    Linker linker;
    auto imports = linker.Resolve(**module);
    ASSERT_TRUE(imports.ok()) << imports.status();
    auto inst = store_->Instantiate(*module, *imports);
    ASSERT_TRUE(inst.ok()) << inst.status();
    instance_ = *inst;
  }

  ExecResult Call(const std::string& name, std::vector<Value> args,
                  const CallOptions& options = {}) {
    auto f = instance_->GetExport(name);
    EXPECT_TRUE(f.has_value()) << name;
    auto r = store_->Call(f->func(), args, options);
    EXPECT_TRUE(r.ok()) << r.status();
    return *r;
  }

  // Runs f_NAME and u_NAME on `args`; expects the same outcome.
  void ExpectSame(const std::string& name, std::vector<Value> args) {
    ExecResult f = Call("f_" + name, args);
    ExecResult u = Call("u_" + name, args);
    ASSERT_EQ(f.trap, u.trap) << name << ": " << f.trap_message;
    if (f.trap != TrapCode::kNone) {
      // The trap names the fused function itself.
      EXPECT_NE(f.trap_message.find("in $f_" + name + " (func"), std::string::npos)
          << f.trap_message;
      return;
    }
    ASSERT_EQ(f.results.size(), 1u);
    ASSERT_EQ(u.results.size(), 1u);
    EXPECT_EQ(f.results[0].type, u.results[0].type);
    EXPECT_EQ(f.results[0].i64, u.results[0].i64) << name;
  }

  std::unique_ptr<Store> store_;
  ModuleInstance* instance_ = nullptr;
};

TEST_F(FusionTest, CountedLoopAgrees) {
  for (uint32_t a : {0u, 1u, 7u, 0x9E3779B9u}) {
    for (uint32_t b : {0u, 1u, 2u, 100u}) {
      ExpectSame("loop", {Value::I32(a), Value::I32(b)});
    }
  }
  // A value worked by hand: a = 1, b = 2 sums (0^0)/1 + (1^8)/2 = 4.
  EXPECT_EQ(Call("f_loop", {Value::I32(1), Value::I32(2)}).results[0].i32, 4u);
}

TEST_F(FusionTest, DivisionTrapsInsideFusedOpsNameTheFunction) {
  const uint32_t kMin = 0x80000000u;
  for (uint32_t a : {0u, 5u, 100u, kMin, 0xFFFFFFF9u}) {
    for (uint32_t b : {0u, 1u, 3u, 0xFFFFFFFFu}) {
      ExpectSame("div", {Value::I32(a), Value::I32(b)});
    }
  }
  ExecResult r = Call("f_div", {Value::I32(1), Value::I32(0)});
  EXPECT_EQ(r.trap, TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(r.trap_message.rfind("integer divide by zero in $f_div", 0), 0u)
      << r.trap_message;
  r = Call("f_div", {Value::I32(kMin), Value::I32(0xFFFFFFFFu)});
  EXPECT_EQ(r.trap, TrapCode::kIntegerOverflow);
}

TEST_F(FusionTest, WideIntegerAndFloatFormsAgree) {
  for (uint64_t x : {0ull, 3ull, 1000ull, 0x8000000000000000ull, ~0ull}) {
    for (uint64_t y : {0ull, 1ull, 7ull, 12345678901ull}) {
      ExpectSame("wide", {Value::I64(x), Value::I64(y)});
    }
  }
}

TEST_F(FusionTest, LoadsAndStoresAgreeAndTrapOutOfBounds) {
  for (uint32_t p : {0u, 8u, 1000u, 65536u - 16u, 65536u - 9u, 65536u - 4u, 0xFFFFFFF0u}) {
    for (uint32_t v : {0u, 0x12345678u, 0xFFFFFFFFu}) {
      ExpectSame("mem", {Value::I32(p), Value::I32(v)});
    }
  }
  ExecResult r = Call("f_mem", {Value::I32(65536u - 4u), Value::I32(1)});
  EXPECT_EQ(r.trap, TrapCode::kMemoryOutOfBounds);
}

TEST_F(FusionTest, MemoryOperandsAndReachBackAgreeAndTrapOutOfBounds) {
  for (uint32_t p : {0u, 8u, 1000u, 65536u - 48u, 65536u - 40u, 65536u - 8u, 0xFFFFFFF0u}) {
    for (uint32_t q : {0u, 8u, 16u}) {
      ExpectSame("fmem", {Value::I32(p), Value::I32(q)});
    }
  }
  // p = 0, q = 8: t = 8; [24] = 1.5 * [8] + [24] = 1.5 * 2.25 + 0.5 ... worked
  // by hand: [8] = 2.25, [16] = 0.5 (then [t+16] = [24] = 0.5), so
  // [t+24] = [32] = 1.5 * 2.25 + 0.5 = 3.875; a = 1.5 - [24] = 1.0; the store
  // at old t + 32 = [40] = 1.0; result [40] + [32] = 1.0 + 3.875.
  ExecResult r = Call("f_fmem", {Value::I32(0), Value::I32(8)});
  ASSERT_TRUE(r.ok()) << r.trap_message;
  EXPECT_EQ(r.results[0].f64, 4.875);
  r = Call("f_fmem", {Value::I32(65536u - 40u), Value::I32(16)});
  EXPECT_EQ(r.trap, TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(r.trap_message.rfind("out of bounds memory access in $f_fmem", 0), 0u)
      << r.trap_message;
}

TEST_F(FusionTest, SimdLocalAndConstantOperandsAgree) {
  for (uint32_t p : {0u, 8u, 1000u, 65536u - 32u, 65536u - 31u, 0xFFFFFFF8u}) {
    ExpectSame("simd", {Value::I32(p)});
  }
  ExecResult r = Call("f_simd", {Value::I32(65536u - 20u)});
  EXPECT_EQ(r.trap, TrapCode::kMemoryOutOfBounds);
}

TEST_F(FusionTest, DirectCallsZeroLocalsReadBeforeWritten) {
  for (uint32_t x : {0u, 1u, 0xDEADBEEFu}) {
    ExpectSame("zero", {Value::I32(x)});
    // $reader returns $m (0) + $l (x), although $dirty left x in $m's slot.
    EXPECT_EQ(Call("f_zero", {Value::I32(x)}).results[0].i32, x);
  }
  ExecResult r = Call("f_deep", {Value::I32(0)});
  EXPECT_EQ(r.trap, TrapCode::kCallStackExhausted);
  ExpectSame("deep", {Value::I32(0)});
}

TEST_F(FusionTest, LoopCounterOpsAgree) {
  for (uint32_t x : {0u, 1u, 39u, 40u, 100u, 0xFFFFFFF0u, 0xFFFFFFFFu}) {
    ExpectSame("count", {Value::I32(x)});
  }
}

TEST_F(FusionTest, ChainedPairsAndDroppedExtensionsAgree) {
  for (uint32_t a : {0u, 1u, 31u, 0x80000000u, 0xFFFFFFFFu, 0x12345678u}) {
    for (uint32_t b : {0u, 1u, 33u, 0x80000001u, 0xFFFFFFFFu}) {
      for (uint64_t c : {0ull, ~0ull, 0x8000000000000001ull, 12345678901ull}) {
        ExpectSame("chain", {Value::I32(a), Value::I32(b), Value::I64(c)});
      }
    }
  }
  // Worked by hand for a = 0, b = 0, c = ~0: the i32 part is ~b =
  // 0xFFFFFFFF, zero-extended; minus rotl(c, 13) = ~0 gives 0x100000000;
  // and (c >>s c) = ~0 keeps it; or (0 <u 1) = 1; xor (0 >>s 0) = 0.
  ExecResult r = Call("f_chain", {Value::I32(0), Value::I32(0), Value::I64(~0ull)});
  ASSERT_TRUE(r.ok()) << r.trap_message;
  EXPECT_EQ(r.results[0].i64, 0x100000001ull);
}

TEST_F(FusionTest, SelectWithLocalAndConstantValuesAgrees) {
  for (uint32_t a : {0u, 1u, 0xFFFFFFFFu, 0x80000000u}) {
    for (uint32_t b : {0u, 3u, 4u, 0xFFFFFFFFu}) {
      for (uint64_t c : {0ull, ~0ull, 0x8000000000000001ull}) {
        ExpectSame("select", {Value::I32(a), Value::I32(b), Value::I64(c)});
      }
    }
  }
  // By hand for a = 0, b = 0, c = 0: 5 + 0 (a == 0 picks a) = 5; xor 9
  // (b == 0) = 12; xor c (b == 0) = 12; + -7 (a == 0) = 5; - 0 (b = 1
  // picks a = 0) = 5.
  ExecResult r = Call("f_select", {Value::I32(0), Value::I32(0), Value::I64(0)});
  ASSERT_TRUE(r.ok()) << r.trap_message;
  EXPECT_EQ(r.results[0].i64, 5u);
}

TEST_F(FusionTest, FuelCountsWasmInstructionsExactly) {
  CallOptions opts;
  opts.fuel = 1000000;
  // Counted by hand from fusion.wat ("end" is not an instruction).
  EXPECT_EQ(Call("f_fmem", {Value::I32(0), Value::I32(8)}, opts).fuel_used, 51);
  EXPECT_EQ(Call("f_simd", {Value::I32(0)}, opts).fuel_used, 35);
  // f_zero 5, $dirty 11, $reader 5.
  EXPECT_EQ(Call("f_zero", {Value::I32(3)}, opts).fuel_used, 21);
  // Chained pairs, dropped extensions and a dropped self-copy still count.
  EXPECT_EQ(Call("f_chain", {Value::I32(1), Value::I32(2), Value::I64(3)}, opts)
                .fuel_used,
            50);
  // Fused selects still count their dropped local.gets and constants.
  EXPECT_EQ(Call("f_select", {Value::I32(1), Value::I32(2), Value::I64(3)}, opts)
                .fuel_used,
            41);
  // A trap forfeits the unfinished run: exactly the runs completed before.
  opts.fuel = 50;
  EXPECT_EQ(Call("f_fmem", {Value::I32(0), Value::I32(8)}, opts).trap,
            TrapCode::kFuelExhausted);
  opts.fuel = 51;
  EXPECT_TRUE(Call("f_fmem", {Value::I32(0), Value::I32(8)}, opts).ok());
}

}  // namespace
}  // namespace wasmrt

#include "runtime/code/semantics.h"

#include <cmath>
#include <cstdint>
#include <bit>
#include <limits>

#include "gtest/gtest.h"

namespace wasmrt::sem {
namespace {

TEST(TruncInRange, I32FromF32Bounds) {
  EXPECT_TRUE((TruncInRange<int32_t, float>(-2147483648.0f)));
  EXPECT_FALSE((TruncInRange<int32_t, float>(2147483648.0f)));
  EXPECT_TRUE((TruncInRange<int32_t, float>(2147483520.0f)));  // largest f32 < 2^31
  EXPECT_FALSE((TruncInRange<int32_t, float>(-2147483904.0f)));
}

TEST(TruncInRange, I32FromF64IsExclusiveBelowMinMinusOne) {
  EXPECT_TRUE((TruncInRange<int32_t, double>(-2147483648.9)));
  EXPECT_FALSE((TruncInRange<int32_t, double>(-2147483649.0)));
  EXPECT_TRUE((TruncInRange<int32_t, double>(2147483647.9)));
  EXPECT_FALSE((TruncInRange<int32_t, double>(2147483648.0)));
}

TEST(TruncInRange, UnsignedAcceptsNegativeFractionsOnly) {
  EXPECT_TRUE((TruncInRange<uint32_t, double>(-0.9)));
  EXPECT_FALSE((TruncInRange<uint32_t, double>(-1.0)));
  EXPECT_TRUE((TruncInRange<uint32_t, double>(4294967295.9)));
  EXPECT_FALSE((TruncInRange<uint32_t, double>(4294967296.0)));
  EXPECT_FALSE((TruncInRange<uint64_t, double>(18446744073709551616.0)));
  EXPECT_TRUE((TruncInRange<uint64_t, double>(18446744073709549568.0)));
}

TEST(TruncInRange, NanIsNeverInRange) {
  EXPECT_FALSE((TruncInRange<int64_t, double>(std::nan(""))));
  EXPECT_FALSE((TruncInRange<uint32_t, float>(std::nanf(""))));
}

TEST(TruncSat, ClampsAndMapsNanToZero) {
  EXPECT_EQ((TruncSat<int32_t, float>(std::nanf(""))), 0);
  EXPECT_EQ((TruncSat<int32_t, double>(1e300)), INT32_MAX);
  EXPECT_EQ((TruncSat<int32_t, double>(-1e300)), INT32_MIN);
  EXPECT_EQ((TruncSat<uint64_t, float>(-5.0f)), 0u);
  EXPECT_EQ((TruncSat<uint64_t, double>(1e20)), UINT64_MAX);
  EXPECT_EQ((TruncSat<int64_t, double>(-3.7)), -3);
}

TEST(MinMax, SignedZerosAreOrdered) {
  EXPECT_TRUE(std::signbit(Min(0.0, -0.0)));
  EXPECT_TRUE(std::signbit(Min(-0.0, 0.0)));
  EXPECT_FALSE(std::signbit(Max(-0.0, 0.0)));
  EXPECT_FALSE(std::signbit(Max(0.0f, -0.0f)));
}

TEST(MinMax, NanPropagates) {
  EXPECT_TRUE(std::isnan(Min(1.0, std::nan(""))));
  EXPECT_TRUE(std::isnan(Max(std::nanf(""), 1.0f)));
  EXPECT_EQ(Min(1.0, 2.0), 1.0);
  EXPECT_EQ(Max(1.0f, 2.0f), 2.0f);
}

}  // namespace
}  // namespace wasmrt::sem

namespace wasmrt::sem {
namespace {

// A signalling NaN (quiet bit clear) must come out quiet from the rounding
// functions: regression for f32.wast floor/ceil/trunc of nan:0x200000.
TEST(Rounding, SignallingNanBecomesQuiet) {
  float snan = std::bit_cast<float>(0x7FA00000u);
  EXPECT_EQ(std::bit_cast<uint32_t>(Floor(snan)) & 0x00400000u, 0x00400000u);
  EXPECT_EQ(std::bit_cast<uint32_t>(Ceil(snan)) & 0x00400000u, 0x00400000u);
  EXPECT_EQ(std::bit_cast<uint32_t>(Trunc(snan)) & 0x00400000u, 0x00400000u);
  double dsnan = std::bit_cast<double>(0x7FF4000000000000ull);
  EXPECT_TRUE(std::isnan(Nearest(dsnan)));
  EXPECT_NE(std::bit_cast<uint64_t>(Nearest(dsnan)) & (1ull << 51), 0u);
  EXPECT_EQ(Nearest(2.5), 2.0);
  EXPECT_EQ(Nearest(-3.5f), -4.0f);
  EXPECT_EQ(Trunc(-1.7), -1.0);
}

TEST(Division, TrapsOnZeroAndOnSignedOverflow) {
  EXPECT_EQ(TrapOf(DivS<int32_t>(7, 0)), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(TrapOf(DivS<int32_t>(INT32_MIN, -1)), TrapCode::kIntegerOverflow);
  EXPECT_EQ(ValueOf(DivS<int32_t>(-7, 2)), -3);  // truncates toward zero
  EXPECT_EQ(TrapOf(DivU<uint64_t>(1, 0)), TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(TrapOf(RemS<int64_t>(INT64_MIN, -1)), TrapCode::kNone);
  EXPECT_EQ(ValueOf(RemS<int64_t>(INT64_MIN, -1)), 0);
  EXPECT_EQ(ValueOf(RemS<int32_t>(-7, 2)), -1);  // sign of the dividend
  EXPECT_EQ(TrapOf(RemU<uint32_t>(1, 0)), TrapCode::kIntegerDivideByZero);
}

TEST(Shifts, CountIsModuloTheWidth) {
  EXPECT_EQ(Shl<uint32_t>(1, 33), 2u);
  EXPECT_EQ(Shl<uint64_t>(1, 65), 2u);
  EXPECT_EQ(Shr<int32_t>(-8, 33), -4);  // arithmetic
  EXPECT_EQ(Shr<uint32_t>(0x80000000u, 31), 1u);
  EXPECT_EQ(Rotl<uint32_t>(0x80000001u, 33), 3u);
  EXPECT_EQ(Rotr<uint64_t>(1, 64 + 1), 0x8000000000000000ull);
}

TEST(Bits, SignOperationsKeepNanPayloads) {
  EXPECT_EQ(FAbs<uint32_t>(0xFFC00001u), 0x7FC00001u);
  EXPECT_EQ(FNeg<uint64_t>(0x7FF0000000000001ull), 0xFFF0000000000001ull);
  EXPECT_EQ(CopySign<uint32_t>(0x7FC00001u, 0x80000000u), 0xFFC00001u);
  EXPECT_EQ((ExtendS<int8_t, uint32_t>(0x80u)), 0xFFFFFF80u);
  EXPECT_EQ((ExtendS<int32_t, uint64_t>(0x80000000u)), 0xFFFFFFFF80000000ull);
}

// Two NaNs: the first wins, quieted, whatever order the compiler chose
// for the commutative operations (both tiers rely on this rule).
TEST(NanResults, TheFirstNanOperandQuieted) {
  auto f32 = [](uint32_t bits) { return std::bit_cast<float>(bits); };
  auto bits32 = [](float f) { return std::bit_cast<uint32_t>(f); };
  auto f64 = [](uint64_t bits) { return std::bit_cast<double>(bits); };
  auto bits64 = [](double d) { return std::bit_cast<uint64_t>(d); };
  float sa = f32(0x7FA00001u), qb = f32(0xFFC00002u);  // signalling, quiet
  EXPECT_EQ(bits32(Add(sa, qb)), 0x7FE00001u);
  EXPECT_EQ(bits32(Add(qb, sa)), 0xFFC00002u);
  EXPECT_EQ(bits32(Mul(qb, sa)), 0xFFC00002u);
  EXPECT_EQ(bits32(Mul(1.0f, sa)), 0x7FE00001u);
  EXPECT_EQ(bits32(Min(sa, qb)), 0x7FE00001u);
  EXPECT_EQ(bits32(Max(2.0f, qb)), 0xFFC00002u);
  double da = f64(0x7FF4000000000001ull), db = f64(0xFFF8000000000002ull);
  EXPECT_EQ(bits64(Add(da, db)), 0x7FFC000000000001ull);
  EXPECT_EQ(bits64(Mul(db, da)), 0xFFF8000000000002ull);
  EXPECT_EQ(bits64(Max(db, da)), 0xFFF8000000000002ull);
  EXPECT_TRUE(std::isnan(Add(INFINITY, -INFINITY)));  // the hardware's own NaN
}

TEST(Ops, BindEachInstructionToItsHelperAndTypes) {
  EXPECT_EQ(op::I32ShrS::Apply(0x80000000u, 4), 0xF8000000u);  // signed operand type
  EXPECT_EQ(op::I32ShrU::Apply(0x80000000u, 4), 0x08000000u);
  EXPECT_TRUE(op::I64LtS::Apply(-1, 0));
  EXPECT_FALSE(op::I64LtU::Apply(uint64_t(-1), 0));
  EXPECT_EQ(TrapOf(op::I32TruncF32S::Apply(2147483648.0f)), TrapCode::kIntegerOverflow);
  EXPECT_EQ(TrapOf(op::I64TruncF64U::Apply(std::nan(""))), TrapCode::kInvalidConversion);
  EXPECT_EQ(op::I64Load8S::Apply(int8_t(-2)), -2);
  EXPECT_EQ(op::I64Store16::Apply(0x12345678ull), 0x5678u);
  static_assert(kI32Result<op::I64Eq> && kI32Result<op::I32DivS>);
  static_assert(!kI32Result<op::I64Add> && !kI32Result<op::F32Add>);
}

}  // namespace
}  // namespace wasmrt::sem

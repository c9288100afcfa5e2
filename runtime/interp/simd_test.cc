// The places where x86 SIMD instructions and the spec's vector semantics
// differ (see simd.h), each pinned to the spec's answer.
#include "runtime/interp/simd.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace wasmrt::simd {
namespace {

constexpr float kNanF = std::numeric_limits<float>::quiet_NaN();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr float kInfF = std::numeric_limits<float>::infinity();

V F32(float a, float b, float c, float d) { return Bits(f32x4{a, b, c, d}); }
V F64(double a, double b) { return Bits(f64x2{a, b}); }
uint32_t BitsOf(float f) { return std::bit_cast<uint32_t>(f); }
uint64_t BitsOf(double d) { return std::bit_cast<uint64_t>(d); }

// minps returns its second operand when either is NaN; the spec wants NaN.
TEST(FMinMax, NanInEitherLanePropagates) {
  f32x4 r = As<f32x4>(FMin<f32x4>(F32(kNanF, 1, 1, kNanF), F32(1, kNanF, 2, kNanF)));
  EXPECT_TRUE(std::isnan(r[0]));
  EXPECT_TRUE(std::isnan(r[1]));
  EXPECT_EQ(r[2], 1.0f);
  EXPECT_TRUE(std::isnan(r[3]));
  f64x2 m = As<f64x2>(FMax<f64x2>(F64(1, kNan), F64(kNan, 1)));
  EXPECT_TRUE(std::isnan(m[0]));
  EXPECT_TRUE(std::isnan(m[1]));
}

// A signalling NaN operand gives a quiet (arithmetic) NaN.
TEST(FMinMax, SignallingNanIsQuieted) {
  float snan = std::bit_cast<float>(0x7FA00000u);
  f32x4 r = As<f32x4>(FMin<f32x4>(F32(snan, 0, 0, 0), F32(0, 0, 0, 0)));
  EXPECT_EQ(BitsOf(r[0]) & 0x7FC00000u, 0x7FC00000u);
}

// minps(+0, -0) returns -0 but minps(-0, +0) returns +0; the spec orders
// -0 < +0 both ways.
TEST(FMinMax, SignedZerosAreOrderedBothWays) {
  f32x4 mn = As<f32x4>(FMin<f32x4>(F32(0.0f, -0.0f, 0, 0), F32(-0.0f, 0.0f, 0, 0)));
  EXPECT_EQ(BitsOf(mn[0]), 0x80000000u);
  EXPECT_EQ(BitsOf(mn[1]), 0x80000000u);
  f32x4 mx = As<f32x4>(FMax<f32x4>(F32(0.0f, -0.0f, 0, 0), F32(-0.0f, 0.0f, 0, 0)));
  EXPECT_EQ(BitsOf(mx[0]), 0u);
  EXPECT_EQ(BitsOf(mx[1]), 0u);
  f64x2 d = As<f64x2>(FMin<f64x2>(F64(0.0, -0.0), F64(-0.0, 0.0)));
  EXPECT_TRUE(std::signbit(d[0]) && std::signbit(d[1]));
}

// pmin/pmax are defined as b < a ? b : a / a < b ? b : a, NaN included.
TEST(FPMinMax, KeepFirstOperandUnlessStrictlyOrdered) {
  f32x4 r = As<f32x4>(FPMin<f32x4>(F32(kNanF, 1, -0.0f, 2), F32(1, kNanF, 0.0f, 1)));
  EXPECT_TRUE(std::isnan(r[0]));
  EXPECT_EQ(r[1], 1.0f);
  EXPECT_TRUE(std::signbit(r[2]));
  EXPECT_EQ(r[3], 1.0f);
}

// pshufb would use only bit 7 and the low nibble of each index.
TEST(Swizzle, OutOfRangeIndexesGiveZero) {
  u8x16 data;
  for (int i = 0; i < 16; ++i) data[i] = uint8_t(0xA0 + i);
  u8x16 idx = {0, 15, 16, 17, 0x80, 0x8F, 0xFF, 0x10, 0x1F, 3, 0x40, 2, 1, 0, 31, 255};
  u8x16 r = As<u8x16>(Swizzle(Bits(data), Bits(idx)));
  EXPECT_EQ(r[0], 0xA0);
  EXPECT_EQ(r[1], 0xAF);
  for (int i : {2, 3, 4, 5, 6, 7, 8, 10, 14, 15}) EXPECT_EQ(r[i], 0) << i;
  EXPECT_EQ(r[9], 0xA3);
}

TEST(Shuffle, IndexesAtAndAbove16SelectTheSecondOperand) {
  u8x16 a, b, lanes;
  for (int i = 0; i < 16; ++i) {
    a[i] = uint8_t(i);
    b[i] = uint8_t(0x10 + i);
    lanes[i] = uint8_t(31 - 2 * i);
  }
  u8x16 r = As<u8x16>(Shuffle(Bits(a), Bits(b), Bits(lanes)));
  for (int i = 0; i < 16; ++i) EXPECT_EQ(r[i], uint8_t(31 - 2 * i)) << i;
}

// cvttps2dq gives 0x80000000 for NaN and for every out-of-range value.
TEST(TruncSat, SaturatesAndMapsNanToZero) {
  i32x4 s = As<i32x4>(TruncSatF32<int32_t>(F32(kNanF, 3e9f, -3e9f, -1.9f)));
  EXPECT_EQ(s[0], 0);
  EXPECT_EQ(s[1], INT32_MAX);
  EXPECT_EQ(s[2], INT32_MIN);
  EXPECT_EQ(s[3], -1);
  u32x4 u = As<u32x4>(TruncSatF32<uint32_t>(F32(-1.0f, 5e9f, kInfF, 4294967040.0f)));
  EXPECT_EQ(u[0], 0u);
  EXPECT_EQ(u[1], UINT32_MAX);
  EXPECT_EQ(u[2], UINT32_MAX);
  EXPECT_EQ(u[3], 4294967040u);
  i32x4 z = As<i32x4>(TruncSatF64Zero<int32_t>(F64(-2147483648.9, 2147483648.0)));
  EXPECT_EQ(z[0], INT32_MIN);
  EXPECT_EQ(z[1], INT32_MAX);
  EXPECT_EQ(z[2], 0);
  EXPECT_EQ(z[3], 0);
}

TEST(Round, NearestTiesToEvenAndKeepsSign) {
  f32x4 r = As<f32x4>(Round<f32x4, Rounding::kNearest>(F32(2.5f, -0.5f, 3.5f, -0.0f)));
  EXPECT_EQ(r[0], 2.0f);
  EXPECT_EQ(BitsOf(r[1]), 0x80000000u);  // -0
  EXPECT_EQ(r[2], 4.0f);
  EXPECT_EQ(BitsOf(r[3]), 0x80000000u);
  // Largest float below 2^23 with a fraction, and values already integral.
  f32x4 big = As<f32x4>(Round<f32x4, Rounding::kNearest>(
      F32(8388607.5f, 8388609.0f, -kInfF, 1e30f)));
  EXPECT_EQ(big[0], 8388608.0f);
  EXPECT_EQ(big[1], 8388609.0f);
  EXPECT_EQ(big[2], -kInfF);
  EXPECT_EQ(big[3], 1e30f);
  f64x2 d = As<f64x2>(Round<f64x2, Rounding::kNearest>(F64(4503599627370495.5, -1.5)));
  EXPECT_EQ(d[0], 4503599627370496.0);
  EXPECT_EQ(d[1], -2.0);
}

TEST(Round, CeilFloorTruncDirectionsAndNegativeZero) {
  f32x4 c = As<f32x4>(Round<f32x4, Rounding::kCeil>(F32(-0.5f, 0.2f, -1.5f, 1.0f)));
  EXPECT_EQ(BitsOf(c[0]), 0x80000000u);  // ceil(-0.5) = -0
  EXPECT_EQ(c[1], 1.0f);
  EXPECT_EQ(c[2], -1.0f);
  EXPECT_EQ(c[3], 1.0f);
  f32x4 f = As<f32x4>(Round<f32x4, Rounding::kFloor>(F32(-0.5f, 0.7f, -0.0f, 2.5f)));
  EXPECT_EQ(f[0], -1.0f);
  EXPECT_EQ(BitsOf(f[1]), 0u);
  EXPECT_EQ(BitsOf(f[2]), 0x80000000u);
  EXPECT_EQ(f[3], 2.0f);
  f64x2 t = As<f64x2>(Round<f64x2, Rounding::kTrunc>(F64(-2.7, -0.3)));
  EXPECT_EQ(t[0], -2.0);
  EXPECT_EQ(BitsOf(t[1]), 0x8000000000000000ull);
}

TEST(Round, NanBecomesQuiet) {
  float snan = std::bit_cast<float>(0xFFA00001u);
  f32x4 r = As<f32x4>(Round<f32x4, Rounding::kFloor>(F32(snan, kNanF, 0, 0)));
  EXPECT_EQ(BitsOf(r[0]) & 0x7FC00000u, 0x7FC00000u);
  EXPECT_TRUE(std::isnan(r[1]));
}

TEST(Narrow, SaturatesSignedInput) {
  i16x8 a = {-129, -128, 127, 128, 255, 256, -32768, 32767};
  i8x16 s = As<i8x16>(Narrow<i8x16, i16x8>(Bits(a), Bits(a)));
  i8x16 want_s = {-128, -128, 127, 127, 127, 127, -128, 127};
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(s[i], want_s[i]) << i;
    EXPECT_EQ(s[i + 8], want_s[i]) << i;
  }
  u8x16 u = As<u8x16>(Narrow<u8x16, i16x8>(Bits(a), Bits(a)));
  u8x16 want_u = {0, 0, 127, 128, 255, 255, 0, 255};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(u[i], want_u[i]) << i;
  // packusdw (SSE4.1) is not baseline: the scalar path.
  i32x4 w = {-1, 65535, 65536, INT32_MIN};
  u16x8 uw = As<u16x8>(Narrow<u16x8, i32x4>(Bits(w), Bits(w)));
  EXPECT_EQ(uw[0], 0);
  EXPECT_EQ(uw[1], 65535);
  EXPECT_EQ(uw[2], 65535);
  EXPECT_EQ(uw[3], 0);
  i16x8 sw = As<i16x8>(Narrow<i16x8, i32x4>(Bits(w), Bits(w)));
  EXPECT_EQ(sw[0], -1);
  EXPECT_EQ(sw[2], 32767);
  EXPECT_EQ(sw[3], -32768);
}

// pmulhrsw wraps -32768 * -32768 to -32768; the spec saturates.
TEST(Q15MulrSat, OverflowSaturates) {
  i16x8 a = {-32768, -32768, 16384, -16384, 1, 32767, 0, -1};
  i16x8 b = {-32768, 32767, 16384, 16384, 16384, 32767, 5, -1};
  i16x8 r = As<i16x8>(Q15MulrSat(Bits(a), Bits(b)));
  EXPECT_EQ(r[0], 32767);
  EXPECT_EQ(r[1], -32767);
  EXPECT_EQ(r[2], 8192);
  EXPECT_EQ(r[3], -8192);
  EXPECT_EQ(r[4], 1);  // 0.5 rounds up
  EXPECT_EQ(r[5], 32766);
  EXPECT_EQ(r[6], 0);
  EXPECT_EQ(r[7], 0);
}

TEST(Dot, WrapsOnTheOneOverflowingSum) {
  i16x8 a = {-32768, -32768, 1, 2, 3, 4, -5, 6};
  i32x4 r = As<i32x4>(Dot(Bits(a), Bits(a)));
  EXPECT_EQ(r[0], INT32_MIN);  // 2^31 wraps
  EXPECT_EQ(r[1], 5);
  EXPECT_EQ(r[2], 25);
  EXPECT_EQ(r[3], 61);
}

TEST(IntegerOps, AbsOfMinimumWraps) {
  i8x16 a = {-128, -1, 5, 0};
  i8x16 r = As<i8x16>(Abs<i8x16, u8x16>(Bits(a)));
  EXPECT_EQ(r[0], -128);
  EXPECT_EQ(r[1], 1);
  EXPECT_EQ(r[2], 5);
  i64x2 l = As<i64x2>(Abs<i64x2, u64x2>(Bits(i64x2{INT64_MIN, -7})));
  EXPECT_EQ(l[0], INT64_MIN);
  EXPECT_EQ(l[1], 7);
}

TEST(IntegerOps, ShiftCountIsModuloLaneWidth) {
  u8x16 r = As<u8x16>(Shl<u8x16>(Splat<u8x16>(1), 9));
  EXPECT_EQ(r[0], 2);
  i16x8 s = As<i16x8>(Shr<i16x8>(Splat<i16x8>(-32768), 17));
  EXPECT_EQ(s[0], -16384);
  u64x2 u = As<u64x2>(Shr<u64x2>(Splat<u64x2>(0x8000000000000000ull), 64));
  EXPECT_EQ(u[0], 0x8000000000000000ull);
}

TEST(IntegerOps, SaturatingAndAverage) {
  i8x16 s = As<i8x16>(AddSat<i8x16>(Splat<i8x16>(100), Splat<i8x16>(100)));
  EXPECT_EQ(s[0], 127);
  u16x8 u = As<u16x8>(SubSat<u16x8>(Splat<u16x8>(1), Splat<u16x8>(2)));
  EXPECT_EQ(u[0], 0);
  u8x16 avg = As<u8x16>(AvgrU<u8x16>(Splat<u8x16>(255), Splat<u8x16>(254)));
  EXPECT_EQ(avg[0], 255);
  u8x16 pop = As<u8x16>(Popcnt(Splat<u8x16>(0xF7)));
  EXPECT_EQ(pop[15], 7);
}

TEST(Tests, BitmaskAndAllTrue) {
  i32x4 v = {-1, 0, INT32_MIN, 1};
  EXPECT_EQ(Bitmask<i32x4>(Bits(v)), 0b0101u);
  EXPECT_EQ(AllTrue<u32x4>(Bits(v)), 0u);
  EXPECT_EQ(AllTrue<u8x16>(Splat<u8x16>(0x80)), 1u);
  EXPECT_EQ(AnyTrue(V{0, 1}), 1u);
  EXPECT_EQ(AnyTrue(V{0, 0}), 0u);
}

TEST(Conversions, UnsignedConvertRoundsToNearest) {
  f32x4 r = As<f32x4>(Convert<u32x4, f32x4>(Bits(u32x4{0xFFFFFFFFu, 16777217u, 0, 1})));
  EXPECT_EQ(r[0], 4294967296.0f);
  EXPECT_EQ(r[1], 16777216.0f);
  f64x2 d = As<f64x2>(ConvertLow<uint32_t>(Bits(u32x4{0xFFFFFFFFu, 2, 9, 9})));
  EXPECT_EQ(d[0], 4294967295.0);
  EXPECT_EQ(d[1], 2.0);
  f32x4 z = As<f32x4>(DemoteZero(F64(1e300, -1e-300)));
  EXPECT_EQ(z[0], kInfF);
  EXPECT_EQ(BitsOf(z[1]), 0x80000000u);
  EXPECT_EQ(BitsOf(z[2]), 0u);
}

// Two NaN lanes: the first operand's NaN, quieted, as for scalars (the
// compiled tier matches it), in add, mul and min/max.
TEST(FloatNan, TheFirstOperandsNanWins) {
  V a = Bits(u32x4{0x7FA00001u, 0xFFC00123u, 0x7F800001u, 0});
  V b = Bits(u32x4{0xFFC00456u, 0x7FC00789u, 0xFF800002u, 0});
  for (V r : {FAdd<f32x4>(a, b), FMul<f32x4>(a, b), FMin<f32x4>(a, b), FMax<f32x4>(a, b)}) {
    u32x4 x = As<u32x4>(r);
    EXPECT_EQ(x[0], 0x7FE00001u);
    EXPECT_EQ(x[1], 0xFFC00123u);
    EXPECT_EQ(x[2], 0x7FC00001u);
  }
  V c = Bits(u64x2{0x7FF4000000000001ull, 0xFFF8000000000123ull});
  V d = Bits(u64x2{0xFFF8000000000456ull, 0x7FF0000000000007ull});
  for (V r : {FAdd<f64x2>(c, d), FMul<f64x2>(c, d), FMin<f64x2>(c, d), FMax<f64x2>(c, d)}) {
    u64x2 x = As<u64x2>(r);
    EXPECT_EQ(x[0], 0x7FFC000000000001ull);
    EXPECT_EQ(x[1], 0xFFF8000000000123ull);
  }
}

}  // namespace
}  // namespace wasmrt::simd

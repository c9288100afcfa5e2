#include "runtime/interp/numeric.h"

#include <cmath>
#include <cstdint>
#include <bit>
#include <limits>

#include "gtest/gtest.h"

namespace wasmrt::numeric {
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
}  // namespace wasmrt::numeric

namespace wasmrt::numeric {
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

}  // namespace
}  // namespace wasmrt::numeric

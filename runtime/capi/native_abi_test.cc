#include "runtime/capi/native_abi.h"

#include "gtest/gtest.h"

namespace wasmrt::capi {
namespace {

int64_t Mixed(int32_t a, double b, int64_t c, float d, void* e) {
  return a * 1000000 + int64_t(b * 1000) + c * 10 + int64_t(d * 4) + (e != nullptr ? 1 : 0);
}

// More of each class than there are registers, interleaved.
double Many(int32_t i1, double d1, int32_t i2, double d2, int32_t i3, double d3, int32_t i4,
            double d4, int32_t i5, double d5, int32_t i6, double d6, int32_t i7, double d7,
            int64_t i8, double d8, float f9, double d10, int32_t i9) {
  return i1 + 2.0 * i2 + 3.0 * i3 + 4.0 * i4 + 5.0 * i5 + 6.0 * i6 + 7.0 * i7 + 8.0 * i8 +
         9.0 * i9 + 0.5 * d1 + 0.25 * d2 + d3 * 10 + d4 * 100 + d5 * 1000 + d6 * 1e4 + d7 * 1e5 +
         d8 * 1e6 + f9 * 1e7 + d10 * 1e8;
}

float Half(float x) { return x / 2; }

TEST(NativeAbiTest, IntegersFloatsAndPointersInRegisters) {
  NativeArgs args;
  int x = 0;
  ASSERT_TRUE(args.AddInt(uint32_t(-3)));
  ASSERT_TRUE(args.AddF64(2.5));
  ASSERT_TRUE(args.AddInt(7));
  ASSERT_TRUE(args.AddF32(1.5f));
  ASSERT_TRUE(args.AddInt(reinterpret_cast<uintptr_t>(&x)));
  EXPECT_EQ(int64_t(args.CallReturningInt(reinterpret_cast<void*>(&Mixed))),
            Mixed(-3, 2.5, 7, 1.5f, &x));
}

TEST(NativeAbiTest, ArgumentsBeyondTheRegistersGoToTheStack) {
  NativeArgs a;
  for (int k = 1; k <= 7; ++k) {
    ASSERT_TRUE(a.AddInt(uint32_t(k)));
    ASSERT_TRUE(a.AddF64(k + 0.5));
  }
  ASSERT_TRUE(a.AddInt(8));
  ASSERT_TRUE(a.AddF64(8.5));
  ASSERT_TRUE(a.AddF32(9.5f));
  ASSERT_TRUE(a.AddF64(10.5));
  ASSERT_TRUE(a.AddInt(9));
  double expected = Many(1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9.5f,
                         10.5, 9);
  EXPECT_EQ(a.CallReturningF64(reinterpret_cast<void*>(&Many)), expected);
}

TEST(NativeAbiTest, FloatResult) {
  NativeArgs a;
  ASSERT_TRUE(a.AddF32(3.0f));
  EXPECT_EQ(a.CallReturningF32(reinterpret_cast<void*>(&Half)), 1.5f);
}

TEST(NativeAbiTest, RefusesWhenTheStackSlotsRunOut) {
  NativeArgs a;
  int accepted = 0;
  while (a.AddInt(1)) ++accepted;
  EXPECT_EQ(accepted, kIntRegs + kStackSlots);
}

}  // namespace
}  // namespace wasmrt::capi

#include "runtime/capi/app_heap.h"

#include "gtest/gtest.h"

namespace wasmrt::capi {
namespace {

TEST(AppHeapTest, FirstFitAlignedAddressesInsideTheRange) {
  AppHeap heap(65536, 1024);
  uint32_t a = heap.Allocate(3);
  uint32_t b = heap.Allocate(100);
  EXPECT_EQ(a, 65536u);
  EXPECT_EQ(b, 65536u + 8);
  EXPECT_EQ(b % 8, 0u);
  EXPECT_EQ(heap.Allocate(2000), 0u);
}

TEST(AppHeapTest, FreeMergesAndUnknownAddressesAreIgnored) {
  AppHeap heap(8, 256);
  uint32_t a = heap.Allocate(64);
  uint32_t b = heap.Allocate(64);
  uint32_t c = heap.Allocate(64);
  ASSERT_NE(c, 0u);
  EXPECT_FALSE(heap.Free(a + 1));
  EXPECT_FALSE(heap.Free(12345));
  EXPECT_TRUE(heap.Free(a));
  EXPECT_TRUE(heap.Free(c));
  EXPECT_FALSE(heap.Free(c));  // double free
  EXPECT_TRUE(heap.Free(b));
  EXPECT_EQ(heap.free_bytes(), 256u);
  EXPECT_EQ(heap.Allocate(256), 8u);
}

TEST(AppHeapTest, NeverReturnsAddressZero) {
  AppHeap heap(0, 64);
  uint32_t a = heap.Allocate(8);
  EXPECT_NE(a, 0u);
}

}  // namespace
}  // namespace wasmrt::capi

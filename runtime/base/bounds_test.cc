// InBounds at the edges a guest can reach: empty ranges, the last byte, and
// operands whose sum would wrap in 32 or 64 bits.
#include "runtime/base/bounds.h"

#include <cstdint>

#include "gtest/gtest.h"

namespace wasmrt {
namespace {

TEST(InBoundsTest, RangesInsideAndAtTheEnd) {
  EXPECT_TRUE(InBounds(0, 0, 0));        // empty range in empty memory
  EXPECT_TRUE(InBounds(0, 16, 16));      // the whole memory
  EXPECT_TRUE(InBounds(15, 1, 16));      // the last byte
  EXPECT_TRUE(InBounds(16, 0, 16));      // empty range at the end
  EXPECT_FALSE(InBounds(16, 1, 16));     // one past the end
  EXPECT_FALSE(InBounds(17, 0, 16));     // empty, but beyond the end
  EXPECT_FALSE(InBounds(0, 17, 16));
  EXPECT_FALSE(InBounds(0, 1, 0));
}

TEST(InBoundsTest, NoWrapAround) {
  constexpr uint64_t k4G = uint64_t{1} << 32;
  // A full 4 GiB wasm32 memory: ranges that would wrap a 32-bit sum.
  EXPECT_TRUE(InBounds(k4G - 1, 1, k4G));
  EXPECT_FALSE(InBounds(k4G - 1, 2, k4G));
  EXPECT_FALSE(InBounds(0xFFFFFFFF, 0xFFFFFFFF, 65536));
  EXPECT_TRUE(InBounds(k4G, 0, k4G));
  // Operands whose 64-bit sum wraps to a small number.
  EXPECT_FALSE(InBounds(UINT64_MAX, 2, 65536));
  EXPECT_FALSE(InBounds(2, UINT64_MAX, 65536));
  EXPECT_FALSE(InBounds(UINT64_MAX, 1, UINT64_MAX));
  EXPECT_TRUE(InBounds(UINT64_MAX, 0, UINT64_MAX));
  EXPECT_TRUE(InBounds(0, UINT64_MAX, UINT64_MAX));
}

static_assert(InBounds(8, 8, 16) && !InBounds(9, 8, 16), "usable in constant expressions");

}  // namespace
}  // namespace wasmrt

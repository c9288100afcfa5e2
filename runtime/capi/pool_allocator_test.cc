#include "runtime/capi/pool_allocator.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace wasmrt::capi {
namespace {

TEST(PoolAllocatorTest, AllocatesAlignedBlocksInsideTheBuffer) {
  alignas(16) static unsigned char buf[4096];
  PoolAllocator pool(buf, sizeof buf);
  void* a = pool.Allocate(10);
  void* b = pool.Allocate(100);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 16, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b) % 16, 0u);
  EXPECT_TRUE(pool.Contains(a));
  EXPECT_TRUE(pool.Contains(b));
  EXPECT_FALSE(pool.Contains(&pool));
  EXPECT_GE(pool.UsableSize(b), 100u);
}

TEST(PoolAllocatorTest, ExhaustionReturnsNullAndFreeingRestoresRoom) {
  alignas(16) static unsigned char buf[1024];
  PoolAllocator pool(buf, sizeof buf);
  std::vector<void*> blocks;
  while (void* p = pool.Allocate(48)) blocks.push_back(p);
  EXPECT_GT(blocks.size(), 5u);
  EXPECT_EQ(pool.Allocate(48), nullptr);
  EXPECT_EQ(pool.Allocate(1u << 30), nullptr);
  for (void* p : blocks) pool.Free(p);
  EXPECT_EQ(pool.used(), 0u);
  // Everything merged back into one block: a large allocation fits again.
  EXPECT_NE(pool.Allocate(900), nullptr);
}

TEST(PoolAllocatorTest, FreeMergesWithBothNeighbours) {
  alignas(16) static unsigned char buf[2048];
  PoolAllocator pool(buf, sizeof buf);
  void* a = pool.Allocate(500);
  void* b = pool.Allocate(500);
  void* c = pool.Allocate(500);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(pool.Allocate(1000), nullptr);
  pool.Free(a);
  pool.Free(c);
  pool.Free(b);  // merges a, b and c (and the tail) into one block
  EXPECT_NE(pool.Allocate(1500), nullptr);
  EXPECT_GE(pool.peak_used(), 1500u);
}

TEST(PoolAllocatorTest, TinyBufferRefusesEverything) {
  alignas(16) static unsigned char buf[16];
  PoolAllocator pool(buf, sizeof buf);
  EXPECT_EQ(pool.Allocate(1), nullptr);
}

}  // namespace
}  // namespace wasmrt::capi

#include "wasi/guest_memory.h"
#include "wasi/abi.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace wasmrt::wasi {
namespace {

TEST(GuestMemory, RangesAreCheckedWithoutOverflow) {
  std::vector<uint8_t> bytes(65536);
  GuestMemory mem(bytes.data(), bytes.size());
  EXPECT_TRUE(mem.Valid(0, 65536));
  EXPECT_TRUE(mem.Valid(65536, 0));
  EXPECT_FALSE(mem.Valid(65536, 1));
  EXPECT_FALSE(mem.Valid(65535, 2));
  EXPECT_FALSE(mem.Valid(0xFFFFFFFFu, 2));              // wraps in 32 bits
  EXPECT_FALSE(mem.Valid(1, UINT64_MAX));                // wraps in 64 bits
  EXPECT_FALSE(mem.Valid(UINT64_MAX, 1));
  EXPECT_EQ(mem.Range(65535, 2), nullptr);
  EXPECT_EQ(mem.Range(10, 4), bytes.data() + 10);
}

TEST(GuestMemory, LoadsAndStoresStayInside) {
  std::vector<uint8_t> bytes(16);
  GuestMemory mem(bytes.data(), bytes.size());
  EXPECT_TRUE(mem.Store<uint32_t>(12, 0x11223344u));
  EXPECT_EQ(bytes[12], 0x44);  // little endian
  EXPECT_FALSE(mem.Store<uint64_t>(12, 1));
  EXPECT_EQ(bytes[15], 0x11);  // untouched by the failed store
  uint32_t v = 0;
  EXPECT_TRUE(mem.Load(12, &v));
  EXPECT_EQ(v, 0x11223344u);
  EXPECT_FALSE(mem.Load(13, &v));
  std::string s;
  EXPECT_FALSE(mem.ReadString(10, 7, &s));
}

TEST(GuestMemory, NoMemoryMeansEveryPointerFaults) {
  GuestMemory mem;
  EXPECT_TRUE(mem.Valid(0, 0));
  EXPECT_FALSE(mem.Valid(0, 1));
}

TEST(ReadIovecs, ChecksTheArrayAndEveryBuffer) {
  std::vector<uint8_t> bytes(64);
  GuestMemory mem(bytes.data(), bytes.size());
  mem.Store<uint32_t>(0, 32);
  mem.Store<uint32_t>(4, 8);
  mem.Store<uint32_t>(8, 60);
  mem.Store<uint32_t>(12, 4);
  std::vector<GuestBuffer> bufs;
  ASSERT_TRUE(ReadIovecs(mem, 0, 2, &bufs));
  ASSERT_EQ(bufs.size(), 2u);
  EXPECT_EQ(bufs[0].data, bytes.data() + 32);
  EXPECT_EQ(bufs[1].len, 4u);
  mem.Store<uint32_t>(12, 5);  // 60 + 5 > 64
  EXPECT_FALSE(ReadIovecs(mem, 0, 2, &bufs));
  EXPECT_FALSE(ReadIovecs(mem, 0, 9, &bufs));            // array runs off the end
  EXPECT_FALSE(ReadIovecs(mem, 0, 0x20000000u, &bufs));  // 2^29 * 8 = 2^32 bytes
  EXPECT_TRUE(ReadIovecs(mem, 64, 0, &bufs));
}

}  // namespace
}  // namespace wasmrt::wasi

namespace wasmrt::wasi {
namespace {

// Regression: a count of millions used to allocate a host vector of that
// size; only the first kMaxIovecs entries are read.
TEST(ReadIovecs, ReadsAtMostIovMaxEntries) {
  std::vector<uint8_t> bytes(kIovecSize * (kMaxIovecs + 10), 0);
  GuestMemory mem(bytes.data(), bytes.size());
  std::vector<GuestBuffer> bufs;
  ASSERT_TRUE(ReadIovecs(mem, 0, kMaxIovecs + 10, &bufs));
  EXPECT_EQ(bufs.size(), kMaxIovecs);
}

}  // namespace
}  // namespace wasmrt::wasi

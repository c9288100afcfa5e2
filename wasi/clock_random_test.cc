#include "wasi/clock_random.h"

#include <string>

#include "gtest/gtest.h"
#include "wasi/abi.h"
#include "wasi/stdio.h"

namespace wasmrt::wasi {
namespace {

TEST(WasiClock, DeterministicTicksAndAdvances) {
  WasiClock c = WasiClock::Deterministic(5'000'000'000ull);
  uint64_t t = 0;
  ASSERT_EQ(c.Now(kClockRealtime, &t), Errno::kSuccess);
  EXPECT_EQ(t, 5'000'000'000ull + WasiClock::kTickNs);
  ASSERT_EQ(c.Now(kClockMonotonic, &t), Errno::kSuccess);
  EXPECT_EQ(t, 2 * WasiClock::kTickNs);
  c.Advance(1'000'000);
  ASSERT_EQ(c.Now(kClockMonotonic, &t), Errno::kSuccess);
  EXPECT_EQ(t, 3 * WasiClock::kTickNs + 1'000'000);
  ASSERT_EQ(c.Resolution(kClockMonotonic, &t), Errno::kSuccess);
  EXPECT_EQ(t, WasiClock::kTickNs);
  EXPECT_EQ(c.Now(4, &t), Errno::kInval);
  EXPECT_EQ(c.Resolution(4, &t), Errno::kInval);
}

TEST(WasiClock, RealClocksMoveForward) {
  WasiClock c;
  uint64_t a = 0, b = 0, res = 0;
  ASSERT_EQ(c.Now(kClockMonotonic, &a), Errno::kSuccess);
  ASSERT_EQ(c.Now(kClockMonotonic, &b), Errno::kSuccess);
  EXPECT_LE(a, b);
  ASSERT_EQ(c.Resolution(kClockRealtime, &res), Errno::kSuccess);
  EXPECT_GT(res, 0u);
}

TEST(WasiRandom, SeededStreamsRepeatAndDiffer) {
  std::string a(37, '\0'), b(37, '\0'), c(37, '\0');
  WasiRandom r1 = WasiRandom::Seeded(7), r2 = WasiRandom::Seeded(7), r3 = WasiRandom::Seeded(8);
  r1.Fill(reinterpret_cast<uint8_t*>(a.data()), a.size());
  r2.Fill(reinterpret_cast<uint8_t*>(b.data()), b.size());
  r3.Fill(reinterpret_cast<uint8_t*>(c.data()), c.size());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::string d(37, '\0');
  r1.Fill(reinterpret_cast<uint8_t*>(d.data()), d.size());
  EXPECT_NE(a, d);  // the stream goes on
}

TEST(CappedBuffer, KeepsUpToTheCapAndFlagsTruncation) {
  CappedBuffer buf(5);
  EXPECT_EQ(buf.Append("abc", 3), 3u);
  EXPECT_FALSE(buf.truncated());
  EXPECT_EQ(buf.Append("defg", 4), 4u);
  EXPECT_EQ(buf.data(), "abcde");
  EXPECT_TRUE(buf.truncated());
  EXPECT_EQ(buf.Append("x", 1), 1u);
  EXPECT_EQ(buf.data(), "abcde");
  CappedBuffer exact(3);
  exact.Append("abc", 3);
  EXPECT_FALSE(exact.truncated());
}

TEST(InputBuffer, ReadsToTheEnd) {
  InputBuffer in("hello");
  char out[4];
  EXPECT_EQ(in.Read(out, 4), 4u);
  EXPECT_EQ(in.Read(out, 4), 1u);
  EXPECT_EQ(in.Read(out, 4), 0u);
}

}  // namespace
}  // namespace wasmrt::wasi

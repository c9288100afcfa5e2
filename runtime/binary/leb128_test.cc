#include "runtime/binary/leb128.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace wasmrt {
namespace {

// Runs `read` over `bytes`; returns the status and how many bytes it consumed.
template <typename T, typename F>
std::pair<LebStatus, size_t> ReadLeb(F read, const std::vector<uint8_t>& bytes, T* out) {
  const uint8_t* pos = bytes.data();
  LebStatus s = read(&pos, bytes.data() + bytes.size(), out);
  return {s, size_t(pos - bytes.data())};
}

TEST(Leb128Test, U32Values) {
  uint32_t v = 7;
  EXPECT_EQ(ReadLeb(ReadU32, {0x00}, &v), std::make_pair(LebStatus::kOk, size_t(1)));
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(ReadLeb(ReadU32, {0xE5, 0x8E, 0x26}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, 624485u);
  EXPECT_EQ(ReadLeb(ReadU32, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, 0xFFFFFFFFu);
  // Non-minimal but within 5 bytes is allowed (spec 5.2.2).
  EXPECT_EQ(ReadLeb(ReadU32, {0x80, 0x80, 0x80, 0x80, 0x00}, &v),
            std::make_pair(LebStatus::kOk, size_t(5)));
  EXPECT_EQ(v, 0u);
}

TEST(Leb128Test, U32TooLong) {
  uint32_t v = 7;
  EXPECT_EQ(ReadLeb(ReadU32, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, &v),
            std::make_pair(LebStatus::kTooLong, size_t(0)));
  EXPECT_EQ(v, 7u);  // untouched on failure
}

TEST(Leb128Test, U32TooLarge) {
  uint32_t v;
  EXPECT_EQ(ReadLeb(ReadU32, {0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, &v).first, LebStatus::kTooLarge);
  EXPECT_EQ(ReadLeb(ReadU32, {0x80, 0x80, 0x80, 0x80, 0x70}, &v).first, LebStatus::kTooLarge);
}

TEST(Leb128Test, UnexpectedEndAtEveryPrefix) {
  const std::vector<uint8_t> full = {0x80, 0x80, 0x80, 0x80};
  for (size_t n = 0; n <= full.size(); ++n) {
    std::vector<uint8_t> cut(full.begin(), full.begin() + n);
    uint32_t v;
    EXPECT_EQ(ReadLeb(ReadU32, cut, &v), std::make_pair(LebStatus::kUnexpectedEnd, size_t(0)))
        << n;
  }
}

TEST(Leb128Test, S32Values) {
  int32_t v;
  EXPECT_EQ(ReadLeb(ReadS32, {0x7F}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, -1);
  EXPECT_EQ(ReadLeb(ReadS32, {0xC0, 0xBB, 0x78}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, -123456);
  EXPECT_EQ(ReadLeb(ReadS32, {0x80, 0x80, 0x80, 0x80, 0x78}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, INT32_MIN);
  EXPECT_EQ(ReadLeb(ReadS32, {0xFF, 0xFF, 0xFF, 0xFF, 0x07}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, INT32_MAX);
  // Redundant sign extension within 5 bytes.
  EXPECT_EQ(ReadLeb(ReadS32, {0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, -1);
}

TEST(Leb128Test, S32BadExtension) {
  int32_t v;
  // From binary-leb128.wast: unused bits must repeat the sign bit.
  EXPECT_EQ(ReadLeb(ReadS32, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, &v).first, LebStatus::kTooLarge);
  EXPECT_EQ(ReadLeb(ReadS32, {0x80, 0x80, 0x80, 0x80, 0x70}, &v).first, LebStatus::kTooLarge);
  EXPECT_EQ(ReadLeb(ReadS32, {0xFF, 0xFF, 0xFF, 0xFF, 0x4F}, &v).first, LebStatus::kTooLarge);
  EXPECT_EQ(ReadLeb(ReadS32, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, &v).first, LebStatus::kTooLong);
}

TEST(Leb128Test, S33) {
  int64_t v;
  EXPECT_EQ(ReadLeb(ReadS33, {0x40}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, -64);
  EXPECT_EQ(ReadLeb(ReadS33, {0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, 0xFFFFFFFFll);
  EXPECT_EQ(ReadLeb(ReadS33, {0x80, 0x80, 0x80, 0x80, 0x70}, &v).first, LebStatus::kOk);
  EXPECT_EQ(v, -(1ll << 32));
  EXPECT_EQ(ReadLeb(ReadS33, {0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, &v).first, LebStatus::kTooLarge);
  EXPECT_EQ(ReadLeb(ReadS33, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, &v).first,
            LebStatus::kTooLong);
}

TEST(Leb128Test, U64AndS64) {
  uint64_t u;
  EXPECT_EQ(ReadLeb(ReadU64, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, &u)
                .first,
            LebStatus::kOk);
  EXPECT_EQ(u, UINT64_MAX);
  EXPECT_EQ(ReadLeb(ReadU64, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}, &u)
                .first,
            LebStatus::kTooLarge);
  int64_t s;
  EXPECT_EQ(ReadLeb(ReadS64, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}, &s)
                .first,
            LebStatus::kOk);
  EXPECT_EQ(s, INT64_MIN);
  EXPECT_EQ(ReadLeb(ReadS64, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}, &s)
                .first,
            LebStatus::kOk);
  EXPECT_EQ(s, INT64_MAX);
  EXPECT_EQ(ReadLeb(ReadS64, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, &s)
                .first,
            LebStatus::kTooLarge);
  EXPECT_EQ(ReadLeb(ReadS64, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
                &s)
                .first,
            LebStatus::kTooLong);
}

TEST(Leb128Test, Texts) {
  EXPECT_STREQ(LebStatusText(LebStatus::kTooLong), "integer representation too long");
  EXPECT_STREQ(LebStatusText(LebStatus::kTooLarge), "integer too large");
  EXPECT_STREQ(LebStatusText(LebStatus::kUnexpectedEnd), "unexpected end");
}

}  // namespace
}  // namespace wasmrt

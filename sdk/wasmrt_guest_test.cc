// The SDK's protobuf codec, compiled natively and checked against the real
// protobuf library in both directions.
#include "sdk/wasmrt_guest.h"

#include <cmath>
#include <cstring>
#include <string>

#include "examples/proto/shapes.pb.h"
#include "gtest/gtest.h"

namespace {

using wasmrt::examples::Area;
using wasmrt::examples::Rect;

wasmrt_pb_reader Reader(const std::string& s) {
  return wasmrt_pb_reader_init(s.data(), uint32_t(s.size()));
}

TEST(WasmrtGuestPb, DecodesWhatProtobufEncodes) {
  Rect rect;
  rect.set_w(2.5);
  rect.set_h(-4);
  rect.set_label("a label");
  std::string bytes = rect.SerializeAsString();
  wasmrt_pb_reader r = Reader(bytes);
  double w = 0, h = 0;
  wasmrt_pb_bytes label{};
  while (wasmrt_pb_next(&r)) {
    if (r.field == 1) wasmrt_pb_double(&r, &w);
    else if (r.field == 2) wasmrt_pb_double(&r, &h);
    else if (r.field == 3) wasmrt_pb_bytes_field(&r, &label);
    else wasmrt_pb_skip(&r);
  }
  EXPECT_EQ(r.error, WASMRT_PB_OK);
  EXPECT_EQ(w, 2.5);
  EXPECT_EQ(h, -4);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(label.data), label.len), "a label");
}

TEST(WasmrtGuestPb, ProtobufParsesWhatTheWriterEncodes) {
  uint8_t buf[64];
  wasmrt_pb_writer w = wasmrt_pb_writer_init(buf, sizeof buf);
  wasmrt_pb_write_double(&w, 1, 12.25);
  wasmrt_pb_write_string(&w, 2, "xyz");
  ASSERT_EQ(w.error, WASMRT_PB_OK);
  Area area;
  ASSERT_TRUE(area.ParseFromArray(buf, int(w.len)));
  EXPECT_EQ(area.area(), 12.25);
  EXPECT_EQ(area.label(), "xyz");
}

TEST(WasmrtGuestPb, VarintsZigzagAndFixedRoundTrip) {
  uint8_t buf[128];
  wasmrt_pb_writer w = wasmrt_pb_writer_init(buf, sizeof buf);
  wasmrt_pb_write_uint64(&w, 1, 300);
  wasmrt_pb_write_int64(&w, 2, -1);  // 10 bytes on the wire
  wasmrt_pb_write_sint64(&w, 3, -2);
  wasmrt_pb_write_fixed32(&w, 4, 0xdeadbeef);
  wasmrt_pb_write_fixed64(&w, 5, 0x0102030405060708ull);
  wasmrt_pb_write_float(&w, 6, 1.5f);
  wasmrt_pb_write_bool(&w, 7, 1);
  ASSERT_EQ(w.error, WASMRT_PB_OK);
  EXPECT_EQ(buf[0], 0x08);  // field 1, varint
  EXPECT_EQ(buf[1], 0xac);  // 300 = ac 02
  EXPECT_EQ(buf[2], 0x02);

  wasmrt_pb_reader r = wasmrt_pb_reader_init(buf, w.len);
  uint64_t u = 0;
  int64_t s = 0;
  int32_t s32 = 0;
  uint32_t f32 = 0;
  uint64_t f64 = 0;
  float f = 0;
  int b = 0;
  ASSERT_TRUE(wasmrt_pb_next(&r) && wasmrt_pb_uint64(&r, &u));
  EXPECT_EQ(u, 300u);
  ASSERT_TRUE(wasmrt_pb_next(&r) && wasmrt_pb_int32(&r, &s32));
  EXPECT_EQ(s32, -1);
  ASSERT_TRUE(wasmrt_pb_next(&r) && wasmrt_pb_sint64(&r, &s));
  EXPECT_EQ(s, -2);
  ASSERT_TRUE(wasmrt_pb_next(&r) && wasmrt_pb_fixed32(&r, &f32));
  EXPECT_EQ(f32, 0xdeadbeefu);
  ASSERT_TRUE(wasmrt_pb_next(&r) && wasmrt_pb_fixed64(&r, &f64));
  EXPECT_EQ(f64, 0x0102030405060708ull);
  ASSERT_TRUE(wasmrt_pb_next(&r) && wasmrt_pb_float(&r, &f));
  EXPECT_EQ(f, 1.5f);
  ASSERT_TRUE(wasmrt_pb_next(&r) && wasmrt_pb_bool(&r, &b));
  EXPECT_EQ(b, 1);
  EXPECT_FALSE(wasmrt_pb_next(&r));
  EXPECT_EQ(r.error, WASMRT_PB_OK);
}

TEST(WasmrtGuestPb, EmbeddedMessageGetsMinimalLengthPrefix) {
  uint8_t buf[400];
  wasmrt_pb_writer w = wasmrt_pb_writer_init(buf, sizeof buf);
  uint32_t mark = wasmrt_pb_begin_message(&w, 4);
  std::string long_text(200, 'q');  // body > 127 bytes: a 2-byte prefix
  wasmrt_pb_write_bytes(&w, 1, long_text.data(), uint32_t(long_text.size()));
  ASSERT_TRUE(wasmrt_pb_end_message(&w, mark));
  wasmrt_pb_reader r = wasmrt_pb_reader_init(buf, w.len);
  wasmrt_pb_reader sub;
  ASSERT_TRUE(wasmrt_pb_next(&r));
  EXPECT_EQ(r.field, 4u);
  ASSERT_TRUE(wasmrt_pb_message(&r, &sub));
  wasmrt_pb_bytes text{};
  ASSERT_TRUE(wasmrt_pb_next(&sub) && wasmrt_pb_bytes_field(&sub, &text));
  EXPECT_EQ(text.len, 200u);
  EXPECT_EQ(text.data[199], 'q');
  EXPECT_FALSE(wasmrt_pb_next(&r));
  EXPECT_EQ(w.len, 1u + 2u + 1u + 2u + 200u);
}

TEST(WasmrtGuestPb, TruncatedAndMalformedInputsAreErrors) {
  const uint8_t truncated_len[] = {0x1a, 0x05, 'a', 'b'};  // says 5 bytes, has 2
  wasmrt_pb_reader r = wasmrt_pb_reader_init(truncated_len, sizeof truncated_len);
  wasmrt_pb_bytes b{};
  ASSERT_TRUE(wasmrt_pb_next(&r));
  EXPECT_FALSE(wasmrt_pb_bytes_field(&r, &b));
  EXPECT_EQ(r.error, WASMRT_PB_TRUNCATED);
  EXPECT_FALSE(wasmrt_pb_next(&r));  // sticky

  const uint8_t long_varint[] = {0x08, 0xff, 0xff, 0xff, 0xff, 0xff,
                                 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  r = wasmrt_pb_reader_init(long_varint, sizeof long_varint);
  uint64_t v = 0;
  ASSERT_TRUE(wasmrt_pb_next(&r));
  EXPECT_FALSE(wasmrt_pb_uint64(&r, &v));
  EXPECT_EQ(r.error, WASMRT_PB_BAD_VARINT);

  const uint8_t field_zero[] = {0x00, 0x01};
  r = wasmrt_pb_reader_init(field_zero, sizeof field_zero);
  EXPECT_FALSE(wasmrt_pb_next(&r));
  EXPECT_EQ(r.error, WASMRT_PB_BAD_TAG);

  const uint8_t wrong_type[] = {0x08, 0x01};  // varint where a double is asked
  r = wasmrt_pb_reader_init(wrong_type, sizeof wrong_type);
  double d = 0;
  ASSERT_TRUE(wasmrt_pb_next(&r));
  EXPECT_FALSE(wasmrt_pb_double(&r, &d));
  EXPECT_EQ(r.error, WASMRT_PB_BAD_TYPE);

  const uint8_t short_fixed[] = {0x09, 1, 2, 3};
  r = wasmrt_pb_reader_init(short_fixed, sizeof short_fixed);
  ASSERT_TRUE(wasmrt_pb_next(&r));
  EXPECT_FALSE(wasmrt_pb_skip(&r));
  EXPECT_EQ(r.error, WASMRT_PB_TRUNCATED);
}

TEST(WasmrtGuestPb, WriterNeverPassesItsCapacity) {
  uint8_t buf[8];
  std::memset(buf, 0xee, sizeof buf);
  wasmrt_pb_writer w = wasmrt_pb_writer_init(buf, 6);
  EXPECT_TRUE(wasmrt_pb_write_uint64(&w, 1, 1));
  EXPECT_FALSE(wasmrt_pb_write_double(&w, 2, 1.0));
  EXPECT_EQ(w.error, WASMRT_PB_NO_SPACE);
  EXPECT_FALSE(wasmrt_pb_write_uint64(&w, 3, 1));  // sticky
  EXPECT_EQ(buf[6], 0xee);
  EXPECT_EQ(buf[7], 0xee);
}

TEST(WasmrtGuestAbi, ReturnPacksPointerAndLength) {
  int64_t packed = wasmrt_return(reinterpret_cast<const void*>(uintptr_t(0x1234)), 56);
  EXPECT_EQ(uint64_t(packed) >> 32, 0x1234u);
  EXPECT_EQ(uint32_t(packed), 56u);
}

}  // namespace

#include "tools/wasmctl/values.h"

#include <bit>
#include <cmath>

#include "gtest/gtest.h"

namespace wasmrt::wasmctl {
namespace {

v1::Value Must(const std::string& text, const std::string& type = "") {
  auto v = ParseValue(text, type);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status();
  return v.ok() ? *v : v1::Value();
}

TEST(ParseSignature, ParamsAndResults) {
  auto s = ParseSignature("(i32 i64) -> (f64)");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->params, (std::vector<std::string>{"i32", "i64"}));
  EXPECT_EQ(s->results, std::vector<std::string>{"f64"});
  s = ParseSignature("() -> ()");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->params.empty());
  EXPECT_FALSE(ParseSignature("memory 1..").ok());
  EXPECT_FALSE(ParseSignature("(i33) -> ()").ok());
}

TEST(ParseValue, TypedIntegers) {
  EXPECT_EQ(Must("i32:5").i32(), 5);
  EXPECT_EQ(Must("i32:-1").i32(), -1);
  EXPECT_EQ(Must("i32:4294967295").i32(), -1);  // unsigned spelling
  EXPECT_EQ(Must("i32:0x7fffffff").i32(), INT32_MAX);
  EXPECT_EQ(Must("i32:-2147483648").i32(), INT32_MIN);
  EXPECT_EQ(Must("i64:-1").i64(), -1);
  EXPECT_EQ(Must("i64:18446744073709551615").i64(), -1);
  EXPECT_EQ(Must("i64:-9223372036854775808").i64(), INT64_MIN);
  EXPECT_FALSE(ParseValue("i32:4294967296").ok());
  EXPECT_FALSE(ParseValue("i32:-2147483649").ok());
  EXPECT_FALSE(ParseValue("i32:1.5").ok());
  EXPECT_FALSE(ParseValue("i32:").ok());
  EXPECT_FALSE(ParseValue("i32:12abc").ok());
}

TEST(ParseValue, Floats) {
  EXPECT_EQ(std::bit_cast<float>(Must("f32:1.5").f32_bits()), 1.5f);
  EXPECT_EQ(std::bit_cast<double>(Must("f64:-0.1").f64_bits()), -0.1);
  EXPECT_EQ(std::bit_cast<double>(Must("f64:0x1p-3").f64_bits()), 0.125);
  EXPECT_EQ(Must("f32:nan").f32_bits(), 0x7fc00000u);
  EXPECT_EQ(Must("f32:-nan").f32_bits(), 0xffc00000u);
  EXPECT_EQ(Must("f32:nan:0x1").f32_bits(), 0x7f800001u);
  EXPECT_EQ(Must("f64:inf").f64_bits(), 0x7ff0000000000000ull);
  EXPECT_EQ(Must("f64:-inf").f64_bits(), 0xfff0000000000000ull);
  EXPECT_EQ(Must("f32:0.1").f32_bits(), std::bit_cast<uint32_t>(0.1f));  // no double rounding
  EXPECT_EQ(Must("f64:-0").f64_bits(), 0x8000000000000000ull);
  EXPECT_FALSE(ParseValue("f32:nan:0x800000").ok());  // payload too wide
  EXPECT_FALSE(ParseValue("f32:1e99").ok());
  EXPECT_FALSE(ParseValue("f64:one").ok());
}

TEST(ParseValue, BareValuesTakeTheParameterType) {
  EXPECT_EQ(Must("7", "i64").i64(), 7);
  EXPECT_EQ(Must("-7", "i32").i32(), -7);
  EXPECT_EQ(std::bit_cast<float>(Must("2.5", "f32").f32_bits()), 2.5f);
  EXPECT_EQ(Must("null", "externref").ref().type(), "externref");
  EXPECT_FALSE(ParseValue("7").ok());  // no type at all
  EXPECT_FALSE(ParseValue("i64:7", "i32").ok());  // contradicts the signature
  EXPECT_EQ(Must("i64:7", "i64").i64(), 7);
}

TEST(ParseValue, V128AndReferences) {
  v1::Value v = Must("v128:000102030405060708090a0b0c0d0e0f");
  ASSERT_EQ(v.v128().size(), 16u);
  EXPECT_EQ(v.v128()[15], 0x0f);
  EXPECT_FALSE(ParseValue("v128:00").ok());
  EXPECT_TRUE(Must("funcref:null").ref().is_null());
  EXPECT_FALSE(ParseValue("funcref:3").ok());
}

TEST(FormatValue, RoundTripsThroughParse) {
  for (const char* text : {"i32:-5", "i64:123456789012345", "f32:1.5", "f32:0.1", "f64:-0.1",
                           "f64:1e+300", "f32:nan", "f64:-inf", "f32:nan:0x1", "f64:-0"}) {
    v1::Value v = Must(text);
    std::string shown = FormatValue(v);
    v1::Value back = Must(shown, ValueTypeName(v));
    EXPECT_EQ(back.SerializeAsString(), v.SerializeAsString()) << text << " -> " << shown;
  }
  EXPECT_EQ(FormatValue(Must("f32:1.5")), "1.5");
  EXPECT_EQ(FormatValue(Must("f64:nan")), "nan");
  EXPECT_EQ(FormatValue(Must("i32:4294967295")), "-1");
}

}  // namespace
}  // namespace wasmrt::wasmctl

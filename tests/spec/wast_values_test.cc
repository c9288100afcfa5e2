#include "tests/spec/wast_values.h"

#include <cstring>

#include "gtest/gtest.h"

namespace wasmrt::spec {
namespace {

using json = nlohmann::json;

Value F32FromBits(uint32_t bits) { return Value::F32Bits(bits); }

ExpectedValue Expect(const char* text) {
  absl::StatusOr<ExpectedValue> e = ParseExpectedValue(json::parse(text));
  EXPECT_TRUE(e.ok()) << text << ": " << e.status();
  return e.ok() ? *e : ExpectedValue{};
}

TEST(NanClassTest, Canonical32IsQuietBitOnlyEitherSign) {
  EXPECT_TRUE(IsCanonicalNan32(0x7fc00000u));
  EXPECT_TRUE(IsCanonicalNan32(0xffc00000u));
  EXPECT_FALSE(IsCanonicalNan32(0x7fc00001u));  // payload
  EXPECT_FALSE(IsCanonicalNan32(0x7fa00000u));  // signalling
  EXPECT_FALSE(IsCanonicalNan32(0x7f800000u));  // infinity
}

TEST(NanClassTest, Arithmetic32NeedsQuietBitAnyPayload) {
  EXPECT_TRUE(IsArithmeticNan32(0x7fc00000u));
  EXPECT_TRUE(IsArithmeticNan32(0x7fc00001u));
  EXPECT_TRUE(IsArithmeticNan32(0xffffffffu));
  EXPECT_FALSE(IsArithmeticNan32(0x7f800001u));  // signalling
  EXPECT_FALSE(IsArithmeticNan32(0x7f800000u));  // infinity
  EXPECT_FALSE(IsArithmeticNan32(0x3fc00000u));  // 1.5
}

TEST(NanClassTest, SixtyFourBitClasses) {
  EXPECT_TRUE(IsCanonicalNan64(0x7ff8000000000000ull));
  EXPECT_TRUE(IsCanonicalNan64(0xfff8000000000000ull));
  EXPECT_FALSE(IsCanonicalNan64(0x7ff8000000000001ull));
  EXPECT_FALSE(IsCanonicalNan64(0x7ff0000000000001ull));
  EXPECT_TRUE(IsArithmeticNan64(0x7ff8000000000001ull));
  EXPECT_TRUE(IsArithmeticNan64(0xfffc000000000000ull));
  EXPECT_FALSE(IsArithmeticNan64(0x7ff4000000000000ull));
  EXPECT_FALSE(IsArithmeticNan64(0x7ff0000000000000ull));
}

TEST(ParseUnsignedTest, Bounds) {
  EXPECT_EQ(*ParseUnsigned("4294967295", 0xffffffffu), 0xffffffffu);
  EXPECT_FALSE(ParseUnsigned("4294967296", 0xffffffffu).ok());
  EXPECT_EQ(*ParseUnsigned("18446744073709551615", ~uint64_t{0}), ~uint64_t{0});
  EXPECT_FALSE(ParseUnsigned("18446744073709551616", ~uint64_t{0}).ok());
  EXPECT_FALSE(ParseUnsigned("", 10).ok());
  EXPECT_FALSE(ParseUnsigned("-1", 10).ok());
  EXPECT_FALSE(ParseUnsigned("12a", 100).ok());
}

TEST(ParseArgValueTest, NumbersAreBitPatterns) {
  Value i32 = *ParseArgValue(json::parse(R"({"type":"i32","value":"4294967295"})"));
  EXPECT_EQ(i32.type, ValType::kI32);
  EXPECT_EQ(i32.i32, 0xffffffffu);
  Value i64 = *ParseArgValue(json::parse(R"({"type":"i64","value":"9223372036854775808"})"));
  EXPECT_EQ(i64.type, ValType::kI64);
  EXPECT_EQ(i64.i64, 0x8000000000000000ull);
  Value f32 = *ParseArgValue(json::parse(R"({"type":"f32","value":"2141192192"})"));
  EXPECT_EQ(f32.type, ValType::kF32);
  EXPECT_EQ(f32.i32, 0x7fa00000u);  // a signalling NaN arrives unchanged
  Value f64 = *ParseArgValue(json::parse(R"({"type":"f64","value":"4609434218613702656"})"));
  EXPECT_EQ(f64.type, ValType::kF64);
  EXPECT_EQ(f64.f64, 1.5);
  EXPECT_FALSE(ParseArgValue(json::parse(R"({"type":"i32","value":"4294967296"})")).ok());
  EXPECT_FALSE(ParseArgValue(json::parse(R"({"type":"f32","value":"nan:canonical"})")).ok());
  EXPECT_FALSE(ParseArgValue(json::parse(R"({"type":"i32"})")).ok());
  EXPECT_FALSE(ParseArgValue(json::parse(R"({"type":"i33","value":"1"})")).ok());
}

TEST(ParseArgValueTest, ReferencesMapHostNToNPlusOne) {
  Value null_ext = *ParseArgValue(json::parse(R"({"type":"externref","value":"null"})"));
  EXPECT_EQ(null_ext.type, ValType::kExternRef);
  EXPECT_EQ(null_ext.ref, nullptr);
  Value zero = *ParseArgValue(json::parse(R"({"type":"externref","value":"0"})"));
  EXPECT_EQ(zero.type, ValType::kExternRef);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(zero.ref), 1u);
  EXPECT_EQ(zero.ref, HostExternRef(0).ref);
  Value null_func = *ParseArgValue(json::parse(R"({"type":"funcref","value":"null"})"));
  EXPECT_EQ(null_func.type, ValType::kFuncRef);
  EXPECT_EQ(null_func.ref, nullptr);
  EXPECT_FALSE(ParseArgValue(json::parse(R"({"type":"funcref","value":"3"})")).ok());
}

TEST(ParseArgValueTest, V128LanesAreLittleEndian) {
  Value v = *ParseArgValue(json::parse(
      R"({"type":"v128","lane_type":"i32","value":["1","2","4294967295","0"]})"));
  EXPECT_EQ(v.type, ValType::kV128);
  const uint8_t want[16] = {1, 0, 0, 0, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
  EXPECT_EQ(std::memcmp(v.v128.bytes, want, 16), 0);
  Value w = *ParseArgValue(json::parse(
      R"({"type":"v128","lane_type":"i16","value":["258","0","0","0","0","0","0","65535"]})"));
  EXPECT_EQ(w.v128.bytes[0], 2);
  EXPECT_EQ(w.v128.bytes[1], 1);
  EXPECT_EQ(w.v128.bytes[14], 0xff);
  EXPECT_EQ(w.v128.bytes[15], 0xff);
  EXPECT_FALSE(ParseArgValue(json::parse(
                   R"({"type":"v128","lane_type":"i32","value":["1","2","3"]})")).ok());
  EXPECT_FALSE(ParseArgValue(json::parse(
                   R"({"type":"v128","lane_type":"i8","value":["256","0","0","0","0","0","0","0","0","0","0","0","0","0","0","0"]})")).ok());
}

TEST(MatchesTest, IntegersAndFloatsByBits) {
  EXPECT_TRUE(Matches(Expect(R"({"type":"i32","value":"1"})"), Value::I32(1)));
  EXPECT_FALSE(Matches(Expect(R"({"type":"i32","value":"1"})"), Value::I32(0)));
  EXPECT_FALSE(Matches(Expect(R"({"type":"i32","value":"1"})"), Value::I64(1)));
  ExpectedValue zero = Expect(R"({"type":"f32","value":"0"})");
  EXPECT_TRUE(Matches(zero, F32FromBits(0)));
  EXPECT_FALSE(Matches(zero, F32FromBits(0x80000000u)));  // -0 is not +0
  ExpectedValue nan = Expect(R"({"type":"f32","value":"2143289344"})");  // 0x7fc00000
  EXPECT_TRUE(Matches(nan, F32FromBits(0x7fc00000u)));
  EXPECT_FALSE(Matches(nan, F32FromBits(0xffc00000u)));  // exact bits: sign matters
  ExpectedValue f64 = Expect(R"({"type":"f64","value":"9221120237041090560"})");
  EXPECT_TRUE(Matches(f64, Value::F64Bits(0x7ff8000000000000ull)));
  EXPECT_FALSE(Matches(f64, Value::F64Bits(0x7ff8000000000001ull)));
}

TEST(MatchesTest, NanPatterns) {
  ExpectedValue canon = Expect(R"({"type":"f32","value":"nan:canonical"})");
  EXPECT_TRUE(Matches(canon, F32FromBits(0x7fc00000u)));
  EXPECT_TRUE(Matches(canon, F32FromBits(0xffc00000u)));
  EXPECT_FALSE(Matches(canon, F32FromBits(0x7fc00001u)));
  EXPECT_FALSE(Matches(canon, Value::I32(0x7fc00000u)));  // wrong type
  ExpectedValue arith = Expect(R"({"type":"f64","value":"nan:arithmetic"})");
  EXPECT_TRUE(Matches(arith, Value::F64Bits(0xfff8000000000123ull)));
  EXPECT_FALSE(Matches(arith, Value::F64Bits(0x7ff0000000000123ull)));
  EXPECT_FALSE(Matches(arith, Value::F64(1.0)));
}

TEST(MatchesTest, References) {
  ExpectedValue null_ext = Expect(R"({"type":"externref","value":"null"})");
  EXPECT_TRUE(Matches(null_ext, Value::Ref(ValType::kExternRef, nullptr)));
  EXPECT_FALSE(Matches(null_ext, HostExternRef(0)));
  EXPECT_FALSE(Matches(null_ext, Value::Ref(ValType::kFuncRef, nullptr)));  // wrong type
  ExpectedValue one = Expect(R"({"type":"externref","value":"1"})");
  EXPECT_TRUE(Matches(one, HostExternRef(1)));
  EXPECT_FALSE(Matches(one, HostExternRef(0)));
  EXPECT_FALSE(Matches(one, Value::Ref(ValType::kExternRef, nullptr)));
  ExpectedValue null_func = Expect(R"({"type":"funcref","value":"null"})");
  int some_function = 0;
  EXPECT_TRUE(Matches(null_func, Value::Ref(ValType::kFuncRef, nullptr)));
  EXPECT_FALSE(Matches(null_func, Value::Ref(ValType::kFuncRef, &some_function)));
  ExpectedValue any_func = Expect(R"({"type":"funcref","value":"0"})");
  EXPECT_TRUE(Matches(any_func, Value::Ref(ValType::kFuncRef, &some_function)));
  EXPECT_FALSE(Matches(any_func, Value::Ref(ValType::kFuncRef, nullptr)));
}

TEST(MatchesTest, V128LanePatterns) {
  ExpectedValue e = Expect(
      R"({"type":"v128","lane_type":"f32","value":["nan:canonical","nan:arithmetic","1065353216","0"]})");
  V128 v{};
  uint32_t lanes[4] = {0xffc00000u, 0x7fc12345u, 0x3f800000u, 0};
  std::memcpy(v.bytes, lanes, 16);
  EXPECT_TRUE(Matches(e, Value::Vec(v)));
  lanes[1] = 0x7f812345u;  // signalling: not arithmetic
  std::memcpy(v.bytes, lanes, 16);
  EXPECT_FALSE(Matches(e, Value::Vec(v)));
  ExpectedValue ints = Expect(
      R"({"type":"v128","lane_type":"i64","value":["1","18446744073709551615"]})");
  uint64_t l64[2] = {1, ~uint64_t{0}};
  std::memcpy(v.bytes, l64, 16);
  EXPECT_TRUE(Matches(ints, Value::Vec(v)));
  EXPECT_FALSE(Matches(ints, Value::I64(1)));
}

TEST(MatchesTest, NoValueMatchesAnyOfTheType) {
  ExpectedValue any = Expect(R"({"type":"i32"})");
  EXPECT_EQ(any.kind, ExpectedValue::Kind::kAny);
  EXPECT_TRUE(Matches(any, Value::I32(7)));
  EXPECT_FALSE(Matches(any, Value::I64(7)));
}

TEST(MatchesTest, AllNeedsEqualCounts) {
  std::vector<ExpectedValue> two = {Expect(R"({"type":"i32","value":"1"})"),
                                    Expect(R"({"type":"i64","value":"2"})")};
  std::vector<Value> good = {Value::I32(1), Value::I64(2)};
  EXPECT_TRUE(MatchesAll(two, good));
  EXPECT_FALSE(MatchesAll(two, {Value::I32(1)}));
  EXPECT_FALSE(MatchesAll(two, {Value::I64(2), Value::I32(1)}));
  EXPECT_TRUE(MatchesAll({}, {}));
}

TEST(FormatTest, Values) {
  EXPECT_EQ(FormatValue(Value::I32(4294967295u)), "i32:4294967295");
  EXPECT_EQ(FormatValue(Value::I64(5)), "i64:5");
  EXPECT_EQ(FormatValue(Value::F32(1.5f)), "f32:1.5 (0x3fc00000)");
  EXPECT_EQ(FormatValue(Value::F64(-2.0)), "f64:-2 (0xc000000000000000)");
  EXPECT_EQ(FormatValue(HostExternRef(3)), "externref:host 3");
  EXPECT_EQ(FormatValue(Value::Ref(ValType::kExternRef, nullptr)), "externref:null");
  EXPECT_EQ(FormatValue(Value::Ref(ValType::kFuncRef, nullptr)), "funcref:null");
  V128 v{};
  v.bytes[0] = 0x01;
  v.bytes[15] = 0xab;
  EXPECT_EQ(FormatValue(Value::Vec(v)), "v128:0xab000000000000000000000000000001");
  EXPECT_EQ(FormatValues({Value::I32(1)}), "i32:1");
  EXPECT_EQ(FormatValues({Value::I32(1), Value::I64(2)}), "(i32:1 i64:2)");
  EXPECT_EQ(FormatValues({}), "()");
}

TEST(FormatTest, Expected) {
  EXPECT_EQ(FormatExpected(Expect(R"({"type":"f32","value":"nan:canonical"})")),
            "f32:nan:canonical");
  EXPECT_EQ(FormatExpected(Expect(R"({"type":"f32","value":"1069547520"})")),
            "f32:1.5 (0x3fc00000)");
  EXPECT_EQ(FormatExpected(Expect(R"({"type":"i32","value":"7"})")), "i32:7");
  EXPECT_EQ(FormatExpected(Expect(R"({"type":"externref","value":"2"})")), "externref:host 2");
  ExpectedValue lanes = Expect(
      R"({"type":"v128","lane_type":"i32","value":["1","2","3","4"]})");
  EXPECT_EQ(FormatExpected(lanes), "v128:i32x4[1 2 3 4]");
  V128 v{};
  v.bytes[0] = 1;
  EXPECT_EQ(FormatValueLike(Value::Vec(v), lanes), "v128:i32x4[1 0 0 0]");
  EXPECT_EQ(FormatExpectedList({}), "()");
}

}  // namespace
}  // namespace wasmrt::spec

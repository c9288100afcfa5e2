#include "tests/spec/wast_values.h"

#include <charconv>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace wasmrt::spec {
namespace {

using json = nlohmann::json;

constexpr absl::string_view kCanonical = "nan:canonical";
constexpr absl::string_view kArithmetic = "nan:arithmetic";

uint32_t LaneBytes(LaneType t) {
  switch (t) {
    case LaneType::kI8: return 1;
    case LaneType::kI16: return 2;
    case LaneType::kI32: case LaneType::kF32: return 4;
    case LaneType::kI64: case LaneType::kF64: return 8;
  }
  return 4;
}

const char* LaneTypeName(LaneType t) {
  switch (t) {
    case LaneType::kI8: return "i8";
    case LaneType::kI16: return "i16";
    case LaneType::kI32: return "i32";
    case LaneType::kI64: return "i64";
    case LaneType::kF32: return "f32";
    case LaneType::kF64: return "f64";
  }
  return "?";
}

absl::StatusOr<LaneType> ParseLaneType(absl::string_view s) {
  if (s == "i8") return LaneType::kI8;
  if (s == "i16") return LaneType::kI16;
  if (s == "i32") return LaneType::kI32;
  if (s == "i64") return LaneType::kI64;
  if (s == "f32") return LaneType::kF32;
  if (s == "f64") return LaneType::kF64;
  return absl::InvalidArgumentError(absl::StrCat("unknown lane type \"", s, "\""));
}

uint64_t MaxOfBytes(uint32_t bytes) {
  return bytes == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * bytes)) - 1;
}

// A number (or lane) pattern; NaN patterns only where `is_float`.
absl::StatusOr<NumPattern> ParsePattern(const json& v, uint32_t bytes, bool is_float) {
  if (!v.is_string()) return absl::InvalidArgumentError("value is not a string");
  const std::string& s = v.get_ref<const std::string&>();
  NumPattern p;
  if (is_float && s == kCanonical) {
    p.kind = NumPattern::Kind::kCanonicalNan;
    return p;
  }
  if (is_float && s == kArithmetic) {
    p.kind = NumPattern::Kind::kArithmeticNan;
    return p;
  }
  absl::StatusOr<uint64_t> bits = ParseUnsigned(s, MaxOfBytes(bytes));
  if (!bits.ok()) return bits.status();
  p.bits = *bits;
  return p;
}

bool PatternMatches(const NumPattern& p, uint64_t bits, uint32_t bytes) {
  switch (p.kind) {
    case NumPattern::Kind::kBits:
      return p.bits == bits;
    case NumPattern::Kind::kCanonicalNan:
      return bytes == 4 ? IsCanonicalNan32(uint32_t(bits)) : IsCanonicalNan64(bits);
    case NumPattern::Kind::kArithmeticNan:
      return bytes == 4 ? IsArithmeticNan32(uint32_t(bits)) : IsArithmeticNan64(bits);
  }
  return false;
}

uint64_t LaneBits(const V128& v, uint32_t index, uint32_t bytes) {
  uint64_t bits = 0;
  std::memcpy(&bits, v.bytes + index * bytes, bytes);  // little-endian host
  return bits;
}

std::string FormatF32(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return absl::StrFormat("%.9g (0x%08x)", f, bits);
}

std::string FormatF64(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return absl::StrFormat("%.17g (0x%016x)", d, bits);
}

std::string FormatPattern(const NumPattern& p, ValType type) {
  switch (p.kind) {
    case NumPattern::Kind::kCanonicalNan: return std::string(kCanonical);
    case NumPattern::Kind::kArithmeticNan: return std::string(kArithmetic);
    case NumPattern::Kind::kBits: break;
  }
  if (type == ValType::kF32) return FormatF32(uint32_t(p.bits));
  if (type == ValType::kF64) return FormatF64(p.bits);
  return absl::StrCat(p.bits);
}

std::string FormatLanes(const V128& v, LaneType lane) {
  uint32_t bytes = LaneBytes(lane);
  std::vector<std::string> parts;
  for (uint32_t i = 0; i < 16 / bytes; ++i) {
    uint64_t bits = LaneBits(v, i, bytes);
    if (lane == LaneType::kF32) {
      parts.push_back(absl::StrFormat("0x%08x", bits));
    } else if (lane == LaneType::kF64) {
      parts.push_back(absl::StrFormat("0x%016x", bits));
    } else {
      parts.push_back(absl::StrCat(bits));
    }
  }
  return absl::StrCat("v128:", LaneTypeName(lane), "x", 16 / bytes, "[",
                      absl::StrJoin(parts, " "), "]");
}

}  // namespace

Value HostExternRef(uint64_t n) {
  return Value::Ref(ValType::kExternRef,
                    reinterpret_cast<const void*>(static_cast<uintptr_t>(n + 1)));
}

bool IsCanonicalNan32(uint32_t bits) { return (bits & 0x7fffffffu) == 0x7fc00000u; }
bool IsArithmeticNan32(uint32_t bits) { return (bits & 0x7fc00000u) == 0x7fc00000u; }
bool IsCanonicalNan64(uint64_t bits) {
  return (bits & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
}
bool IsArithmeticNan64(uint64_t bits) {
  return (bits & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}

absl::StatusOr<ValType> ParseValType(absl::string_view name) {
  if (name == "i32") return ValType::kI32;
  if (name == "i64") return ValType::kI64;
  if (name == "f32") return ValType::kF32;
  if (name == "f64") return ValType::kF64;
  if (name == "v128") return ValType::kV128;
  if (name == "funcref") return ValType::kFuncRef;
  if (name == "externref") return ValType::kExternRef;
  return absl::InvalidArgumentError(absl::StrCat("unknown value type \"", name, "\""));
}

absl::StatusOr<uint64_t> ParseUnsigned(absl::string_view text, uint64_t max) {
  uint64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v, 10);
  if (text.empty() || ec != std::errc() || ptr != end || v > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad number \"", text, "\" (max ", max, ")"));
  }
  return v;
}

absl::StatusOr<ExpectedValue> ParseExpectedValue(const json& v) {
  if (!v.is_object() || !v.contains("type") || !v["type"].is_string()) {
    return absl::InvalidArgumentError("value without a type");
  }
  absl::StatusOr<ValType> type = ParseValType(v["type"].get<std::string>());
  if (!type.ok()) return type.status();
  ExpectedValue e;
  e.type = *type;
  if (!v.contains("value")) return e;  // kAny
  const json& value = v["value"];
  switch (e.type) {
    case ValType::kI32:
    case ValType::kI64:
    case ValType::kF32:
    case ValType::kF64: {
      bool is_float = e.type == ValType::kF32 || e.type == ValType::kF64;
      uint32_t bytes = (e.type == ValType::kI32 || e.type == ValType::kF32) ? 4 : 8;
      absl::StatusOr<NumPattern> p = ParsePattern(value, bytes, is_float);
      if (!p.ok()) return p.status();
      e.kind = ExpectedValue::Kind::kNumber;
      e.number = *p;
      return e;
    }
    case ValType::kFuncRef:
    case ValType::kExternRef: {
      if (!value.is_string()) return absl::InvalidArgumentError("reference is not a string");
      const std::string& s = value.get_ref<const std::string&>();
      if (s == "null") {
        e.kind = ExpectedValue::Kind::kNullRef;
      } else if (e.type == ValType::kFuncRef) {
        e.kind = ExpectedValue::Kind::kNonNullRef;
      } else {
        // One less than the maximum, so that N + 1 cannot wrap to null.
        absl::StatusOr<uint64_t> n = ParseUnsigned(s, ~uint64_t{0} - 1);
        if (!n.ok()) return n.status();
        e.kind = ExpectedValue::Kind::kHostRef;
        e.host_ref = *n;
      }
      return e;
    }
    case ValType::kV128: {
      if (!v.contains("lane_type") || !v["lane_type"].is_string() || !value.is_array()) {
        return absl::InvalidArgumentError("v128 needs lane_type and a value array");
      }
      absl::StatusOr<LaneType> lane = ParseLaneType(v["lane_type"].get<std::string>());
      if (!lane.ok()) return lane.status();
      uint32_t bytes = LaneBytes(*lane);
      if (value.size() != 16 / bytes) {
        return absl::InvalidArgumentError(absl::StrCat("v128 needs ", 16 / bytes, " lanes"));
      }
      bool is_float = *lane == LaneType::kF32 || *lane == LaneType::kF64;
      e.kind = ExpectedValue::Kind::kLanes;
      e.lane_type = *lane;
      for (const json& lv : value) {
        absl::StatusOr<NumPattern> p = ParsePattern(lv, bytes, is_float);
        if (!p.ok()) return p.status();
        e.lanes.push_back(*p);
      }
      return e;
    }
  }
  return absl::InvalidArgumentError("unhandled value type");
}

absl::StatusOr<Value> ParseArgValue(const json& v) {
  absl::StatusOr<ExpectedValue> e = ParseExpectedValue(v);
  if (!e.ok()) return e.status();
  switch (e->kind) {
    case ExpectedValue::Kind::kAny:
      return absl::InvalidArgumentError("argument without a value");
    case ExpectedValue::Kind::kNumber:
      if (e->number.kind != NumPattern::Kind::kBits) {
        return absl::InvalidArgumentError("NaN pattern as an argument");
      }
      switch (e->type) {
        case ValType::kI32: return Value::I32(uint32_t(e->number.bits));
        case ValType::kI64: return Value::I64(e->number.bits);
        case ValType::kF32: return Value::F32Bits(uint32_t(e->number.bits));
        default: return Value::F64Bits(e->number.bits);
      }
    case ExpectedValue::Kind::kNullRef:
      return Value::Ref(e->type, nullptr);
    case ExpectedValue::Kind::kNonNullRef:
      return absl::InvalidArgumentError("a non-null funcref cannot be an argument");
    case ExpectedValue::Kind::kHostRef:
      return HostExternRef(e->host_ref);
    case ExpectedValue::Kind::kLanes: {
      V128 vec{};
      uint32_t bytes = LaneBytes(e->lane_type);
      for (size_t i = 0; i < e->lanes.size(); ++i) {
        if (e->lanes[i].kind != NumPattern::Kind::kBits) {
          return absl::InvalidArgumentError("NaN pattern as an argument lane");
        }
        std::memcpy(vec.bytes + i * bytes, &e->lanes[i].bits, bytes);  // little-endian
      }
      return Value::Vec(vec);
    }
  }
  return absl::InvalidArgumentError("unhandled argument");
}

bool Matches(const ExpectedValue& e, const Value& a) {
  if (e.type != a.type) return false;
  switch (e.kind) {
    case ExpectedValue::Kind::kAny:
      return true;
    case ExpectedValue::Kind::kNumber:
      switch (e.type) {
        case ValType::kI32: return PatternMatches(e.number, a.i32, 4);
        case ValType::kF32: return PatternMatches(e.number, a.i32, 4);  // bits of the float
        default: return PatternMatches(e.number, a.i64, 8);
      }
    case ExpectedValue::Kind::kNullRef:
      return a.ref == nullptr;
    case ExpectedValue::Kind::kNonNullRef:
      return a.ref != nullptr;
    case ExpectedValue::Kind::kHostRef:
      return a.ref == HostExternRef(e.host_ref).ref;
    case ExpectedValue::Kind::kLanes: {
      uint32_t bytes = LaneBytes(e.lane_type);
      for (size_t i = 0; i < e.lanes.size(); ++i) {
        if (!PatternMatches(e.lanes[i], LaneBits(a.v128, uint32_t(i), bytes), bytes)) {
          return false;
        }
      }
      return true;
    }
  }
  return false;
}

bool MatchesAll(absl::Span<const ExpectedValue> expected, absl::Span<const Value> actual) {
  if (expected.size() != actual.size()) return false;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (!Matches(expected[i], actual[i])) return false;
  }
  return true;
}

std::string FormatValue(const Value& v) {
  switch (v.type) {
    case ValType::kI32: return absl::StrCat("i32:", v.i32);
    case ValType::kI64: return absl::StrCat("i64:", v.i64);
    case ValType::kF32: return absl::StrCat("f32:", FormatF32(v.i32));
    case ValType::kF64: return absl::StrCat("f64:", FormatF64(v.i64));
    case ValType::kV128: {
      std::string hex;
      for (int i = 15; i >= 0; --i) absl::StrAppendFormat(&hex, "%02x", v.v128.bytes[i]);
      return absl::StrCat("v128:0x", hex);
    }
    case ValType::kFuncRef:
      return v.ref == nullptr ? "funcref:null" : "funcref:non-null";
    case ValType::kExternRef: {
      if (v.ref == nullptr) return "externref:null";
      uintptr_t word = reinterpret_cast<uintptr_t>(v.ref);
      return absl::StrCat("externref:host ", uint64_t(word - 1));
    }
  }
  return absl::StrCat("<type 0x", absl::Hex(uint8_t(v.type)), ">");
}

std::string FormatValueLike(const Value& v, const ExpectedValue& like) {
  if (v.type == ValType::kV128 && like.kind == ExpectedValue::Kind::kLanes) {
    return FormatLanes(v.v128, like.lane_type);
  }
  return FormatValue(v);
}

std::string FormatExpected(const ExpectedValue& e) {
  std::string type = ValTypeName(e.type);
  switch (e.kind) {
    case ExpectedValue::Kind::kAny: return absl::StrCat(type, ":any");
    case ExpectedValue::Kind::kNumber:
      return absl::StrCat(type, ":", FormatPattern(e.number, e.type));
    case ExpectedValue::Kind::kNullRef: return absl::StrCat(type, ":null");
    case ExpectedValue::Kind::kNonNullRef: return absl::StrCat(type, ":non-null");
    case ExpectedValue::Kind::kHostRef: return absl::StrCat(type, ":host ", e.host_ref);
    case ExpectedValue::Kind::kLanes: {
      std::vector<std::string> parts;
      ValType lane_val = e.lane_type == LaneType::kF32   ? ValType::kF32
                         : e.lane_type == LaneType::kF64 ? ValType::kF64
                                                         : ValType::kI64;
      for (const NumPattern& p : e.lanes) {
        if (p.kind == NumPattern::Kind::kBits && lane_val != ValType::kI64) {
          parts.push_back(lane_val == ValType::kF32 ? absl::StrFormat("0x%08x", p.bits)
                                                    : absl::StrFormat("0x%016x", p.bits));
        } else {
          parts.push_back(FormatPattern(p, ValType::kI64));
        }
      }
      return absl::StrCat("v128:", LaneTypeName(e.lane_type), "x", e.lanes.size(), "[",
                          absl::StrJoin(parts, " "), "]");
    }
  }
  return type;
}

std::string FormatValues(absl::Span<const Value> values, absl::Span<const ExpectedValue> like) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < values.size(); ++i) {
    parts.push_back(i < like.size() ? FormatValueLike(values[i], like[i])
                                    : FormatValue(values[i]));
  }
  if (parts.size() == 1) return parts[0];
  return absl::StrCat("(", absl::StrJoin(parts, " "), ")");
}

std::string FormatExpectedList(absl::Span<const ExpectedValue> values) {
  std::vector<std::string> parts;
  for (const ExpectedValue& e : values) parts.push_back(FormatExpected(e));
  if (parts.size() == 1) return parts[0];
  return absl::StrCat("(", absl::StrJoin(parts, " "), ")");
}

}  // namespace wasmrt::spec

#include "tools/wasmctl/values.h"

#include <bit>
#include <charconv>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace wasmrt::wasmctl {
namespace {

const char* const kTypes[] = {"i32", "i64", "f32", "f64", "v128", "funcref", "externref"};

bool IsType(absl::string_view t) {
  for (const char* k : kTypes) {
    if (t == k) return true;
  }
  return false;
}

absl::Status Bad(const std::string& text, const std::string& type, const char* why = "") {
  return absl::InvalidArgumentError(
      absl::StrCat("bad ", type, " value \"", text, "\"", *why ? ": " : "", why));
}

// Integer of `bits` bits, accepted in [-2^(bits-1), 2^bits - 1].
absl::StatusOr<uint64_t> ParseInt(const std::string& text, int bits, const std::string& type) {
  absl::string_view s = text;
  bool negative = absl::ConsumePrefix(&s, "-");
  if (!negative) absl::ConsumePrefix(&s, "+");
  int base = 10;
  if (absl::ConsumePrefix(&s, "0x") || absl::ConsumePrefix(&s, "0X")) base = 16;
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return Bad(text, type);
  uint64_t max_unsigned = bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1;
  uint64_t max_negative = uint64_t(1) << (bits - 1);
  if (negative ? magnitude > max_negative : magnitude > max_unsigned) {
    return Bad(text, type, "out of range");
  }
  uint64_t v = negative ? uint64_t(0) - magnitude : magnitude;
  return bits == 64 ? v : (v & max_unsigned);
}

// Float bits of width `bits` (32 or 64).
absl::StatusOr<uint64_t> ParseFloatBits(const std::string& text, int bits,
                                        const std::string& type) {
  absl::string_view s = text;
  bool negative = absl::ConsumePrefix(&s, "-");
  if (!negative) absl::ConsumePrefix(&s, "+");
  const int mantissa_bits = bits == 32 ? 23 : 52;
  const uint64_t sign = uint64_t(1) << (bits - 1);
  const uint64_t exp_all = bits == 32 ? 0x7f800000ull : 0x7ff0000000000000ull;
  const uint64_t quiet = uint64_t(1) << (mantissa_bits - 1);
  uint64_t out = 0;
  if (absl::EqualsIgnoreCase(s, "nan")) {
    out = exp_all | quiet;
  } else if (absl::StartsWithIgnoreCase(s, "nan:0x")) {
    uint64_t payload = 0;
    absl::string_view hex = s.substr(6);
    auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), payload, 16);
    if (hex.empty() || ec != std::errc() || end != hex.data() + hex.size() || payload == 0 ||
        payload >= (uint64_t(1) << mantissa_bits)) {
      return Bad(text, type, "NaN payload out of range");
    }
    out = exp_all | payload;
  } else if (absl::EqualsIgnoreCase(s, "inf") || absl::EqualsIgnoreCase(s, "infinity")) {
    out = exp_all;
  } else {
    auto fmt = std::chars_format::general;
    if (absl::ConsumePrefix(&s, "0x") || absl::ConsumePrefix(&s, "0X")) {
      fmt = std::chars_format::hex;
    }
    if (s.empty() || s[0] == '-' || s[0] == '+') return Bad(text, type);
    const char* first = s.data();
    const char* last = s.data() + s.size();
    std::from_chars_result r;
    if (bits == 32) {
      float f = 0;
      r = std::from_chars(first, last, f, fmt);
      out = std::bit_cast<uint32_t>(f);
    } else {
      double d = 0;
      r = std::from_chars(first, last, d, fmt);
      out = std::bit_cast<uint64_t>(d);
    }
    if (r.ec == std::errc::result_out_of_range) return Bad(text, type, "out of range");
    if (r.ec != std::errc() || r.ptr != last) return Bad(text, type);
  }
  return negative ? (out | sign) : out;
}

std::string FormatFloat(uint64_t bits, int width) {
  const int mantissa_bits = width == 32 ? 23 : 52;
  const uint64_t sign = uint64_t(1) << (width - 1);
  const uint64_t exp_all = width == 32 ? 0x7f800000ull : 0x7ff0000000000000ull;
  const uint64_t mantissa = bits & ((uint64_t(1) << mantissa_bits) - 1);
  std::string prefix = (bits & sign) ? "-" : "";
  if ((bits & exp_all) == exp_all) {
    if (mantissa == 0) return prefix + "inf";
    if (mantissa == uint64_t(1) << (mantissa_bits - 1)) return prefix + "nan";
    return absl::StrCat(prefix, "nan:0x", absl::Hex(mantissa));
  }
  char buf[64];
  std::to_chars_result r = width == 32
      ? std::to_chars(buf, buf + sizeof buf, std::bit_cast<float>(uint32_t(bits)))
      : std::to_chars(buf, buf + sizeof buf, std::bit_cast<double>(bits));
  return std::string(buf, r.ptr);
}

}  // namespace

absl::StatusOr<Signature> ParseSignature(const std::string& text) {
  std::vector<std::string> halves = absl::StrSplit(text, " -> ");
  auto list = [](absl::string_view part, std::vector<std::string>* out) {
    part = absl::StripAsciiWhitespace(part);
    if (!absl::ConsumePrefix(&part, "(") || !absl::ConsumeSuffix(&part, ")")) return false;
    for (absl::string_view t : absl::StrSplit(part, ' ', absl::SkipEmpty())) {
      if (!IsType(t)) return false;
      out->emplace_back(t);
    }
    return true;
  };
  Signature sig;
  if (halves.size() != 2 || !list(halves[0], &sig.params) || !list(halves[1], &sig.results)) {
    return absl::InvalidArgumentError("not a function type: \"" + text + "\"");
  }
  return sig;
}

bool HasTypePrefix(const std::string& text) {
  size_t colon = text.find(':');
  return colon != std::string::npos && IsType(absl::string_view(text).substr(0, colon));
}

absl::StatusOr<v1::Value> ParseValue(const std::string& text, const std::string& type) {
  std::string t = type;
  std::string body = text;
  if (HasTypePrefix(text)) {
    size_t colon = text.find(':');
    t = text.substr(0, colon);
    body = text.substr(colon + 1);
    if (!type.empty() && type != t) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", text, "\" is ", t, ", the function expects ", type));
    }
  }
  if (t.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" has no type (write e.g. i32:", text, ")"));
  }
  v1::Value v;
  if (t == "i32" || t == "i64") {
    auto n = ParseInt(body, t == "i32" ? 32 : 64, t);
    if (!n.ok()) return n.status();
    if (t == "i32") v.set_i32(int32_t(uint32_t(*n)));
    else v.set_i64(int64_t(*n));
  } else if (t == "f32" || t == "f64") {
    auto bits = ParseFloatBits(body, t == "f32" ? 32 : 64, t);
    if (!bits.ok()) return bits.status();
    if (t == "f32") v.set_f32_bits(uint32_t(*bits));
    else v.set_f64_bits(*bits);
  } else if (t == "v128") {
    absl::string_view hex = body;
    absl::ConsumePrefix(&hex, "0x");
    if (hex.size() != 32) return Bad(text, t, "needs 32 hex digits");
    for (char c : hex) {
      if (!absl::ascii_isxdigit(c)) return Bad(text, t, "needs 32 hex digits");
    }
    v.set_v128(absl::HexStringToBytes(hex));
  } else {  // funcref, externref
    if (body != "null") return Bad(text, t, "only null references can be passed");
    v.mutable_ref()->set_type(t);
    v.mutable_ref()->set_is_null(true);
  }
  return v;
}

std::string ValueTypeName(const v1::Value& v) {
  switch (v.value_case()) {
    case v1::Value::kI32: return "i32";
    case v1::Value::kI64: return "i64";
    case v1::Value::kF32Bits: return "f32";
    case v1::Value::kF64Bits: return "f64";
    case v1::Value::kV128: return "v128";
    case v1::Value::kRef: return v.ref().type();
    case v1::Value::VALUE_NOT_SET: return "";
  }
  return "";
}

std::string FormatValue(const v1::Value& v) {
  switch (v.value_case()) {
    case v1::Value::kI32: return absl::StrCat(v.i32());
    case v1::Value::kI64: return absl::StrCat(v.i64());
    case v1::Value::kF32Bits: return FormatFloat(v.f32_bits(), 32);
    case v1::Value::kF64Bits: return FormatFloat(v.f64_bits(), 64);
    case v1::Value::kV128: return absl::BytesToHexString(v.v128());
    case v1::Value::kRef: return v.ref().is_null() ? "null" : "ref";
    case v1::Value::VALUE_NOT_SET: return "";
  }
  return "";
}

}  // namespace wasmrt::wasmctl

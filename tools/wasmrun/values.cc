#include "tools/wasmrun/values.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace wasmrt::cli {

absl::StatusOr<Value> ParseValue(const std::string& text, ValType type) {
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("argument \"", text, "\" is not a valid ", ValTypeName(type)));
  };
  switch (type) {
    case ValType::kI32: {
      int64_t v;
      if (!absl::SimpleAtoi(text, &v) || v < INT32_MIN || v > int64_t(UINT32_MAX)) return bad();
      return Value::I32(uint32_t(v));
    }
    case ValType::kI64: {
      int64_t s;
      uint64_t u;
      if (absl::SimpleAtoi(text, &s)) return Value::I64(uint64_t(s));
      if (absl::SimpleAtoi(text, &u)) return Value::I64(u);
      return bad();
    }
    case ValType::kF32:
    case ValType::kF64: {
      const char* begin = text.c_str();
      char* end = nullptr;
      errno = 0;
      double d = std::strtod(begin, &end);
      if (text.empty() || end != begin + text.size()) return bad();
      if (type == ValType::kF32) {
        float f = std::strtof(begin, &end);
        return Value::F32(f);
      }
      return Value::F64(d);
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("cannot pass a ", ValTypeName(type), " from the command line"));
  }
}

namespace {

std::string V128Hex(const V128& v) {
  std::string s = "0x";
  for (int i = 15; i >= 0; --i) absl::StrAppend(&s, absl::Hex(v.bytes[i], absl::kZeroPad2));
  return s;
}

}  // namespace

std::string FormatValue(const Value& v) {
  char buf[64];
  switch (v.type) {
    case ValType::kI32: return absl::StrCat(int32_t(v.i32));
    case ValType::kI64: return absl::StrCat(int64_t(v.i64));
    case ValType::kF32: {
      if (std::isnan(v.f32)) return "nan";
      auto r = std::to_chars(buf, buf + sizeof(buf), v.f32);
      return std::string(buf, r.ptr);
    }
    case ValType::kF64: {
      if (std::isnan(v.f64)) return "nan";
      auto r = std::to_chars(buf, buf + sizeof(buf), v.f64);
      return std::string(buf, r.ptr);
    }
    case ValType::kV128: return V128Hex(v.v128);
    case ValType::kFuncRef:
    case ValType::kExternRef:
      return v.ref == nullptr ? "null" : "ref";
  }
  return "?";
}

std::string FormatTypedValue(const Value& v) {
  std::string text;
  switch (v.type) {
    case ValType::kF32: text = absl::StrCat("0x", absl::Hex(v.i32, absl::kZeroPad8)); break;
    case ValType::kF64: text = absl::StrCat("0x", absl::Hex(v.i64, absl::kZeroPad16)); break;
    default: text = FormatValue(v); break;
  }
  return absl::StrCat(ValTypeName(v.type), ":", text);
}

}  // namespace wasmrt::cli

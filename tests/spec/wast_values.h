// Values of the spec test scripts as wast2json writes them, and how an
// expected value is matched against what the engine returned.
//
// wast2json's encoding (wabt 1.0.32):
//   {"type":"i32","value":"4294967295"}  unsigned decimal of the bits (i64 too)
//   {"type":"f32","value":"2143289344"}  unsigned decimal of the IEEE bits (f64 too),
//                                        or "nan:canonical" / "nan:arithmetic"
//   {"type":"externref","value":"null"}  or a decimal host reference number
//   {"type":"funcref","value":"null"}
//   {"type":"v128","lane_type":"f32","value":["0","nan:canonical",...]}
// In the expected results of assert_trap the "value" key is absent.
#ifndef WASMRT_TESTS_SPEC_WAST_VALUES_H_
#define WASMRT_TESTS_SPEC_WAST_VALUES_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "runtime/base/types.h"
#include "runtime/base/value.h"

namespace wasmrt::spec {

/// Host externref N of the scripts (N >= 0) as an engine Value. The engine
/// represents null as the pointer 0, so host reference N is stored as the
/// non-zero word N + 1: `(ref.extern 0)` stays distinct from `ref.null extern`.
Value HostExternRef(uint64_t n);

/// NaN classes of the spec (4.3.3): canonical = quiet bit only, any sign;
/// arithmetic = quiet bit set, any payload, any sign.
bool IsCanonicalNan32(uint32_t bits);
bool IsArithmeticNan32(uint32_t bits);
bool IsCanonicalNan64(uint64_t bits);
bool IsArithmeticNan64(uint64_t bits);

/// "i32" -> kI32 ... "externref" -> kExternRef; InvalidArgument otherwise.
absl::StatusOr<ValType> ParseValType(absl::string_view name);

/// Decimal text of an unsigned integer no larger than `max`.
absl::StatusOr<uint64_t> ParseUnsigned(absl::string_view text, uint64_t max);

/// An argument of an invoke action. NaN patterns and non-null funcrefs are
/// rejected: they cannot be written as arguments.
absl::StatusOr<Value> ParseArgValue(const nlohmann::json& v);

// One expected lane of a v128 or one expected scalar number.
struct NumPattern {
  enum class Kind : uint8_t { kBits, kCanonicalNan, kArithmeticNan };
  Kind kind = Kind::kBits;
  uint64_t bits = 0;
};

enum class LaneType : uint8_t { kI8, kI16, kI32, kI64, kF32, kF64 };

struct ExpectedValue {
  enum class Kind : uint8_t {
    kAny,        // no "value": any value of `type` matches
    kNumber,     // i32/i64/f32/f64: `number`
    kNullRef,    // "null"
    kNonNullRef, // a funcref other than null (written as any non-"null" value)
    kHostRef,    // externref `host_ref`
    kLanes,      // v128: `lanes` of `lane_type`
  };
  ValType type = ValType::kI32;
  Kind kind = Kind::kAny;
  NumPattern number;
  uint64_t host_ref = 0;
  LaneType lane_type = LaneType::kI32;
  std::vector<NumPattern> lanes;
};

/// An entry of "expected".
absl::StatusOr<ExpectedValue> ParseExpectedValue(const nlohmann::json& v);

/// Exact match: same type; integers and non-NaN-pattern floats by bits; NaN
/// patterns by class; references by identity as described above.
bool Matches(const ExpectedValue& expected, const Value& actual);
/// Matches element by element; the counts must be equal.
bool MatchesAll(absl::Span<const ExpectedValue> expected, absl::Span<const Value> actual);

/// "i32:42", "f32:1.5 (0x3fc00000)", "externref:host 3", "funcref:null",
/// "v128:0x<32 hex digits, byte 15 first>".
std::string FormatValue(const Value& v);
/// As FormatValue; a v128 is shown in the lanes of `like` when it is one.
std::string FormatValueLike(const Value& v, const ExpectedValue& like);
std::string FormatExpected(const ExpectedValue& e);
/// One value bare, several in parentheses: "i32:1", "(i32:1 f64:2 (0x...))", "()".
std::string FormatValues(absl::Span<const Value> values,
                         absl::Span<const ExpectedValue> like = {});
std::string FormatExpectedList(absl::Span<const ExpectedValue> values);

}  // namespace wasmrt::spec

#endif  // WASMRT_TESTS_SPEC_WAST_VALUES_H_

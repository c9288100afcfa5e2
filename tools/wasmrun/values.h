// wasmrun's conversions between command-line text and wasm values: function
// arguments typed by the function's signature, and printed results.
#ifndef WASMRT_TOOLS_WASMRUN_VALUES_H_
#define WASMRT_TOOLS_WASMRUN_VALUES_H_

#include <string>

#include "absl/status/statusor.h"
#include "runtime/base/value.h"

namespace wasmrt::cli {

// Parses one argument as a value of `type` ("-1", "0x10", "1.5", "nan", "inf").
absl::StatusOr<Value> ParseValue(const std::string& text, ValType type);

// Formats a result the way it is printed: i32/i64 signed decimal, floats
// shortest round-trip, references as "null" or "ref".
std::string FormatValue(const Value& v);

// The --typed-results form: "TYPE:VALUE", integers signed decimal, floats as
// their exact bits in hex ("f32:0x7fc00000", "f64:0x8000000000000000"), so
// NaN payloads and the sign of zero are visible.
std::string FormatTypedValue(const Value& v);

}  // namespace wasmrt::cli

#endif  // WASMRT_TOOLS_WASMRUN_VALUES_H_

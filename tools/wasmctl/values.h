// Text <-> wasmrt.v1.Value for wasmctl: typed arguments ("i32:5", "f64:nan"),
// bare numbers typed by the function's signature, and result formatting.
#ifndef WASMRT_TOOLS_WASMCTL_VALUES_H_
#define WASMRT_TOOLS_WASMCTL_VALUES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "proto/wasmrt.pb.h"

namespace wasmrt::wasmctl {

namespace v1 = ::wasmrt::v1;

/// The parameter and result types of a signature as ModuleInfo prints it:
/// "(i32 i64) -> (f64)" -> params {"i32", "i64"}, results {"f64"}.
struct Signature {
  std::vector<std::string> params;
  std::vector<std::string> results;
};
absl::StatusOr<Signature> ParseSignature(const std::string& text);

/// Whether `text` names its type ("i32:5", "funcref:null").
bool HasTypePrefix(const std::string& text);

/// Parses "TYPE:VALUE", or a bare VALUE of type `type` (when `type` is not
/// empty). Types: i32 i64 f32 f64 v128 funcref externref. Integers are
/// decimal or 0x-hex, and may be given signed or unsigned; floats accept
/// decimal, hex (0x1p-3), inf, nan and nan:0xPAYLOAD; v128 takes 32 hex digits
/// (the 16 bytes in memory order); references take only "null".
absl::StatusOr<v1::Value> ParseValue(const std::string& text, const std::string& type = "");

/// "i32", "f64", ... of a value ("" when unset).
std::string ValueTypeName(const v1::Value& v);

/// A value as text: i32/i64 signed decimal; floats in the shortest form that
/// reads back to the same bits ("1.5", "-inf", "nan", "nan:0x200000");
/// v128 as 32 hex digits; references as "null" or "ref".
std::string FormatValue(const v1::Value& v);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_VALUES_H_

// WAMR native signature strings: "(i*~$)F" and friends.
#ifndef WASMRT_RUNTIME_CAPI_SIGNATURE_H_
#define WASMRT_RUNTIME_CAPI_SIGNATURE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "runtime/base/types.h"

namespace wasmrt::capi {

// One character per parameter ('i' 'I' 'f' 'F' '*' '~' '$') and the result
// ('\0' for none).
struct NativeSignature {
  std::string params;
  char result = '\0';
};

/// Parses "(params)result". InvalidArgument names the offending character;
/// '~' must follow '*'.
absl::StatusOr<NativeSignature> ParseSignature(std::string_view text);

/// The signature a native without one gets from the import it satisfies
/// (plain numbers, no pointer translation). Fails for v128 and references.
absl::StatusOr<NativeSignature> SignatureOfType(const FuncType& type);

/// Whether the signature's wasm types equal `type` (pointers, lengths and
/// strings are i32).
bool SignatureMatches(const NativeSignature& sig, const FuncType& type);

/// The signature written back as text: "(ii*)i".
std::string SignatureText(const NativeSignature& sig);

}  // namespace wasmrt::capi

#endif  // WASMRT_RUNTIME_CAPI_SIGNATURE_H_

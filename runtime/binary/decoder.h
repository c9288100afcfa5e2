// Binary format decoder (spec 5): bytes -> Module. Checks well-formedness
// only; validity is the validator's job.
#ifndef WASMRT_RUNTIME_BINARY_DECODER_H_
#define WASMRT_RUNTIME_BINARY_DECODER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "runtime/binary/module.h"

namespace wasmrt {

// Decodes a whole module. Malformed input gives InvalidArgument with a
// message that starts with the spec's words and names the byte offset:
// "unexpected end of section or function at offset 0x1f".
absl::StatusOr<Module> DecodeModule(absl::Span<const uint8_t> bytes);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BINARY_DECODER_H_

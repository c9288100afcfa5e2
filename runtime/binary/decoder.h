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

// The same, but the instructions of the function bodies are left unread:
// for a caller that validates the module next, which reads every one of
// them anyway. Then a malformed body is not reported here, so the caller
// must decode again with DecodeModule when anything fails afterwards (a
// malformed body outranks any later error, as decoding precedes
// validation). Reading every body twice had been a tenth of load time.
absl::StatusOr<Module> DecodeModuleLeavingBodies(absl::Span<const uint8_t> bytes);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BINARY_DECODER_H_

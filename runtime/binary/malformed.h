// The one shape of every decoding error: the spec's words first, then the
// module byte offset (house style; the spec harness matches on the prefix).
#ifndef WASMRT_RUNTIME_BINARY_MALFORMED_H_
#define WASMRT_RUNTIME_BINARY_MALFORMED_H_

#include <cstdint>
#include <string_view>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace wasmrt {

/// InvalidArgument "<what> at offset 0x<offset>". Out of line and cold:
/// inlined, the formatting bloated every reader's hot path.
ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD inline absl::Status Malformed(
    std::string_view what, uint32_t offset) {
  return absl::InvalidArgumentError(
      absl::StrFormat("%s at offset 0x%x", what, offset));
}

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BINARY_MALFORMED_H_

// Client-supplied text in status messages and logs. A status message travels
// back in a gRPC trailer (grpc-message, about 8 KiB at most), so echoing a
// 16 KiB module name would turn a NOT_FOUND into a transport error. Every
// message quotes client strings through Quote, and the gRPC boundary caps
// whole messages as a last line of defence.
#ifndef WASMRT_SERVICE_STATUS_TEXT_H_
#define WASMRT_SERVICE_STATUS_TEXT_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace wasmrt::service {

// Bytes of a client string that Quote keeps.
inline constexpr size_t kQuotedPrefix = 64;
// Bytes of a whole status message that CapMessage keeps.
inline constexpr size_t kMaxStatusMessage = 512;

// `s` in double quotes, C-escaped (the result is printable ASCII), cut to its
// first kQuotedPrefix bytes with the full size noted when longer:
//   "abc"   or   "aaaaaaaa"... (16384 bytes)
std::string Quote(absl::string_view s);

// `message` cut to at most kMaxStatusMessage bytes (at a UTF-8 character
// boundary, ending in "..." when cut).
std::string CapMessage(absl::string_view message);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_STATUS_TEXT_H_

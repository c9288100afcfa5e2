#ifndef WASMRT_SERVICE_SHA256_H_
#define WASMRT_SERVICE_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace wasmrt::service {

// "sha256:<64 lowercase hex digits>" of `bytes`.
std::string ContentDigest(absl::string_view bytes);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_SHA256_H_

// The channel and per-call contexts of wasmctl's one-shot commands: TLS
// when --ca-cert is given, the bearer token, the --rpc-timeout deadline.
#ifndef WASMRT_TOOLS_WASMCTL_CONNECTION_H_
#define WASMRT_TOOLS_WASMCTL_CONNECTION_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "tools/wasmctl/cli.h"

namespace wasmrt::wasmctl {

/// A whole file, or stdin for "-"; NotFound "cannot read PATH".
absl::StatusOr<std::string> ReadAll(const std::string& path);

/// A channel to cl.server without message size limits.
std::shared_ptr<grpc::Channel> MakeChannel(const CommandLine& cl);

/// A context with the token and the deadline (--rpc-timeout, else
/// `default_timeout_ms`).
std::unique_ptr<grpc::ClientContext> MakeContext(const CommandLine& cl,
                                                 uint32_t default_timeout_ms);

/// The request metadata asking a typed method for these limits
/// (wasmrt-fuel, wasmrt-memory-bytes, wasmrt-timeout-ms); a 0 is left out
/// (the server's default).
std::vector<std::pair<std::string, std::string>> LimitMetadata(int64_t fuel,
                                                               uint64_t memory_bytes,
                                                               uint32_t timeout_ms);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_CONNECTION_H_

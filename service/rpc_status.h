// google.rpc.Status, the message gRPC carries in the grpc-status-details-bin
// trailer: {int32 code = 1; string message = 2; repeated Any details = 3}.
// Encoded by hand with protobuf's wire-format helpers: Debian ships neither
// google/rpc/status.proto nor a library holding it.
#ifndef WASMRT_SERVICE_RPC_STATUS_H_
#define WASMRT_SERVICE_RPC_STATUS_H_

#include <string>
#include <vector>

#include <google/protobuf/any.pb.h>
#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace wasmrt::service {

struct RpcStatus {
  int code = 0;
  std::string message;
  std::vector<google::protobuf::Any> details;
};

// The serialized google.rpc.Status with `detail` packed as its one Any.
std::string EncodeRpcStatus(int code, absl::string_view message,
                            const google::protobuf::Message& detail);

// Parses a serialized google.rpc.Status (unknown fields skipped);
// InvalidArgument when the bytes are not one.
absl::StatusOr<RpcStatus> DecodeRpcStatus(absl::string_view bytes);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_RPC_STATUS_H_

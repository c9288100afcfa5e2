// `wasmctl call pkg.Service/Method JSON`: a typed method called like any
// gRPC method. The request and response types come from server reflection
// (remote_descriptors.h); JSON is encoded and printed with protobuf's JSON
// mapping (libprotobuf's util/json_util), the call goes through
// grpc::GenericStub with the bytes of the encoded message.
#ifndef WASMRT_TOOLS_WASMCTL_CALL_COMMAND_H_
#define WASMRT_TOOLS_WASMCTL_CALL_COMMAND_H_

#include <optional>
#include <ostream>
#include <string>

#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "proto/wasmrt.pb.h"
#include "tools/wasmctl/cli.h"

namespace wasmrt::wasmctl {

/// Prints the answer as JSON on `out`. Exit status: 0 answered; 1 the guest
/// trapped (the wasmrt.v1.Trap of the status details is printed on `err`);
/// 2 usage (bad JSON, naming the field); 3 any other failure (unknown
/// service or method, an error status).
int RunCall(const CommandLine& cl, std::ostream& out, std::ostream& err);

/// The JSON of a request: read from `file` when set ("-" for stdin), else
/// `json`, else "{}". NotFound "cannot read F".
absl::StatusOr<std::string> RequestJson(const std::optional<std::string>& json,
                                        const std::optional<std::string>& file);

/// `json` as a message of `type` in protobuf's wire format; InvalidArgument
/// naming the type and the field at fault.
absl::StatusOr<std::string> EncodeJson(const google::protobuf::Descriptor& type,
                                       const std::string& json);

/// The wasmrt.v1.Trap in an error status's google.rpc.Status details
/// (grpc-status-details-bin), if any: how a typed method reports a trap.
std::optional<v1::Trap> TrapOf(const grpc::Status& s);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_CALL_COMMAND_H_

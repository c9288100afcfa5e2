// `wasmctl embed-proto`: makes a module self-describing by writing a
// protobuf FileDescriptorSet (protoc --include_imports --descriptor_set_out)
// into its wasmrt:proto custom section, which wasmrtd serves as typed gRPC
// methods (each /pkg.Service/Method by the export "pkg.Service/Method").
#ifndef WASMRT_TOOLS_WASMCTL_EMBED_PROTO_H_
#define WASMRT_TOOLS_WASMCTL_EMBED_PROTO_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace wasmrt::wasmctl {

inline constexpr char kProtoSectionName[] = "wasmrt:proto";

// `module` with its wasmrt:proto section written or replaced.
// InvalidArgument when `descriptor_set` is not a serialized
// FileDescriptorSet or `module` has no valid section structure. Whether the
// methods have their exports is the server's check at upload.
absl::StatusOr<std::string> EmbedProto(absl::string_view module,
                                       absl::string_view descriptor_set);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_EMBED_PROTO_H_

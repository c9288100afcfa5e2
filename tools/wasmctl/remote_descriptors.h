// The protobuf descriptors of a remote service, learnt through the server's
// reflection (grpc.reflection.v1alpha, as grpcurl asks): the file defining
// the service, then each import the server did not send along.
#ifndef WASMRT_TOOLS_WASMCTL_REMOTE_DESCRIPTORS_H_
#define WASMRT_TOOLS_WASMCTL_REMOTE_DESCRIPTORS_H_

#include <functional>
#include <memory>
#include <string>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <google/protobuf/dynamic_message.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace wasmrt::wasmctl {

class RemoteDescriptors {
 public:
  using ContextFactory = std::function<std::unique_ptr<grpc::ClientContext>()>;

  // Fetches `service`'s file and its imports over one reflection stream.
  // NotFound "unknown service" when reflection does not know it; the RPC's
  // status when reflection fails (e.g. UNIMPLEMENTED: no reflection);
  // InvalidArgument when the files sent do not build.
  static absl::StatusOr<std::unique_ptr<RemoteDescriptors>> Fetch(
      grpc::Channel& channel, const std::string& service, const ContextFactory& context);

  // "pkg.Service/Method" -> its descriptor; NotFound naming the methods the
  // service has.
  absl::StatusOr<const google::protobuf::MethodDescriptor*> Method(
      const std::string& path) const;
  // A new empty message of `type` (a type of this pool).
  std::unique_ptr<google::protobuf::Message> New(const google::protobuf::Descriptor& type);

 private:
  RemoteDescriptors() = default;
  google::protobuf::SimpleDescriptorDatabase database_;
  google::protobuf::DescriptorPool pool_{&database_};
  google::protobuf::DynamicMessageFactory factory_{&pool_};
};

/// "pkg.Service/Method" (a leading "/" allowed) -> {"pkg.Service", "Method"};
/// InvalidArgument for anything else.
absl::StatusOr<std::pair<std::string, std::string>> SplitMethodPath(const std::string& path);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_REMOTE_DESCRIPTORS_H_

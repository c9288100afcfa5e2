// Where server reflection finds descriptors: the generated pool (the
// built-in services: wasmrt.v1, grpc.health.v1, server reflection) and the
// descriptor pools of the typed modules bound when the request arrived
// (typed_router.h). A snapshot: a module moved or deleted later is not seen
// by this index, and the pools it holds stay alive until it is destroyed.
#ifndef WASMRT_SERVICE_REFLECTION_INDEX_H_
#define WASMRT_SERVICE_REFLECTION_INDEX_H_

#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/typed_methods.h"
#include "service/typed_router.h"

namespace wasmrt::service {

class ReflectionIndex {
 public:
  // `builtin_services`: the services compiled into the server, listed
  // first. A null `router` serves the built-in services only.
  ReflectionIndex(const std::vector<std::string>& builtin_services, const TypedRouter* router);

  // Built-in services, then the typed ones (sorted, each once).
  const std::vector<std::string>& services() const { return services_; }

  // The first source (generated pool first, then the bound modules in name
  // order) that knows the file or symbol; NotFound naming it otherwise.
  absl::StatusOr<const google::protobuf::FileDescriptor*> FileByName(
      absl::string_view name) const;
  absl::StatusOr<const google::protobuf::FileDescriptor*> FileContainingSymbol(
      absl::string_view symbol) const;
  absl::StatusOr<const google::protobuf::FileDescriptor*> FileContainingExtension(
      absl::string_view containing_type, int number) const;
  // The extension numbers of `type` in the first source that knows it.
  absl::StatusOr<std::vector<int>> ExtensionNumbers(absl::string_view type) const;

 private:
  std::vector<std::shared_ptr<const TypedApi>> apis_;  // keep pools_ alive
  std::vector<const google::protobuf::DescriptorPool*> pools_;
  std::vector<std::string> services_;
};

// `file` and every file it imports, transitively, each once, serialized as
// FileDescriptorProtos: `file` first, then its dependencies.
std::vector<std::string> SerializeWithDependencies(const google::protobuf::FileDescriptor& file);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_REFLECTION_INDEX_H_

// Self-describing modules: a custom section "wasmrt:proto" holds a
// serialized google.protobuf.FileDescriptorSet (protoc --include_imports
// --descriptor_set_out). Every method /pkg.Service/Method of a service in it
// is served by the export named exactly "pkg.Service/Method", of type
// (i32 i32) -> (i64) (the payload ABI). This file turns the section into a
// checked, immutable TypedApi; typed_router.h decides which module serves
// which path.
#ifndef WASMRT_SERVICE_TYPED_METHODS_H_
#define WASMRT_SERVICE_TYPED_METHODS_H_

#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/engine/engine.h"

namespace wasmrt::service {

inline constexpr char kProtoSectionName[] = "wasmrt:proto";

// One unary method a module serves.
struct TypedMethod {
  std::string path;         // "/pkg.Service/Method": the gRPC path
  std::string export_name;  // "pkg.Service/Method"
  const google::protobuf::MethodDescriptor* descriptor = nullptr;  // in the api's pool
  // Default instance of the output type (the api's DynamicMessageFactory).
  const google::protobuf::Message* output_prototype = nullptr;
};

// The protobuf API a module declares. Immutable once built and safe to use
// from any thread; owns the descriptors (which server reflection can serve
// later) and a message factory for checking outputs.
class TypedApi {
 public:
  // The api of `module`'s wasmrt:proto section; null (and OK) when it has
  // none. InvalidArgument naming the file or method at fault when the
  // section is broken or a method lacks its export.
  static absl::StatusOr<std::shared_ptr<const TypedApi>> Load(const CompiledModule& module);
  // The same from the section's bytes and the module's exports.
  static absl::StatusOr<std::shared_ptr<const TypedApi>> Build(
      absl::string_view descriptor_set, const std::vector<ExportType>& exports);

  const std::vector<TypedMethod>& methods() const { return methods_; }
  const google::protobuf::DescriptorPool& pool() const { return *pool_; }
  // The services declared, by full name (reflection, health).
  std::vector<std::string> ServiceNames() const;

  // OK when `bytes` parse as `method`'s output type; else Internal "bad
  // output" naming the method and the type.
  absl::Status CheckOutput(const TypedMethod& method, absl::string_view bytes) const;

 private:
  TypedApi() = default;
  absl::Status BuildPool(absl::string_view descriptor_set);
  absl::Status BindMethods(const std::vector<ExportType>& exports);
  absl::Status BindMethod(const google::protobuf::MethodDescriptor& method,
                          const std::vector<ExportType>& exports);

  std::unique_ptr<google::protobuf::DescriptorPool> pool_;
  // Declared after pool_: its prototypes refer to the pool's descriptors.
  std::unique_ptr<google::protobuf::DynamicMessageFactory> factory_;
  std::vector<const google::protobuf::FileDescriptor*> files_;  // in the set's order
  std::vector<TypedMethod> methods_;
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_TYPED_METHODS_H_

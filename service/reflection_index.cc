#include "service/reflection_index.h"

#include <google/protobuf/descriptor.pb.h>

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace wasmrt::service {
namespace {

namespace pb = ::google::protobuf;

absl::Status NotFound(absl::string_view what, absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(what, " \"", name, "\" is not known to the server"));
}

}  // namespace

ReflectionIndex::ReflectionIndex(const std::vector<std::string>& builtin_services,
                                 const TypedRouter* router)
    : services_(builtin_services) {
  pools_.push_back(pb::DescriptorPool::generated_pool());
  if (router == nullptr) return;
  apis_ = router->Apis();
  for (const auto& api : apis_) pools_.push_back(&api->pool());
  for (std::string& name : router->ServiceNames()) {
    if (std::find(services_.begin(), services_.end(), name) == services_.end()) {
      services_.push_back(std::move(name));
    }
  }
}

absl::StatusOr<const pb::FileDescriptor*> ReflectionIndex::FileByName(
    absl::string_view name) const {
  for (const pb::DescriptorPool* pool : pools_) {
    if (const pb::FileDescriptor* f = pool->FindFileByName(std::string(name))) return f;
  }
  return NotFound("file", name);
}

absl::StatusOr<const pb::FileDescriptor*> ReflectionIndex::FileContainingSymbol(
    absl::string_view symbol) const {
  for (const pb::DescriptorPool* pool : pools_) {
    if (const pb::FileDescriptor* f = pool->FindFileContainingSymbol(std::string(symbol))) {
      return f;
    }
  }
  return NotFound("symbol", symbol);
}

absl::StatusOr<const pb::FileDescriptor*> ReflectionIndex::FileContainingExtension(
    absl::string_view containing_type, int number) const {
  for (const pb::DescriptorPool* pool : pools_) {
    const pb::Descriptor* type = pool->FindMessageTypeByName(std::string(containing_type));
    if (type == nullptr) continue;
    if (const pb::FieldDescriptor* ext = pool->FindExtensionByNumber(type, number)) {
      return ext->file();
    }
  }
  return NotFound("extension", absl::StrCat(containing_type, "(", number, ")"));
}

absl::StatusOr<std::vector<int>> ReflectionIndex::ExtensionNumbers(
    absl::string_view type_name) const {
  for (const pb::DescriptorPool* pool : pools_) {
    const pb::Descriptor* type = pool->FindMessageTypeByName(std::string(type_name));
    if (type == nullptr) continue;
    std::vector<const pb::FieldDescriptor*> extensions;
    pool->FindAllExtensions(type, &extensions);
    std::vector<int> numbers;
    for (const pb::FieldDescriptor* e : extensions) numbers.push_back(e->number());
    std::sort(numbers.begin(), numbers.end());
    return numbers;
  }
  return NotFound("message type", type_name);
}

std::vector<std::string> SerializeWithDependencies(const pb::FileDescriptor& file) {
  std::vector<const pb::FileDescriptor*> order = {&file};
  absl::flat_hash_set<const pb::FileDescriptor*> seen = {&file};
  for (size_t i = 0; i < order.size(); ++i) {  // breadth first
    for (int d = 0; d < order[i]->dependency_count(); ++d) {
      const pb::FileDescriptor* dep = order[i]->dependency(d);
      if (seen.insert(dep).second) order.push_back(dep);
    }
  }
  std::vector<std::string> out;
  for (const pb::FileDescriptor* f : order) {
    pb::FileDescriptorProto proto;
    f->CopyTo(&proto);
    out.push_back(proto.SerializeAsString());
  }
  return out;
}

}  // namespace wasmrt::service

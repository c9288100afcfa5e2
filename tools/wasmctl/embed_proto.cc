#include "tools/wasmctl/embed_proto.h"

#include <google/protobuf/descriptor.pb.h>

#include "absl/strings/str_cat.h"
#include "tools/wasmctl/wasm_sections.h"

namespace wasmrt::wasmctl {

absl::StatusOr<std::string> EmbedProto(absl::string_view module,
                                       absl::string_view descriptor_set) {
  google::protobuf::FileDescriptorSet set;
  if (!set.ParseFromArray(descriptor_set.data(), int(descriptor_set.size()))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the descriptor set (", descriptor_set.size(),
        " bytes) is not a serialized google.protobuf.FileDescriptorSet; write one with "
        "protoc --include_imports --descriptor_set_out=FILE"));
  }
  if (set.file_size() == 0) {
    return absl::InvalidArgumentError("the descriptor set holds no .proto file");
  }
  return ReplaceCustomSection(module, kProtoSectionName, descriptor_set);
}

}  // namespace wasmrt::wasmctl

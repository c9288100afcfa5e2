// Rewrites a module's custom sections without decoding the rest: used by
// `wasmctl embed-proto` to write the wasmrt:proto section (a serialized
// FileDescriptorSet, served as typed gRPC methods by wasmrtd).
#ifndef WASMRT_TOOLS_WASMCTL_WASM_SECTIONS_H_
#define WASMRT_TOOLS_WASMCTL_WASM_SECTIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace wasmrt::wasmctl {

// `module` with every custom section named `name` removed and one holding
// `content` appended at the end (custom sections may appear anywhere). The
// other sections are copied byte for byte. InvalidArgument naming the byte
// offset when the section structure is broken (the sections' contents are
// not checked: the server validates the module).
absl::StatusOr<std::string> ReplaceCustomSection(absl::string_view module, absl::string_view name,
                                                 absl::string_view content);

// The contents of the custom sections named `name`, in order.
absl::StatusOr<std::vector<std::string>> CustomSections(absl::string_view module,
                                                        absl::string_view name);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_WASM_SECTIONS_H_

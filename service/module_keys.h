// How clients name modules: ids ("sha256:<hex>" of the bytes) and names.
// Every key is untrusted: nothing malformed reaches the file system.
#ifndef WASMRT_SERVICE_MODULE_KEYS_H_
#define WASMRT_SERVICE_MODULE_KEYS_H_

#include <string>

#include "absl/status/status.h"

namespace wasmrt::service {

// Whether `id` is "sha256:" followed by 64 lowercase hex digits.
bool IsWellFormedId(const std::string& id);

// Whether `name` is acceptable: [A-Za-z0-9._:/-]{1,128}, not starting with
// "sha256:", not "." or "..".
bool IsValidModuleName(const std::string& name);

// Whether `key` (an id or a name) is meant as an id.
bool IsIdKey(const std::string& key);

// NotFound for `key`, quoted: "no module named "x"" or "no module "sha256:..."".
absl::Status ModuleNotFound(const std::string& key);

// InvalidArgument for a name that IsValidModuleName refuses, with the rules.
absl::Status InvalidModuleName(const std::string& name);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_MODULE_KEYS_H_

#include "service/module_keys.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/status_text.h"

namespace wasmrt::service {

bool IsWellFormedId(const std::string& id) {
  return id.size() == 7 + 64 && absl::StartsWith(id, "sha256:") &&
         id.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
}

bool IsValidModuleName(const std::string& name) {
  if (name.empty() || name.size() > 128 || absl::StartsWith(name, "sha256:")) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
    if (!ok) return false;
  }
  return name != "." && name != "..";
}

bool IsIdKey(const std::string& key) { return absl::StartsWith(key, "sha256:"); }

absl::Status ModuleNotFound(const std::string& key) {
  return absl::NotFoundError(IsIdKey(key) ? absl::StrCat("no module ", Quote(key))
                                          : absl::StrCat("no module named ", Quote(key)));
}

absl::Status InvalidModuleName(const std::string& name) {
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid module name ", Quote(name), ": use 1-128 of [A-Za-z0-9._:/-], not \"sha256:...\""));
}

}  // namespace wasmrt::service

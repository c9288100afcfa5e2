#include "service/name_table.h"

#include <algorithm>

namespace wasmrt::service {

void NameTable::Set(const std::string& name, const std::string& id) {
  absl::MutexLock lock(&mu_);
  ids_[name] = id;
}

std::optional<std::string> NameTable::Get(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  auto it = ids_.find(name);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

void NameTable::Erase(const std::string& name) {
  absl::MutexLock lock(&mu_);
  ids_.erase(name);
}

std::vector<std::string> NameTable::EraseId(const std::string& id) {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> out;
  for (auto it = ids_.begin(); it != ids_.end();) {
    if (it->second == id) {
      out.push_back(it->first);
      ids_.erase(it++);
    } else {
      ++it;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> NameTable::NamesOf(const std::string& id) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> out;
  for (const auto& [name, target] : ids_) {
    if (target == id) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

size_t NameTable::size() const {
  absl::MutexLock lock(&mu_);
  return ids_.size();
}

}  // namespace wasmrt::service

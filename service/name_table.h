// The names that point at modules, in memory: name -> id. Thread-safe. The
// files behind the names are the repository's; this is what a replica
// currently believes they say.
#ifndef WASMRT_SERVICE_NAME_TABLE_H_
#define WASMRT_SERVICE_NAME_TABLE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace wasmrt::service {

class NameTable {
 public:
  // Points `name` at `id` (moving it if it pointed elsewhere).
  void Set(const std::string& name, const std::string& id);
  std::optional<std::string> Get(const std::string& name) const;
  void Erase(const std::string& name);
  // Removes every name pointing at `id`; returns them, sorted.
  std::vector<std::string> EraseId(const std::string& id);
  // The names pointing at `id`, sorted.
  std::vector<std::string> NamesOf(const std::string& id) const;
  size_t size() const;

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> ids_ ABSL_GUARDED_BY(mu_);  // name -> id
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_NAME_TABLE_H_

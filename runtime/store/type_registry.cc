#include "runtime/store/type_registry.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "runtime/base/alloc_scope.h"

namespace wasmrt {

uint32_t CanonicalTypeId(const FuncType& type) {
  static absl::Mutex mu;
  // The registry outlives any pool an embedder confines the runtime to, and
  // is sized up front so registering a type rarely allocates at all.
  static auto* ids = [] {
    ProcessLifetimeScope process_lifetime;
    auto* m = new absl::flat_hash_map<std::string, uint32_t>();
    m->reserve(1024);
    return m;
  }();
  // Key: the type bytes, results after a separator no value type uses.
  std::string key;
  for (ValType t : type.params) key.push_back(char(t));
  key.push_back('\0');
  for (ValType t : type.results) key.push_back(char(t));
  absl::MutexLock lock(&mu);
  ProcessLifetimeScope process_lifetime;
  auto [it, inserted] = ids->try_emplace(key, uint32_t(ids->size()) + 1);
  return it->second;
}

}  // namespace wasmrt

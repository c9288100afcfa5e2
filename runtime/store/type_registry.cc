#include "runtime/store/type_registry.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace wasmrt {

uint32_t CanonicalTypeId(const FuncType& type) {
  static absl::Mutex mu;
  static auto* ids = new absl::flat_hash_map<std::string, uint32_t>();
  // Key: the type bytes, results after a separator no value type uses.
  std::string key;
  for (ValType t : type.params) key.push_back(char(t));
  key.push_back('\0');
  for (ValType t : type.results) key.push_back(char(t));
  absl::MutexLock lock(&mu);
  auto [it, inserted] = ids->try_emplace(key, uint32_t(ids->size()) + 1);
  return it->second;
}

}  // namespace wasmrt

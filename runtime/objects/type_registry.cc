#include "runtime/objects/type_registry.h"

#include <cstdlib>
#include <new>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/synchronization/mutex.h"

namespace wasmrt {
namespace {

// The registry is process-wide (ids must agree across every store, since a
// table shared between stores is checked by call_indirect with them) and
// lives until exit, so it must outlive any buffer an embedder confines the
// runtime to (the C API's pool, which dies in wasm_runtime_destroy). Its
// storage therefore comes straight from malloc, never through operator new,
// which the C API may route to that buffer.
template <typename T>
struct SystemAllocator {
  using value_type = T;
  SystemAllocator() = default;
  template <typename U>
  SystemAllocator(const SystemAllocator<U>&) {}  // NOLINT: rebinding
  T* allocate(size_t n) {
    void* p = std::malloc(n * sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) { std::free(p); }
  template <typename U>
  bool operator==(const SystemAllocator<U>&) const { return true; }
  template <typename U>
  bool operator!=(const SystemAllocator<U>&) const { return false; }
};

using Key = std::basic_string<char, std::char_traits<char>, SystemAllocator<char>>;

// Lookups take a string_view of a temporary key, so only an inserted key is
// copied into registry storage.
struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view k) const { return absl::Hash<std::string_view>()(k); }
};
struct KeyEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

using Registry = absl::flat_hash_map<Key, uint32_t, KeyHash, KeyEq,
                                     SystemAllocator<std::pair<const Key, uint32_t>>>;

}  // namespace

uint32_t CanonicalTypeId(const FuncType& type) {
  static absl::Mutex mu;
  // Sized up front so registering a type rarely allocates at all. The
  // registry object itself comes from malloc too (see SystemAllocator).
  static Registry* ids = [] {
    void* storage = std::malloc(sizeof(Registry));
    if (storage == nullptr) throw std::bad_alloc();
    auto* m = new (storage) Registry();
    m->reserve(1024);
    return m;
  }();
  // Key: the type bytes, results after a separator no value type uses. A
  // temporary, so it may come from wherever operator new allocates.
  std::string key;
  for (ValType t : type.params) key.push_back(char(t));
  key.push_back('\0');
  for (ValType t : type.results) key.push_back(char(t));
  std::string_view view(key);
  absl::MutexLock lock(&mu);
  auto it = ids->find(view);
  if (it == ids->end()) {
    it = ids->emplace(Key(view.data(), view.size()), uint32_t(ids->size()) + 1).first;
  }
  return it->second;
}

}  // namespace wasmrt

// The one allocation interface of the runtime. Every allocation the runtime
// makes for modules, code, instances, memories and stacks goes through a
// std::pmr::memory_resource, so an embedder can confine the runtime to a
// buffer it provides (pool mode) without the runtime changing.
#ifndef WASMRT_RUNTIME_BASE_ALLOCATOR_H_
#define WASMRT_RUNTIME_BASE_ALLOCATOR_H_

#include <memory_resource>

namespace wasmrt {

// The resource used when the embedder configures none.
inline std::pmr::memory_resource* DefaultResource() {
  return std::pmr::new_delete_resource();
}

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BASE_ALLOCATOR_H_

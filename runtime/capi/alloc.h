// Where the runtime's memory comes from after wasm_runtime_full_init: the
// system allocator, the embedder's malloc/realloc/free, or a pool over the
// embedder's buffer.
//
// Two routes lead there:
// - Linear memories, the big blocks, are per store and explicit: every
//   instance's Store gets LinearMemoryProvider() in its StoreConfig
//   (module_instance.cc), so the engine never consults a global for them.
// - The C++ objects of the core (modules, code, instances, containers) are
//   built by layers that take no allocator, so the replaced operator new
//   (global_new.cc) routes them: a thread inside a RuntimeScope allocates
//   from the configured source. This stays process-wide and thread-local on
//   purpose: WAMR's full_init configures one source for the whole process,
//   and embedders expect every allocation of the runtime in their pool (the
//   malloc_count_test proves none escapes). Process-lifetime caches opt out
//   on their own by allocating with malloc directly (the type registry,
//   store/type_registry.cc), so nothing else needs a thread-local hint.
#ifndef WASMRT_RUNTIME_CAPI_ALLOC_H_
#define WASMRT_RUNTIME_CAPI_ALLOC_H_

#include <cstddef>
#include <cstdint>

#include "runtime/capi/pool_allocator.h"
#include "runtime/objects/linear_memory.h"

namespace wasmrt::capi {

enum class AllocSource : uint32_t { kSystem = 0, kPool = 1, kUser = 2 };

struct UserAllocFuncs {
  void* (*malloc_fn)(unsigned int size) = nullptr;
  void* (*realloc_fn)(void* ptr, unsigned int size) = nullptr;
  void (*free_fn)(void* ptr) = nullptr;
};

/// Routes runtime allocations to a pool over [buf, buf + size). False when
/// the buffer cannot hold a single block.
bool UsePool(void* buf, size_t size);
/// Routes runtime allocations to the embedder's functions (malloc and free
/// are required).
bool UseUserAllocator(const UserAllocFuncs& funcs);
/// Routes runtime allocations back to the system (also drops the pool).
void UseSystemAllocator();

AllocSource CurrentSource();
/// The active pool, or null outside pool mode.
PoolAllocator* ActivePool();

/// A block of `size` bytes from the configured source, aligned to 16 (pool,
/// system) or as the embedder's malloc aligns; null when refused.
void* RuntimeAlloc(size_t size);
/// Releases a RuntimeAlloc block; null is ignored.
void RuntimeFree(void* p);
/// Resizes a RuntimeAlloc block (null when refused; the block is kept).
void* RuntimeRealloc(void* p, size_t size);

/// Returns a pool block (ignored when the pool is gone) / a block of the
/// embedder's malloc.
void FreePoolBlock(void* p);
void FreeUserBlock(void* p);

/// Marks the current thread as executing inside the runtime (every
/// wasm_runtime_* entry point opens one); nests.
class RuntimeScope {
 public:
  RuntimeScope();
  ~RuntimeScope();
  RuntimeScope(const RuntimeScope&) = delete;
  RuntimeScope& operator=(const RuntimeScope&) = delete;
};

/// Leaves the runtime for the duration of a call into embedder code (a
/// native), whose own allocations are the embedder's business.
class HostScope {
 public:
  HostScope();
  ~HostScope();
  HostScope(const HostScope&) = delete;
  HostScope& operator=(const HostScope&) = delete;

 private:
  int saved_;
};

/// Whether operator new on this thread should use the configured source.
bool RoutedToRuntime();

/// The linear-memory provider of the configured source, for a Store's
/// StoreConfig::memory_provider: null for the system allocator (memories keep
/// their mmap reservations). Lives as long as the process.
MemoryProvider* LinearMemoryProvider();

}  // namespace wasmrt::capi

#endif  // WASMRT_RUNTIME_CAPI_ALLOC_H_

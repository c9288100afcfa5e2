#include "runtime/capi/alloc.h"

#include <atomic>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>


namespace wasmrt::capi {
namespace {

thread_local int tls_runtime_depth = 0;

// The pool object lives in static storage so that creating it allocates
// nothing anywhere.
alignas(PoolAllocator) unsigned char g_pool_storage[sizeof(PoolAllocator)];
std::atomic<PoolAllocator*> g_pool{nullptr};
std::atomic<AllocSource> g_source{AllocSource::kSystem};
UserAllocFuncs g_user;

// Linear memories in pool and user-allocator modes: RuntimeAlloc, zeroed.
class RuntimeMemoryProvider : public MemoryProvider {
 public:
  void* Allocate(uint64_t bytes) override {
    if (bytes > SIZE_MAX) return nullptr;
    void* p = RuntimeAlloc(size_t(bytes));
    if (p != nullptr) std::memset(p, 0, size_t(bytes));
    return p;
  }
  void Free(void* block, uint64_t) override { RuntimeFree(block); }
};
RuntimeMemoryProvider g_memory_provider;

void DropPool() {
  PoolAllocator* pool = g_pool.exchange(nullptr);
  if (pool != nullptr) pool->~PoolAllocator();
}

}  // namespace

bool UsePool(void* buf, size_t size) {
  DropPool();
  auto* pool = new (g_pool_storage) PoolAllocator(buf, size);
  void* probe = pool->Allocate(1);
  if (probe == nullptr) {
    pool->~PoolAllocator();
    return false;
  }
  pool->Free(probe);
  g_pool.store(pool);
  g_source.store(AllocSource::kPool);
  return true;
}

bool UseUserAllocator(const UserAllocFuncs& funcs) {
  if (funcs.malloc_fn == nullptr || funcs.free_fn == nullptr) return false;
  DropPool();
  g_user = funcs;
  g_source.store(AllocSource::kUser);
  return true;
}

void UseSystemAllocator() {
  DropPool();
  g_source.store(AllocSource::kSystem);
}

AllocSource CurrentSource() { return g_source.load(); }
PoolAllocator* ActivePool() { return g_pool.load(); }

void* RuntimeAlloc(size_t size) {
  switch (g_source.load()) {
    case AllocSource::kPool: {
      PoolAllocator* pool = g_pool.load();
      return pool != nullptr ? pool->Allocate(size) : nullptr;
    }
    case AllocSource::kUser:
      if (size > UINT_MAX) return nullptr;
      return g_user.malloc_fn(unsigned(size == 0 ? 1 : size));
    case AllocSource::kSystem:
      break;
  }
  return std::malloc(size == 0 ? 1 : size);
}

void RuntimeFree(void* p) {
  if (p == nullptr) return;
  PoolAllocator* pool = g_pool.load();
  if (pool != nullptr) {
    // In pool mode a pointer from elsewhere was never ours: ignore it (as
    // WAMR does) rather than hand it to the system allocator.
    if (pool->Contains(p)) pool->Free(p);
  } else if (g_source.load() == AllocSource::kUser) {
    g_user.free_fn(p);
  } else {
    std::free(p);
  }
}

void* RuntimeRealloc(void* p, size_t size) {
  if (p == nullptr) return RuntimeAlloc(size);
  PoolAllocator* pool = g_pool.load();
  if (pool != nullptr && pool->Contains(p)) {
    size_t old_size = pool->UsableSize(p);
    if (size <= old_size) return p;
    void* q = pool->Allocate(size);
    if (q == nullptr) return nullptr;
    std::memcpy(q, p, old_size);
    pool->Free(p);
    return q;
  }
  if (pool != nullptr) return nullptr;  // not a pool block: not ours
  if (g_source.load() == AllocSource::kUser) {
    if (g_user.realloc_fn == nullptr || size > UINT_MAX) return nullptr;
    return g_user.realloc_fn(p, unsigned(size));
  }
  return std::realloc(p, size);
}

void FreePoolBlock(void* p) {
  PoolAllocator* pool = g_pool.load();
  if (pool != nullptr && pool->Contains(p)) pool->Free(p);
}

void FreeUserBlock(void* p) {
  if (g_user.free_fn != nullptr) g_user.free_fn(p);
}

RuntimeScope::RuntimeScope() { ++tls_runtime_depth; }
RuntimeScope::~RuntimeScope() { --tls_runtime_depth; }

HostScope::HostScope() : saved_(tls_runtime_depth) { tls_runtime_depth = 0; }
HostScope::~HostScope() { tls_runtime_depth = saved_; }

bool RoutedToRuntime() {
  return tls_runtime_depth > 0 &&
         g_source.load(std::memory_order_relaxed) != AllocSource::kSystem;
}

MemoryProvider* LinearMemoryProvider() {
  return g_source.load() == AllocSource::kSystem ? nullptr : &g_memory_provider;
}

}  // namespace wasmrt::capi

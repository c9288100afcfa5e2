// Replaced global operator new/delete. Allocations made on a thread inside
// the runtime (RuntimeScope) in pool or user-allocator mode come from that
// source; everything else from malloc. Each block carries a 16-byte header
// naming its source, so delete returns it to the right place no matter which
// thread or scope frees it — the C++ core's containers land in the pool
// without the core knowing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "runtime/capi/alloc.h"

namespace wasmrt::capi {
namespace {

struct alignas(16) Header {
  uint32_t source;  // AllocSource
  uint32_t offset;  // from the raw block to the user pointer
  uint64_t reserved;
};
static_assert(sizeof(Header) == 16);

void* AllocateTagged(size_t size, size_t align) {
  if (align < 16) align = 16;
  AllocSource source = RoutedToRuntime() ? CurrentSource() : AllocSource::kSystem;
  // Pool and malloc blocks are 16-aligned; an embedder's malloc may not be.
  size_t slack = source == AllocSource::kUser ? align : align - 16;
  if (size > SIZE_MAX - sizeof(Header) - slack) return nullptr;
  size_t total = size + sizeof(Header) + slack;
  void* raw = source == AllocSource::kSystem ? std::malloc(total) : RuntimeAlloc(total);
  if (raw == nullptr) return nullptr;
  uintptr_t p = (reinterpret_cast<uintptr_t>(raw) + sizeof(Header) + align - 1) & ~(align - 1);
  auto* h = reinterpret_cast<Header*>(p - sizeof(Header));
  h->source = uint32_t(source);
  h->offset = uint32_t(p - reinterpret_cast<uintptr_t>(raw));
  h->reserved = 0;
  return reinterpret_cast<void*>(p);
}

void FreeTagged(void* p) {
  if (p == nullptr) return;
  auto* h = reinterpret_cast<Header*>(static_cast<char*>(p) - sizeof(Header));
  void* raw = static_cast<char*>(p) - h->offset;
  switch (AllocSource(h->source)) {
    case AllocSource::kSystem:
      std::free(raw);
      break;
    case AllocSource::kPool:
      FreePoolBlock(raw);  // a no-op once the pool is gone
      break;
    case AllocSource::kUser:
      FreeUserBlock(raw);
      break;
  }
}

void* AllocateOrThrow(size_t size, size_t align) {
  void* p = AllocateTagged(size, align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace
}  // namespace wasmrt::capi

using wasmrt::capi::AllocateOrThrow;
using wasmrt::capi::AllocateTagged;
using wasmrt::capi::FreeTagged;

void* operator new(size_t n) { return AllocateOrThrow(n, 16); }
void* operator new[](size_t n) { return AllocateOrThrow(n, 16); }
void* operator new(size_t n, const std::nothrow_t&) noexcept { return AllocateTagged(n, 16); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return AllocateTagged(n, 16); }
void* operator new(size_t n, std::align_val_t a) { return AllocateOrThrow(n, size_t(a)); }
void* operator new[](size_t n, std::align_val_t a) { return AllocateOrThrow(n, size_t(a)); }
void* operator new(size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return AllocateTagged(n, size_t(a));
}
void* operator new[](size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return AllocateTagged(n, size_t(a));
}

void operator delete(void* p) noexcept { FreeTagged(p); }
void operator delete[](void* p) noexcept { FreeTagged(p); }
void operator delete(void* p, size_t) noexcept { FreeTagged(p); }
void operator delete[](void* p, size_t) noexcept { FreeTagged(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { FreeTagged(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { FreeTagged(p); }
void operator delete(void* p, std::align_val_t) noexcept { FreeTagged(p); }
void operator delete[](void* p, std::align_val_t) noexcept { FreeTagged(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { FreeTagged(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { FreeTagged(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { FreeTagged(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  FreeTagged(p);
}

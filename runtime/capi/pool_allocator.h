// A thread-safe first-fit allocator over a caller's buffer (pool mode): the
// bookkeeping lives inside the buffer, so it allocates nothing elsewhere.
#ifndef WASMRT_RUNTIME_CAPI_POOL_ALLOCATOR_H_
#define WASMRT_RUNTIME_CAPI_POOL_ALLOCATOR_H_

#include <cstddef>
#include <cstdint>
#include <mutex>

namespace wasmrt::capi {

class PoolAllocator {
 public:
  /// Manages [buffer, buffer + size); the buffer must outlive the allocator.
  /// A buffer too small for any block yields an allocator that refuses all.
  PoolAllocator(void* buffer, size_t size);
  PoolAllocator(const PoolAllocator&) = delete;
  PoolAllocator& operator=(const PoolAllocator&) = delete;

  /// `size` bytes aligned to 16, or null when no free block is large enough.
  void* Allocate(size_t size);
  /// Releases a block from Allocate; null is ignored.
  void Free(void* p);
  /// The bytes usable at `p`, a block from Allocate (at least its size).
  size_t UsableSize(const void* p) const;
  /// Whether `p` points into the managed buffer.
  bool Contains(const void* p) const {
    auto a = reinterpret_cast<uintptr_t>(p);
    return a >= begin_ && a < end_;
  }

  size_t capacity() const { return end_ - begin_; }
  size_t used() const;       // bytes in allocated blocks, headers included
  size_t peak_used() const;  // the most ever in use at once

 private:
  struct Block;
  Block* first_free_ = nullptr;
  uintptr_t begin_ = 0;
  uintptr_t end_ = 0;
  size_t used_ = 0;
  size_t peak_ = 0;
  mutable std::mutex mu_;

  void Unlink(Block* b);
  void PushFree(Block* b);
};

}  // namespace wasmrt::capi

#endif  // WASMRT_RUNTIME_CAPI_POOL_ALLOCATOR_H_

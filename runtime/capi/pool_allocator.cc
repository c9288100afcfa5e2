#include "runtime/capi/pool_allocator.h"

#include <algorithm>

namespace wasmrt::capi {

// Every block starts with a 16-byte header: its size (header included, a
// multiple of 16; the low bit marks it in use) and the size of the block
// before it (0 for the first), which lets Free merge with both neighbours.
// A free block keeps its list links in its payload. A zero-size in-use
// header ends the buffer, so merging never runs past it.
struct PoolAllocator::Block {
  size_t size_and_used;
  size_t prev_size;
  Block* next_free;  // valid while free
  Block* prev_free;

  size_t size() const { return size_and_used & ~size_t(1); }
  bool used() const { return (size_and_used & 1) != 0; }
  Block* next() { return reinterpret_cast<Block*>(reinterpret_cast<char*>(this) + size()); }
  Block* prev() { return reinterpret_cast<Block*>(reinterpret_cast<char*>(this) - prev_size); }
};

namespace {
constexpr size_t kHeader = 16;
constexpr size_t kMinBlock = 32;  // header + the two free-list links
constexpr size_t kAlign = 16;
}  // namespace

PoolAllocator::PoolAllocator(void* buffer, size_t size) {
  uintptr_t b = (reinterpret_cast<uintptr_t>(buffer) + kAlign - 1) & ~(kAlign - 1);
  uintptr_t e = (reinterpret_cast<uintptr_t>(buffer) + size) & ~(kAlign - 1);
  begin_ = reinterpret_cast<uintptr_t>(buffer);
  end_ = begin_ + size;
  if (e <= b || e - b < kMinBlock + kHeader) return;
  auto* first = reinterpret_cast<Block*>(b);
  first->size_and_used = e - b - kHeader;
  first->prev_size = 0;
  auto* end_mark = first->next();
  end_mark->size_and_used = 1;
  end_mark->prev_size = first->size();
  first_free_ = nullptr;
  PushFree(first);
}

void PoolAllocator::Unlink(Block* b) {
  if (b->prev_free != nullptr) {
    b->prev_free->next_free = b->next_free;
  } else {
    first_free_ = b->next_free;
  }
  if (b->next_free != nullptr) b->next_free->prev_free = b->prev_free;
}

void PoolAllocator::PushFree(Block* b) {
  b->size_and_used &= ~size_t(1);
  b->prev_free = nullptr;
  b->next_free = first_free_;
  if (first_free_ != nullptr) first_free_->prev_free = b;
  first_free_ = b;
}

void* PoolAllocator::Allocate(size_t size) {
  if (size > end_ - begin_) return nullptr;
  size_t need = std::max(kMinBlock, (size + kHeader + kAlign - 1) & ~(kAlign - 1));
  std::lock_guard<std::mutex> lock(mu_);
  for (Block* b = first_free_; b != nullptr; b = b->next_free) {
    if (b->size() < need) continue;
    Unlink(b);
    if (b->size() - need >= kMinBlock) {  // split off the tail as a free block
      auto* rest = reinterpret_cast<Block*>(reinterpret_cast<char*>(b) + need);
      rest->size_and_used = b->size() - need;
      rest->prev_size = need;
      rest->next()->prev_size = rest->size();
      b->size_and_used = need;
      PushFree(rest);
    }
    b->size_and_used |= 1;
    used_ += b->size();
    peak_ = std::max(peak_, used_);
    return reinterpret_cast<char*>(b) + kHeader;
  }
  return nullptr;
}

void PoolAllocator::Free(void* p) {
  if (p == nullptr) return;
  auto* b = reinterpret_cast<Block*>(static_cast<char*>(p) - kHeader);
  std::lock_guard<std::mutex> lock(mu_);
  used_ -= b->size();
  b->size_and_used &= ~size_t(1);
  Block* next = b->next();
  if (!next->used()) {
    Unlink(next);
    b->size_and_used += next->size();
  }
  if (b->prev_size != 0 && !b->prev()->used()) {
    Block* prev = b->prev();
    Unlink(prev);
    prev->size_and_used += b->size();
    b = prev;
  }
  b->next()->prev_size = b->size();
  PushFree(b);
}

size_t PoolAllocator::UsableSize(const void* p) const {
  auto* b = reinterpret_cast<const Block*>(static_cast<const char*>(p) - kHeader);
  return b->size() - kHeader;
}

size_t PoolAllocator::used() const {
  std::lock_guard<std::mutex> lock(mu_);
  return used_;
}

size_t PoolAllocator::peak_used() const {
  std::lock_guard<std::mutex> lock(mu_);
  return peak_;
}

}  // namespace wasmrt::capi

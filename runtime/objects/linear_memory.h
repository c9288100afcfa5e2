// A linear memory. By default the whole address range it may ever grow to is
// reserved up front (inaccessible, mmap), and pages are made accessible as it
// grows, so the base address never moves. An embedder that confines the
// runtime to its own buffer passes a MemoryProvider to Create instead (the
// engine takes it from StoreConfig::memory_provider); then the bytes come from
// the provider and a grow may move the base (the interpreter reloads the base
// after memory.grow and after every host call).
#ifndef WASMRT_RUNTIME_OBJECTS_LINEAR_MEMORY_H_
#define WASMRT_RUNTIME_OBJECTS_LINEAR_MEMORY_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "runtime/base/types.h"

namespace wasmrt {

// Where linear-memory bytes come from when not from mmap reservations.
class MemoryProvider {
 public:
  virtual ~MemoryProvider() = default;
  /// Returns `bytes` (> 0) zeroed, writable bytes aligned to 16, or null.
  virtual void* Allocate(uint64_t bytes) = 0;
  /// Releases a block from Allocate of the same size.
  virtual void Free(void* block, uint64_t bytes) = 0;
};

class LinearMemory {
 public:
  // Reserves room for type.limits.max pages (kMaxPages without a max, or at
  // most `max_pages_cap`) and commits the initial pages. With a `provider`
  // the bytes come from it instead of an mmap reservation; the memory keeps
  // using it until destroyed, so it must outlive the memory.
  static absl::StatusOr<LinearMemory*> Create(const MemoryType& type,
                                              uint32_t max_pages_cap = kMaxPages,
                                              MemoryProvider* provider = nullptr);
  ~LinearMemory();
  LinearMemory(const LinearMemory&) = delete;
  LinearMemory& operator=(const LinearMemory&) = delete;

  uint8_t* data() const { return data_; }
  uint64_t size_bytes() const { return size_bytes_; }
  uint32_t pages() const { return uint32_t(size_bytes_ / kPageSize); }
  const MemoryType& type() const { return type_; }

  // memory.grow: returns the old size in pages, or -1 when the new size is
  // above the maximum, the cap, or the host refuses the pages.
  int64_t Grow(uint32_t delta_pages);

  // Zeroes the memory and shrinks it back to `pages` (instance reuse).
  void Reset(uint32_t pages);

 private:
  LinearMemory() = default;
  int64_t GrowProvided(uint32_t delta_pages);

  uint8_t* data_ = nullptr;
  uint64_t size_bytes_ = 0;
  uint64_t reserved_bytes_ = 0;  // mmap: the reservation; provider: the block
  uint32_t max_pages_ = 0;
  MemoryType type_;
  MemoryProvider* provider_ = nullptr;  // null: mmap
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_OBJECTS_LINEAR_MEMORY_H_

// A linear memory. The whole address range it may ever grow to is reserved
// up front (inaccessible), and pages are made accessible as it grows, so the
// base address never moves and a running function can keep it in a register.
#ifndef WASMRT_RUNTIME_STORE_LINEAR_MEMORY_H_
#define WASMRT_RUNTIME_STORE_LINEAR_MEMORY_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "runtime/base/types.h"

namespace wasmrt {

class LinearMemory {
 public:
  // Reserves room for type.limits.max pages (kMaxPages without a max, or at
  // most `max_pages_cap`) and commits the initial pages.
  static absl::StatusOr<LinearMemory*> Create(const MemoryType& type,
                                              uint32_t max_pages_cap = kMaxPages);
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
  uint8_t* data_ = nullptr;
  uint64_t size_bytes_ = 0;
  uint64_t reserved_bytes_ = 0;
  uint32_t max_pages_ = 0;
  MemoryType type_;
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_STORE_LINEAR_MEMORY_H_

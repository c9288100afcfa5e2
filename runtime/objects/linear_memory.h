// A linear memory. By default the whole address range it may ever grow to is
// reserved up front (inaccessible, mmap), and pages are made accessible as it
// grows, so the base address never moves. An embedder that confines the
// runtime to its own buffer passes a MemoryProvider to Create instead (the
// engine takes it from StoreConfig::memory_provider); then the bytes come from
// the provider and a grow may move the base (the interpreter reloads the base
// after memory.grow and after every host call).
//
// Guard reservation: an mmap-backed memory reserves kGuardedReservation bytes
// of address space (PROT_NONE beyond the accessible pages), so any u32
// address plus a u32 offset below 2^31 plus an access of up to 16 bytes
// lands inside the reservation. Code compiled with guard-page bounds checks
// (runtime/jit) accesses such a memory without comparing against its size:
// an access past the end faults, and the runtime's signal handler turns the
// fault into the out-of-bounds trap. A provided memory has no such
// reservation (guarded() is false); neither has an mmap memory whose large
// reservation the system refused (it falls back to the size it may grow to).
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
  // Address space reserved by a guarded memory: 4 GiB of addresses, 2 GiB of
  // offsets, a 16-byte access, rounded up to a power of two.
  static constexpr uint64_t kGuardedReservation = uint64_t(8) << 30;
  static_assert(kGuardedReservation >= (uint64_t(1) << 32) + (uint64_t(1) << 31) + 16);

  // Whether this process may reserve guard reservations freely: false
  // under an address-space limit (ulimit -v) that leaves less than 1 TiB
  // unmapped, where memories would soon fall back to unguarded ones. Compiling for guard
  // pages then makes no sense (CompileModule checks explicitly instead).
  static bool GuardReservationsAvailable();

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
  // Whether every byte from data() up to data() + kGuardedReservation is
  // either part of this memory or inaccessible (see above).
  bool guarded() const { return guarded_; }

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
  bool guarded_ = false;
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_OBJECTS_LINEAR_MEMORY_H_

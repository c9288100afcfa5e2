#include "runtime/objects/linear_memory.h"

#include <sys/mman.h>
#include <sys/resource.h>

#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace wasmrt {
namespace {

// Provider blocks are never empty, so data() is never null.
uint64_t BlockBytes(uint64_t size_bytes) { return std::max<uint64_t>(size_bytes, 16); }

}  // namespace

bool LinearMemory::GuardReservationsAvailable() {
  rlimit limit;
  if (getrlimit(RLIMIT_AS, &limit) != 0) return false;
  if (limit.rlim_cur == RLIM_INFINITY) return true;
  // What is left under the limit: the limit less what is mapped now (a
  // sanitizer's shadow alone can be terabytes).
  uint64_t mapped_pages = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%" SCNu64, &mapped_pages) != 1) mapped_pages = 0;
    std::fclose(f);
  }
  uint64_t mapped = mapped_pages * uint64_t(sysconf(_SC_PAGESIZE));
  return limit.rlim_cur > mapped && limit.rlim_cur - mapped >= (uint64_t(1) << 40);
}

absl::StatusOr<LinearMemory*> LinearMemory::Create(const MemoryType& type,
                                                   uint32_t max_pages_cap,
                                                   MemoryProvider* provider) {
  uint32_t max_pages = type.limits.has_max ? type.limits.max : kMaxPages;
  max_pages = std::min(max_pages, max_pages_cap);
  if (type.limits.min > max_pages) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "memory of ", type.limits.min, " pages exceeds the limit of ", max_pages, " pages"));
  }
  auto* mem = new LinearMemory();
  mem->type_ = type;
  mem->max_pages_ = max_pages;
  mem->provider_ = provider;
  if (mem->provider_ != nullptr) {
    // Only the initial pages are taken; Grow moves to a larger block.
    uint64_t bytes = uint64_t(type.limits.min) * kPageSize;
    void* p = mem->provider_->Allocate(BlockBytes(bytes));
    if (p == nullptr) {
      delete mem;
      return absl::ResourceExhaustedError(absl::StrCat(
          "cannot allocate ", type.limits.min, " pages of linear memory"));
    }
    mem->data_ = static_cast<uint8_t*>(p);
    mem->reserved_bytes_ = BlockBytes(bytes);
    mem->size_bytes_ = bytes;
    return mem;
  }
  // The guard reservation first; where the system refuses that much
  // address space (a ulimit -v), the range the memory may grow to, at least
  // one page so data() is never null.
  uint64_t fallback = std::max<uint64_t>(uint64_t(max_pages) * kPageSize, kPageSize);
  void* p = MAP_FAILED;
  for (uint64_t bytes : {kGuardedReservation, fallback}) {
    p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED) {
      mem->reserved_bytes_ = bytes;
      mem->guarded_ = bytes == kGuardedReservation;
      break;
    }
  }
  if (p == MAP_FAILED) {
    delete mem;
    return absl::ResourceExhaustedError("cannot reserve address space for linear memory");
  }
  mem->data_ = static_cast<uint8_t*>(p);
  if (mem->Grow(type.limits.min) < 0) {
    delete mem;
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot commit ", type.limits.min, " pages of linear memory"));
  }
  return mem;
}

LinearMemory::~LinearMemory() {
  if (data_ == nullptr) return;
  if (provider_ != nullptr) {
    provider_->Free(data_, reserved_bytes_);
  } else {
    munmap(data_, reserved_bytes_);
  }
}

int64_t LinearMemory::Grow(uint32_t delta_pages) {
  uint32_t old_pages = pages();
  if (uint64_t(old_pages) + delta_pages > max_pages_) return -1;
  if (delta_pages == 0) return old_pages;
  if (provider_ != nullptr) return GrowProvided(delta_pages);
  uint64_t new_size = size_bytes_ + uint64_t(delta_pages) * kPageSize;
  if (mprotect(data_ + size_bytes_, new_size - size_bytes_, PROT_READ | PROT_WRITE) != 0) {
    return -1;
  }
  size_bytes_ = new_size;
  return old_pages;
}

// A provided memory moves to a new block holding the grown size; the old
// block is released only after the copy, so a refused grow changes nothing.
int64_t LinearMemory::GrowProvided(uint32_t delta_pages) {
  uint32_t old_pages = pages();
  uint64_t new_size = size_bytes_ + uint64_t(delta_pages) * kPageSize;
  if (new_size <= reserved_bytes_) {  // after a Reset the block may be larger
    size_bytes_ = new_size;
    return old_pages;
  }
  void* p = provider_->Allocate(new_size);
  if (p == nullptr) return -1;
  std::memcpy(p, data_, size_bytes_);
  provider_->Free(data_, reserved_bytes_);
  data_ = static_cast<uint8_t*>(p);
  reserved_bytes_ = new_size;
  size_bytes_ = new_size;
  return old_pages;
}

void LinearMemory::Reset(uint32_t pages) {
  uint64_t keep = uint64_t(pages) * kPageSize;
  if (keep < size_bytes_) {
    if (provider_ == nullptr) {
      // Give the pages back to the kernel (they read as zero when recommitted).
      madvise(data_ + keep, size_bytes_ - keep, MADV_DONTNEED);
      mprotect(data_ + keep, size_bytes_ - keep, PROT_NONE);
    } else {
      // Pages beyond `keep` must read as zero when grown again.
      std::memset(data_ + keep, 0, size_bytes_ - keep);
    }
    size_bytes_ = keep;
  }
  // Large mapped memories are zeroed by the kernel, lazily: only the pages
  // the next user touches cost anything, instead of a memset of all of it.
  constexpr uint64_t kMadviseThreshold = 256 * 1024;
  if (provider_ == nullptr && size_bytes_ >= kMadviseThreshold &&
      madvise(data_, size_bytes_, MADV_DONTNEED) == 0) {
    return;
  }
  std::memset(data_, 0, size_bytes_);
}

}  // namespace wasmrt

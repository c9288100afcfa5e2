#include "runtime/jit/code_memory.h"

#include <sys/mman.h>  // mremap: Linux (_GNU_SOURCE, on by default in C++)
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace wasmrt::jit {
namespace {

std::atomic<size_t> g_in_use{0};

size_t PageSize() {
  static const size_t page = size_t(sysconf(_SC_PAGESIZE));
  return page;
}

}  // namespace

absl::StatusOr<std::unique_ptr<CodeMemory>> CodeMemory::Allocate(size_t size) {
  size_t page = PageSize();
  size_t rounded = (std::max<size_t>(size, 1) + page - 1) / page * page;
  size_t before = g_in_use.fetch_add(rounded);
  if (before + rounded > kProcessBudget) {
    g_in_use.fetch_sub(rounded);
    return absl::ResourceExhaustedError(absl::StrCat(
        "compiled code: ", rounded, " more bytes would exceed the process budget of ",
        kProcessBudget));
  }
  void* p = mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    g_in_use.fetch_sub(rounded);
    return absl::ResourceExhaustedError(
        absl::StrCat("compiled code: mmap of ", rounded, " bytes failed: ", strerror(errno)));
  }
  return std::unique_ptr<CodeMemory>(new CodeMemory(static_cast<uint8_t*>(p), rounded));
}

CodeMemory::~CodeMemory() {
  munmap(data_, size_);
  g_in_use.fetch_sub(size_);
}

absl::Status CodeMemory::Seal() {
  if (mprotect(data_, size_, PROT_READ | PROT_EXEC) != 0) {
    return absl::InternalError(absl::StrCat("compiled code: mprotect failed: ", strerror(errno)));
  }
  sealed_ = true;
  return absl::OkStatus();
}

size_t CodeMemory::BytesInUse() { return g_in_use.load(); }

CodeBuffer::~CodeBuffer() {
  if (data_ != nullptr) munmap(data_, capacity_);
}

absl::Status CodeBuffer::Reserve(size_t capacity) {
  if (capacity <= capacity_) return absl::OkStatus();
  size_t page = PageSize();
  size_t rounded = (std::max(capacity, 2 * capacity_) + page - 1) / page * page;
  void* p = data_ == nullptr
                ? mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                : mremap(data_, capacity_, rounded, MREMAP_MAYMOVE);
  if (p == MAP_FAILED) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "compiled code: mapping ", rounded, " bytes for the compiler failed: ", strerror(errno)));
  }
  data_ = static_cast<uint8_t*>(p);
  capacity_ = rounded;
  return absl::OkStatus();
}

void CodeBuffer::Prefault(size_t size) {
  constexpr size_t kChunk = size_t(256) << 10;
  if (size <= prefaulted_) return;
  size_t upto = std::min(capacity_, (size + kChunk - 1) / kChunk * kChunk);
#ifdef MADV_POPULATE_WRITE
  if (upto > prefaulted_) madvise(data_ + prefaulted_, upto - prefaulted_, MADV_POPULATE_WRITE);
#endif
  prefaulted_ = upto;
}

absl::StatusOr<std::unique_ptr<CodeMemory>> CodeBuffer::Release(size_t size) {
  size_t page = PageSize();
  size_t rounded = (std::max<size_t>(size, 1) + page - 1) / page * page;
  absl::Status reserved = Reserve(rounded);
  if (!reserved.ok()) return reserved;
  std::memset(data_ + size, 0, rounded - size);
  // The tail beyond the code goes back first.
  if (capacity_ > rounded) munmap(data_ + rounded, capacity_ - rounded);
  uint8_t* data = data_;
  data_ = nullptr;
  capacity_ = 0;
  prefaulted_ = 0;
  size_t before = g_in_use.fetch_add(rounded);
  if (before + rounded > CodeMemory::kProcessBudget) {
    g_in_use.fetch_sub(rounded);
    munmap(data, rounded);
    return absl::ResourceExhaustedError(absl::StrCat(
        "compiled code: ", rounded, " more bytes would exceed the process budget of ",
        CodeMemory::kProcessBudget));
  }
  return std::unique_ptr<CodeMemory>(new CodeMemory(data, rounded));
}

}  // namespace wasmrt::jit

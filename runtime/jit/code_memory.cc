#include "runtime/jit/code_memory.h"

#include <sys/mman.h>
#include <unistd.h>

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

}  // namespace wasmrt::jit

// Machine code memory: mapped writable, filled, then sealed read+execute,
// never writable and executable at once (W^X). Bounded per process: every
// byte mapped counts against a global budget, released when the memory is
// freed with its module.
#ifndef WASMRT_RUNTIME_JIT_CODE_MEMORY_H_
#define WASMRT_RUNTIME_JIT_CODE_MEMORY_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"

namespace wasmrt::jit {

class CodeMemory {
 public:
  // The most machine code all live modules may hold together.
  static constexpr size_t kProcessBudget = size_t(1) << 30;

  // Maps `size` bytes (rounded up to pages) read+write. ResourceExhausted
  // beyond the process budget.
  static absl::StatusOr<std::unique_ptr<CodeMemory>> Allocate(size_t size);
  ~CodeMemory();
  CodeMemory(const CodeMemory&) = delete;
  CodeMemory& operator=(const CodeMemory&) = delete;

  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  // Makes the memory read+execute; it is never writable again.
  absl::Status Seal();
  bool sealed() const { return sealed_; }

  // Bytes mapped by all live CodeMemory objects.
  static size_t BytesInUse();

 private:
  CodeMemory(uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t* data_;
  size_t size_;
  bool sealed_ = false;
};

}  // namespace wasmrt::jit

#endif  // WASMRT_RUNTIME_JIT_CODE_MEMORY_H_

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
  friend class CodeBuffer;
  CodeMemory(uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t* data_;
  size_t size_;
  bool sealed_ = false;
};

// Machine code while it is written: a read+write mapping that grows in
// place or moves (mremap) without copying and becomes a CodeMemory when
// complete, so the compiler writes every function where it will run and
// touches no page twice. Not counted against the budget until then.
class CodeBuffer {
 public:
  CodeBuffer() = default;
  ~CodeBuffer();
  CodeBuffer(const CodeBuffer&) = delete;
  CodeBuffer& operator=(const CodeBuffer&) = delete;

  // At least `capacity` bytes; data() may move. ResourceExhausted when the
  // mapping fails.
  absl::Status Reserve(size_t capacity);
  uint8_t* data() const { return data_; }
  size_t capacity() const { return capacity_; }
  // Maps the pages up to `size` (within capacity()) now, many per system
  // call, rather than one page fault each as code is written (best effort).
  void Prefault(size_t size);
  // The first `size` bytes (rounded up to pages) become a CodeMemory,
  // counted against the budget (ResourceExhausted beyond it); the buffer
  // is empty afterwards either way.
  absl::StatusOr<std::unique_ptr<CodeMemory>> Release(size_t size);

 private:
  uint8_t* data_ = nullptr;
  size_t capacity_ = 0;  // mapped bytes, whole pages
  size_t prefaulted_ = 0;
};

}  // namespace wasmrt::jit

#endif  // WASMRT_RUNTIME_JIT_CODE_MEMORY_H_

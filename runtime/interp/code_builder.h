// Emits the internal code of one function (runtime/code/code.h): operation
// words, immediates, and branch offsets that are patched once their forward
// target is known.
#ifndef WASMRT_RUNTIME_INTERP_CODE_BUILDER_H_
#define WASMRT_RUNTIME_INTERP_CODE_BUILDER_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "runtime/code/code.h"

namespace wasmrt::interp {

class CodeBuilder {
 public:
  /// `handlers` may be null: operation words then hold IOp numbers.
  explicit CodeBuilder(Handlers handlers) : handlers_(handlers) {}

  /// Index of the next word to be emitted.
  uint32_t pos() const { return uint32_t(code_.size()); }

  /// Appends an operation word; returns its index (branch offsets are
  /// relative to it).
  uint32_t Op(IOp op);
  void Imm(uint64_t value) { code_.push_back(CodeWord{.u64 = value}); }

  /// Appends a branch offset to `target` for the operation at `op_pos`.
  void Offset(uint32_t op_pos, uint32_t target) {
    Imm(uint64_t(int64_t(target) - int64_t(op_pos)));
  }

  /// Appends a placeholder offset whose target is not known yet; returns a
  /// fixup handle for Patch.
  uint32_t ForwardOffset(uint32_t op_pos);

  /// Sets the placeholder `fixup` to branch to `target`.
  void Patch(uint32_t fixup, uint32_t target);

  /// Sets the word at `index` (a previously emitted immediate).
  void Set(uint32_t index, uint64_t value) { code_[index].u64 = value; }

  /// Replaces the operation word at `index` (a previously emitted op).
  void SetOp(uint32_t index, IOp op);

  /// Drops every word from `index` on. No branch may target or patch them.
  void Truncate(uint32_t index) { code_.resize(index); }

  /// Removes `count` words at `index`, moving the rest down. Only the
  /// fuser uses it, within one straight-line run: no branch offset or fixup
  /// may span or target the words moved.
  void Erase(uint32_t index, uint32_t count) {
    code_.erase(code_.begin() + index, code_.begin() + index + count);
  }

  std::vector<CodeWord> Take() { return std::move(code_); }

 private:
  Handlers handlers_;
  std::vector<CodeWord> code_;
};

}  // namespace wasmrt::interp

#endif  // WASMRT_RUNTIME_INTERP_CODE_BUILDER_H_

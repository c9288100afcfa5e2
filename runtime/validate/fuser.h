// The translator's peephole stage: emits operations through a CodeBuilder and
// fuses each with the adjacent instructions that produce its operands
// (local.get, constants) or consume its result (local.set, local.tee, br_if,
// if), following the forms of runtime/code/fused.def (see code.h).
//
// It only ever rewrites the last few operations it emitted itself, in one
// straight-line run: Barrier() marks a label (block/loop/if boundary), and
// any operation emitted directly through the CodeBuilder breaks adjacency,
// so nothing fuses across a branch target or an unfused operation. Each
// emission does O(1) work, keeping translation linear.
#ifndef WASMRT_RUNTIME_VALIDATE_FUSER_H_
#define WASMRT_RUNTIME_VALIDATE_FUSER_H_

#include <array>
#include <cstdint>

#include "runtime/code/code.h"
#include "runtime/validate/code_builder.h"

namespace wasmrt::validate {

class Fuser {
 public:
  /// `code` must outlive this.
  explicit Fuser(CodeBuilder* code) : code_(code) {}

  /// Forgets everything emitted so far (a new function).
  void Reset() {
    n_ = 0;
    barrier_ = 0;
  }
  /// A label at the current position: nothing before it fuses with what
  /// follows.
  void Barrier() {
    n_ = 0;
    barrier_ = code_->pos();
  }

  /// One-slot local.get / local.set / local.tee of `slot`.
  void LocalGet(uint32_t slot);
  void LocalSet(uint32_t slot);
  void LocalTee(uint32_t slot);

  /// Emits the wasm-named operation `op` with its value immediate `imm`
  /// (constants' bits, memarg offsets) when it is a constant, an operation
  /// of fused.def or i32.eqz; returns false, emitting nothing, otherwise.
  bool Emit(IOp op, uint64_t imm);

  /// Emits a conditional branch on the i32 on top of the stack (JumpIf when
  /// `when_true`, JumpUnless otherwise) fused with the condition's
  /// producer; returns the index of its operation word. The caller appends
  /// [offset][fuel].
  uint32_t CondBranch(bool when_true);

 private:
  enum class Kind : uint8_t { kOther, kLocalGet, kConst, kBinary, kEqz, kLoad };
  // Operand forms, in the order of WASMRT_ARITH_FORMS / WASMRT_BRANCH_FORMS.
  enum Form : uint8_t { kSS, kSL, kSC, kLL, kLC };
  struct Rec {
    Kind kind = Kind::kOther;
    IOp base = IOp::kNop;  // the wasm-named operation (kBinary, kLoad)
    uint8_t form = kSS;    // kBinary: Form; kLoad/kEqz: 0 = S, 1 = L
    uint32_t pos = 0;      // index of the operation word
    uint32_t end = 0;      // index just past its immediates
    uint64_t imm = 0;      // local slot or constant bits
  };

  // The `back`-th last record (0 = last) when it and every later record are
  // adjacent, after the barrier and end at the current position; else null.
  const Rec* Last(int back) const;
  void Push(const Rec& r);
  void Pop(int count) { n_ -= count; }
  // Gives the last record (a non-_D binary or load) the result-to-local
  // form; returns false when it has none.
  bool ToLocal(uint32_t slot);

  void Binary(IOp op, IOp first);
  void Eqz();
  void Load(IOp op, IOp first, uint64_t offset);
  void Store(IOp op, IOp first, uint64_t offset);

  CodeBuilder* code_;
  static constexpr int kWindow = 2;
  std::array<Rec, kWindow> recs_;  // recs_[n_ - 1] is the last
  int n_ = 0;
  uint32_t barrier_ = 0;
};

}  // namespace wasmrt::validate

#endif  // WASMRT_RUNTIME_VALIDATE_FUSER_H_

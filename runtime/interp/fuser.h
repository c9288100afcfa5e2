// The translator's peephole stage: emits operations through a CodeBuilder and
// fuses each with the adjacent instructions that produce its operands
// (local.get, constants) or consume its result (local.set, local.tee, br_if,
// if), choosing among the forms of runtime/code/forms.h by where the
// operands come from.
//
// It only ever rewrites the last few operations it emitted itself, in one
// straight-line run: Barrier() marks a label (block/loop/if boundary), and
// any operation emitted directly through the CodeBuilder breaks adjacency,
// so nothing fuses across a branch target or an unfused operation. Each
// record knows its stack effect and the local it writes, so an operand
// pushed by a local.get a few operations back (below values pushed since)
// can still be fused: the get is erased and the consumer reads the local,
// unless a later operation of the window writes that local. Each emission
// does O(window) work, keeping translation linear.
#ifndef WASMRT_RUNTIME_INTERP_FUSER_H_
#define WASMRT_RUNTIME_INTERP_FUSER_H_

#include <array>
#include <cstdint>

#include "runtime/code/code.h"
#include "runtime/code/forms.h"
#include "runtime/interp/code_builder.h"

namespace wasmrt::interp {

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

  /// v128 local.get of the two slots at `slot`; v128.const.
  void LocalGet128(uint32_t slot);
  void V128Const(uint64_t low, uint64_t high);
  /// i32x4.extract_lane `lane`.
  void I32x4ExtractLane(uint32_t lane);

  /// One-slot select, its value operands fused with the local.get or
  /// constant that pushed them (Select_SL/_SC/_LL/_LC, ops.def).
  void Select();

  /// Notes an operation at `pos` emitted directly (with its immediates) that
  /// pops and pushes the given stack slots and writes no local, so fusion
  /// can look past it.
  void Other(uint32_t pos, uint8_t pops, uint8_t pushes);

  /// Emits a conditional branch on the i32 on top of the stack (JumpIf when
  /// `when_true`, JumpUnless otherwise) fused with the condition's
  /// producer; returns the index of its operation word. The caller appends
  /// [offset][fuel].
  uint32_t CondBranch(bool when_true);

 private:
  enum class Kind : uint8_t {
    kOther, kLocalGet, kConst, kBinary, kEqz, kLoad, kLocalGet128, kConst128, kMem,
    kChain  // a chained pair (base: the outer op)
  };
  static constexpr int64_t kNoLocal = -1;
  struct Rec {
    Kind kind = Kind::kOther;
    IOp base = IOp::kNop;  // the wasm-named operation (kBinary, kLoad)
    // Where the operands come from (forms.h): kBinary, kMem: a and b (kMem:
    // b = the memory operand's address); kLoad: a = the address; kEqz: a.
    forms::Src a = forms::Src::kNone;
    uint32_t pos = 0;      // index of the operation word
    uint32_t end = 0;      // index just past its immediates
    uint64_t imm = 0;      // local slot or constant bits (kLoad L/LC, kBinary
                           // LL/LC: the left local)
    uint64_t imm2 = 0;     // kLoad: the memarg offset; kBinary LL/LC: b
    uint64_t imm3 = 0;     // kLoad LC: the constant
    uint8_t pops = 0;      // stack slots consumed
    uint8_t pushes = 0;    // stack slots produced
    int64_t writes = kNoLocal;  // the local slot written, if any
    bool counter = false;  // I32Add_LC_D x c x: a loop counter step (imm2 = c)
    bool zext = false;     // kBinary: an i32 result taken as i64 (a dropped
                           // i64.extend_i32_u)
    forms::Src b = forms::Src::kNone;
  };

  // The `back`-th last record (0 = last) when it and every later record are
  // adjacent, after the barrier and end at the current position; else null.
  const Rec* Last(int back) const;
  void Push(const Rec& r);
  void Pop(int count) { n_ -= count; }
  // Index in recs_ of the adjacent local.get that pushed the stack slot
  // `depth` below the top (0 = top), when no later record writes its local;
  // else -1.
  // With `consts`, an adjacent constant also qualifies.
  int LocalProducer(int depth, bool consts = false) const;
  // Removes record `i` and its words (a local.get found by LocalProducer).
  void Erase(int i);
  // Gives the last record (a non-_D binary or load) the result-to-local
  // form; returns false when it has none.
  bool ToLocal(uint32_t slot);

  // The operands of a binary operation or a store, taken back from the
  // adjacent instructions that pushed them: b (the top) from a local.get
  // or constant, then a (below it) from a local.get; immediates a's first.
  // Sources stay kStack where nothing fused.
  struct Operands {
    forms::Src a = forms::Src::kStack;
    forms::Src b = forms::Src::kStack;
    uint64_t imms[2] = {};
    int count = 0;
  };
  Operands TakeOperands();
  // `row`: the row's forms (forms.h) in its family's order.
  void Binary(IOp op, const IOp* row);
  // `op` (stack operands) as a chained pair (chain.def) with the last
  // record; false when it is not an LL/LC binary that chains under `op`.
  bool Chain(IOp op);
  // i64.extend_i32_u: true, emitting nothing, when the last record is a
  // binary or chained pair whose i32 result its slot holds zero-extended.
  bool ZeroExtend();
  void Eqz();
  void Load(IOp op, const IOp* row, uint64_t offset);
  void Store(IOp op, const IOp* row, uint64_t offset);
  void LoadV128(uint64_t offset);
  void SimdBinary(IOp op, const IOp* row);
  // op with a memory right operand (FUSED_MEM) when the last record is a
  // load from a local address; returns false otherwise.
  bool MemBinary(IOp op, const IOp* mem, IOp mem_load);
  // Takes back an address `local.get a; i32.const c; i32.add` just emitted
  // (I32Add_LC); false when the last record is not one.
  bool AddressLC(uint64_t* a, uint64_t* c);

  CodeBuilder* code_;
  static constexpr int kWindow = 32;
  std::array<Rec, kWindow> recs_;  // recs_[n_ - 1] is the last
  int n_ = 0;
  uint32_t barrier_ = 0;
};

}  // namespace wasmrt::interp

#endif  // WASMRT_RUNTIME_INTERP_FUSER_H_

// The emitter of one function's machine code (x86-64, xbyak). Private to
// runtime/jit: compiler.cc drives it, function_emitter.cc (control, calls,
// fuel, frame), emit_ops.cc (straight-line instructions) and emit_float.cc
// (scalar floating point) implement it.
//
// Registers while compiled code runs: rbx = fp (the frame's first slot),
// r12 = memory base, r13 = memory size in bytes, r14 = JitState*. All are
// callee-saved in the System V ABI, so helper calls keep them. rax, rcx and
// rdx are scratch; rsi, rdi, r8-r11, r15 and rbp hold operand values (a
// float as its bits, an f32 zero-extended like an i32). xmm0-xmm1 are
// scratch within one float instruction (emit_float.cc).
//
// The operand stack is abstract (in the style of V8's Liftoff): an entry is
// a constant, a local, a register or its home slot (entry h lives in
// fp[local_base + h]) until an operation needs it in a register. Before
// every control instruction and call all entries go to their home slots,
// so labels, branches and calls see the interpreter's frame exactly.
#ifndef WASMRT_RUNTIME_JIT_FUNCTION_EMITTER_H_
#define WASMRT_RUNTIME_JIT_FUNCTION_EMITTER_H_

#include <xbyak/xbyak.h>
#include <xbyak/xbyak_util.h>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "absl/types/span.h"
#include "runtime/base/trap.h"
#include "runtime/binary/module.h"
#include "runtime/validate/translator.h"

namespace wasmrt::jit {

class FunctionEmitter {
 public:
  // `entries`: the module's table of defined-function entries (calls load
  // their callee from it). `buffer` (at least BufferSize(body) bytes) takes
  // the code; it is never executed there (compiler.cc copies it out).
  FunctionEmitter(const Module& module, const validate::FuncInfo& func,
                  absl::Span<const validate::ControlFrame> frames, void* const* entries,
                  absl::Span<uint8_t> buffer);
  // Machine code per byte of wasm is bounded by the longest sequence one
  // instruction emits; a function whose code outgrows this stays interpreted.
  static size_t BufferSize(const FunctionBody& body);

  void Instr(const wasmrt::Instr& in, const validate::InstrTypes& types,
             absl::Span<const validate::ControlFrame> frames);
  // Emits the frame setup and the trap paths; false when the function used
  // an instruction this version does not compile (or the code outgrew its
  // buffer). The machine code is then code()[0, size()), position
  // independent.
  bool Finish(uint32_t max_slots);
  const uint8_t* code() const { return a_.getCode(); }
  size_t size() const { return a_.getSize(); }

 private:
  struct Label {
    Xbyak::Label target;      // a loop's head, else the frame's end
    Xbyak::Label else_label;  // if: where the false condition jumps
    bool is_loop = false;
    bool has_else_label = false;
    bool else_bound = false;
    bool targeted = false;     // a forward branch jumps to `target`
  };

  // The abstract operand stack (value_stack.cc).
  struct Entry {
    enum class Kind : uint8_t { kSlot, kConst, kLocal, kReg };
    Kind kind = Kind::kSlot;
    uint8_t reg = 0;     // kReg: index in the register pool
    uint64_t value = 0;  // kConst: the bits (an i32 zero-extended); kLocal: its slot
  };
  // An operand an instruction can take as it is.
  struct Operand {
    enum class Kind : uint8_t { kReg, kImm, kMem } kind;
    int reg = -1;  // kReg: pool index
    int32_t imm = 0;
    int32_t disp = 0;  // kMem: the slot's offset from fp
  };
  static const Xbyak::Reg64& PoolReg(int index);
  int AllocReg();
  void FreeReg(int index) { reg_used_[index] = false; }
  void Spill(size_t i);
  void SpillAll();
  void ResetStack(uint32_t height);
  // Pops the top entry into a pool register (its own when it had one).
  int PopReg();
  // Pops the top entry as an operand: a register, a memory operand, or an
  // immediate when `imm_ok` and it fits (sign-extended, for 64-bit uses).
  Operand PopOperand(bool imm_ok, bool is64);
  void Release(const Operand& op) {
    if (op.kind == Operand::Kind::kReg) FreeReg(op.reg);
  }
  void PushReg(int reg) { stack_.push_back({Entry::Kind::kReg, uint8_t(reg), 0}); }
  void Control(const wasmrt::Instr& in, const validate::InstrTypes& types,
               absl::Span<const validate::ControlFrame> frames, bool live);

  // Control (function_emitter.cc), mirroring the interpreter's translator
  // so fuel is charged at the same points.
  void Open(const wasmrt::Instr& in, const validate::InstrTypes& types, bool live);
  void Else(bool live);
  void End(bool live);
  void Br(uint32_t depth, uint32_t height, bool conditional,
          absl::Span<const validate::ControlFrame> frames);
  void BrTable(const validate::InstrTypes& types,
               absl::Span<const validate::ControlFrame> frames);
  // Moves the top `keep` slots below `height` to the frame `depth` out and
  // jumps to its label.
  void JumpTo(uint32_t depth, uint32_t height, absl::Span<const validate::ControlFrame> frames);
  void ReturnFrom(uint32_t height);
  void PlaceLabel(bool live);
  void Charge(uint64_t n);
  uint64_t TakeFuel() {
    uint64_t n = pending_fuel_;
    pending_fuel_ = 0;
    return n;
  }
  void Call(const wasmrt::Instr& in, const validate::InstrTypes& types);
  void CallIndirect(const wasmrt::Instr& in, const validate::InstrTypes& types);
  void AfterCall();

  // Straight-line instructions (emit_ops.cc); false when not compiled.
  bool Straight(const wasmrt::Instr& in, const validate::InstrTypes& types);
  bool Local(const wasmrt::Instr& in, const validate::InstrTypes& types);
  bool Global(const wasmrt::Instr& in, const validate::InstrTypes& types);
  bool Binary(Opcode op, bool is64);
  bool Unary(Opcode op);
  bool Load(const wasmrt::Instr& in);
  bool Store(const wasmrt::Instr& in);
  void DivRem(Opcode op, bool is64);
  // rax = the checked effective address of a `size`-byte access at the i32
  // in pool register `addr` plus `offset`.
  void Address(int addr, uint64_t offset, uint32_t size);

  // Scalar floating point (emit_float.cc): false when not compiled.
  static bool IsScalarFloat(Opcode op);
  bool Float(Opcode op);
  bool FloatBinary(Opcode op, bool is64);
  void MinMax(bool is_min, bool is64);
  bool FloatCompare(Opcode op, bool is64);
  bool FloatUnary(Opcode op, bool is64);
  bool FloatToInt(Opcode op);
  void TruncSlowPath(int r, bool from64, bool to64, bool is_signed, bool sat,
                     Xbyak::Label& done);
  void IntToFloat(Opcode op);
  // Pops the top entry into the low 32 or 64 bits of `x`.
  void PopXmm(const Xbyak::Xmm& x, bool is64);
  // Pops the top entry as an SSE source operand for `emit`: its slot or
  // local when it is in memory, else `scratch` loaded with it.
  void PopXmmOperand(const Xbyak::Xmm& scratch, bool is64,
                     const std::function<void(const Xbyak::Operand&)>& emit);
  void PushXmm(const Xbyak::Xmm& x, bool is64);
  // A label that outlives the instruction (for cold code).
  Xbyak::Label& NewLabel() { return cold_labels_.emplace_back(); }
  // Whether `op` leaves xmm0 and every pool register's value as they were
  // (local.get/set/tee, drop, constants, reinterpretations) or is a float
  // instruction, which keeps xmm0_reg_ itself.
  static bool KeepsXmm0(Opcode op);

  // Frame and traps.
  Xbyak::Address Slot(uint32_t height) const;
  Xbyak::Address LocalSlot(uint32_t slot) const;
  // The label of the stub that traps with `code` (a reference: a copy of
  // a label not yet used would be a different label).
  Xbyak::Label& TrapStub(TrapCode code);
  uint32_t Slots(absl::Span<const ValType> types) const;

  const Module& module_;
  void* const* entries_;
  Xbyak::CodeGenerator a_;
  bool supported_ = true;
  uint32_t func_index_ = 0;
  uint32_t param_slots_ = 0;
  uint32_t local_slots_ = 0;
  uint32_t local_base_ = 0;  // param_slots_ + local_slots_
  uint32_t result_slots_ = 0;
  std::vector<uint32_t> local_slot_;
  std::vector<ValType> locals_;
  std::vector<Label> labels_;
  std::vector<Entry> stack_;
  std::array<bool, 8> reg_used_{};
  uint64_t pending_fuel_ = 0;
  Xbyak::Label prologue_, body_, trap_, exit_;
  std::array<Xbyak::Label, 32> trap_stubs_;
  std::array<bool, 32> trap_used_{};
  // Rarely taken paths (float conversions out of range), emitted after the
  // body by Finish so the hot path falls through.
  std::vector<std::function<void()>> cold_;
  std::deque<Xbyak::Label> cold_labels_;
  // The pool register whose bits xmm0 also holds (the last float result),
  // or -1: the next float instruction takes that operand from xmm0, off the
  // latency of a move from the integer register. Forgotten when the
  // register is allocated again and on every other instruction.
  int xmm0_reg_ = -1;
  int xmm0_hit_ = -1;  // xmm0_reg_ as the current float instruction began
};

}  // namespace wasmrt::jit

#endif  // WASMRT_RUNTIME_JIT_FUNCTION_EMITTER_H_

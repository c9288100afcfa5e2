// The emitter of one function's machine code (x86-64, xbyak). Private to
// runtime/jit: compiler.cc drives it, function_emitter.cc (control, calls,
// fuel, frame), emit_ops.cc (straight-line instructions), emit_float.cc
// (scalar floating point) and emit_simd*.cc (v128, simd_emitter.h)
// implement it.
//
// Registers while compiled code runs: rbx = fp (the frame's first slot),
// r12 = memory base, r13 = memory size in bytes, r14 = JitState*, r15 =
// the fuel slice's budget (JitState::budget lives in r15 and is stored
// around every helper that reads or changes it). All are callee-saved in
// the System V ABI, so helper calls keep them. rax, rcx and rdx are
// scratch; rsi, rdi, r8-r11 and rbp hold operand values (a float as its
// bits, an f32 zero-extended like an i32). xmm8-xmm15 hold f32/f64
// operands (kXmm entries: loads, float arithmetic and conversions keep
// their results there, off the integer registers). xmm0-xmm1 are scratch
// within one float instruction (emit_float.cc), xmm0-xmm7 within one SIMD
// instruction: a v128 value always lives in its two home slots (or its
// local's), never in a register between instructions.
//
// The operand stack is abstract (in the style of V8's Liftoff): an entry is
// a constant, a local, a register (general or xmm), a comparison not yet
// evaluated, or its home slot (entry h lives in fp[local_base + h]) until
// an operation needs it in a register. Before every control instruction
// and call all entries (xmm ones too: System V keeps no xmm register) go
// to their home slots, so labels, branches and calls see the interpreter's
// frame exactly; only a comparison consumed by br_if, if or select becomes
// the branch's or the select's condition directly.
//
// The most used i32/i64 locals (weighted by loop nesting, local_registers.cc)
// live in registers for the whole function, taken from the end of the
// operand pool (rbp, r11, r10); their slots are unused. So every label sees
// them in the same place. The internal convention makes them callee-saved;
// around System V helpers r10/r11 go to their slots and back.
//
// Calls between compiled functions of one module use an internal
// convention (cheaper than System V's): the caller passes the callee's
// frame in rsi (and its function index in edx, for the trampoline of a
// function left to the interpreter) and keeps r14 and r15; the callee saves
// rbx and those of rbp, r11, r10 it uses (the caller's register locals);
// rsi, rdi, r8 and r9 are the caller's to lose (its operands are in their
// slots at a call). r12/r13 are reloaded after every call. The module's external entries
// (EntryFn, called from C++) save the System V callee-saved registers, set
// up r14/r12/r13 and call the internal entry (compiler.cc).
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
#include "runtime/jit/compiler.h"
#include "runtime/validate/translator.h"

namespace wasmrt::jit {

class SimdEmitter;

class FunctionEmitter {
 public:
  // `entries`: the module's table of defined-function entries (calls load
  // their callee from it). `buffer` (at least BufferSize(body) bytes) takes
  // the code; it is never executed there (compiler.cc copies it out).
  // `options.guard_pages`: memory accesses with an offset below 2^31 are
  // not checked; the memory's guard reservation faults instead
  // (fault_sites()). Without `options.fuel_checks` Charge emits nothing.
  FunctionEmitter(const Module& module, const validate::FuncInfo& func,
                  absl::Span<const validate::ControlFrame> frames, void* const* entries,
                  absl::Span<uint8_t> buffer, CodeOptions options);
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
  // Where the internal entry is in code().
  size_t entry_offset() const { return entry_offset_; }
  size_t size() const { return a_.getSize(); }
  // After Finish: the offsets of the unchecked memory accesses (ascending)
  // and of the out-of-bounds trap stub a fault there resumes at.
  const std::vector<uint32_t>& fault_sites() const { return fault_sites_; }
  uint32_t oob_stub() const { return oob_stub_; }

 private:
  // A jump target the emitter patches itself (xbyak's labels cost hash-map
  // nodes per use; these are the branches and fuel checks of every run).
  // All jumps to it are rel32: bound, `pos` is its offset; until then the
  // rel32 fields of the jumps to it form a list through themselves, from
  // `chain` (-1 ends it), which Bind patches.
  struct Target {
    int32_t pos = -1;
    int32_t chain = -1;
  };
  struct Label {
    Target target;      // a loop's head, else the frame's end
    Target else_label;  // if: where the false condition jumps
    bool is_loop = false;
    bool has_else_label = false;
    bool else_bound = false;
    bool targeted = false;     // a forward branch jumps to `target`
  };

  // The abstract operand stack (value_stack.cc).
  // x86 conditions in inverse pairs (c ^ 1 is the inverse of c).
  enum class Cond : uint8_t { kE, kNe, kL, kGe, kB, kAe, kG, kLe, kA, kBe };
  struct Entry {
    enum class Kind : uint8_t { kSlot, kConst, kLocal, kReg, kCmp, kXmm };
    Kind kind = Kind::kSlot;
    // kReg, kCmp: index in the register pool (kCmp: the left side); kXmm:
    // in the xmm pool.
    uint8_t reg = 0;
    // kConst: the bits (an i32 zero-extended); kLocal: its slot; kCmp: the
    // right side when it is an immediate.
    uint64_t value = 0;
    // kCmp: the right side's register, or kImmRight for the immediate.
    uint8_t right = 0;
    Cond cond = Cond::kE;  // kCmp: true when `reg cond right`
    bool wide = false;     // kCmp: a 64-bit comparison; kXmm: an f64
  };
  static constexpr uint8_t kImmRight = 0xFF;
  // An operand an instruction can take as it is.
  struct Operand {
    enum class Kind : uint8_t { kReg, kImm, kMem, kLocalReg } kind;
    int reg = -1;  // kReg: pool index; kLocalReg: the register's encoding
    int32_t imm = 0;
    int32_t disp = 0;  // kMem: the slot's offset from fp
  };
  static const Xbyak::Reg64& PoolReg(int index);
  // Register locals (local_registers.cc).
  void ChooseLocalRegisters(const FunctionBody& body);
  // The register of the local at `slot`, or null when it lives in its slot.
  const Xbyak::Reg64* LocalReg(uint32_t slot) const {
    return slot < slot_reg_.size() && slot_reg_[slot] >= 0 ? &PoolReg(slot_reg_[slot]) : nullptr;
  }
  // dst = the local at `slot` (from its register or its slot), at dst's
  // width (a 32-bit dst zero-extends).
  void LoadLocal(const Xbyak::Reg& dst, uint32_t slot);
  // Around a System V helper call: the caller-saved register locals to
  // their slots and back.
  void SaveLocalRegs();
  void RestoreLocalRegs();
  int AllocReg();
  int SpillDeepest(Entry::Kind a, Entry::Kind b);
  int AllocFrom(bool* used, int count, Entry::Kind a, Entry::Kind b);
  void FreeReg(int index) { reg_used_[index] = false; }
  // The xmm pool (xmm8-xmm15), for f32/f64 values.
  static Xbyak::Xmm PoolXmm(int index) { return Xbyak::Xmm(8 + index); }
  int AllocXmm();
  void FreeXmm(int index) { xmm_used_[index] = false; }
  void PushXmmReg(int x, bool is64) {
    Entry e;
    e.kind = Entry::Kind::kXmm;
    e.reg = uint8_t(x);
    e.wide = is64;
    stack_.push_back(e);
  }
  void Spill(size_t i);
  void SpillAll();
  // A kCmp entry becomes a kReg entry holding 0 or 1.
  void Materialize(Entry& e);
  // Sets the flags of a kCmp entry and frees its registers; returns its
  // condition.
  Cond EmitCompare(const Entry& e);
  void JumpIf(Cond c, Xbyak::Label& target);
  // jcc / jmp / call rel32 to `t`, and placing `t` here.
  void JumpIf(Cond c, Target& t);
  void Jump(Target& t);
  void CallTo(Target& t);
  void Bind(Target& t);
  void Rel32(Target& t);
  void CmovIf(Cond c, const Xbyak::Reg64& dst, const Xbyak::Reg64& src);
  void SetIf(Cond c, const Xbyak::Reg8& dst);
  // Pushes a comparison of the register `left` with `right`.
  void PushCompare(int left, const Operand& right, Cond c, bool wide);
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
  // br_if and if take a comparison or a register on top of the stack as
  // their condition (`condition_`, set while they are emitted) instead of a
  // 0/1 slot; br_table its index in a register (`table_index_reg_`).
  void TakeCondition(const wasmrt::Instr& in);
  // Jumps to `target` when the branch condition (condition_ or the slot at
  // `height`) is false.
  void JumpUnless(uint32_t height, Target& target);
  // ... and when it is true.
  void JumpWhen(uint32_t height, Target& target);

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
  // Whether a branch `depth` out at `height` must move values first.
  bool MovesTo(uint32_t depth, uint32_t height,
               absl::Span<const validate::ControlFrame> frames) const;
  // The target a branch `depth` out jumps to (marked as targeted).
  Target& BranchTarget(uint32_t depth);
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
  // The inline part of call_indirect: a callee of this instance is called
  // through its internal entry; anything else goes to `slow`.
  void CallIndirectInline(const wasmrt::Instr& in, uint32_t args, uint32_t elem_height,
                          Target& slow);
  void AfterCall();

  // Straight-line instructions (emit_ops.cc); false when not compiled.
  bool Straight(const wasmrt::Instr& in, const validate::InstrTypes& types);
  bool Local(const wasmrt::Instr& in, const validate::InstrTypes& types);
  bool Global(const wasmrt::Instr& in, const validate::InstrTypes& types);
  bool Binary(Opcode op, bool is64);
  bool Select();
  bool Eqz(bool wide);
  static Cond CondOf(Opcode op);
  bool Unary(Opcode op);
  bool Load(const wasmrt::Instr& in);
  bool Store(const wasmrt::Instr& in);
  void DivRem(Opcode op, bool is64);
  void DivRemByConstant(uint32_t d, bool rem);
  // A memory access's operand: `where` in linear memory; `reg` a pool
  // register for a loaded value, or -1; `unchecked` when only the guard
  // reservation bounds it (the access is then a fault site).
  struct MemOperand {
    Xbyak::RegExp where;
    int reg = -1;
    bool unchecked = false;
  };
  // Pops the i32 address of a `size`-byte access at `offset` and checks it
  // (explicitly, or by the guard reservation); with `want_reg` the result
  // has a pool register for the loaded value.
  MemOperand Address(uint64_t offset, uint32_t size, bool want_reg);
  // Marks the next instruction as an access at `m`.
  void AccessAt(const MemOperand& m) {
    if (m.unchecked) fault_sites_.push_back(uint32_t(a_.getSize()));
  }

  // References, tables, segments and bulk memory (emit_bulk.cc).
  static bool IsRefOrBulk(Opcode op);
  bool RefOrBulk(const wasmrt::Instr& in, const validate::InstrTypes& types);
  void CallBulk(const wasmrt::Instr& in, const validate::InstrTypes& types);

  // Fixed-width SIMD and every instruction with a v128 operand or result
  // (emit_simd.cc, through SimdEmitter): false when not compiled.
  friend class SimdEmitter;
  static bool IsSimd(const wasmrt::Instr& in, const validate::InstrTypes& types);
  bool Simd(const wasmrt::Instr& in, const validate::InstrTypes& types);

  // Scalar floating point (emit_float.cc): false when not compiled.
  static bool IsScalarFloat(Opcode op);
  bool Float(Opcode op);
  bool FloatBinary(Opcode op, bool is64);
  void MinMax(bool is_min, bool is64);
  bool FloatCompare(Opcode op, bool is64);
  bool FloatUnary(Opcode op, bool is64);
  void SignXmm(bool abs, bool is64);
  bool FloatToInt(Opcode op);
  void TruncSlowPath(int r, bool from64, bool to64, bool is_signed, bool sat,
                     Xbyak::Label& done);
  void IntToFloat(Opcode op);
  // Pops the top entry into the low 32 or 64 bits of `x`.
  void PopXmm(const Xbyak::Xmm& x, bool is64);
  // Pops the top entry as an SSE source operand for `emit`: its xmm pool
  // register (freed after `emit`), its slot or local when it is in memory,
  // else `scratch` loaded with it.
  void PopXmmOperand(const Xbyak::Xmm& scratch, bool is64,
                     const std::function<void(const Xbyak::Operand&)>& emit);
  // Pops the top entry for a unary SSE instruction whose result goes to an
  // xmm pool register: emit(dst, src), dst the operand's own register when
  // it has one (src is then dst); returns dst's pool index.
  int XmmUnary(bool is64,
               const std::function<void(const Xbyak::Xmm&, const Xbyak::Operand&)>& emit);
  // Pops the top entry into an xmm pool register (its own when it has one).
  int PopXmmReg(bool is64);
  // A label that outlives the instruction (for cold code).
  Xbyak::Label& NewLabel() { return cold_labels_.emplace_back(); }

  // Frame and traps.
  void Prologue(uint32_t max_slots);
  void RefuelStubs();
  Xbyak::Address Slot(uint32_t height) const;
  Xbyak::Address LocalSlot(uint32_t slot) const;
  // The label of the stub that traps with `code` (a reference: a copy of
  // a label not yet used would be a different label).
  Xbyak::Label& TrapStub(TrapCode code);
  // The same stub as a Target (for the common traps).
  Target& TrapTarget(TrapCode code) {
    trap_used_[size_t(code)] = true;
    return trap_targets_[size_t(code)];
  }
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
  std::array<bool, 7> reg_used_{};
  std::array<bool, 8> xmm_used_{};
  int pool_size_ = 7;  // the operand pool: PoolReg(0 .. pool_size_)
  std::vector<int8_t> slot_reg_;  // per local slot: its pool index, or -1
  // Pool indices of the register locals, and their slots.
  std::vector<std::pair<int, uint32_t>> local_regs_;
  uint64_t pending_fuel_ = 0;
  bool has_condition_ = false;
  Entry condition_;
  // br_table: the pool register holding the index, or -1 (its slot).
  int table_index_reg_ = -1;
  // Out-of-line refuel calls: the rel32 field of each `jl` to its stub
  // (the place to come back to follows the field).
  std::vector<uint32_t> refuel_sites_;
  Target refuel_saving_;
  int unresolved_ = 0;  // rel32 fields waiting for their Target's Bind
  size_t entry_offset_ = 0;
  std::array<bool, 7> ever_used_{};  // pool registers the body used
  std::vector<int> saved_;           // pool registers the prologue saves
  Target body_, trap_target_, exit_;
  Xbyak::Label trap_;  // trap_target_, for xbyak jumps
  std::array<Xbyak::Label, 32> trap_stubs_;
  std::array<Target, 32> trap_targets_;
  std::array<bool, 32> trap_used_{};
  bool guard_pages_ = false;
  bool fuel_checks_ = true;
  std::vector<uint32_t> fault_sites_;
  uint32_t oob_stub_ = 0;
  // Rarely taken paths (float conversions out of range), emitted after the
  // body by Finish so the hot path falls through.
  std::vector<std::function<void()>> cold_;
  std::deque<Xbyak::Label> cold_labels_;
};

}  // namespace wasmrt::jit

#endif  // WASMRT_RUNTIME_JIT_FUNCTION_EMITTER_H_

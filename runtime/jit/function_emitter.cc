// One function's frame, control flow, calls and fuel. The control and fuel
// logic follows the interpreter's translator (runtime/interp/
// translate_control.cc) step by step: a run of instructions pays its fuel
// at the branch, call or return that ends it, or before a label it falls
// into, so both tiers charge the same amounts at the same points.
#include "runtime/jit/function_emitter.h"

#include <cstddef>
#include <cstring>
#include <vector>

#include "runtime/jit/abi.h"
#include "runtime/objects/objects.h"

namespace wasmrt::jit {

using namespace Xbyak::util;  // registers and memory operands
using validate::ControlFrame;
using validate::InstrTypes;

namespace {

constexpr int32_t Off(size_t offset) { return int32_t(offset); }
#define JS(field) qword[r14 + Off(offsetof(JitState, field))]
#define JS32(field) dword[r14 + Off(offsetof(JitState, field))]

}  // namespace

size_t FunctionEmitter::BufferSize(const FunctionBody& body) {
  return 4096 + 96 * body.code.size();
}

FunctionEmitter::FunctionEmitter(const Module& module, const validate::FuncInfo& func,
                                 absl::Span<const ControlFrame> frames, void* const* entries,
                                 absl::Span<uint8_t> buffer, CodeOptions options)
    : module_(module),
      entries_(entries),
      a_(buffer.size(), buffer.data()),
      guard_pages_(options.guard_pages),
      fuel_checks_(options.fuel_checks) {
  Xbyak::ClearError();
  func_index_ = func.func_index;
  const FunctionBody& body = module.functions[func.defined_index];
  param_slots_ = Slots(func.type->params);
  local_slots_ = Slots(body.locals);
  local_base_ = param_slots_ + local_slots_;
  result_slots_ = Slots(func.type->results);
  locals_.assign(func.locals.begin(), func.locals.end());
  uint32_t slot = 0;
  for (ValType t : locals_) {
    local_slot_.push_back(slot);
    slot += SlotCount(t);  // v128: two slots, handled by emit_simd.cc
  }
  labels_.assign(frames.size(), Label());
  if (supported_) ChooseLocalRegisters(body);
  Bind(body_);
}

// The internal entry (see function_emitter.h), placed after the body so it
// knows which registers the body used: rsi = this frame. Saves the caller's
// frame register and the registers the internal convention keeps, checks
// the native stack, the nesting and the value stack, zeroes the declared
// locals, loads the register locals.
void FunctionEmitter::Prologue(uint32_t max_slots) {
  Target& exhausted = TrapTarget(TrapCode::kCallStackExhausted);
  entry_offset_ = a_.getSize();
  a_.push(rbx);
  for (int reg : saved_) a_.push(PoolReg(reg));
  if (saved_.size() % 2 != 0) a_.sub(rsp, 8);  // rsp 16-aligned in the body
  a_.mov(rbx, rsi);
  a_.cmp(rsp, JS(stack_limit));
  JumpIf(Cond::kB, exhausted);
  a_.mov(eax, JS32(depth));
  a_.cmp(eax, JS32(max_depth));
  JumpIf(Cond::kAe, exhausted);
  a_.inc(eax);
  a_.mov(JS32(depth), eax);
  a_.lea(rax, qword[rbx + int32_t((local_base_ + max_slots) * 8)]);
  a_.cmp(rax, JS(stack_end));
  JumpIf(Cond::kA, exhausted);
  if (local_slots_ != 0) {
    a_.xor_(eax, eax);
    for (uint32_t i = 0; i < local_slots_; ++i) {
      if (LocalReg(param_slots_ + i) == nullptr) a_.mov(LocalSlot(param_slots_ + i), rax);
    }
  }
  for (const auto& [reg, slot] : local_regs_) {
    if (slot < param_slots_) {
      a_.mov(PoolReg(reg), LocalSlot(slot));
    } else {
      a_.xor_(PoolReg(reg).cvt32(), PoolReg(reg).cvt32());
    }
  }
  Jump(body_);
}

uint32_t FunctionEmitter::Slots(absl::Span<const ValType> types) const {
  uint32_t n = 0;
  for (ValType t : types) n += SlotCount(t);
  return n;
}

Xbyak::Address FunctionEmitter::Slot(uint32_t height) const {
  return qword[rbx + int32_t((local_base_ + height) * 8)];
}

Xbyak::Address FunctionEmitter::LocalSlot(uint32_t slot) const {
  return qword[rbx + int32_t(slot * 8)];
}

Xbyak::Label& FunctionEmitter::TrapStub(TrapCode code) {
  trap_used_[size_t(code)] = true;
  return trap_stubs_[size_t(code)];
}

void FunctionEmitter::Instr(const wasmrt::Instr& in, const InstrTypes& types,
                            absl::Span<const ControlFrame> frames) {
  if (!supported_) return;
  bool live = types.reachable;
  // `else` and `end` delimit instructions and cost nothing (code.h).
  if (live && in.op != Opcode::kElse && in.op != Opcode::kEnd) ++pending_fuel_;
  // unreachable ... return (but nop), and calls.
  bool control = (in.op <= Opcode::kReturn && in.op != Opcode::kNop) ||
                 in.op == Opcode::kCall || in.op == Opcode::kCallIndirect;
  if (!control) {
    if (!live) return;
    // The value stack must agree with the validator's (it always does; a
    // disagreement would be a bug here, so the function is not compiled).
    if (stack_.size() != types.slots_before) {
      supported_ = false;
      return;
    }
    if (!Straight(in, types)) supported_ = false;
    return;
  }
  // Control and calls work on home slots: every value goes there first,
  // and afterwards the stack is all home slots again.
  if (live) {
    TakeCondition(in);
    SpillAll();
  }
  Control(in, types, frames, live);
  has_condition_ = false;
  table_index_reg_ = -1;
  ResetStack(types.slots_after);
}

// A condition or br_table index already in a register is used from there
// rather than stored to its slot and loaded back.
void FunctionEmitter::TakeCondition(const wasmrt::Instr& in) {
  if (stack_.empty()) return;
  const Entry& top = stack_.back();
  if (in.op == Opcode::kBrTable) {
    if (top.kind != Entry::Kind::kReg) return;
    table_index_reg_ = top.reg;
    stack_.pop_back();
    return;
  }
  if (in.op != Opcode::kBrIf && in.op != Opcode::kIf) return;
  if (top.kind == Entry::Kind::kCmp) {
    condition_ = top;
  } else if (top.kind == Entry::Kind::kReg) {
    // An i32 value: true when not zero.
    condition_ = Entry{Entry::Kind::kCmp, top.reg, 0, kImmRight, Cond::kNe, false};
  } else {
    return;
  }
  stack_.pop_back();
  has_condition_ = true;
}

void FunctionEmitter::JumpUnless(uint32_t height, Target& target) {
  if (has_condition_) {
    has_condition_ = false;
    JumpIf(Cond(uint8_t(EmitCompare(condition_)) ^ 1), target);
    return;
  }
  a_.cmp(dword[rbx + int32_t((local_base_ + height) * 8)], 0);
  JumpIf(Cond::kE, target);
}

void FunctionEmitter::JumpWhen(uint32_t height, Target& target) {
  if (has_condition_) {
    has_condition_ = false;
    JumpIf(EmitCompare(condition_), target);
    return;
  }
  a_.cmp(dword[rbx + int32_t((local_base_ + height) * 8)], 0);
  JumpIf(Cond::kNe, target);
}

void FunctionEmitter::Control(const wasmrt::Instr& in, const InstrTypes& types,
                              absl::Span<const ControlFrame> frames, bool live) {
  switch (in.op) {
    case Opcode::kNop: return;
    case Opcode::kBlock:
    case Opcode::kLoop:
    case Opcode::kIf: return Open(in, types, live);
    case Opcode::kElse: return Else(live);
    case Opcode::kEnd: return End(live);
    case Opcode::kBrIf:
      if (live) Br(in.a, types.slots_before - 1, /*conditional=*/true, frames);
      return;
    case Opcode::kBr:
      if (live) Br(in.a, types.slots_before, /*conditional=*/false, frames);
      return;
    case Opcode::kBrTable:
      if (live) BrTable(types, frames);
      return;
    case Opcode::kReturn:
      if (live) {
        Charge(TakeFuel());
        ReturnFrom(types.slots_before);
      }
      return;
    case Opcode::kUnreachable:
      if (live) Jump(TrapTarget(TrapCode::kUnreachable));
      pending_fuel_ = 0;  // the run ends in a trap: nothing to charge
      return;
    case Opcode::kCall:
      if (live) Call(in, types);
      return;
    case Opcode::kCallIndirect:
      if (live) CallIndirect(in, types);
      return;
    default:
      supported_ = false;
      return;
  }
}

// ---- control ------------------------------------------------------------------

void FunctionEmitter::Open(const wasmrt::Instr& in, const InstrTypes& types, bool live) {
  Label l;
  l.is_loop = in.op == Opcode::kLoop;
  if (l.is_loop && live) {
    PlaceLabel(/*live=*/true);
    Bind(l.target);
  }
  if (in.op == Opcode::kIf && live) {
    Charge(TakeFuel());
    l.has_else_label = true;
    JumpUnless(types.slots_before - 1, l.else_label);
  }
  labels_.push_back(l);
}

void FunctionEmitter::Else(bool live) {
  Label& l = labels_.back();
  if (live) {
    Charge(TakeFuel());
    Jump(l.target);
    l.targeted = true;
  }
  pending_fuel_ = 0;
  if (l.has_else_label) {
    Bind(l.else_label);
    l.else_bound = true;
  }
}

void FunctionEmitter::End(bool live) {
  Label& l = labels_.back();
  bool else_pending = l.has_else_label && !l.else_bound;
  if (l.targeted || else_pending) PlaceLabel(live);
  if (!l.is_loop) Bind(l.target);
  if (else_pending) Bind(l.else_label);
  if (labels_.size() == 1 && (live || l.targeted)) {
    Charge(TakeFuel());
    ReturnFrom(result_slots_);
  }
  labels_.pop_back();
}

void FunctionEmitter::PlaceLabel(bool live) {
  if (live && pending_fuel_ != 0) Charge(TakeFuel());
  pending_fuel_ = 0;
}

void FunctionEmitter::Br(uint32_t depth, uint32_t height, bool conditional,
                         absl::Span<const ControlFrame> frames) {
  const ControlFrame& f = frames[frames.size() - 1 - depth];
  if (f.is_func && !conditional) {
    // A branch to the function's label is a return (spec 3.3.8.7).
    Charge(TakeFuel());
    ReturnFrom(height);
    return;
  }
  Charge(TakeFuel());
  if (conditional && !MovesTo(depth, height, frames)) {
    JumpWhen(height, BranchTarget(depth));  // one conditional jump, no skip over a jmp
    return;
  }
  Target skip;
  if (conditional) JumpUnless(height, skip);
  JumpTo(depth, height, frames);
  Bind(skip);
}

void FunctionEmitter::JumpTo(uint32_t depth, uint32_t height,
                             absl::Span<const ControlFrame> frames) {
  if (!MovesTo(depth, height, frames)) {
    Jump(BranchTarget(depth));
    return;
  }
  const ControlFrame& f = frames[frames.size() - 1 - depth];
  uint32_t keep = Slots(validate::LabelTypes(module_, f));
  uint32_t from = height - keep;
  for (uint32_t i = 0; i < keep; ++i) {
    a_.mov(rcx, Slot(from + i));
    a_.mov(Slot(f.slot_base + i), rcx);
  }
  Jump(BranchTarget(depth));
}

bool FunctionEmitter::MovesTo(uint32_t depth, uint32_t height,
                              absl::Span<const ControlFrame> frames) const {
  const ControlFrame& f = frames[frames.size() - 1 - depth];
  uint32_t keep = Slots(validate::LabelTypes(module_, f));
  return keep != 0 && height - keep != f.slot_base;
}

FunctionEmitter::Target& FunctionEmitter::BranchTarget(uint32_t depth) {
  Label& l = labels_[labels_.size() - 1 - depth];
  if (!l.is_loop) l.targeted = true;
  return l.target;
}

// A short table compares in a chain; a longer one (a C switch: QuickJS's
// and Lua's interpreter loops dispatch every bytecode through one) jumps
// through a table of 8-byte `jmp rel32` entries: an entry goes straight to
// its label, or to a stub that first moves the label's values into place
// (one stub per distinct depth). The table is code, so the function stays
// position independent and disassembles cleanly.
void FunctionEmitter::BrTable(const InstrTypes& types, absl::Span<const ControlFrame> frames) {
  uint32_t height = types.slots_before - 1;  // the index popped
  Charge(TakeFuel());  // the refuel call keeps the pool registers
  if (table_index_reg_ >= 0) {
    a_.mov(eax, PoolReg(table_index_reg_).cvt32());
  } else {
    a_.mov(eax, dword[rbx + int32_t((local_base_ + height) * 8)]);
  }
  const size_t n = types.br_table.size();
  if (n < 4) {
    for (size_t i = 0; i < n; ++i) {
      Target next;
      a_.cmp(eax, uint32_t(i));
      JumpIf(Cond::kNe, next);
      JumpTo(types.br_table[i], height, frames);
      Bind(next);
    }
    JumpTo(types.br_default, height, frames);
    return;
  }
  // The stubs of the depths whose values move (a deque: the targets must
  // stay where they are while jumps to them are pending).
  std::deque<Target> stubs;
  std::vector<std::pair<uint32_t, Target*>> stub_of;
  auto entry = [&](uint32_t depth) -> Target& {
    if (!MovesTo(depth, height, frames)) return BranchTarget(depth);
    for (auto& [d, target] : stub_of) {
      if (d == depth) return *target;
    }
    stub_of.push_back({depth, &stubs.emplace_back()});
    return stubs.back();
  };
  Xbyak::Label table;
  a_.cmp(eax, uint32_t(n));
  JumpIf(Cond::kAe, entry(types.br_default));
  a_.lea(rcx, ptr[rip + table]);
  a_.lea(rcx, ptr[rcx + rax * 8]);
  a_.jmp(rcx);
  a_.L(table);
  for (uint32_t depth : types.br_table) {
    Jump(entry(depth));                      // 5 bytes
    a_.db(0x0F); a_.db(0x1F); a_.db(0x00);  // nop dword [rax]: 3 bytes
  }
  for (auto& [depth, target] : stub_of) {
    Bind(*target);
    JumpTo(depth, height, frames);
  }
}

// The results are the top result_slots_ slots below `height`.
void FunctionEmitter::ReturnFrom(uint32_t height) {
  uint32_t from = local_base_ + height - result_slots_;
  for (uint32_t i = 0; i < result_slots_; ++i) {
    a_.mov(rcx, qword[rbx + int32_t((from + i) * 8)]);
    a_.mov(qword[rbx + int32_t(i * 8)], rcx);
  }
  a_.dec(JS32(depth));
  a_.xor_(eax, eax);
  Jump(exit_);
}

// budget -= n; a slice that ran out asks the helper for the next one (which
// polls the deadline and the interruption flag, or traps). The call is out
// of line (Finish) and keeps every pool register, so a branch condition
// held in registers survives it.
void FunctionEmitter::Charge(uint64_t n) {
  if (n == 0 || !fuel_checks_) return;
  if (n <= 0x7FFFFFFF) {
    a_.sub(r15, int32_t(n));
  } else {
    a_.mov(rax, n);
    a_.sub(r15, rax);
  }
  // jl to the stub, patched by RefuelStubs.
  a_.db(0x0F);
  a_.db(0x8C);
  refuel_sites_.push_back(uint32_t(a_.getSize()));
  a_.dd(0);
}

void FunctionEmitter::RefuelStubs() {
  if (refuel_sites_.empty()) return;
  for (uint32_t site : refuel_sites_) {
    int32_t back = int32_t(site + 4);
    if (Xbyak::GetError() == 0) a_.rewrite(site, uint32_t(int32_t(a_.getSize()) - back), 4);
    CallTo(refuel_saving_);
    a_.test(eax, eax);
    JumpIf(Cond::kNe, trap_target_);
    Target after{back};
    Jump(after);
  }
  // The pool's caller-saved registers around the System V call (the
  // return address and six pushes: pad rsp to 16).
  Bind(refuel_saving_);
  for (const Xbyak::Reg64& r : {rsi, rdi, r8, r9, r10, r11}) a_.push(r);
  a_.sub(rsp, 8);
  a_.mov(JS(budget), r15);
  a_.mov(rdi, r14);
  a_.call(JS(refuel));
  a_.mov(r15, JS(budget));
  a_.add(rsp, 8);
  for (const Xbyak::Reg64& r : {r11, r10, r9, r8, rdi, rsi}) a_.pop(r);
  a_.ret();
}

// ---- calls ----------------------------------------------------------------------

namespace {

// The byte offset of a member, from an instance (offsetof is not defined
// for these non-standard-layout types).
template <class T, class M>
int32_t FieldOffset(M T::*member) {
  static const T probe{};
  return int32_t(reinterpret_cast<const char*>(&(probe.*member)) -
                 reinterpret_cast<const char*>(&probe));
}

// call_indirect reads a table's elements inline when std::vector keeps
// {begin, end, capacity} pointers, checked once on this library.
bool VectorLayoutKnown() {
  static const bool known = [] {
    std::vector<const void*> v(3);
    if (sizeof(v) != 3 * sizeof(void*)) return false;
    const void* words[3];
    std::memcpy(words, static_cast<const void*>(&v), sizeof(words));
    return words[0] == v.data() && words[1] == v.data() + 3;
  }();
  return known;
}

}  // namespace

void FunctionEmitter::Call(const wasmrt::Instr& in, const InstrTypes& types) {
  Charge(TakeFuel());
  uint32_t args = types.slots_before - Slots(types.params);
  a_.lea(rsi, Slot(args));
  a_.mov(edx, in.a);
  if (in.a < module_.num_imported_funcs) {
    SaveLocalRegs();
    a_.mov(JS(budget), r15);
    a_.mov(rdi, r14);
    a_.call(JS(call));
    a_.mov(r15, JS(budget));
    RestoreLocalRegs();
  } else {
    a_.mov(rax, uint64_t(entries_ + (in.a - module_.num_imported_funcs)));
    a_.call(qword[rax]);
  }
  AfterCall();
}

void FunctionEmitter::CallIndirect(const wasmrt::Instr& in, const InstrTypes& types) {
  Charge(TakeFuel());
  // The arguments, then the element index (types.params ends with it).
  uint32_t args = types.slots_before - Slots(types.params);
  uint32_t elem = types.slots_before - 1;
  Target slow, done;
  if (VectorLayoutKnown()) {
    CallIndirectInline(in, args, elem, slow);
    Jump(done);
  }
  Bind(slow);
  SaveLocalRegs();
  a_.mov(JS(budget), r15);
  a_.mov(rdi, r14);
  a_.lea(rsi, Slot(args));
  a_.mov(edx, in.a);
  a_.mov(ecx, in.b);
  a_.mov(r8d, dword[rbx + int32_t((local_base_ + elem) * 8)]);
  a_.call(JS(call_indirect));
  a_.mov(r15, JS(budget));
  RestoreLocalRegs();
  Bind(done);
  AfterCall();
}

// The checks of the bridge's CallIndirect, in its order and with its trap
// codes (a failed check is the caller's trap); a callee of this instance
// (so of this module) is called through the entries table.
void FunctionEmitter::CallIndirectInline(const wasmrt::Instr& in, uint32_t args,
                                         uint32_t elem, Target& slow) {
  int32_t elems = FieldOffset(&TableInstance::elems);
  a_.mov(rax, JS(inst));
  a_.mov(rcx, qword[rax + Off(offsetof(InstanceState, tables))]);
  a_.mov(rcx, qword[rcx + int32_t(in.b * 8)]);
  a_.mov(rdx, qword[rcx + elems + 8]);  // end
  a_.mov(rcx, qword[rcx + elems]);      // begin
  a_.sub(rdx, rcx);
  a_.shr(rdx, 3);
  a_.mov(r8d, dword[rbx + int32_t((local_base_ + elem) * 8)]);
  a_.cmp(r8, rdx);
  JumpIf(Cond::kAe, TrapTarget(TrapCode::kUndefinedElement));
  a_.mov(rcx, qword[rcx + r8 * 8]);
  a_.test(rcx, rcx);
  JumpIf(Cond::kE, TrapTarget(TrapCode::kUninitializedElement));
  a_.mov(rdx, qword[rax + Off(offsetof(InstanceState, type_ids))]);
  a_.mov(edx, dword[rdx + int32_t(in.a * 4)]);
  a_.cmp(edx, dword[rcx + FieldOffset(&FunctionInstance::type_id)]);
  JumpIf(Cond::kNe, TrapTarget(TrapCode::kIndirectCallTypeMismatch));
  a_.cmp(rax, qword[rcx + FieldOffset(&FunctionInstance::instance)]);
  JumpIf(Cond::kNe, slow);
  a_.mov(edx, dword[rcx + FieldOffset(&FunctionInstance::index)]);
  a_.lea(rsi, Slot(args));
  a_.mov(rax, uint64_t(entries_) - 8 * uint64_t(module_.num_imported_funcs));
  a_.call(qword[rax + rdx * 8]);
}

// A trap in the callee unwinds this frame too; the callee may have grown
// the memory.
void FunctionEmitter::AfterCall() {
  a_.test(eax, eax);
  JumpIf(Cond::kNe, trap_target_);
  a_.mov(r12, JS(mem_base));
  a_.mov(r13, JS(mem_size));
}

// ---- frame ----------------------------------------------------------------------

bool FunctionEmitter::Finish(uint32_t max_slots) {
  if (!supported_ || Xbyak::GetError() != 0) return false;
  for (const auto& emit : cold_) emit();
  // rbp, r11 and r10 are kept across internal calls: saved when the body
  // uses them, as register locals or operands.
  for (int reg = pool_size_; reg < int(reg_used_.size()); ++reg) saved_.push_back(reg);
  for (int reg = 4; reg < pool_size_; ++reg) {
    if (ever_used_[reg]) saved_.push_back(reg);
  }
  Prologue(max_slots);
  RefuelStubs();
  // Traps: eax = the code. The innermost frame names itself.
  if (!fault_sites_.empty()) TrapStub(TrapCode::kMemoryOutOfBounds);
  for (size_t c = 0; c < trap_stubs_.size(); ++c) {
    if (!trap_used_[c]) continue;
    if (trap_stubs_[c].getId() != 0) a_.L(trap_stubs_[c]);  // used by an xbyak jump
    Bind(trap_targets_[c]);
    if (c == size_t(TrapCode::kMemoryOutOfBounds)) oob_stub_ = uint32_t(a_.getSize());
    a_.mov(eax, uint32_t(c));
    Jump(trap_target_);
  }
  Target named;
  if (trap_.getId() != 0) a_.L(trap_);
  Bind(trap_target_);
  a_.cmp(JS(trap_func), 0);
  JumpIf(Cond::kNe, named);
  a_.mov(rcx, JS(inst));
  a_.mov(rcx, qword[rcx + Off(offsetof(InstanceState, funcs))]);
  a_.mov(rcx, qword[rcx + int32_t(func_index_ * 8)]);
  a_.mov(JS(trap_func), rcx);
  Bind(named);
  Bind(exit_);
  if (saved_.size() % 2 != 0) a_.add(rsp, 8);
  for (size_t i = saved_.size(); i-- > 0;) a_.pop(PoolReg(saved_[i]));
  a_.pop(rbx);
  a_.ret();
  return Xbyak::GetError() == 0 && !a_.hasUndefinedLabel() && unresolved_ == 0;
}

}  // namespace wasmrt::jit

// Straight-line instructions on the abstract operand stack (value_stack.cc):
// constants, locals, globals, integer arithmetic, conversions between
// integer widths, loads and stores (floats: emit_float.cc). The results match runtime/code/
// semantics.h bit for bit: an i32 is kept zero-extended (32-bit x86
// operations clear the upper half), shift counts are masked by the hardware
// as wasm masks them, and the trapping divisions test their operands before
// dividing.
#include <cstddef>
#include <type_traits>

#include "runtime/jit/abi.h"
#include "runtime/jit/function_emitter.h"
#include "runtime/objects/objects.h"

namespace wasmrt::jit {

using namespace Xbyak::util;
using validate::InstrTypes;

namespace {

constexpr int32_t Off(size_t offset) { return int32_t(offset); }

// CPU features, read once.
const Xbyak::util::Cpu& Cpu() {
  static const Xbyak::util::Cpu cpu;
  return cpu;
}
bool HasLzcnt() { return Cpu().has(Xbyak::util::Cpu::tLZCNT); }
bool HasBmi() { return Cpu().has(Xbyak::util::Cpu::tBMI1); }
bool HasPopcnt() { return Cpu().has(Xbyak::util::Cpu::tPOPCNT); }

}  // namespace

bool FunctionEmitter::Straight(const wasmrt::Instr& in, const InstrTypes& types) {
  switch (in.op) {
    case Opcode::kNop: return true;
    case Opcode::kDrop: {
      if (types.params[0] == ValType::kV128) return false;
      Entry e = stack_.back();
      stack_.pop_back();
      if (e.kind == Entry::Kind::kReg) FreeReg(e.reg);
      return true;
    }
    case Opcode::kSelect:
    case Opcode::kSelectT: {
      if (types.results[0] == ValType::kV128) return false;
      int c = PopReg();
      int b = PopReg();
      int a = PopReg();
      a_.test(PoolReg(c).cvt32(), PoolReg(c).cvt32());
      a_.cmovz(PoolReg(a), PoolReg(b));
      FreeReg(b);
      FreeReg(c);
      PushReg(a);
      return true;
    }
    case Opcode::kI32Const:
    case Opcode::kF32Const:
      stack_.push_back({Entry::Kind::kConst, 0, uint32_t(in.u64)});
      return true;
    case Opcode::kI64Const:
    case Opcode::kF64Const:
      stack_.push_back({Entry::Kind::kConst, 0, in.u64});
      return true;
    case Opcode::kLocalGet:
    case Opcode::kLocalSet:
    case Opcode::kLocalTee: return Local(in, types);
    case Opcode::kGlobalGet:
    case Opcode::kGlobalSet: return Global(in, types);
    case Opcode::kMemorySize: {
      int r = AllocReg();
      a_.mov(PoolReg(r), r13);
      a_.shr(PoolReg(r), 16);
      PushReg(r);
      return true;
    }
    case Opcode::kMemoryGrow: {
      // A helper call: the operands go to their home slots first.
      SpillAll();
      uint32_t h = types.slots_before;
      a_.mov(rdi, r14);
      a_.lea(rsi, Slot(h - 1));
      a_.call(qword[r14 + Off(offsetof(JitState, memory_grow))]);
      AfterCall();
      ResetStack(types.slots_after);
      return true;
    }
    // Reinterpretations: the value already holds the bits.
    case Opcode::kI32ReinterpretF32:
    case Opcode::kF32ReinterpretI32:
    case Opcode::kI64ReinterpretF64:
    case Opcode::kF64ReinterpretI64: return true;
    default: break;
  }
  if (IsScalarFloat(in.op)) return Float(in.op);  // emit_float.cc
  const OpcodeInfo& info = GetOpcodeInfo(in.op);
  if (info.imm == ImmKind::kMemarg) return types.results.empty() ? Store(in) : Load(in);
  if (types.params.size() == 2 && types.params[0] == ValType::kI32) return Binary(in.op, false);
  if (types.params.size() == 2 && types.params[0] == ValType::kI64) return Binary(in.op, true);
  if (types.params.size() == 1) return Unary(in.op);
  return false;
}

bool FunctionEmitter::Local(const wasmrt::Instr& in, const InstrTypes&) {
  if (locals_[in.a] == ValType::kV128) return false;
  uint32_t slot = local_slot_[in.a];
  if (in.op == Opcode::kLocalGet) {
    stack_.push_back({Entry::Kind::kLocal, 0, slot});
    return true;
  }
  // The local changes: entries still reading it take its old value first.
  for (size_t i = 0; i + 1 < stack_.size(); ++i) {
    if (stack_[i].kind == Entry::Kind::kLocal && stack_[i].value == slot) Spill(i);
  }
  const Entry& top = stack_.back();
  if (in.op == Opcode::kLocalSet && top.kind == Entry::Kind::kConst && top.value <= 0x7FFFFFFF) {
    a_.mov(LocalSlot(slot), uint32_t(top.value));
    stack_.pop_back();
    return true;
  }
  int r = PopReg();
  a_.mov(LocalSlot(slot), PoolReg(r));
  if (in.op == Opcode::kLocalTee) {
    PushReg(r);
  } else {
    FreeReg(r);
  }
  return true;
}

// js->inst->globals[index]->value[0].
bool FunctionEmitter::Global(const wasmrt::Instr& in, const InstrTypes& types) {
  ValType t = in.op == Opcode::kGlobalGet ? types.results[0] : types.params[0];
  if (t == ValType::kV128) return false;
  int v = in.op == Opcode::kGlobalGet ? AllocReg() : PopReg();
  a_.mov(rcx, qword[r14 + Off(offsetof(JitState, inst))]);
  a_.mov(rcx, qword[rcx + Off(offsetof(InstanceState, globals))]);
  a_.mov(rcx, qword[rcx + int32_t(in.a * 8)]);
  Xbyak::Address value = qword[rcx + Off(offsetof(GlobalInstance, value))];
  if (in.op == Opcode::kGlobalGet) {
    a_.mov(PoolReg(v), value);
    PushReg(v);
  } else {
    a_.mov(value, PoolReg(v));
    FreeReg(v);
  }
  return true;
}

namespace {

// setcc for a comparison opcode (same order for i32 and i64 rows).
void SetCondition(Xbyak::CodeGenerator& a, Opcode op) {
  switch (op) {
    case Opcode::kI32Eq: case Opcode::kI64Eq: a.sete(al); break;
    case Opcode::kI32Ne: case Opcode::kI64Ne: a.setne(al); break;
    case Opcode::kI32LtS: case Opcode::kI64LtS: a.setl(al); break;
    case Opcode::kI32LtU: case Opcode::kI64LtU: a.setb(al); break;
    case Opcode::kI32GtS: case Opcode::kI64GtS: a.setg(al); break;
    case Opcode::kI32GtU: case Opcode::kI64GtU: a.seta(al); break;
    case Opcode::kI32LeS: case Opcode::kI64LeS: a.setle(al); break;
    case Opcode::kI32LeU: case Opcode::kI64LeU: a.setbe(al); break;
    case Opcode::kI32GeS: case Opcode::kI64GeS: a.setge(al); break;
    default: a.setae(al); break;  // GeU
  }
}

bool IsCompare(Opcode op) {
  return (op >= Opcode::kI32Eq && op <= Opcode::kI32GeU) ||
         (op >= Opcode::kI64Eq && op <= Opcode::kI64GeU);
}

// The operation of a binary integer instruction, the same for both widths.
enum class Alu : uint8_t {
  kNone, kAdd, kSub, kMul, kAnd, kOr, kXor, kShl, kShrS, kShrU, kRotl, kRotr, kCompare, kDivRem
};

Alu AluOf(Opcode op) {
  if (IsCompare(op)) return Alu::kCompare;
  switch (op) {
    case Opcode::kI32Add: case Opcode::kI64Add: return Alu::kAdd;
    case Opcode::kI32Sub: case Opcode::kI64Sub: return Alu::kSub;
    case Opcode::kI32Mul: case Opcode::kI64Mul: return Alu::kMul;
    case Opcode::kI32And: case Opcode::kI64And: return Alu::kAnd;
    case Opcode::kI32Or: case Opcode::kI64Or: return Alu::kOr;
    case Opcode::kI32Xor: case Opcode::kI64Xor: return Alu::kXor;
    case Opcode::kI32Shl: case Opcode::kI64Shl: return Alu::kShl;
    case Opcode::kI32ShrS: case Opcode::kI64ShrS: return Alu::kShrS;
    case Opcode::kI32ShrU: case Opcode::kI64ShrU: return Alu::kShrU;
    case Opcode::kI32Rotl: case Opcode::kI64Rotl: return Alu::kRotl;
    case Opcode::kI32Rotr: case Opcode::kI64Rotr: return Alu::kRotr;
    case Opcode::kI32DivS: case Opcode::kI32DivU: case Opcode::kI32RemS: case Opcode::kI32RemU:
    case Opcode::kI64DivS: case Opcode::kI64DivU: case Opcode::kI64RemS: case Opcode::kI64RemU:
      return Alu::kDivRem;
    default: return Alu::kNone;
  }
}

}  // namespace

// a op b with b a register, the slot or local it is in, or an immediate;
// the result replaces a in its register. 32-bit operations zero-extend.
bool FunctionEmitter::Binary(Opcode op, bool is64) {
  Alu alu = AluOf(op);
  if (alu == Alu::kNone) return false;
  if (alu == Alu::kDivRem) {
    DivRem(op, is64);
    return true;
  }
  Operand b = PopOperand(/*imm_ok=*/true, is64);
  int ra = PopReg();
  Xbyak::Reg a = is64 ? Xbyak::Reg(PoolReg(ra)) : Xbyak::Reg(PoolReg(ra).cvt32());
  auto apply = [&](auto emit) {  // emit(a, b) for b's form
    switch (b.kind) {
      case Operand::Kind::kReg:
        emit(a, is64 ? Xbyak::Reg(PoolReg(b.reg)) : Xbyak::Reg(PoolReg(b.reg).cvt32()));
        break;
      case Operand::Kind::kMem:
        if (is64) {
          emit(a, qword[rbx + b.disp]);
        } else {
          emit(a, dword[rbx + b.disp]);
        }
        break;
      case Operand::Kind::kImm: emit(a, b.imm); break;
    }
  };
  auto shift = [&](auto emit) {  // the count in cl, or an immediate
    if (b.kind == Operand::Kind::kImm) {
      emit(a, uint8_t(b.imm & (is64 ? 63 : 31)));
    } else {
      apply([&](auto, auto count) { a_.mov(is64 ? Xbyak::Reg(rcx) : Xbyak::Reg(ecx), count); });
      emit(a, cl);
    }
  };
  switch (alu) {
    case Alu::kCompare:
      apply([&](auto x, auto y) { a_.cmp(x, y); });
      SetCondition(a_, op);
      a_.movzx(PoolReg(ra).cvt32(), al);
      break;
    case Alu::kAdd: apply([&](auto x, auto y) { a_.add(x, y); }); break;
    case Alu::kSub: apply([&](auto x, auto y) { a_.sub(x, y); }); break;
    case Alu::kAnd: apply([&](auto x, auto y) { a_.and_(x, y); }); break;
    case Alu::kOr: apply([&](auto x, auto y) { a_.or_(x, y); }); break;
    case Alu::kXor: apply([&](auto x, auto y) { a_.xor_(x, y); }); break;
    case Alu::kMul:
      if (b.kind == Operand::Kind::kImm) {
        a_.imul(a, a, b.imm);
      } else {
        apply([&](auto x, auto y) {
          if constexpr (!std::is_same_v<decltype(y), int32_t>) a_.imul(x, y);
        });
      }
      break;
    case Alu::kShl: shift([&](auto x, auto c) { a_.shl(x, c); }); break;
    case Alu::kShrS: shift([&](auto x, auto c) { a_.sar(x, c); }); break;
    case Alu::kShrU: shift([&](auto x, auto c) { a_.shr(x, c); }); break;
    case Alu::kRotl: shift([&](auto x, auto c) { a_.rol(x, c); }); break;
    default: shift([&](auto x, auto c) { a_.ror(x, c); }); break;
  }
  Release(b);
  PushReg(ra);
  return true;
}

// Division traps on a zero divisor, signed division also on MIN / -1; the
// remainder of MIN % -1 is 0 (x86 would fault). rax:rdx are the dividend.
void FunctionEmitter::DivRem(Opcode op, bool is64) {
  bool is_signed = op == Opcode::kI32DivS || op == Opcode::kI32RemS ||
                   op == Opcode::kI64DivS || op == Opcode::kI64RemS;
  bool rem = op == Opcode::kI32RemS || op == Opcode::kI32RemU || op == Opcode::kI64RemS ||
             op == Opcode::kI64RemU;
  int rb = PopReg();
  int ra = PopReg();
  Xbyak::Reg a = is64 ? Xbyak::Reg(PoolReg(ra)) : Xbyak::Reg(PoolReg(ra).cvt32());
  Xbyak::Reg b = is64 ? Xbyak::Reg(PoolReg(rb)) : Xbyak::Reg(PoolReg(rb).cvt32());
  Xbyak::Reg acc = is64 ? Xbyak::Reg(rax) : Xbyak::Reg(eax);
  Xbyak::Label done;
  a_.mov(acc, a);
  a_.test(b, b);
  a_.jz(TrapStub(TrapCode::kIntegerDivideByZero), Xbyak::CodeGenerator::T_NEAR);
  if (is_signed) {
    Xbyak::Label normal;
    a_.cmp(b, -1);
    a_.jne(normal, Xbyak::CodeGenerator::T_NEAR);
    if (rem) {
      a_.xor_(edx, edx);
      a_.jmp(done, Xbyak::CodeGenerator::T_NEAR);
    } else {
      if (is64) {
        a_.mov(rdx, uint64_t(0x8000000000000000ull));
        a_.cmp(rax, rdx);
      } else {
        a_.cmp(eax, 0x80000000u);
      }
      a_.je(TrapStub(TrapCode::kIntegerOverflow), Xbyak::CodeGenerator::T_NEAR);
    }
    a_.L(normal);
    if (is64) {
      a_.cqo();
    } else {
      a_.cdq();
    }
    a_.idiv(b);
  } else {
    a_.xor_(edx, edx);
    a_.div(b);
  }
  a_.L(done);
  // The 32-bit moves zero-extend.
  if (is64) {
    a_.mov(PoolReg(ra), rem ? rdx : rax);
  } else {
    a_.mov(PoolReg(ra).cvt32(), rem ? edx : eax);
  }
  FreeReg(rb);
  PushReg(ra);
}

bool FunctionEmitter::Unary(Opcode op) {
  switch (op) {
    case Opcode::kI32Clz: case Opcode::kI64Clz: if (!HasLzcnt()) return false; break;
    case Opcode::kI32Ctz: case Opcode::kI64Ctz: if (!HasBmi()) return false; break;
    case Opcode::kI32Popcnt: case Opcode::kI64Popcnt: if (!HasPopcnt()) return false; break;
    case Opcode::kI32Eqz: case Opcode::kI64Eqz: case Opcode::kI32WrapI64:
    case Opcode::kI64ExtendI32U: case Opcode::kI64ExtendI32S: case Opcode::kI32Extend8S:
    case Opcode::kI32Extend16S: case Opcode::kI64Extend8S: case Opcode::kI64Extend16S:
    case Opcode::kI64Extend32S: break;
    default: return false;
  }
  int r = PopReg();
  const Xbyak::Reg64& x = PoolReg(r);
  Xbyak::Reg32 x32 = x.cvt32();
  switch (op) {
    case Opcode::kI32Eqz:
    case Opcode::kI64Eqz:
      if (op == Opcode::kI32Eqz) {
        a_.test(x32, x32);
      } else {
        a_.test(x, x);
      }
      a_.sete(al);
      a_.movzx(x32, al);
      break;
    case Opcode::kI32Clz: a_.lzcnt(x32, x32); break;
    case Opcode::kI32Ctz: a_.tzcnt(x32, x32); break;
    case Opcode::kI32Popcnt: a_.popcnt(x32, x32); break;
    case Opcode::kI64Clz: a_.lzcnt(x, x); break;
    case Opcode::kI64Ctz: a_.tzcnt(x, x); break;
    case Opcode::kI64Popcnt: a_.popcnt(x, x); break;
    case Opcode::kI32WrapI64:
    case Opcode::kI64ExtendI32U: a_.mov(x32, x32); break;
    case Opcode::kI64ExtendI32S: a_.movsxd(x, x32); break;
    case Opcode::kI32Extend8S: a_.movsx(x32, x.cvt8()); break;
    case Opcode::kI32Extend16S: a_.movsx(x32, x.cvt16()); break;
    case Opcode::kI64Extend8S: a_.movsx(x, x.cvt8()); break;
    case Opcode::kI64Extend16S: a_.movsx(x, x.cvt16()); break;
    default: a_.movsxd(x, x32); break;  // I64Extend32S
  }
  PushReg(r);
  return true;
}

// rax = u32(address) + offset, checked: rax + size <= memory size.
void FunctionEmitter::Address(int addr, uint64_t offset, uint32_t size) {
  a_.mov(eax, PoolReg(addr).cvt32());
  if (offset != 0) {
    if (offset <= 0x7FFFFFFF) {
      a_.add(rax, int32_t(offset));
    } else {
      a_.mov(rcx, offset);
      a_.add(rax, rcx);
    }
  }
  a_.lea(rcx, ptr[rax + int32_t(size)]);
  a_.cmp(rcx, r13);
  a_.ja(TrapStub(TrapCode::kMemoryOutOfBounds), Xbyak::CodeGenerator::T_NEAR);
}

bool FunctionEmitter::Load(const wasmrt::Instr& in) {
  int r = PopReg();  // the address, then the value
  const Xbyak::Reg64& v = PoolReg(r);
  Xbyak::Reg32 v32 = v.cvt32();
  auto load = [&](uint32_t size, auto emit) {
    Address(r, in.u64, size);
    emit();
    PushReg(r);
    return true;
  };
  switch (in.op) {
    case Opcode::kI32Load:
    case Opcode::kF32Load:
    case Opcode::kI64Load32U: return load(4, [&] { a_.mov(v32, dword[r12 + rax]); });
    case Opcode::kI64Load:
    case Opcode::kF64Load: return load(8, [&] { a_.mov(v, qword[r12 + rax]); });
    case Opcode::kI32Load8S: return load(1, [&] { a_.movsx(v32, byte[r12 + rax]); });
    case Opcode::kI32Load8U:
    case Opcode::kI64Load8U: return load(1, [&] { a_.movzx(v32, byte[r12 + rax]); });
    case Opcode::kI32Load16S: return load(2, [&] { a_.movsx(v32, word[r12 + rax]); });
    case Opcode::kI32Load16U:
    case Opcode::kI64Load16U: return load(2, [&] { a_.movzx(v32, word[r12 + rax]); });
    case Opcode::kI64Load8S: return load(1, [&] { a_.movsx(v, byte[r12 + rax]); });
    case Opcode::kI64Load16S: return load(2, [&] { a_.movsx(v, word[r12 + rax]); });
    case Opcode::kI64Load32S: return load(4, [&] { a_.movsxd(v, dword[r12 + rax]); });
    default: return false;
  }
}

bool FunctionEmitter::Store(const wasmrt::Instr& in) {
  int rv = PopReg();
  int ra = PopReg();
  const Xbyak::Reg64& v = PoolReg(rv);
  auto store = [&](uint32_t size, auto emit) {
    Address(ra, in.u64, size);
    emit();
    FreeReg(rv);
    FreeReg(ra);
    return true;
  };
  switch (in.op) {
    case Opcode::kI32Store:
    case Opcode::kF32Store:
    case Opcode::kI64Store32: return store(4, [&] { a_.mov(dword[r12 + rax], v.cvt32()); });
    case Opcode::kI64Store:
    case Opcode::kF64Store: return store(8, [&] { a_.mov(qword[r12 + rax], v); });
    case Opcode::kI32Store8:
    case Opcode::kI64Store8: return store(1, [&] { a_.mov(byte[r12 + rax], v.cvt8()); });
    case Opcode::kI32Store16:
    case Opcode::kI64Store16: return store(2, [&] { a_.mov(word[r12 + rax], v.cvt16()); });
    default: return false;
  }
}

}  // namespace wasmrt::jit

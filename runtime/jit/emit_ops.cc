// Straight-line instructions on the abstract operand stack (value_stack.cc):
// constants, locals, globals, integer arithmetic, conversions between
// integer widths, loads and stores (floats: emit_float.cc). The results match runtime/code/
// semantics.h bit for bit: an i32 is kept zero-extended (32-bit x86
// operations clear the upper half), shift counts are masked by the hardware
// as wasm masks them, and the trapping divisions test their operands before
// dividing.
#include <bit>
#include <cstddef>
#include <cstdlib>
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
  if (IsSimd(in, types)) return Simd(in, types);  // emit_simd.cc
  switch (in.op) {
    case Opcode::kNop: return true;
    case Opcode::kDrop: {
      if (types.params[0] == ValType::kV128) return false;
      Entry e = stack_.back();
      stack_.pop_back();
      if (e.kind == Entry::Kind::kReg || e.kind == Entry::Kind::kCmp) FreeReg(e.reg);
      if (e.kind == Entry::Kind::kXmm) FreeXmm(e.reg);
      if (e.kind == Entry::Kind::kCmp && e.right != kImmRight) FreeReg(e.right);
      return true;
    }
    case Opcode::kSelect:
    case Opcode::kSelectT: {
      if (types.results[0] == ValType::kV128) return false;
      return Select();
    }
    case Opcode::kI32Eqz: return Eqz(/*wide=*/false);
    case Opcode::kI64Eqz: return Eqz(/*wide=*/true);
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
      SaveLocalRegs();
      a_.mov(rdi, r14);
      a_.lea(rsi, Slot(h - 1));
      a_.call(qword[r14 + Off(offsetof(JitState, memory_grow))]);
      RestoreLocalRegs();
      AfterCall();
      ResetStack(types.slots_after);
      return true;
    }
    // Reinterpretations: the value already holds the bits (an integer
    // must not stay in an xmm register).
    case Opcode::kI32ReinterpretF32:
    case Opcode::kI64ReinterpretF64:
      if (stack_.back().kind == Entry::Kind::kXmm) PushReg(PopReg());
      return true;
    case Opcode::kF32ReinterpretI32:
    case Opcode::kF64ReinterpretI64: return true;
    default: break;
  }
  if (IsScalarFloat(in.op)) return Float(in.op);  // emit_float.cc
  if (IsRefOrBulk(in.op)) return RefOrBulk(in, types);  // emit_bulk.cc
  const OpcodeInfo& info = GetOpcodeInfo(in.op);
  if (info.imm == ImmKind::kMemarg) return types.results.empty() ? Store(in) : Load(in);
  if (types.params.size() == 2 && types.params[0] == ValType::kI32) return Binary(in.op, false);
  if (types.params.size() == 2 && types.params[0] == ValType::kI64) return Binary(in.op, true);
  if (types.params.size() == 1) return Unary(in.op);
  return false;
}

// select: a comparison as the condition becomes a cmov on its flags.
bool FunctionEmitter::Select() {
  Entry c = stack_.back();
  bool compare = c.kind == Entry::Kind::kCmp;
  int rc = -1;
  if (compare) {
    stack_.pop_back();  // its registers stay taken until EmitCompare
  } else {
    rc = PopReg();
  }
  int b = PopReg();
  int a = PopReg();
  if (compare) {
    CmovIf(Cond(uint8_t(EmitCompare(c)) ^ 1), PoolReg(a), PoolReg(b));
  } else {
    a_.test(PoolReg(rc).cvt32(), PoolReg(rc).cvt32());
    a_.cmovz(PoolReg(a), PoolReg(b));
    FreeReg(rc);
  }
  FreeReg(b);
  PushReg(a);
  return true;
}

// eqz is a comparison with 0, or the inverse of a comparison.
bool FunctionEmitter::Eqz(bool wide) {
  if (stack_.back().kind == Entry::Kind::kCmp) {
    Entry& e = stack_.back();
    e.cond = Cond(uint8_t(e.cond) ^ 1);
    return true;
  }
  int r = PopReg();
  PushCompare(r, Operand{Operand::Kind::kImm, -1, 0, 0}, Cond::kE, wide);
  return true;
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
  if (top.kind == Entry::Kind::kLocal) {
    // A copy between locals needs no pool register.
    uint32_t from = uint32_t(top.value);
    if (from != slot) {
      const Xbyak::Reg64* l = LocalReg(slot);
      const Xbyak::Reg64* f = LocalReg(from);
      if (l != nullptr) {
        LoadLocal(*l, from);
      } else if (f != nullptr) {
        a_.mov(LocalSlot(slot), *f);
      } else {
        a_.mov(rax, LocalSlot(from));
        a_.mov(LocalSlot(slot), rax);
      }
    }
    stack_.pop_back();
    if (in.op == Opcode::kLocalTee) stack_.push_back({Entry::Kind::kLocal, 0, slot});
    return true;
  }
  if (const Xbyak::Reg64* l = LocalReg(slot)) {
    if (top.kind == Entry::Kind::kConst) {
      if (top.value <= 0xFFFFFFFF) {
        a_.mov(l->cvt32(), uint32_t(top.value));  // zero-extends
      } else {
        a_.mov(*l, top.value);
      }
      if (in.op == Opcode::kLocalSet) stack_.pop_back();  // tee keeps the constant
      return true;
    }
    int r = PopReg();
    a_.mov(*l, PoolReg(r));
    if (in.op == Opcode::kLocalTee) {
      PushReg(r);  // the copy, used next most of the time
    } else {
      FreeReg(r);
    }
    return true;
  }
  if (top.kind == Entry::Kind::kXmm) {
    // A float local's slot takes the bits (an f32 zero-extended).
    const Xbyak::Xmm x = PoolXmm(top.reg);
    if (top.wide) {
      a_.movsd(LocalSlot(slot), x);
    } else {
      a_.movss(dword[rbx + int32_t(slot * 8)], x);
      a_.mov(dword[rbx + int32_t(slot * 8 + 4)], 0);
    }
    if (in.op == Opcode::kLocalSet) {
      FreeXmm(top.reg);
      stack_.pop_back();
    }
    return true;
  }
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

// The condition of a comparison opcode (same order for i32 and i64 rows).
FunctionEmitter::Cond FunctionEmitter::CondOf(Opcode op) {
  switch (op) {
    case Opcode::kI32Eq: case Opcode::kI64Eq: return Cond::kE;
    case Opcode::kI32Ne: case Opcode::kI64Ne: return Cond::kNe;
    case Opcode::kI32LtS: case Opcode::kI64LtS: return Cond::kL;
    case Opcode::kI32LtU: case Opcode::kI64LtU: return Cond::kB;
    case Opcode::kI32GtS: case Opcode::kI64GtS: return Cond::kG;
    case Opcode::kI32GtU: case Opcode::kI64GtU: return Cond::kA;
    case Opcode::kI32LeS: case Opcode::kI64LeS: return Cond::kLe;
    case Opcode::kI32LeU: case Opcode::kI64LeU: return Cond::kBe;
    case Opcode::kI32GeS: case Opcode::kI64GeS: return Cond::kGe;
    default: return Cond::kAe;  // GeU
  }
}

namespace {

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
  if (alu == Alu::kCompare) {
    // Left lazy (value_stack.cc): a register or an immediate on the right.
    if (b.kind == Operand::Kind::kMem || b.kind == Operand::Kind::kLocalReg) {
      int r = AllocReg();
      if (b.kind == Operand::Kind::kMem) {
        a_.mov(PoolReg(r), qword[rbx + b.disp]);
      } else {
        a_.mov(PoolReg(r), Xbyak::Reg64(b.reg));
      }
      b = Operand{Operand::Kind::kReg, r, 0, 0};
    }
    int left = PopReg();
    PushCompare(left, b, CondOf(op), is64);
    return true;
  }
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
      case Operand::Kind::kLocalReg:
        emit(a, is64 ? Xbyak::Reg(Xbyak::Reg64(b.reg)) : Xbyak::Reg(Xbyak::Reg32(b.reg)));
        break;
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
  if (!is64 && !is_signed && stack_.back().kind == Entry::Kind::kConst &&
      uint32_t(stack_.back().value) != 0) {
    uint32_t d = uint32_t(stack_.back().value);
    stack_.pop_back();
    return DivRemByConstant(d, rem);
  }
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

// i32.div_u / i32.rem_u by a constant d != 0 (a hardware div takes 20-90
// cycles): a power of two is a shift or a mask; otherwise q = (x * M) >> 64
// with M = floor(2^64 / d) + 1, exact for every x < 2^32 because M
// overshoots 2^64 / d by less than 1, so x * M / 2^64 exceeds x / d by
// less than 2^-32 < 1/d, never reaching the next integer.
void FunctionEmitter::DivRemByConstant(uint32_t d, bool rem) {
  int ra = PopReg();
  const Xbyak::Reg32 x = PoolReg(ra).cvt32();
  if ((d & (d - 1)) == 0) {
    if (rem) {
      a_.and_(x, d - 1);  // zero-extends
    } else {
      a_.mov(x, x);
      if (d > 1) a_.shr(x, std::countr_zero(d));
    }
  } else {
    uint64_t m = ~uint64_t{0} / d + 1;  // d is no power of two: floor(2^64/d) + 1
    a_.mov(eax, x);                     // zero-extends into rax
    a_.mov(rdx, m);
    a_.mul(rdx);  // rdx = the quotient
    if (rem) {
      a_.imul(edx, edx, int32_t(d));  // the low 32 bits of q * d
      a_.sub(x, edx);
    } else {
      a_.mov(x, edx);
    }
  }
  PushReg(ra);
}

namespace {

// BSR and BSF leave their destination undefined and set ZF on a zero input:
// the cmov supplies the zero case, clz(0) = ctz(0) = bits. For a non-zero
// input clz = (bits - 1) - bsr = bsr ^ (bits - 1). Results are below 128,
// so the 32-bit cmov and xor (which zero-extend) serve both widths.
void ClzBaseline(Xbyak::CodeGenerator& a, const Xbyak::Reg64& x, bool is64) {
  int bits = is64 ? 64 : 32;
  if (is64) {
    a.bsr(x, x);
  } else {
    a.bsr(x.cvt32(), x.cvt32());
  }
  a.mov(ecx, 2 * bits - 1);  // ^ (bits - 1) makes it bits
  a.cmovz(x.cvt32(), ecx);
  a.xor_(x.cvt32(), bits - 1);
}

void CtzBaseline(Xbyak::CodeGenerator& a, const Xbyak::Reg64& x, bool is64) {
  if (is64) {
    a.bsf(x, x);
  } else {
    a.bsf(x.cvt32(), x.cvt32());
  }
  a.mov(ecx, is64 ? 64 : 32);
  a.cmovz(x.cvt32(), ecx);
}

// Bits counted in parallel: per 2 bits, per 4, per byte, then the bytes
// summed by one multiply into the top byte. rax and rcx are scratch.
void PopcountBaseline(Xbyak::CodeGenerator& a, const Xbyak::Reg64& x64, bool is64) {
  Xbyak::Reg x = is64 ? Xbyak::Reg(x64) : Xbyak::Reg(x64.cvt32());
  Xbyak::Reg t = is64 ? Xbyak::Reg(rax) : Xbyak::Reg(eax);
  Xbyak::Reg m = is64 ? Xbyak::Reg(rcx) : Xbyak::Reg(ecx);
  auto mask = [&](uint64_t byte_pattern) {
    a.mov(m, is64 ? byte_pattern : uint32_t(byte_pattern));
  };
  a.mov(t, x);  // x -= (x >> 1) & 0x55..
  a.shr(t, 1);
  mask(0x5555555555555555ull);
  a.and_(t, m);
  a.sub(x, t);
  a.mov(t, x);  // x = (x & 0x33..) + ((x >> 2) & 0x33..)
  a.shr(t, 2);
  mask(0x3333333333333333ull);
  a.and_(t, m);
  a.and_(x, m);
  a.add(x, t);
  a.mov(t, x);  // x = (x + (x >> 4)) & 0x0f..
  a.shr(t, 4);
  a.add(x, t);
  mask(0x0F0F0F0F0F0F0F0Full);
  a.and_(x, m);
  mask(0x0101010101010101ull);  // the sum of the bytes lands in the top one
  a.imul(x, m);
  a.shr(x, is64 ? 56 : 24);
}

}  // namespace

// clz, ctz and popcnt use LZCNT, TZCNT (BMI1) and POPCNT where the CPU has
// them, else baseline x86-64 sequences. The check matters: on a CPU without
// them LZCNT and TZCNT decode as BSR and BSF and silently give other
// results. WASMRT_JIT_BASELINE_X86 (any value) forces the baseline
// sequences, so they are tested on every machine.
bool FunctionEmitter::Unary(Opcode op) {
  static const bool kBaseline = std::getenv("WASMRT_JIT_BASELINE_X86") != nullptr;
  switch (op) {
    case Opcode::kI32Clz: case Opcode::kI64Clz: case Opcode::kI32Ctz: case Opcode::kI64Ctz:
    case Opcode::kI32Popcnt: case Opcode::kI64Popcnt: case Opcode::kI32WrapI64:
    case Opcode::kI64ExtendI32U: case Opcode::kI64ExtendI32S: case Opcode::kI32Extend8S:
    case Opcode::kI32Extend16S: case Opcode::kI64Extend8S: case Opcode::kI64Extend16S:
    case Opcode::kI64Extend32S: break;
    default: return false;
  }
  int r = PopReg();
  const Xbyak::Reg64& x = PoolReg(r);
  Xbyak::Reg32 x32 = x.cvt32();
  bool is64 = op == Opcode::kI64Clz || op == Opcode::kI64Ctz || op == Opcode::kI64Popcnt;
  Xbyak::Reg v = is64 ? Xbyak::Reg(x) : Xbyak::Reg(x32);
  switch (op) {
    case Opcode::kI32Clz:
    case Opcode::kI64Clz:
      if (HasLzcnt() && !kBaseline) {
        a_.lzcnt(v, v);
      } else {
        ClzBaseline(a_, x, is64);
      }
      break;
    case Opcode::kI32Ctz:
    case Opcode::kI64Ctz:
      if (HasBmi() && !kBaseline) {
        a_.tzcnt(v, v);
      } else {
        CtzBaseline(a_, x, is64);
      }
      break;
    case Opcode::kI32Popcnt:
    case Opcode::kI64Popcnt:
      if (HasPopcnt() && !kBaseline) {
        a_.popcnt(v, v);
      } else {
        PopcountBaseline(a_, x, is64);
      }
      break;
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

// The address is an i32 whose slot or register may, as far as this code
// can prove, hold anything in its upper half, so it is zero-extended into
// eax here: a 32-bit load from its slot (instead of the 64-bit one), or a
// register move the CPU usually eliminates. The sandbox then never depends
// on every producer of an i32 keeping the upper half clear.
//
// Guard pages (offset < 2^31): [r12 + rax + offset] lies below base +
// 2^32 + 2^31 + 8, inside the memory's guard reservation, so an access
// past the end faults at this instruction and the trap handler
// (trap_handler.h) resumes at the out-of-bounds stub. A constant address
// whose sum with the offset is below 2^31 needs no register at all.
// Explicit: rax + offset + size <= r13 (the memory size), else the stub.
FunctionEmitter::MemOperand FunctionEmitter::Address(uint64_t offset, uint32_t size,
                                                     bool want_reg) {
  MemOperand m{r12};
  if (stack_.back().kind == Entry::Kind::kCmp) Materialize(stack_.back());
  // Allocated before rax is set: a spill to free a register may use rax.
  if (want_reg && stack_.back().kind != Entry::Kind::kReg) m.reg = AllocReg();
  Entry e = stack_.back();
  stack_.pop_back();
  bool guarded = guard_pages_ && offset <= 0x7FFFFFFF;
  if (guarded && e.kind == Entry::Kind::kConst && e.value + offset <= 0x7FFFFFFF) {
    m.where = r12 + int32_t(e.value + offset);
    m.unchecked = true;
    return m;
  }
  switch (e.kind) {
    case Entry::Kind::kConst: a_.mov(eax, uint32_t(e.value)); break;
    case Entry::Kind::kLocal: LoadLocal(eax, uint32_t(e.value)); break;
    case Entry::Kind::kSlot:
      a_.mov(eax, dword[rbx + int32_t((local_base_ + stack_.size()) * 8)]);
      break;
    case Entry::Kind::kReg:
      a_.mov(eax, PoolReg(e.reg).cvt32());
      if (want_reg) {
        m.reg = e.reg;
      } else {
        FreeReg(e.reg);
      }
      break;
    case Entry::Kind::kCmp: break;  // materialized above
  }
  if (guarded) {
    m.where = r12 + rax + int32_t(offset);
    m.unchecked = true;
    return m;
  }
  if (offset + size <= 0x7FFFFFFF) {
    a_.lea(rcx, ptr[rax + int32_t(offset + size)]);
    m.where = r12 + rax + int32_t(offset);
  } else {
    a_.mov(rcx, offset);
    a_.add(rax, rcx);
    a_.lea(rcx, ptr[rax + int32_t(size)]);
    m.where = r12 + rax;
  }
  a_.cmp(rcx, r13);
  a_.ja(TrapStub(TrapCode::kMemoryOutOfBounds), Xbyak::CodeGenerator::T_NEAR);
  return m;
}

bool FunctionEmitter::Load(const wasmrt::Instr& in) {
  uint32_t size;
  switch (in.op) {
    case Opcode::kI64Load: case Opcode::kF64Load: size = 8; break;
    case Opcode::kI32Load: case Opcode::kF32Load: case Opcode::kI64Load32U:
    case Opcode::kI64Load32S: size = 4; break;
    case Opcode::kI32Load16S: case Opcode::kI32Load16U: case Opcode::kI64Load16U:
    case Opcode::kI64Load16S: size = 2; break;
    case Opcode::kI32Load8S: case Opcode::kI32Load8U: case Opcode::kI64Load8U:
    case Opcode::kI64Load8S: size = 1; break;
    default: return false;
  }
  if (in.op == Opcode::kF32Load || in.op == Opcode::kF64Load) {
    // Straight into an xmm register (allocated before Address sets rax).
    int x = AllocXmm();
    MemOperand m = Address(in.u64, size, /*want_reg=*/false);
    AccessAt(m);
    if (size == 8) {
      a_.movsd(PoolXmm(x), qword[m.where]);
    } else {
      a_.movss(PoolXmm(x), dword[m.where]);
    }
    PushXmmReg(x, size == 8);
    return true;
  }
  MemOperand m = Address(in.u64, size, /*want_reg=*/true);
  const Xbyak::Reg64& v = PoolReg(m.reg);
  Xbyak::Reg32 v32 = v.cvt32();
  AccessAt(m);
  switch (in.op) {
    case Opcode::kI32Load: case Opcode::kF32Load: case Opcode::kI64Load32U:
      a_.mov(v32, dword[m.where]); break;
    case Opcode::kI64Load: case Opcode::kF64Load: a_.mov(v, qword[m.where]); break;
    case Opcode::kI32Load8S: a_.movsx(v32, byte[m.where]); break;
    case Opcode::kI32Load8U: case Opcode::kI64Load8U: a_.movzx(v32, byte[m.where]); break;
    case Opcode::kI32Load16S: a_.movsx(v32, word[m.where]); break;
    case Opcode::kI32Load16U: case Opcode::kI64Load16U: a_.movzx(v32, word[m.where]); break;
    case Opcode::kI64Load8S: a_.movsx(v, byte[m.where]); break;
    case Opcode::kI64Load16S: a_.movsx(v, word[m.where]); break;
    default: a_.movsxd(v, dword[m.where]); break;  // I64Load32S
  }
  PushReg(m.reg);
  return true;
}

bool FunctionEmitter::Store(const wasmrt::Instr& in) {
  uint32_t size;
  switch (in.op) {
    case Opcode::kI64Store: case Opcode::kF64Store: size = 8; break;
    case Opcode::kI32Store: case Opcode::kF32Store: case Opcode::kI64Store32: size = 4; break;
    case Opcode::kI32Store16: case Opcode::kI64Store16: size = 2; break;
    case Opcode::kI32Store8: case Opcode::kI64Store8: size = 1; break;
    default: return false;
  }
  if (stack_.back().kind == Entry::Kind::kXmm) {  // f32/f64, from its register
    int x = stack_.back().reg;
    stack_.pop_back();
    MemOperand m = Address(in.u64, size, /*want_reg=*/false);
    AccessAt(m);
    if (size == 8) {
      a_.movsd(qword[m.where], PoolXmm(x));
    } else {
      a_.movss(dword[m.where], PoolXmm(x));
    }
    FreeXmm(x);
    return true;
  }
  int rv = PopReg();
  MemOperand m = Address(in.u64, size, /*want_reg=*/false);
  const Xbyak::Reg64& v = PoolReg(rv);
  AccessAt(m);
  switch (size) {
    case 8: a_.mov(qword[m.where], v); break;
    case 4: a_.mov(dword[m.where], v.cvt32()); break;
    case 2: a_.mov(word[m.where], v.cvt16()); break;
    default: a_.mov(byte[m.where], v.cvt8()); break;
  }
  FreeReg(rv);
  return true;
}

}  // namespace wasmrt::jit

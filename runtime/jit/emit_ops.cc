// Straight-line instructions: constants, locals, globals, integer
// arithmetic, conversions between integer widths, loads and stores. The
// results match runtime/code/semantics.h bit for bit: an i32 is stored
// zero-extended in its slot (32-bit x86 operations clear the upper half),
// shift counts are masked by the hardware as wasm masks them, and the
// trapping divisions test their operands before dividing.
#include "runtime/jit/function_emitter.h"

#include <cstddef>

#include "runtime/jit/abi.h"
#include "runtime/objects/objects.h"

namespace wasmrt::jit {

using namespace Xbyak::util;
using validate::InstrTypes;

namespace {

constexpr int32_t Off(size_t offset) { return int32_t(offset); }

bool HasLzcnt() { return Xbyak::util::Cpu().has(Xbyak::util::Cpu::tLZCNT); }
bool HasBmi() { return Xbyak::util::Cpu().has(Xbyak::util::Cpu::tBMI1); }
bool HasPopcnt() { return Xbyak::util::Cpu().has(Xbyak::util::Cpu::tPOPCNT); }

}  // namespace

bool FunctionEmitter::Straight(const wasmrt::Instr& in, const InstrTypes& types) {
  uint32_t h = types.slots_before;  // the first free slot
  switch (in.op) {
    case Opcode::kNop: return true;
    case Opcode::kDrop: return types.params[0] != ValType::kV128;
    case Opcode::kSelect:
    case Opcode::kSelectT:
      if (types.results[0] == ValType::kV128) return false;
      a_.mov(rax, Slot(h - 3));
      a_.cmp(dword[rbx + int32_t((local_base_ + h - 1) * 8)], 0);
      a_.cmove(rax, Slot(h - 2));
      a_.mov(Slot(h - 3), rax);
      return true;
    case Opcode::kI32Const:
    case Opcode::kF32Const:
      a_.mov(eax, uint32_t(in.u64));  // zero-extends
      a_.mov(Slot(h), rax);
      return true;
    case Opcode::kI64Const:
    case Opcode::kF64Const:
      a_.mov(rax, in.u64);
      a_.mov(Slot(h), rax);
      return true;
    case Opcode::kLocalGet:
    case Opcode::kLocalSet:
    case Opcode::kLocalTee: return Local(in, types);
    case Opcode::kGlobalGet:
    case Opcode::kGlobalSet: return Global(in, types);
    case Opcode::kMemorySize:
      a_.mov(rax, r13);
      a_.shr(rax, 16);
      a_.mov(Slot(h), rax);
      return true;
    case Opcode::kMemoryGrow:
      a_.mov(rdi, r14);
      a_.lea(rsi, Slot(h - 1));
      a_.call(qword[r14 + Off(offsetof(JitState, memory_grow))]);
      AfterCall();
      return true;
    // Reinterpretations: the slot already holds the bits.
    case Opcode::kI32ReinterpretF32:
    case Opcode::kF32ReinterpretI32:
    case Opcode::kI64ReinterpretF64:
    case Opcode::kF64ReinterpretI64: return true;
    default: break;
  }
  const OpcodeInfo& info = GetOpcodeInfo(in.op);
  if (info.imm == ImmKind::kMemarg) {
    return types.results.empty() ? Store(in, h) : Load(in, h);
  }
  if (types.params.size() == 2 && types.params[0] == ValType::kI32) return Binary32(in.op, h - 2);
  if (types.params.size() == 2 && types.params[0] == ValType::kI64) return Binary64(in.op, h - 2);
  if (types.params.size() == 1) return Unary(in.op, h - 1);
  return false;
}

bool FunctionEmitter::Local(const wasmrt::Instr& in, const InstrTypes& types) {
  if (locals_[in.a] == ValType::kV128) return false;
  Xbyak::Address local = LocalSlot(local_slot_[in.a]);
  uint32_t h = types.slots_before;
  switch (in.op) {
    case Opcode::kLocalGet:
      a_.mov(rax, local);
      a_.mov(Slot(h), rax);
      return true;
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
      a_.mov(rax, Slot(h - 1));
      a_.mov(local, rax);
      return true;
    default: return false;
  }
}

// js->inst->globals[index]->value[0].
bool FunctionEmitter::Global(const wasmrt::Instr& in, const InstrTypes& types) {
  ValType t = in.op == Opcode::kGlobalGet ? types.results[0] : types.params[0];
  if (t == ValType::kV128) return false;
  uint32_t h = types.slots_before;
  a_.mov(rcx, qword[r14 + Off(offsetof(JitState, inst))]);
  a_.mov(rcx, qword[rcx + Off(offsetof(InstanceState, globals))]);
  a_.mov(rcx, qword[rcx + int32_t(in.a * 8)]);
  Xbyak::Address value = qword[rcx + Off(offsetof(GlobalInstance, value))];
  if (in.op == Opcode::kGlobalGet) {
    a_.mov(rax, value);
    a_.mov(Slot(h), rax);
  } else {
    a_.mov(rax, Slot(h - 1));
    a_.mov(value, rax);
  }
  return true;
}

// a (slot a_height) op b (the slot above): eax, ecx; the result to a.
bool FunctionEmitter::Binary32(Opcode op, uint32_t a_height) {
  Xbyak::Address a = Slot(a_height);
  Xbyak::Address a32 = dword[rbx + int32_t((local_base_ + a_height) * 8)];
  Xbyak::Address b32 = dword[rbx + int32_t((local_base_ + a_height + 1) * 8)];
  auto compare = [&](auto setcc) {
    a_.mov(eax, a32);
    a_.cmp(eax, b32);
    setcc();
    a_.movzx(eax, al);
    a_.mov(a, rax);
    return true;
  };
  switch (op) {
    case Opcode::kI32Eq: return compare([&] { a_.sete(al); });
    case Opcode::kI32Ne: return compare([&] { a_.setne(al); });
    case Opcode::kI32LtS: return compare([&] { a_.setl(al); });
    case Opcode::kI32LtU: return compare([&] { a_.setb(al); });
    case Opcode::kI32GtS: return compare([&] { a_.setg(al); });
    case Opcode::kI32GtU: return compare([&] { a_.seta(al); });
    case Opcode::kI32LeS: return compare([&] { a_.setle(al); });
    case Opcode::kI32LeU: return compare([&] { a_.setbe(al); });
    case Opcode::kI32GeS: return compare([&] { a_.setge(al); });
    case Opcode::kI32GeU: return compare([&] { a_.setae(al); });
    case Opcode::kI32DivS:
    case Opcode::kI32DivU:
    case Opcode::kI32RemS:
    case Opcode::kI32RemU: DivRem32(op, a_height); return true;
    default: break;
  }
  a_.mov(eax, a32);
  a_.mov(ecx, b32);
  switch (op) {
    case Opcode::kI32Add: a_.add(eax, ecx); break;
    case Opcode::kI32Sub: a_.sub(eax, ecx); break;
    case Opcode::kI32Mul: a_.imul(eax, ecx); break;
    case Opcode::kI32And: a_.and_(eax, ecx); break;
    case Opcode::kI32Or: a_.or_(eax, ecx); break;
    case Opcode::kI32Xor: a_.xor_(eax, ecx); break;
    case Opcode::kI32Shl: a_.shl(eax, cl); break;
    case Opcode::kI32ShrS: a_.sar(eax, cl); break;
    case Opcode::kI32ShrU: a_.shr(eax, cl); break;
    case Opcode::kI32Rotl: a_.rol(eax, cl); break;
    case Opcode::kI32Rotr: a_.ror(eax, cl); break;
    default: return false;
  }
  a_.mov(a, rax);
  return true;
}

bool FunctionEmitter::Binary64(Opcode op, uint32_t a_height) {
  Xbyak::Address a = Slot(a_height), b = Slot(a_height + 1);
  auto compare = [&](auto setcc) {
    a_.mov(rax, a);
    a_.cmp(rax, b);
    setcc();
    a_.movzx(eax, al);
    a_.mov(a, rax);
    return true;
  };
  switch (op) {
    case Opcode::kI64Eq: return compare([&] { a_.sete(al); });
    case Opcode::kI64Ne: return compare([&] { a_.setne(al); });
    case Opcode::kI64LtS: return compare([&] { a_.setl(al); });
    case Opcode::kI64LtU: return compare([&] { a_.setb(al); });
    case Opcode::kI64GtS: return compare([&] { a_.setg(al); });
    case Opcode::kI64GtU: return compare([&] { a_.seta(al); });
    case Opcode::kI64LeS: return compare([&] { a_.setle(al); });
    case Opcode::kI64LeU: return compare([&] { a_.setbe(al); });
    case Opcode::kI64GeS: return compare([&] { a_.setge(al); });
    case Opcode::kI64GeU: return compare([&] { a_.setae(al); });
    case Opcode::kI64DivS:
    case Opcode::kI64DivU:
    case Opcode::kI64RemS:
    case Opcode::kI64RemU: DivRem64(op, a_height); return true;
    default: break;
  }
  a_.mov(rax, a);
  a_.mov(rcx, b);
  switch (op) {
    case Opcode::kI64Add: a_.add(rax, rcx); break;
    case Opcode::kI64Sub: a_.sub(rax, rcx); break;
    case Opcode::kI64Mul: a_.imul(rax, rcx); break;
    case Opcode::kI64And: a_.and_(rax, rcx); break;
    case Opcode::kI64Or: a_.or_(rax, rcx); break;
    case Opcode::kI64Xor: a_.xor_(rax, rcx); break;
    case Opcode::kI64Shl: a_.shl(rax, cl); break;
    case Opcode::kI64ShrS: a_.sar(rax, cl); break;
    case Opcode::kI64ShrU: a_.shr(rax, cl); break;
    case Opcode::kI64Rotl: a_.rol(rax, cl); break;
    case Opcode::kI64Rotr: a_.ror(rax, cl); break;
    default: return false;
  }
  a_.mov(a, rax);
  return true;
}

// Division traps on a zero divisor, signed division also on MIN / -1; the
// remainder of MIN % -1 is 0 (x86 would fault).
void FunctionEmitter::DivRem32(Opcode op, uint32_t a_height) {
  Xbyak::Address a = Slot(a_height);
  Xbyak::Address a32 = dword[rbx + int32_t((local_base_ + a_height) * 8)];
  Xbyak::Address b32 = dword[rbx + int32_t((local_base_ + a_height + 1) * 8)];
  bool is_signed = op == Opcode::kI32DivS || op == Opcode::kI32RemS;
  bool rem = op == Opcode::kI32RemS || op == Opcode::kI32RemU;
  Xbyak::Label done;
  a_.mov(eax, a32);
  a_.mov(ecx, b32);
  a_.test(ecx, ecx);
  a_.jz(TrapStub(TrapCode::kIntegerDivideByZero), Xbyak::CodeGenerator::T_NEAR);
  if (is_signed) {
    Xbyak::Label normal;
    a_.cmp(ecx, -1);
    a_.jne(normal, Xbyak::CodeGenerator::T_NEAR);
    if (rem) {
      a_.xor_(edx, edx);
      a_.jmp(done, Xbyak::CodeGenerator::T_NEAR);
    } else {
      a_.cmp(eax, 0x80000000u);
      a_.je(TrapStub(TrapCode::kIntegerOverflow), Xbyak::CodeGenerator::T_NEAR);
    }
    a_.L(normal);
    a_.cdq();
    a_.idiv(ecx);
  } else {
    a_.xor_(edx, edx);
    a_.div(ecx);
  }
  a_.L(done);
  if (rem) a_.mov(eax, edx);  // zero-extends
  a_.mov(a, rax);
}

void FunctionEmitter::DivRem64(Opcode op, uint32_t a_height) {
  Xbyak::Address a = Slot(a_height), b = Slot(a_height + 1);
  bool is_signed = op == Opcode::kI64DivS || op == Opcode::kI64RemS;
  bool rem = op == Opcode::kI64RemS || op == Opcode::kI64RemU;
  Xbyak::Label done;
  a_.mov(rax, a);
  a_.mov(rcx, b);
  a_.test(rcx, rcx);
  a_.jz(TrapStub(TrapCode::kIntegerDivideByZero), Xbyak::CodeGenerator::T_NEAR);
  if (is_signed) {
    Xbyak::Label normal;
    a_.cmp(rcx, -1);
    a_.jne(normal, Xbyak::CodeGenerator::T_NEAR);
    if (rem) {
      a_.xor_(edx, edx);
      a_.jmp(done, Xbyak::CodeGenerator::T_NEAR);
    } else {
      a_.mov(rdx, uint64_t(0x8000000000000000ull));
      a_.cmp(rax, rdx);
      a_.je(TrapStub(TrapCode::kIntegerOverflow), Xbyak::CodeGenerator::T_NEAR);
    }
    a_.L(normal);
    a_.cqo();
    a_.idiv(rcx);
  } else {
    a_.xor_(edx, edx);
    a_.div(rcx);
  }
  a_.L(done);
  a_.mov(a, rem ? rdx : rax);
}

bool FunctionEmitter::Unary(Opcode op, uint32_t height) {
  Xbyak::Address x = Slot(height);
  Xbyak::Address x32 = dword[rbx + int32_t((local_base_ + height) * 8)];
  switch (op) {
    case Opcode::kI32Eqz:
    case Opcode::kI64Eqz:
      if (op == Opcode::kI32Eqz) {
        a_.cmp(x32, 0);
      } else {
        a_.cmp(x, 0);
      }
      a_.sete(al);
      a_.movzx(eax, al);
      break;
    case Opcode::kI32Clz:
      if (!HasLzcnt()) return false;
      a_.lzcnt(eax, x32);
      break;
    case Opcode::kI32Ctz:
      if (!HasBmi()) return false;
      a_.tzcnt(eax, x32);
      break;
    case Opcode::kI32Popcnt:
      if (!HasPopcnt()) return false;
      a_.popcnt(eax, x32);
      break;
    case Opcode::kI64Clz:
      if (!HasLzcnt()) return false;
      a_.lzcnt(rax, x);
      break;
    case Opcode::kI64Ctz:
      if (!HasBmi()) return false;
      a_.tzcnt(rax, x);
      break;
    case Opcode::kI64Popcnt:
      if (!HasPopcnt()) return false;
      a_.popcnt(rax, x);
      break;
    case Opcode::kI32WrapI64:
    case Opcode::kI64ExtendI32U: a_.mov(eax, x32); break;
    case Opcode::kI64ExtendI32S: a_.movsxd(rax, x32); break;
    case Opcode::kI32Extend8S: a_.movsx(eax, byte[rbx + int32_t((local_base_ + height) * 8)]); break;
    case Opcode::kI32Extend16S: a_.movsx(eax, word[rbx + int32_t((local_base_ + height) * 8)]); break;
    case Opcode::kI64Extend8S: a_.movsx(rax, byte[rbx + int32_t((local_base_ + height) * 8)]); break;
    case Opcode::kI64Extend16S: a_.movsx(rax, word[rbx + int32_t((local_base_ + height) * 8)]); break;
    case Opcode::kI64Extend32S: a_.movsxd(rax, x32); break;
    default: return false;
  }
  a_.mov(x, rax);
  return true;
}

// rax = u32(address) + offset, checked: rax + size <= memory size.
void FunctionEmitter::Address(uint32_t height, uint64_t offset, uint32_t size) {
  a_.mov(eax, dword[rbx + int32_t((local_base_ + height) * 8)]);
  if (offset != 0) {
    if (offset <= 0x7FFFFFFF) {
      a_.add(rax, int32_t(offset));
    } else {
      a_.mov(rcx, offset);
      a_.add(rax, rcx);
    }
  }
  a_.lea(rcx, qword[rax + int32_t(size)]);
  a_.cmp(rcx, r13);
  a_.ja(TrapStub(TrapCode::kMemoryOutOfBounds), Xbyak::CodeGenerator::T_NEAR);
}

bool FunctionEmitter::Load(const wasmrt::Instr& in, uint32_t h) {
  uint32_t at = h - 1;  // the address, replaced by the value
  Xbyak::Address m8 = byte[r12 + rax], m16 = word[r12 + rax];
  Xbyak::Address m32 = dword[r12 + rax], m64 = qword[r12 + rax];
  auto load = [&](uint32_t size, auto emit) {
    Address(at, in.u64, size);
    emit();
    a_.mov(Slot(at), rax);
    return true;
  };
  switch (in.op) {
    case Opcode::kI32Load:
    case Opcode::kF32Load:
    case Opcode::kI64Load32U: return load(4, [&] { a_.mov(eax, m32); });
    case Opcode::kI64Load:
    case Opcode::kF64Load: return load(8, [&] { a_.mov(rax, m64); });
    case Opcode::kI32Load8S: return load(1, [&] { a_.movsx(eax, m8); });
    case Opcode::kI32Load8U:
    case Opcode::kI64Load8U: return load(1, [&] { a_.movzx(eax, m8); });
    case Opcode::kI32Load16S: return load(2, [&] { a_.movsx(eax, m16); });
    case Opcode::kI32Load16U:
    case Opcode::kI64Load16U: return load(2, [&] { a_.movzx(eax, m16); });
    case Opcode::kI64Load8S: return load(1, [&] { a_.movsx(rax, m8); });
    case Opcode::kI64Load16S: return load(2, [&] { a_.movsx(rax, m16); });
    case Opcode::kI64Load32S: return load(4, [&] { a_.movsxd(rax, m32); });
    default: return false;
  }
}

bool FunctionEmitter::Store(const wasmrt::Instr& in, uint32_t h) {
  uint32_t at = h - 2;  // the address; the value above it
  auto store = [&](uint32_t size, auto emit) {
    Address(at, in.u64, size);
    a_.mov(rcx, Slot(at + 1));
    emit();
    return true;
  };
  switch (in.op) {
    case Opcode::kI32Store:
    case Opcode::kF32Store:
    case Opcode::kI64Store32: return store(4, [&] { a_.mov(dword[r12 + rax], ecx); });
    case Opcode::kI64Store:
    case Opcode::kF64Store: return store(8, [&] { a_.mov(qword[r12 + rax], rcx); });
    case Opcode::kI32Store8:
    case Opcode::kI64Store8: return store(1, [&] { a_.mov(byte[r12 + rax], cl); });
    case Opcode::kI32Store16:
    case Opcode::kI64Store16: return store(2, [&] { a_.mov(word[r12 + rax], cx); });
    default: return false;
  }
}

}  // namespace wasmrt::jit

// The abstract operand stack: entries stay constants, locals or registers
// until an instruction needs them in a register or a control instruction
// needs them in their home slots.
#include "runtime/jit/function_emitter.h"

namespace wasmrt::jit {

using namespace Xbyak::util;

const Xbyak::Reg64& FunctionEmitter::PoolReg(int index) {
  static const Xbyak::Reg64 kPool[] = {rsi, rdi, r8, r9, r10, r11, r15, rbp};
  return kPool[index];
}

// A free pool register; when all hold values, the deepest register entry
// goes to its home slot.
// A register taking a new value no longer matches xmm0.
int FunctionEmitter::AllocReg() {
  for (int i = 0; i < int(reg_used_.size()); ++i) {
    if (!reg_used_[i]) {
      reg_used_[i] = true;
      if (i == xmm0_reg_) xmm0_reg_ = -1;
      return i;
    }
  }
  for (size_t i = 0; i < stack_.size(); ++i) {
    if (stack_[i].kind == Entry::Kind::kReg) {
      int r = stack_[i].reg;
      Spill(i);
      reg_used_[r] = true;
      if (r == xmm0_reg_) xmm0_reg_ = -1;
      return r;
    }
  }
  supported_ = false;  // cannot happen: 8 registers, at most 3 held by one instruction
  return 0;
}

// Entry i to its home slot. A constant above 2^31 or a local goes through
// rax (a 64-bit store takes a sign-extended 32-bit immediate only).
void FunctionEmitter::Spill(size_t i) {
  Entry& e = stack_[i];
  switch (e.kind) {
    case Entry::Kind::kSlot: return;
    case Entry::Kind::kReg:
      a_.mov(Slot(uint32_t(i)), PoolReg(e.reg));
      FreeReg(e.reg);
      break;
    case Entry::Kind::kConst:
      if (e.value <= 0x7FFFFFFF) {
        a_.mov(Slot(uint32_t(i)), uint32_t(e.value));
      } else {
        a_.mov(rax, e.value);
        a_.mov(Slot(uint32_t(i)), rax);
      }
      break;
    case Entry::Kind::kLocal:
      a_.mov(rax, LocalSlot(uint32_t(e.value)));
      a_.mov(Slot(uint32_t(i)), rax);
      break;
  }
  e = Entry();
}

void FunctionEmitter::SpillAll() {
  for (size_t i = 0; i < stack_.size(); ++i) Spill(i);
}

void FunctionEmitter::ResetStack(uint32_t height) {
  stack_.assign(height, Entry());
  reg_used_.fill(false);
}

int FunctionEmitter::PopReg() {
  Entry e = stack_.back();
  stack_.pop_back();
  if (e.kind == Entry::Kind::kReg) return e.reg;
  int r = AllocReg();
  const Xbyak::Reg64& reg = PoolReg(r);
  switch (e.kind) {
    case Entry::Kind::kConst:
      if (e.value <= 0xFFFFFFFF) {
        a_.mov(reg.cvt32(), uint32_t(e.value));  // zero-extends
      } else {
        a_.mov(reg, e.value);
      }
      break;
    case Entry::Kind::kLocal: a_.mov(reg, LocalSlot(uint32_t(e.value))); break;
    default: a_.mov(reg, Slot(uint32_t(stack_.size()))); break;
  }
  return r;
}

FunctionEmitter::Operand FunctionEmitter::PopOperand(bool imm_ok, bool is64) {
  const Entry& e = stack_.back();
  Operand op{Operand::Kind::kMem};
  switch (e.kind) {
    case Entry::Kind::kConst: {
      bool fits = is64 ? e.value <= 0x7FFFFFFF || e.value >= 0xFFFFFFFF80000000ull
                       : e.value <= 0xFFFFFFFF;
      if (!imm_ok || !fits) break;
      op.kind = Operand::Kind::kImm;
      op.imm = int32_t(uint32_t(e.value));
      stack_.pop_back();
      return op;
    }
    case Entry::Kind::kLocal:
      op.disp = int32_t(e.value * 8);
      stack_.pop_back();
      return op;
    case Entry::Kind::kSlot:
      op.disp = int32_t((local_base_ + stack_.size() - 1) * 8);
      stack_.pop_back();
      return op;
    case Entry::Kind::kReg: break;
  }
  op.kind = Operand::Kind::kReg;
  op.reg = PopReg();
  return op;
}

}  // namespace wasmrt::jit

// The abstract operand stack: entries stay constants, locals or registers
// until an instruction needs them in a register or a control instruction
// needs them in their home slots.
#include <cstring>

#include "runtime/jit/function_emitter.h"

namespace wasmrt::jit {

using namespace Xbyak::util;

const Xbyak::Reg64& FunctionEmitter::PoolReg(int index) {
  static const Xbyak::Reg64 kPool[] = {rsi, rdi, r8, r9, r10, r11, rbp};
  return kPool[index];
}

// Spills the deepest entry of kind `a` or `b` and returns its register's
// pool index, or -1 when there is none.
int FunctionEmitter::SpillDeepest(Entry::Kind a, Entry::Kind b) {
  for (size_t i = 0; i < stack_.size(); ++i) {
    if (stack_[i].kind == a || stack_[i].kind == b) {
      int r = stack_[i].reg;
      Spill(i);
      return r;
    }
  }
  return -1;
}

// The first free register of `used[0..count)`, now taken; when all hold
// values, the deepest entry of kind `a` or `b` goes to its home slot and
// gives up its register. That always finds one: no instruction holds more
// than 3 of the 7 pool registers or 2 of the 8 xmm registers at once.
int FunctionEmitter::AllocFrom(bool* used, int count, Entry::Kind a, Entry::Kind b) {
  for (int i = 0; i < count; ++i) {
    if (!used[i]) {
      used[i] = true;
      return i;
    }
  }
  int r = SpillDeepest(a, b);
  if (r < 0) {
    supported_ = false;  // cannot happen (above)
    return 0;
  }
  used[r] = true;
  return r;
}

int FunctionEmitter::AllocReg() {
  int r = AllocFrom(reg_used_.data(), pool_size_, Entry::Kind::kReg, Entry::Kind::kCmp);
  ever_used_[r] = true;
  return r;
}

// All of the xmm pool is caller-saved in every convention here, so nothing
// records which ones the body used.
int FunctionEmitter::AllocXmm() {
  return AllocFrom(xmm_used_.data(), int(xmm_used_.size()), Entry::Kind::kXmm,
                   Entry::Kind::kXmm);
}

// Entry i to its home slot. A constant above 2^31 or a local goes through
// rax (a 64-bit store takes a sign-extended 32-bit immediate only).
void FunctionEmitter::Spill(size_t i) {
  Entry& e = stack_[i];
  if (e.kind == Entry::Kind::kCmp) Materialize(e);
  switch (e.kind) {
    case Entry::Kind::kSlot:
    case Entry::Kind::kCmp: return;
    case Entry::Kind::kReg:
      a_.mov(Slot(uint32_t(i)), PoolReg(e.reg));
      FreeReg(e.reg);
      break;
    case Entry::Kind::kXmm:
      // An f32 slot holds its bits zero-extended, as from a register
      // (without rax, which the instruction spilling may be using).
      if (e.wide) {
        a_.movsd(Slot(uint32_t(i)), PoolXmm(e.reg));
      } else {
        int32_t disp = int32_t((local_base_ + i) * 8);
        a_.movss(dword[rbx + disp], PoolXmm(e.reg));
        a_.mov(dword[rbx + disp + 4], 0);
      }
      FreeXmm(e.reg);
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
      if (const Xbyak::Reg64* r = LocalReg(uint32_t(e.value))) {
        a_.mov(Slot(uint32_t(i)), *r);
      } else {
        a_.mov(rax, LocalSlot(uint32_t(e.value)));
        a_.mov(Slot(uint32_t(i)), rax);
      }
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
  xmm_used_.fill(false);
}

void FunctionEmitter::LoadLocal(const Xbyak::Reg& dst, uint32_t slot) {
  if (const Xbyak::Reg64* l = LocalReg(slot)) {
    a_.mov(dst, dst.getBit() == 32 ? Xbyak::Reg(l->cvt32()) : Xbyak::Reg(*l));
  } else if (dst.getBit() == 32) {
    a_.mov(dst, dword[rbx + int32_t(slot * 8)]);
  } else {
    a_.mov(dst, LocalSlot(slot));
  }
}

int FunctionEmitter::PopReg() {
  if (stack_.back().kind == Entry::Kind::kCmp) Materialize(stack_.back());
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
    case Entry::Kind::kLocal: LoadLocal(reg, uint32_t(e.value)); break;
    case Entry::Kind::kXmm:  // movd zero-extends an f32
      if (e.wide) {
        a_.movq(reg, PoolXmm(e.reg));
      } else {
        a_.movd(reg.cvt32(), PoolXmm(e.reg));
      }
      FreeXmm(e.reg);
      break;
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
      if (const Xbyak::Reg64* l = LocalReg(uint32_t(e.value))) {
        op.kind = Operand::Kind::kLocalReg;
        op.reg = l->getIdx();
      } else {
        op.disp = int32_t(e.value * 8);
      }
      stack_.pop_back();
      return op;
    case Entry::Kind::kSlot:
      op.disp = int32_t((local_base_ + stack_.size() - 1) * 8);
      stack_.pop_back();
      return op;
    case Entry::Kind::kReg:
    case Entry::Kind::kCmp:
    case Entry::Kind::kXmm: break;
  }
  op.kind = Operand::Kind::kReg;
  op.reg = PopReg();
  return op;
}

// ---- comparisons ------------------------------------------------------------

void FunctionEmitter::PushCompare(int left, const Operand& right, Cond c, bool wide) {
  Entry e;
  e.kind = Entry::Kind::kCmp;
  e.reg = uint8_t(left);
  e.cond = c;
  e.wide = wide;
  if (right.kind == Operand::Kind::kImm) {
    e.right = kImmRight;
    e.value = uint64_t(int64_t(right.imm));
  } else {
    e.right = uint8_t(right.reg);
  }
  stack_.push_back(e);
}

FunctionEmitter::Cond FunctionEmitter::EmitCompare(const Entry& e) {
  const Xbyak::Reg64& l = PoolReg(e.reg);
  if (e.right == kImmRight) {
    int32_t imm = int32_t(e.value);
    if (imm == 0 && (e.cond == Cond::kE || e.cond == Cond::kNe)) {
      if (e.wide) {
        a_.test(l, l);
      } else {
        a_.test(l.cvt32(), l.cvt32());
      }
    } else if (e.wide) {
      a_.cmp(l, imm);
    } else {
      a_.cmp(l.cvt32(), imm);
    }
  } else {
    const Xbyak::Reg64& r = PoolReg(e.right);
    if (e.wide) {
      a_.cmp(l, r);
    } else {
      a_.cmp(l.cvt32(), r.cvt32());
    }
    FreeReg(e.right);
  }
  FreeReg(e.reg);
  return e.cond;
}

void FunctionEmitter::Materialize(Entry& e) {
  Cond c = EmitCompare(e);
  // The left register is free again but nothing else ran: it takes the
  // result.
  reg_used_[e.reg] = true;
  const Xbyak::Reg64& r = PoolReg(e.reg);
  SetIf(c, al);
  a_.movzx(r.cvt32(), al);
  e = Entry{Entry::Kind::kReg, e.reg, 0};
}

void FunctionEmitter::JumpIf(Cond c, Xbyak::Label& target) {
  constexpr auto kNear = Xbyak::CodeGenerator::T_NEAR;
  switch (c) {
    case Cond::kE: a_.je(target, kNear); break;
    case Cond::kNe: a_.jne(target, kNear); break;
    case Cond::kL: a_.jl(target, kNear); break;
    case Cond::kGe: a_.jge(target, kNear); break;
    case Cond::kB: a_.jb(target, kNear); break;
    case Cond::kAe: a_.jae(target, kNear); break;
    case Cond::kG: a_.jg(target, kNear); break;
    case Cond::kLe: a_.jle(target, kNear); break;
    case Cond::kA: a_.ja(target, kNear); break;
    case Cond::kBe: a_.jbe(target, kNear); break;
  }
}

void FunctionEmitter::JumpIf(Cond c, Target& t) {
  // The x86 condition code (the low nibble of jcc's opcode) of each Cond.
  static constexpr uint8_t kCode[] = {0x4, 0x5, 0xC, 0xD, 0x2, 0x3, 0xF, 0xE, 0x7, 0x6};
  a_.db(0x0F);
  a_.db(0x80 | kCode[size_t(c)]);
  Rel32(t);
}

void FunctionEmitter::Jump(Target& t) {
  a_.db(0xE9);
  Rel32(t);
}

void FunctionEmitter::CallTo(Target& t) {
  a_.db(0xE8);
  Rel32(t);
}

// The rel32 field of the jump being emitted: the displacement of a bound
// target, else the next link of its list.
void FunctionEmitter::Rel32(Target& t) {
  int32_t site = int32_t(a_.getSize());
  if (t.pos >= 0) {
    a_.dd(uint32_t(t.pos - (site + 4)));
    return;
  }
  a_.dd(uint32_t(t.chain));
  t.chain = site;
  ++unresolved_;
}

void FunctionEmitter::Bind(Target& t) {
  t.pos = int32_t(a_.getSize());
  // After an overflow (Finish fails) the fields may not have been written.
  if (Xbyak::GetError() != 0) t.chain = -1;
  while (t.chain >= 0) {
    int32_t site = t.chain;
    std::memcpy(&t.chain, a_.getCode() + site, 4);
    a_.rewrite(size_t(site), uint32_t(t.pos - (site + 4)), 4);
    --unresolved_;
  }
}

void FunctionEmitter::CmovIf(Cond c, const Xbyak::Reg64& dst, const Xbyak::Reg64& src) {
  switch (c) {
    case Cond::kE: a_.cmove(dst, src); break;
    case Cond::kNe: a_.cmovne(dst, src); break;
    case Cond::kL: a_.cmovl(dst, src); break;
    case Cond::kGe: a_.cmovge(dst, src); break;
    case Cond::kB: a_.cmovb(dst, src); break;
    case Cond::kAe: a_.cmovae(dst, src); break;
    case Cond::kG: a_.cmovg(dst, src); break;
    case Cond::kLe: a_.cmovle(dst, src); break;
    case Cond::kA: a_.cmova(dst, src); break;
    case Cond::kBe: a_.cmovbe(dst, src); break;
  }
}

void FunctionEmitter::SetIf(Cond c, const Xbyak::Reg8& dst) {
  switch (c) {
    case Cond::kE: a_.sete(dst); break;
    case Cond::kNe: a_.setne(dst); break;
    case Cond::kL: a_.setl(dst); break;
    case Cond::kGe: a_.setge(dst); break;
    case Cond::kB: a_.setb(dst); break;
    case Cond::kAe: a_.setae(dst); break;
    case Cond::kG: a_.setg(dst); break;
    case Cond::kLe: a_.setle(dst); break;
    case Cond::kA: a_.seta(dst); break;
    case Cond::kBe: a_.setbe(dst); break;
  }
}

}  // namespace wasmrt::jit

// v128 data movement: the instructions that merely carry a v128 (drop,
// select, locals, globals), memory accesses, constants, lanes, shuffles and
// the v128 -> i32 tests (simd_emitter.h). Memory accesses take their address
// and bounds check from FunctionEmitter::Address, so they are checked (or
// guard-page fault sites) exactly like scalar ones, over all their bytes.
#include <cstddef>
#include <cstring>

#include "runtime/jit/abi.h"
#include "runtime/jit/simd_emitter.h"
#include "runtime/objects/objects.h"

namespace wasmrt::jit {

using namespace Xbyak::util;

namespace {

bool HasSimdCpu() {
  static const bool has = [] {
    Xbyak::util::Cpu cpu;
    return cpu.has(Xbyak::util::Cpu::tSSSE3) && cpu.has(Xbyak::util::Cpu::tSSE41);
  }();
  return has;
}

bool HasV128(absl::Span<const ValType> types) {
  for (ValType t : types) {
    if (t == ValType::kV128) return true;
  }
  return false;
}

}  // namespace

bool FunctionEmitter::IsSimd(const wasmrt::Instr& in, const validate::InstrTypes& types) {
  return GetOpcodeInfo(in.op).prefix == 0xFD || HasV128(types.params) || HasV128(types.results);
}

bool FunctionEmitter::Simd(const wasmrt::Instr& in, const validate::InstrTypes& types) {
  if (!HasSimdCpu()) return false;
  return SimdEmitter(*this, in, types).Emit();
}

Xbyak::Address SimdEmitter::V(uint32_t h) const {
  return ptr[rbx + int32_t((f_.local_base_ + h) * 8)];
}

Xbyak::Address SimdEmitter::LaneAt(uint32_t h, uint32_t offset, uint32_t size) const {
  int32_t disp = int32_t((f_.local_base_ + h) * 8 + offset);
  switch (size) {
    case 1: return byte[rbx + disp];
    case 2: return word[rbx + disp];
    case 4: return dword[rbx + disp];
    default: return qword[rbx + disp];
  }
}

void SimdEmitter::PopSlots(uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    // A v128 half is always a home slot; anything else would be a bug here.
    if (f_.stack_.back().kind != FunctionEmitter::Entry::Kind::kSlot) f_.supported_ = false;
    f_.stack_.pop_back();
  }
}

void SimdEmitter::PushV128() {
  f_.stack_.emplace_back();
  f_.stack_.emplace_back();
}

void SimdEmitter::LoadConst(const Xbyak::Xmm& x, uint64_t lo, uint64_t hi) {
  if (lo == 0 && hi == 0) {
    a_.pxor(x, x);
    return;
  }
  a_.mov(rax, lo);
  a_.movq(x, rax);
  if (hi == lo) {
    a_.punpcklqdq(x, x);
  } else {
    a_.mov(rax, hi);
    a_.pinsrq(x, rax, 1);
  }
}

bool SimdEmitter::Emit() {
  const OpcodeInfo& info = GetOpcodeInfo(in_.op);
  if (info.prefix != 0xFD) return Generic();
  switch (in_.op) {
    case Opcode::kV128Const: return Constant();
    case Opcode::kI8x16Shuffle: return Shuffle();
    case Opcode::kI8x16Splat: case Opcode::kI16x8Splat: case Opcode::kI32x4Splat:
    case Opcode::kI64x2Splat: case Opcode::kF32x4Splat: case Opcode::kF64x2Splat:
      return Splat();
    default: break;
  }
  switch (info.imm) {
    case ImmKind::kMemarg: return Memory();
    case ImmKind::kMemargLane: {
      uint32_t size = 1u << info.max_align;
      return types_.results.empty() ? StoreLane(size) : LoadLane(size);
    }
    case ImmKind::kLane:
      return types_.results[0] == ValType::kV128 ? ReplaceLane() : ExtractLane();
    default: break;
  }
  if (types_.results[0] != ValType::kV128) return Test();
  if (types_.params.size() == 2 && types_.params[1] == ValType::kI32) return Shift();
  return Arith();
}

// ---- instructions that carry a v128 ---------------------------------------------------

bool SimdEmitter::Generic() {
  uint32_t h = uint32_t(f_.stack_.size());
  switch (in_.op) {
    case Opcode::kDrop: PopSlots(2); return true;
    case Opcode::kSelect:
    case Opcode::kSelectT: return Select();
    case Opcode::kLocalGet:
      a_.movdqu(xmm0, ptr[rbx + int32_t(f_.local_slot_[in_.a] * 8)]);
      a_.movdqu(V(h), xmm0);
      PushV128();
      return true;
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
      a_.movdqu(xmm0, V(h - 2));
      a_.movdqu(ptr[rbx + int32_t(f_.local_slot_[in_.a] * 8)], xmm0);
      if (in_.op == Opcode::kLocalSet) PopSlots(2);
      return true;
    case Opcode::kGlobalGet:
    case Opcode::kGlobalSet: {
      constexpr int32_t kInst = int32_t(offsetof(JitState, inst));
      constexpr int32_t kGlobals = int32_t(offsetof(InstanceState, globals));
      constexpr int32_t kValue = int32_t(offsetof(GlobalInstance, value));
      a_.mov(rcx, qword[r14 + kInst]);
      a_.mov(rcx, qword[rcx + kGlobals]);
      a_.mov(rcx, qword[rcx + int32_t(in_.a * 8)]);
      if (in_.op == Opcode::kGlobalGet) {
        a_.movdqu(xmm0, ptr[rcx + kValue]);
        a_.movdqu(V(h), xmm0);
        PushV128();
      } else {
        a_.movdqu(xmm0, V(h - 2));
        a_.movdqu(ptr[rcx + kValue], xmm0);
        PopSlots(2);
      }
      return true;
    }
    default: return false;  // calls and control are not straight-line
  }
}

// v128 v128 i32 -> v128: b replaces a unless the condition holds (a
// comparison still in flags form is used as it is, like scalar select).
bool SimdEmitter::Select() {
  using Kind = FunctionEmitter::Entry::Kind;
  FunctionEmitter::Entry c = f_.stack_.back();
  Xbyak::Label keep;
  if (c.kind == Kind::kCmp) {
    f_.stack_.pop_back();
    f_.JumpIf(f_.EmitCompare(c), keep);
  } else {
    int r = f_.PopReg();
    a_.test(FunctionEmitter::PoolReg(r).cvt32(), FunctionEmitter::PoolReg(r).cvt32());
    f_.FreeReg(r);
    a_.jnz(keep, Xbyak::CodeGenerator::T_NEAR);
  }
  uint32_t h = uint32_t(f_.stack_.size());
  a_.movdqu(xmm0, V(h - 2));
  a_.movdqu(V(h - 4), xmm0);
  a_.L(keep);
  PopSlots(2);
  return true;
}

// ---- memory ------------------------------------------------------------------------------

bool SimdEmitter::Memory() {
  const OpcodeInfo& info = GetOpcodeInfo(in_.op);
  if (in_.op == Opcode::kV128Store) {
    uint32_t h = uint32_t(f_.stack_.size());
    PopSlots(2);
    a_.movdqu(xmm0, V(h - 2));  // Address uses only rax and rcx
    FunctionEmitter::MemOperand m = f_.Address(in_.u64, 16, /*want_reg=*/false);
    f_.AccessAt(m);
    a_.movdqu(ptr[m.where], xmm0);
    return true;
  }
  uint32_t size = in_.op == Opcode::kV128Load ? 16 : 1u << info.max_align;
  if (in_.op >= Opcode::kV128Load8x8S && in_.op <= Opcode::kV128Load32x2U) size = 8;
  FunctionEmitter::MemOperand m = f_.Address(in_.u64, size, /*want_reg=*/false);
  Xbyak::Address src = ptr[m.where];
  f_.AccessAt(m);
  switch (in_.op) {
    case Opcode::kV128Load: a_.movdqu(xmm0, src); break;
    case Opcode::kV128Load8x8S: a_.pmovsxbw(xmm0, src); break;
    case Opcode::kV128Load8x8U: a_.pmovzxbw(xmm0, src); break;
    case Opcode::kV128Load16x4S: a_.pmovsxwd(xmm0, src); break;
    case Opcode::kV128Load16x4U: a_.pmovzxwd(xmm0, src); break;
    case Opcode::kV128Load32x2S: a_.pmovsxdq(xmm0, src); break;
    case Opcode::kV128Load32x2U: a_.pmovzxdq(xmm0, src); break;
    case Opcode::kV128Load8Splat:
      a_.pinsrb(xmm0, src, 0);
      a_.pxor(xmm1, xmm1);
      a_.pshufb(xmm0, xmm1);
      break;
    case Opcode::kV128Load16Splat:
      a_.pinsrw(xmm0, src, 0);
      a_.pshuflw(xmm0, xmm0, 0);
      a_.punpcklqdq(xmm0, xmm0);
      break;
    case Opcode::kV128Load32Splat:
      a_.movd(xmm0, src);
      a_.pshufd(xmm0, xmm0, 0);
      break;
    case Opcode::kV128Load64Splat:
      a_.movq(xmm0, src);
      a_.punpcklqdq(xmm0, xmm0);
      break;
    case Opcode::kV128Load32Zero: a_.movd(xmm0, src); break;
    case Opcode::kV128Load64Zero: a_.movq(xmm0, src); break;
    default: return false;
  }
  a_.movdqu(V(uint32_t(f_.stack_.size())), xmm0);
  PushV128();
  return true;
}

// i32 v128 -> v128: the lane is read into rdx, written into the vector's
// slots, and the vector moved down over the address's slot.
bool SimdEmitter::LoadLane(uint32_t size) {
  uint32_t h = uint32_t(f_.stack_.size());
  PopSlots(2);
  FunctionEmitter::MemOperand m = f_.Address(in_.u64, size, /*want_reg=*/false);
  f_.AccessAt(m);
  switch (size) {
    case 1: a_.movzx(edx, byte[m.where]); break;
    case 2: a_.movzx(edx, word[m.where]); break;
    case 4: a_.mov(edx, dword[m.where]); break;
    default: a_.mov(rdx, qword[m.where]); break;
  }
  // Into the vector in xmm0, not by a narrow store to its slots (which
  // would stall the 16-byte load after it; see StoreConstant).
  a_.movdqu(xmm0, V(h - 2));
  uint8_t lane = uint8_t(in_.b);
  switch (size) {
    case 1: a_.pinsrb(xmm0, edx, lane); break;
    case 2: a_.pinsrw(xmm0, edx, lane); break;
    case 4: a_.pinsrd(xmm0, edx, lane); break;
    default: a_.pinsrq(xmm0, rdx, lane); break;
  }
  a_.movdqu(V(h - 3), xmm0);
  PushV128();
  return true;
}

bool SimdEmitter::StoreLane(uint32_t size) {
  uint32_t h = uint32_t(f_.stack_.size());
  PopSlots(2);
  // The lane first: Address uses only rax and rcx, and its check must come
  // right before the access.
  Xbyak::Address lane = LaneAt(h - 2, in_.b * size, size);
  switch (size) {
    case 1: a_.mov(dl, lane); break;
    case 2: a_.mov(dx, lane); break;
    case 4: a_.mov(edx, lane); break;
    default: a_.mov(rdx, lane); break;
  }
  FunctionEmitter::MemOperand m = f_.Address(in_.u64, size, /*want_reg=*/false);
  f_.AccessAt(m);
  switch (size) {
    case 1: a_.mov(byte[m.where], dl); break;
    case 2: a_.mov(word[m.where], dx); break;
    case 4: a_.mov(dword[m.where], edx); break;
    default: a_.mov(qword[m.where], rdx); break;
  }
  return true;
}

// ---- constants and lanes --------------------------------------------------------------------

// A v128 constant goes to its slots in one 16-byte store: the 16-byte load
// of the instruction using it is then forwarded from that store, where two
// 8-byte stores would stall it until they reach the cache.
void SimdEmitter::StoreConstant(uint32_t h, uint64_t lo, uint64_t hi) {
  if (lo == 0 && hi == 0) {
    a_.pxor(xmm0, xmm0);
  } else {
    a_.mov(rax, lo);
    a_.movq(xmm0, rax);
    if (hi == lo) {
      a_.punpcklqdq(xmm0, xmm0);
    } else {
      a_.mov(rax, hi);
      a_.pinsrq(xmm0, rax, 1);
    }
  }
  a_.movdqu(V(h), xmm0);
}

bool SimdEmitter::Constant() {
  uint64_t half[2];
  std::memcpy(half, in_.v128.bytes, 16);
  StoreConstant(uint32_t(f_.stack_.size()), half[0], half[1]);
  PushV128();
  return true;
}

// A constant is splatted here; a register is broadcast with SSE.
bool SimdEmitter::Splat() {
  using Kind = FunctionEmitter::Entry::Kind;
  const FunctionEmitter::Entry& top = f_.stack_.back();
  uint32_t h = uint32_t(f_.stack_.size()) - 1;  // the scalar's slot: the result's
  if (top.kind == Kind::kConst) {
    uint64_t v = top.value, r;
    switch (in_.op) {
      case Opcode::kI8x16Splat: r = Rep8(uint8_t(v)); break;
      case Opcode::kI16x8Splat: r = Rep16(uint16_t(v)); break;
      case Opcode::kI32x4Splat: case Opcode::kF32x4Splat: r = Rep32(uint32_t(v)); break;
      default: r = v; break;
    }
    f_.stack_.pop_back();
    StoreConstant(h, r, r);
    PushV128();
    return true;
  }
  int reg = f_.PopReg();
  const Xbyak::Reg64& r = FunctionEmitter::PoolReg(reg);
  switch (in_.op) {
    case Opcode::kI8x16Splat:
      a_.movd(xmm0, r.cvt32());
      a_.pxor(xmm1, xmm1);
      a_.pshufb(xmm0, xmm1);
      break;
    case Opcode::kI16x8Splat:
      a_.movd(xmm0, r.cvt32());
      a_.pshuflw(xmm0, xmm0, 0);
      a_.punpcklqdq(xmm0, xmm0);
      break;
    case Opcode::kI32x4Splat:
    case Opcode::kF32x4Splat:
      a_.movd(xmm0, r.cvt32());
      a_.pshufd(xmm0, xmm0, 0);
      break;
    default:
      a_.movq(xmm0, r);
      a_.punpcklqdq(xmm0, xmm0);
      break;
  }
  f_.FreeReg(reg);
  a_.movdqu(V(h), xmm0);
  PushV128();
  return true;
}

// Straight from the vector's slots: the lane is a memory operand.
bool SimdEmitter::ExtractLane() {
  int reg = f_.AllocReg();  // first: it may spill, never the vector
  const Xbyak::Reg64& r = FunctionEmitter::PoolReg(reg);
  uint32_t h = uint32_t(f_.stack_.size()) - 2;
  uint32_t lane = in_.a;
  switch (in_.op) {
    case Opcode::kI8x16ExtractLaneS: a_.movsx(r.cvt32(), LaneAt(h, lane, 1)); break;
    case Opcode::kI8x16ExtractLaneU: a_.movzx(r.cvt32(), LaneAt(h, lane, 1)); break;
    case Opcode::kI16x8ExtractLaneS: a_.movsx(r.cvt32(), LaneAt(h, 2 * lane, 2)); break;
    case Opcode::kI16x8ExtractLaneU: a_.movzx(r.cvt32(), LaneAt(h, 2 * lane, 2)); break;
    case Opcode::kI32x4ExtractLane:
    case Opcode::kF32x4ExtractLane: a_.mov(r.cvt32(), LaneAt(h, 4 * lane, 4)); break;
    case Opcode::kI64x2ExtractLane:
    case Opcode::kF64x2ExtractLane: a_.mov(r, LaneAt(h, 8 * lane, 8)); break;
    default: return false;
  }
  PopSlots(2);
  f_.PushReg(reg);
  return true;
}

bool SimdEmitter::ReplaceLane() {
  int reg = f_.PopReg();
  const Xbyak::Reg64& r = FunctionEmitter::PoolReg(reg);
  uint32_t h = uint32_t(f_.stack_.size()) - 2;
  uint32_t lane = in_.a;
  // Through xmm0 with a 16-byte store, not a narrow store into the slots:
  // the next 16-byte load of the vector would stall on the narrow store.
  a_.movdqu(xmm0, V(h));
  switch (in_.op) {
    case Opcode::kI8x16ReplaceLane: a_.pinsrb(xmm0, r.cvt32(), uint8_t(lane)); break;
    case Opcode::kI16x8ReplaceLane: a_.pinsrw(xmm0, r.cvt32(), uint8_t(lane)); break;
    case Opcode::kI32x4ReplaceLane:
    case Opcode::kF32x4ReplaceLane: a_.pinsrd(xmm0, r.cvt32(), uint8_t(lane)); break;
    case Opcode::kI64x2ReplaceLane:
    case Opcode::kF64x2ReplaceLane: a_.pinsrq(xmm0, r, uint8_t(lane)); break;
    default: return false;
  }
  a_.movdqu(V(h), xmm0);
  f_.FreeReg(reg);
  return true;
}

// Lane i = byte idx[i] of a:b: one pshufb per operand, each with the other
// operand's lanes set to 0x80 (which pshufb turns into zero).
bool SimdEmitter::Shuffle() {
  uint8_t from_a[16], from_b[16];
  for (int i = 0; i < 16; ++i) {
    uint8_t idx = in_.v128.bytes[i] & 31;
    from_a[i] = idx < 16 ? idx : 0x80;
    from_b[i] = idx >= 16 ? idx - 16 : 0x80;
  }
  uint64_t ma[2], mb[2];
  std::memcpy(ma, from_a, 16);
  std::memcpy(mb, from_b, 16);
  uint32_t h = uint32_t(f_.stack_.size());
  a_.movdqu(xmm0, V(h - 4));
  a_.movdqu(xmm1, V(h - 2));
  LoadConst(xmm2, ma[0], ma[1]);
  LoadConst(xmm3, mb[0], mb[1]);
  a_.pshufb(xmm0, xmm2);
  a_.pshufb(xmm1, xmm3);
  a_.por(xmm0, xmm1);
  a_.movdqu(V(h - 4), xmm0);
  PopSlots(2);
  return true;
}

// v128 -> i32: any_true, all_true, bitmask.
bool SimdEmitter::Test() {
  int reg = f_.AllocReg();
  Xbyak::Reg32 r = FunctionEmitter::PoolReg(reg).cvt32();
  uint32_t h = uint32_t(f_.stack_.size()) - 2;
  a_.movdqu(xmm0, V(h));
  auto all_true = [&](auto cmpeq) {
    a_.pxor(xmm1, xmm1);
    (a_.*cmpeq)(xmm1, xmm0);  // a lane equal to zero: all ones
    a_.ptest(xmm1, xmm1);
    a_.setz(al);
    a_.movzx(r, al);
  };
  using G = Xbyak::CodeGenerator;
  switch (in_.op) {
    case Opcode::kV128AnyTrue:
      a_.ptest(xmm0, xmm0);
      a_.setnz(al);
      a_.movzx(r, al);
      break;
    case Opcode::kI8x16AllTrue: all_true(&G::pcmpeqb); break;
    case Opcode::kI16x8AllTrue: all_true(&G::pcmpeqw); break;
    case Opcode::kI32x4AllTrue: all_true(&G::pcmpeqd); break;
    case Opcode::kI64x2AllTrue: all_true(&G::pcmpeqq); break;
    case Opcode::kI8x16Bitmask: a_.pmovmskb(r, xmm0); break;
    case Opcode::kI16x8Bitmask:
      a_.packsswb(xmm0, xmm0);  // keeps each lane's sign
      a_.pmovmskb(r, xmm0);
      a_.movzx(r, r.cvt8());
      break;
    case Opcode::kI32x4Bitmask: a_.movmskps(r, xmm0); break;
    case Opcode::kI64x2Bitmask: a_.movmskpd(r, xmm0); break;
    default: f_.FreeReg(reg); return false;
  }
  PopSlots(2);
  f_.PushReg(reg);
  return true;
}

}  // namespace wasmrt::jit

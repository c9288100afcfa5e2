// v128 lane arithmetic (simd_emitter.h): operands in xmm0, xmm1 (xmm2 for
// bitselect), the result in xmm0. Where an SSE instruction is not exactly
// the spec's lane operation, the sequence below corrects it, as
// runtime/interp/simd.h does in C++, with the interpreter's results:
// - float add/sub/mul/div keep the wasm operand order (x86 returns the
//   first NaN operand, quieted, as the interpreter's vector code does);
// - min/max: minps/maxps in both operand orders agree except on NaN and
//   on equal lanes, where their OR (min) / AND (max) gives -0 < +0; NaN
//   lanes take a + b, the interpreter's NaN;
// - pmin/pmax are minps/maxps with the operands swapped (exact);
// - trunc_sat clamps NaN to 0 and out-of-range lanes before converting;
// - unsigned conversions split the value so every step is exact but one;
// - swizzle saturates indices >= 16 so pshufb zeroes them; q15mulr_sat
//   fixes the one overflowing product (-2^15 * -2^15) pmulhrsw wraps.
#include "runtime/jit/simd_emitter.h"

namespace wasmrt::jit {

using namespace Xbyak::util;

namespace {

bool HasSse42() {
  static const bool has = Xbyak::util::Cpu().has(Xbyak::util::Cpu::tSSE42);
  return has;
}

// A binary op that is one SSE instruction: xmm0 = xmm0 op xmm1.
SseOp PlainBinary(Opcode op) {
  switch (op) {
    case Opcode::kV128And: return SSE(pand);
    case Opcode::kV128Or: return SSE(por);
    case Opcode::kV128Xor: return SSE(pxor);
    case Opcode::kI8x16Add: return SSE(paddb);
    case Opcode::kI16x8Add: return SSE(paddw);
    case Opcode::kI32x4Add: return SSE(paddd);
    case Opcode::kI64x2Add: return SSE(paddq);
    case Opcode::kI8x16Sub: return SSE(psubb);
    case Opcode::kI16x8Sub: return SSE(psubw);
    case Opcode::kI32x4Sub: return SSE(psubd);
    case Opcode::kI64x2Sub: return SSE(psubq);
    case Opcode::kI16x8Mul: return SSE(pmullw);
    case Opcode::kI32x4Mul: return SSE(pmulld);
    case Opcode::kI8x16AddSatS: return SSE(paddsb);
    case Opcode::kI8x16AddSatU: return SSE(paddusb);
    case Opcode::kI16x8AddSatS: return SSE(paddsw);
    case Opcode::kI16x8AddSatU: return SSE(paddusw);
    case Opcode::kI8x16SubSatS: return SSE(psubsb);
    case Opcode::kI8x16SubSatU: return SSE(psubusb);
    case Opcode::kI16x8SubSatS: return SSE(psubsw);
    case Opcode::kI16x8SubSatU: return SSE(psubusw);
    case Opcode::kI8x16MinS: return SSE(pminsb);
    case Opcode::kI8x16MinU: return SSE(pminub);
    case Opcode::kI8x16MaxS: return SSE(pmaxsb);
    case Opcode::kI8x16MaxU: return SSE(pmaxub);
    case Opcode::kI16x8MinS: return SSE(pminsw);
    case Opcode::kI16x8MinU: return SSE(pminuw);
    case Opcode::kI16x8MaxS: return SSE(pmaxsw);
    case Opcode::kI16x8MaxU: return SSE(pmaxuw);
    case Opcode::kI32x4MinS: return SSE(pminsd);
    case Opcode::kI32x4MinU: return SSE(pminud);
    case Opcode::kI32x4MaxS: return SSE(pmaxsd);
    case Opcode::kI32x4MaxU: return SSE(pmaxud);
    case Opcode::kI8x16AvgrU: return SSE(pavgb);
    case Opcode::kI16x8AvgrU: return SSE(pavgw);
    case Opcode::kI32x4DotI16x8S: return SSE(pmaddwd);
    case Opcode::kI8x16NarrowI16x8S: return SSE(packsswb);
    case Opcode::kI8x16NarrowI16x8U: return SSE(packuswb);
    case Opcode::kI16x8NarrowI32x4S: return SSE(packssdw);
    case Opcode::kI16x8NarrowI32x4U: return SSE(packusdw);
    case Opcode::kF32x4Add: return SSE(addps);
    case Opcode::kF32x4Sub: return SSE(subps);
    case Opcode::kF32x4Mul: return SSE(mulps);
    case Opcode::kF32x4Div: return SSE(divps);
    case Opcode::kF64x2Add: return SSE(addpd);
    case Opcode::kF64x2Sub: return SSE(subpd);
    case Opcode::kF64x2Mul: return SSE(mulpd);
    case Opcode::kF64x2Div: return SSE(divpd);
    default: return nullptr;
  }
}

}  // namespace

bool SimdEmitter::Arith() {
  uint32_t n = uint32_t(types_.params.size());  // all v128
  uint32_t h = uint32_t(f_.stack_.size());
  uint32_t first = h - 2 * n;
  static const Xbyak::Xmm* const kIn[] = {&xmm0, &xmm1, &xmm2};
  for (uint32_t i = 0; i < n; ++i) a_.movdqu(*kIn[i], V(first + 2 * i));
  bool ok;
  if (n == 1) {
    ok = Unary(in_.op);
  } else if (n == 2) {
    ok = Binary(in_.op);
  } else {  // bitselect: (a & c) | (b & ~c)
    ok = in_.op == Opcode::kV128Bitselect;
    a_.pand(xmm0, xmm2);
    a_.pandn(xmm2, xmm1);
    a_.por(xmm0, xmm2);
  }
  if (!ok) return false;
  a_.movdqu(V(first), xmm0);
  PopSlots(2 * (n - 1));
  return true;
}

// ---- binary ---------------------------------------------------------------------------

bool SimdEmitter::Binary(Opcode op) {
  if (SseOp plain = PlainBinary(op)) {
    plain(a_, xmm0, xmm1);
    return true;
  }
  switch (op) {
    case Opcode::kV128Andnot:  // a & ~b
      a_.pandn(xmm1, xmm0);
      a_.movdqa(xmm0, xmm1);
      return true;
    case Opcode::kI64x2Mul:  // lo*lo + ((hi_a*lo_b + lo_a*hi_b) << 32)
      a_.movdqa(xmm2, xmm0);
      a_.psrlq(xmm2, 32);
      a_.pmuludq(xmm2, xmm1);
      a_.movdqa(xmm3, xmm1);
      a_.psrlq(xmm3, 32);
      a_.pmuludq(xmm3, xmm0);
      a_.paddq(xmm2, xmm3);
      a_.psllq(xmm2, 32);
      a_.pmuludq(xmm0, xmm1);
      a_.paddq(xmm0, xmm2);
      return true;
    case Opcode::kI8x16Swizzle:
      Splat64(xmm2, Rep8(0x70));
      a_.paddusb(xmm1, xmm2);  // 16 and above: bit 7 set
      a_.pshufb(xmm0, xmm1);
      return true;
    case Opcode::kI16x8Q15mulrSatS:
      a_.movdqa(xmm2, xmm0);
      a_.pmulhrsw(xmm0, xmm1);
      Splat64(xmm3, Rep16(0x8000));
      a_.pcmpeqw(xmm2, xmm3);
      a_.pcmpeqw(xmm3, xmm1);
      a_.pand(xmm2, xmm3);
      a_.pxor(xmm0, xmm2);  // 0x8000 -> 0x7fff where both were -2^15
      return true;
    default: break;
  }
  // extmul: both operands extended, then multiplied.
  auto extmul = [&](SseOp extend, bool high, SseOp mul) {
    for (const Xbyak::Xmm* x : {&xmm0, &xmm1}) {
      if (high) a_.psrldq(*x, 8);
      extend(a_, *x, *x);
    }
    mul(a_, xmm0, xmm1);
  };
  // i64 lanes from i32: lanes 0 and 2 feed pmul(u)dq.
  auto extmul64 = [&](bool high, SseOp mul) {
    a_.pshufd(xmm0, xmm0, high ? 0xFA : 0x50);
    a_.pshufd(xmm1, xmm1, high ? 0xFA : 0x50);
    mul(a_, xmm0, xmm1);
  };
  switch (op) {
    case Opcode::kI16x8ExtmulLowI8x16S: extmul(SSE(pmovsxbw), false, SSE(pmullw)); return true;
    case Opcode::kI16x8ExtmulHighI8x16S: extmul(SSE(pmovsxbw), true, SSE(pmullw)); return true;
    case Opcode::kI16x8ExtmulLowI8x16U: extmul(SSE(pmovzxbw), false, SSE(pmullw)); return true;
    case Opcode::kI16x8ExtmulHighI8x16U: extmul(SSE(pmovzxbw), true, SSE(pmullw)); return true;
    case Opcode::kI32x4ExtmulLowI16x8S: extmul(SSE(pmovsxwd), false, SSE(pmulld)); return true;
    case Opcode::kI32x4ExtmulHighI16x8S: extmul(SSE(pmovsxwd), true, SSE(pmulld)); return true;
    case Opcode::kI32x4ExtmulLowI16x8U: extmul(SSE(pmovzxwd), false, SSE(pmulld)); return true;
    case Opcode::kI32x4ExtmulHighI16x8U: extmul(SSE(pmovzxwd), true, SSE(pmulld)); return true;
    case Opcode::kI64x2ExtmulLowI32x4S: extmul64(false, SSE(pmuldq)); return true;
    case Opcode::kI64x2ExtmulHighI32x4S: extmul64(true, SSE(pmuldq)); return true;
    case Opcode::kI64x2ExtmulLowI32x4U: extmul64(false, SSE(pmuludq)); return true;
    case Opcode::kI64x2ExtmulHighI32x4U: extmul64(true, SSE(pmuludq)); return true;
    default: break;
  }
  if (FloatBinary(op)) return true;
  return Compare(op);
}

bool SimdEmitter::FloatBinary(Opcode op) {
  bool is64 = op == Opcode::kF64x2Min || op == Opcode::kF64x2Max || op == Opcode::kF64x2Pmin ||
              op == Opcode::kF64x2Pmax;
  SseOp min = is64 ? SSE(minpd) : SSE(minps);
  SseOp max = is64 ? SSE(maxpd) : SSE(maxps);
  switch (op) {
    case Opcode::kF32x4Pmin: case Opcode::kF64x2Pmin:  // b < a ? b : a
      min(a_, xmm1, xmm0);
      a_.movdqa(xmm0, xmm1);
      return true;
    case Opcode::kF32x4Pmax: case Opcode::kF64x2Pmax:  // a < b ? b : a
      max(a_, xmm1, xmm0);
      a_.movdqa(xmm0, xmm1);
      return true;
    case Opcode::kF32x4Min: case Opcode::kF64x2Min:
    case Opcode::kF32x4Max: case Opcode::kF64x2Max: {
      bool is_min = op == Opcode::kF32x4Min || op == Opcode::kF64x2Min;
      SseOp pick = is_min ? min : max;
      a_.movdqa(xmm2, xmm0);
      pick(a_, xmm2, xmm1);
      a_.movdqa(xmm3, xmm1);
      pick(a_, xmm3, xmm0);
      if (is_min) {
        a_.por(xmm2, xmm3);
      } else {
        a_.pand(xmm2, xmm3);
      }
      a_.movdqa(xmm4, xmm0);  // unordered lanes: all ones
      if (is64) {
        a_.cmpunordpd(xmm4, xmm1);
        a_.addpd(xmm0, xmm1);
      } else {
        a_.cmpunordps(xmm4, xmm1);
        a_.addps(xmm0, xmm1);
      }
      a_.pand(xmm0, xmm4);
      a_.pandn(xmm4, xmm2);
      a_.por(xmm0, xmm4);
      return true;
    }
    default: break;
  }
  // cmpps/cmppd predicates: eq 0, lt 1, le 2, neq 4 (true when unordered,
  // as the spec's ne); gt and ge are lt and le with the operands swapped.
  bool f64cmp = op >= Opcode::kF64x2Eq && op <= Opcode::kF64x2Ge;
  if (!f64cmp && !(op >= Opcode::kF32x4Eq && op <= Opcode::kF32x4Ge)) return false;
  int k = int(op) - int(f64cmp ? Opcode::kF64x2Eq : Opcode::kF32x4Eq);  // eq ne lt gt le ge
  static const uint8_t kPredicate[] = {0, 4, 1, 1, 2, 2};
  bool swap = k == 3 || k == 5;
  const Xbyak::Xmm& x = swap ? xmm1 : xmm0;
  const Xbyak::Xmm& y = swap ? xmm0 : xmm1;
  if (f64cmp) {
    a_.cmppd(x, y, kPredicate[k]);
  } else {
    a_.cmpps(x, y, kPredicate[k]);
  }
  if (swap) a_.movdqa(xmm0, xmm1);
  return true;
}

// Integer lane comparisons: all-ones where true. Unsigned orderings
// compare with pminu/pmaxu (a <= b exactly when min(a, b) == a).
bool SimdEmitter::Compare(Opcode op) {
  // The order of each shape's rows in opcodes.def (i64x2 has no unsigned).
  enum class Rel { kEq, kNe, kLtS, kLtU, kGtS, kGtU, kLeS, kLeU, kGeS, kGeU };
  SseOp eq, gt, minu = nullptr, maxu = nullptr;
  Rel rel;
  if (op >= Opcode::kI8x16Eq && op <= Opcode::kI8x16GeU) {
    rel = Rel(int(op) - int(Opcode::kI8x16Eq));
    eq = SSE(pcmpeqb), gt = SSE(pcmpgtb), minu = SSE(pminub), maxu = SSE(pmaxub);
  } else if (op >= Opcode::kI16x8Eq && op <= Opcode::kI16x8GeU) {
    rel = Rel(int(op) - int(Opcode::kI16x8Eq));
    eq = SSE(pcmpeqw), gt = SSE(pcmpgtw), minu = SSE(pminuw), maxu = SSE(pmaxuw);
  } else if (op >= Opcode::kI32x4Eq && op <= Opcode::kI32x4GeU) {
    rel = Rel(int(op) - int(Opcode::kI32x4Eq));
    eq = SSE(pcmpeqd), gt = SSE(pcmpgtd), minu = SSE(pminud), maxu = SSE(pmaxud);
  } else if (op >= Opcode::kI64x2Eq && op <= Opcode::kI64x2GeS) {
    static const Rel kRels[] = {Rel::kEq, Rel::kNe, Rel::kLtS, Rel::kGtS, Rel::kLeS, Rel::kGeS};
    rel = kRels[int(op) - int(Opcode::kI64x2Eq)];
    if (rel != Rel::kEq && rel != Rel::kNe && !HasSse42()) return false;
    eq = SSE(pcmpeqq), gt = SSE(pcmpgtq);
  } else {
    return false;
  }
  bool invert = false;
  switch (rel) {
    case Rel::kEq: eq(a_, xmm0, xmm1); break;
    case Rel::kNe: eq(a_, xmm0, xmm1); invert = true; break;
    case Rel::kGtS: gt(a_, xmm0, xmm1); break;
    case Rel::kLeS: gt(a_, xmm0, xmm1); invert = true; break;
    case Rel::kLtS:
    case Rel::kGeS:
      gt(a_, xmm1, xmm0);
      a_.movdqa(xmm0, xmm1);
      invert = rel == Rel::kGeS;
      break;
    case Rel::kLeU:
    case Rel::kGtU:
      a_.movdqa(xmm2, xmm0);
      minu(a_, xmm2, xmm1);
      eq(a_, xmm0, xmm2);
      invert = rel == Rel::kGtU;
      break;
    case Rel::kGeU:
    case Rel::kLtU:
      a_.movdqa(xmm2, xmm0);
      maxu(a_, xmm2, xmm1);
      eq(a_, xmm0, xmm2);
      invert = rel == Rel::kLtU;
      break;
  }
  if (invert) {
    AllOnes(xmm1);
    a_.pxor(xmm0, xmm1);
  }
  return true;
}

}  // namespace wasmrt::jit

// v128 -> v128 lane operations and shifts (simd_emitter.h): the operand in
// xmm0, the result in xmm0. Matches runtime/interp/simd.h lane for lane:
// - abs/neg of floats touch only the sign bit (NaN payloads pass);
// - sqrt, rounding (roundps, SSE4.1), promotion and demotion quiet a NaN
//   as the interpreter's C++ does;
// - trunc_sat: NaN lanes become 0 and out-of-range lanes the bound, before
//   the conversion (whose own answer out of range is 0x80000000);
// - unsigned to float: exact partial conversions, one rounding;
// - i8 shifts go through 16-bit lanes (x86 has no byte shifts), i64
//   arithmetic shift right sign-extends by xor/sub with the shifted sign.
#include "runtime/jit/simd_emitter.h"

namespace wasmrt::jit {

using namespace Xbyak::util;

namespace {

constexpr uint8_t kNearest = 0, kFloor = 1, kCeil = 2, kTrunc = 3;

constexpr uint64_t F32Bits(uint32_t b) { return Rep32(b); }
constexpr uint32_t kTwo31F = 0x4F000000;  // 2^31 as f32
constexpr uint32_t k65536F = 0x47800000;
constexpr uint64_t kTwo52D = 0x4330000000000000;
constexpr uint64_t kI32MaxD = 0x41DFFFFFFFC00000;  // 2147483647.0
constexpr uint64_t kU32MaxD = 0x41EFFFFFFFE00000;  // 4294967295.0

}  // namespace

bool SimdEmitter::Unary(Opcode op) {
  auto extend = [&](SseOp mov, bool high) {
    if (high) a_.psrldq(xmm0, 8);
    mov(a_, xmm0, xmm0);
  };
  auto neg = [&](SseOp sub) {
    a_.movdqa(xmm1, xmm0);
    a_.pxor(xmm0, xmm0);
    sub(a_, xmm0, xmm1);
  };
  switch (op) {
    case Opcode::kV128Not:
      AllOnes(xmm1);
      a_.pxor(xmm0, xmm1);
      return true;
    case Opcode::kI8x16Abs: a_.pabsb(xmm0, xmm0); return true;
    case Opcode::kI16x8Abs: a_.pabsw(xmm0, xmm0); return true;
    case Opcode::kI32x4Abs: a_.pabsd(xmm0, xmm0); return true;
    case Opcode::kI64x2Abs:  // (x ^ m) - m, m = the sign of each lane
      a_.movdqa(xmm1, xmm0);
      a_.psrad(xmm1, 31);
      a_.pshufd(xmm1, xmm1, 0xF5);
      a_.pxor(xmm0, xmm1);
      a_.psubq(xmm0, xmm1);
      return true;
    case Opcode::kI8x16Neg: neg(SSE(psubb)); return true;
    case Opcode::kI16x8Neg: neg(SSE(psubw)); return true;
    case Opcode::kI32x4Neg: neg(SSE(psubd)); return true;
    case Opcode::kI64x2Neg: neg(SSE(psubq)); return true;
    case Opcode::kI8x16Popcnt:  // per nibble from a table
      Splat64(xmm2, Rep8(0x0F));
      LoadConst(xmm3, 0x0302020102010100ull, 0x0403030203020201ull);
      a_.movdqa(xmm1, xmm0);
      a_.psrlw(xmm1, 4);
      a_.pand(xmm0, xmm2);
      a_.pand(xmm1, xmm2);
      a_.movdqa(xmm4, xmm3);
      a_.pshufb(xmm3, xmm0);
      a_.pshufb(xmm4, xmm1);
      a_.paddb(xmm3, xmm4);
      a_.movdqa(xmm0, xmm3);
      return true;
    case Opcode::kI16x8ExtendLowI8x16S: extend(SSE(pmovsxbw), false); return true;
    case Opcode::kI16x8ExtendHighI8x16S: extend(SSE(pmovsxbw), true); return true;
    case Opcode::kI16x8ExtendLowI8x16U: extend(SSE(pmovzxbw), false); return true;
    case Opcode::kI16x8ExtendHighI8x16U: extend(SSE(pmovzxbw), true); return true;
    case Opcode::kI32x4ExtendLowI16x8S: extend(SSE(pmovsxwd), false); return true;
    case Opcode::kI32x4ExtendHighI16x8S: extend(SSE(pmovsxwd), true); return true;
    case Opcode::kI32x4ExtendLowI16x8U: extend(SSE(pmovzxwd), false); return true;
    case Opcode::kI32x4ExtendHighI16x8U: extend(SSE(pmovzxwd), true); return true;
    case Opcode::kI64x2ExtendLowI32x4S: extend(SSE(pmovsxdq), false); return true;
    case Opcode::kI64x2ExtendHighI32x4S: extend(SSE(pmovsxdq), true); return true;
    case Opcode::kI64x2ExtendLowI32x4U: extend(SSE(pmovzxdq), false); return true;
    case Opcode::kI64x2ExtendHighI32x4U: extend(SSE(pmovzxdq), true); return true;
    case Opcode::kI16x8ExtaddPairwiseI8x16S:  // unsigned 1s times signed bytes
      Splat64(xmm1, Rep8(1));
      a_.pmaddubsw(xmm1, xmm0);
      a_.movdqa(xmm0, xmm1);
      return true;
    case Opcode::kI16x8ExtaddPairwiseI8x16U:  // unsigned bytes times signed 1s
      Splat64(xmm1, Rep8(1));
      a_.pmaddubsw(xmm0, xmm1);
      return true;
    case Opcode::kI32x4ExtaddPairwiseI16x8S:
      Splat64(xmm1, Rep16(1));
      a_.pmaddwd(xmm0, xmm1);
      return true;
    case Opcode::kI32x4ExtaddPairwiseI16x8U:  // (x - 2^15) + (y - 2^15) + 2^16
      Splat64(xmm1, Rep16(0x8000));
      a_.pxor(xmm0, xmm1);
      Splat64(xmm1, Rep16(1));
      a_.pmaddwd(xmm0, xmm1);
      Splat64(xmm1, Rep32(0x10000));
      a_.paddd(xmm0, xmm1);
      return true;
    default: return FloatUnary(op);
  }
}

bool SimdEmitter::FloatUnary(Opcode op) {
  auto round = [&](bool is64, uint8_t mode) {
    if (is64) {
      a_.roundpd(xmm0, xmm0, mode);
    } else {
      a_.roundps(xmm0, xmm0, mode);
    }
  };
  switch (op) {
    case Opcode::kF32x4Abs:
    case Opcode::kF64x2Abs:
      AllOnes(xmm1);
      if (op == Opcode::kF32x4Abs) {
        a_.psrld(xmm1, 1);
      } else {
        a_.psrlq(xmm1, 1);
      }
      a_.pand(xmm0, xmm1);
      return true;
    case Opcode::kF32x4Neg:
    case Opcode::kF64x2Neg:
      AllOnes(xmm1);
      if (op == Opcode::kF32x4Neg) {
        a_.pslld(xmm1, 31);
      } else {
        a_.psllq(xmm1, 63);
      }
      a_.pxor(xmm0, xmm1);
      return true;
    case Opcode::kF32x4Sqrt: a_.sqrtps(xmm0, xmm0); return true;
    case Opcode::kF64x2Sqrt: a_.sqrtpd(xmm0, xmm0); return true;
    case Opcode::kF32x4Ceil: round(false, kCeil); return true;
    case Opcode::kF32x4Floor: round(false, kFloor); return true;
    case Opcode::kF32x4Trunc: round(false, kTrunc); return true;
    case Opcode::kF32x4Nearest: round(false, kNearest); return true;
    case Opcode::kF64x2Ceil: round(true, kCeil); return true;
    case Opcode::kF64x2Floor: round(true, kFloor); return true;
    case Opcode::kF64x2Trunc: round(true, kTrunc); return true;
    case Opcode::kF64x2Nearest: round(true, kNearest); return true;
    case Opcode::kF32x4DemoteF64x2Zero: a_.cvtpd2ps(xmm0, xmm0); return true;
    case Opcode::kF64x2PromoteLowF32x4: a_.cvtps2pd(xmm0, xmm0); return true;
    default: return Convert(op);
  }
}

bool SimdEmitter::Convert(Opcode op) {
  switch (op) {
    case Opcode::kF32x4ConvertI32x4S: a_.cvtdq2ps(xmm0, xmm0); return true;
    case Opcode::kF32x4ConvertI32x4U:  // hi16 * 65536 (exact) + lo16 (exact), one rounding
      a_.movdqa(xmm1, xmm0);
      a_.pslld(xmm1, 16);
      a_.psrld(xmm1, 16);
      a_.psrld(xmm0, 16);
      a_.cvtdq2ps(xmm0, xmm0);
      a_.cvtdq2ps(xmm1, xmm1);
      Splat64(xmm2, F32Bits(k65536F));
      a_.mulps(xmm0, xmm2);
      a_.addps(xmm0, xmm1);
      return true;
    case Opcode::kF64x2ConvertLowI32x4S: a_.cvtdq2pd(xmm0, xmm0); return true;
    case Opcode::kF64x2ConvertLowI32x4U:  // 2^52 + x, exact, minus 2^52
      a_.pmovzxdq(xmm0, xmm0);
      Splat64(xmm1, kTwo52D);
      a_.por(xmm0, xmm1);
      a_.subpd(xmm0, xmm1);
      return true;
    case Opcode::kI32x4TruncSatF32x4S:
      a_.movdqa(xmm1, xmm0);
      a_.cmpeqps(xmm1, xmm0);  // ordered lanes
      a_.pand(xmm0, xmm1);     // NaN -> +0
      Splat64(xmm2, F32Bits(kTwo31F));
      a_.cmpleps(xmm2, xmm0);  // x >= 2^31: 0x80000000 becomes 0x7fffffff
      a_.cvttps2dq(xmm0, xmm0);
      a_.pxor(xmm0, xmm2);
      return true;
    case Opcode::kI32x4TruncSatF32x4U:
      a_.pxor(xmm1, xmm1);
      a_.maxps(xmm0, xmm1);  // NaN and negatives (and -0) -> +0
      Splat64(xmm2, F32Bits(kTwo31F));
      a_.movdqa(xmm3, xmm2);
      a_.cmpleps(xmm3, xmm0);  // x >= 2^31
      a_.pand(xmm2, xmm3);
      a_.subps(xmm0, xmm2);  // exact
      a_.pslld(xmm3, 31);
      Splat64(xmm4, F32Bits(kTwo31F));
      a_.cmpleps(xmm4, xmm0);  // x - 2^31 >= 2^31: x >= 2^32, saturated
      a_.cvttps2dq(xmm0, xmm0);
      a_.por(xmm0, xmm3);
      a_.por(xmm0, xmm4);
      return true;
    case Opcode::kI32x4TruncSatF64x2SZero:
      a_.movdqa(xmm1, xmm0);
      a_.cmpeqpd(xmm1, xmm0);
      a_.pand(xmm0, xmm1);  // NaN -> +0
      Splat64(xmm1, kI32MaxD);
      a_.minpd(xmm0, xmm1);  // too small: cvttpd2dq's 0x80000000 is the bound
      a_.cvttpd2dq(xmm0, xmm0);
      return true;
    case Opcode::kI32x4TruncSatF64x2UZero:
      a_.pxor(xmm1, xmm1);
      a_.maxpd(xmm0, xmm1);  // NaN and negatives -> +0
      Splat64(xmm2, kU32MaxD);
      a_.minpd(xmm0, xmm2);
      a_.roundpd(xmm0, xmm0, kTrunc);
      Splat64(xmm2, kTwo52D);
      a_.addpd(xmm0, xmm2);  // the integer in the low 32 bits
      a_.shufps(xmm0, xmm1, 0x08);
      return true;
    default: return false;
  }
}

// v128 i32 -> v128. A constant count becomes an immediate; otherwise it is
// masked to the lane width in ecx and moved to xmm1.
bool SimdEmitter::Shift() {
  using Kind = FunctionEmitter::Entry::Kind;
  static const uint8_t kWidth[] = {8, 16, 32, 64};
  int shape;
  Opcode shl;
  if (in_.op >= Opcode::kI8x16Shl && in_.op <= Opcode::kI8x16ShrU) {
    shape = 0, shl = Opcode::kI8x16Shl;
  } else if (in_.op >= Opcode::kI16x8Shl && in_.op <= Opcode::kI16x8ShrU) {
    shape = 1, shl = Opcode::kI16x8Shl;
  } else if (in_.op >= Opcode::kI32x4Shl && in_.op <= Opcode::kI32x4ShrU) {
    shape = 2, shl = Opcode::kI32x4Shl;
  } else if (in_.op >= Opcode::kI64x2Shl && in_.op <= Opcode::kI64x2ShrU) {
    shape = 3, shl = Opcode::kI64x2Shl;
  } else {
    return false;
  }
  int kind = int(in_.op) - int(shl);  // shl, shr_s, shr_u
  uint32_t mask = kWidth[shape] - 1;
  bool imm = f_.stack_.back().kind == Kind::kConst;
  uint32_t n = 0;
  if (imm) {
    n = uint32_t(f_.stack_.back().value) & mask;
    f_.stack_.pop_back();
  } else {
    int r = f_.PopReg();
    a_.mov(ecx, FunctionEmitter::PoolReg(r).cvt32());
    f_.FreeReg(r);
    a_.and_(ecx, mask);
    if (shape == 0 && kind == 1) a_.add(ecx, 8);  // see below
    a_.movd(xmm1, ecx);
  }
  uint32_t h = uint32_t(f_.stack_.size()) - 2;
  a_.movdqu(xmm0, V(h));
  // count: an immediate or xmm1.
  auto shift = [&](const Xbyak::Xmm& x, auto by_reg, auto by_imm, uint32_t k) {
    if (imm) {
      by_imm(a_, x, k);
    } else {
      by_reg(a_, x, xmm1);
    }
  };
  using ImmShift = void (*)(G&, const Xbyak::Xmm&, int);
#define SSE_IMM(name) \
  static_cast<ImmShift>([](G& a, const Xbyak::Xmm& x, int n) { a.name(x, n); })
  static const SseOp kByReg[3][3] = {{SSE(psllw), SSE(psraw), SSE(psrlw)},
                                     {SSE(pslld), SSE(psrad), SSE(psrld)},
                                     {SSE(psllq), nullptr, SSE(psrlq)}};
  static const ImmShift kByImm[3][3] = {{SSE_IMM(psllw), SSE_IMM(psraw), SSE_IMM(psrlw)},
                                        {SSE_IMM(pslld), SSE_IMM(psrad), SSE_IMM(psrld)},
                                        {SSE_IMM(psllq), nullptr, SSE_IMM(psrlq)}};
  if (shape == 0) {
    // Bytes widened to words: b:b for shl and shr_s (the word's high byte
    // is the byte, for the arithmetic shift by n + 8), 0:b for shr_u; the
    // results fit their byte, so packing does not saturate.
    a_.movdqa(xmm2, xmm0);
    if (kind == 2) {
      a_.pxor(xmm3, xmm3);
      a_.punpcklbw(xmm0, xmm3);
      a_.punpckhbw(xmm2, xmm3);
    } else {
      a_.punpcklbw(xmm0, xmm0);
      a_.punpckhbw(xmm2, xmm2);
    }
    int row = kind;
    uint32_t k = kind == 1 ? n + 8 : n;
    shift(xmm0, kByReg[0][row], kByImm[0][row], k);
    shift(xmm2, kByReg[0][row], kByImm[0][row], k);
    if (kind == 1) {
      a_.packsswb(xmm0, xmm2);
    } else {
      if (kind == 0) {  // keep each word's low byte
        Splat64(xmm3, Rep16(0x00FF));
        a_.pand(xmm0, xmm3);
        a_.pand(xmm2, xmm3);
      }
      a_.packuswb(xmm0, xmm2);
    }
  } else if (shape == 3 && kind == 1) {
    // (x >>u n ^ m) - m with m = the sign bit >>u n.
    Splat64(xmm2, uint64_t(1) << 63);
    shift(xmm0, kByReg[2][2], kByImm[2][2], n);
    shift(xmm2, kByReg[2][2], kByImm[2][2], n);
    a_.pxor(xmm0, xmm2);
    a_.psubq(xmm0, xmm2);
  } else {
    shift(xmm0, kByReg[shape - 1][kind], kByImm[shape - 1][kind], n);
  }
  a_.movdqu(V(h), xmm0);
  return true;
}

}  // namespace wasmrt::jit

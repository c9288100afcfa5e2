// Scalar f32/f64 instructions. A float on the operand stack is an entry
// like an integer's (its bits in a slot, local or pool register, an f32
// zero-extended) or a kXmm entry; each instruction takes its operands from
// xmm registers or memory as they are, computes with SSE and leaves its
// result in an xmm pool register (xmm8-xmm15), where the next float
// instruction, store or local.set takes it. The results equal
// runtime/code/semantics.h bit for bit, NaNs included:
// - add, sub, mul, div keep the wasm operand order, so x86 returns the
//   first NaN operand quieted, which is the rule semantics.h fixes;
// - min/max, the rounding functions, sqrt, promotion and demotion quiet
//   the NaN they are given, as the interpreter's C++ does;
// - abs, neg and copysign only touch the sign bit (in the integer register,
//   or with a mask in the xmm register holding the value);
// - float-to-integer truncations convert first and test the range only
//   when the hardware's answer says it may be out of range (cold code
//   emitted after the body), with the interpreter's traps and saturation.
// ceil/floor/trunc/nearest need SSE4.1 (roundss); without it a function
// using them stays interpreted.
#include <bit>
#include <cstdint>
#include <limits>
#include <string_view>

#include "runtime/jit/function_emitter.h"

namespace wasmrt::jit {

using namespace Xbyak::util;

namespace {

bool HasSse41() {
  static const bool has = Xbyak::util::Cpu().has(Xbyak::util::Cpu::tSSE41);
  return has;
}

// roundss/roundsd immediates (the rounding mode, not MXCSR's).
constexpr int kRoundNearest = 0, kRoundFloor = 1, kRoundCeil = 2, kRoundTrunc = 3;

// x = `d` in the float width (through rax).
void LoadConst(Xbyak::CodeGenerator& a, const Xbyak::Xmm& x, double d, bool is64) {
  if (is64) {
    a.mov(rax, std::bit_cast<uint64_t>(d));
    a.movq(x, rax);
  } else {
    a.mov(eax, std::bit_cast<uint32_t>(float(d)));
    a.movd(x, eax);
  }
}

void Ucomis(Xbyak::CodeGenerator& a, const Xbyak::Xmm& x, const Xbyak::Xmm& y, bool is64) {
  if (is64) {
    a.ucomisd(x, y);
  } else {
    a.ucomiss(x, y);
  }
}

constexpr double kTwoTo63 = 9223372036854775808.0;

}  // namespace

bool FunctionEmitter::IsScalarFloat(Opcode op) {
  switch (op) {
#define WASMRT_FLOAT_OP(name) case Opcode::k##name:
#define WASMRT_FLOAT_OPS(T)                                                             \
  WASMRT_FLOAT_OP(T##Eq) WASMRT_FLOAT_OP(T##Ne) WASMRT_FLOAT_OP(T##Lt)                  \
  WASMRT_FLOAT_OP(T##Gt) WASMRT_FLOAT_OP(T##Le) WASMRT_FLOAT_OP(T##Ge)                  \
  WASMRT_FLOAT_OP(T##Abs) WASMRT_FLOAT_OP(T##Neg) WASMRT_FLOAT_OP(T##Ceil)              \
  WASMRT_FLOAT_OP(T##Floor) WASMRT_FLOAT_OP(T##Trunc) WASMRT_FLOAT_OP(T##Nearest)       \
  WASMRT_FLOAT_OP(T##Sqrt) WASMRT_FLOAT_OP(T##Add) WASMRT_FLOAT_OP(T##Sub)              \
  WASMRT_FLOAT_OP(T##Mul) WASMRT_FLOAT_OP(T##Div) WASMRT_FLOAT_OP(T##Min)               \
  WASMRT_FLOAT_OP(T##Max) WASMRT_FLOAT_OP(T##Copysign) WASMRT_FLOAT_OP(T##ConvertI32S)  \
  WASMRT_FLOAT_OP(T##ConvertI32U) WASMRT_FLOAT_OP(T##ConvertI64S)                       \
  WASMRT_FLOAT_OP(T##ConvertI64U)
    WASMRT_FLOAT_OPS(F32)
    WASMRT_FLOAT_OPS(F64)
#define WASMRT_TRUNC_OPS(I)                                                             \
  WASMRT_FLOAT_OP(I##TruncF32S) WASMRT_FLOAT_OP(I##TruncF32U)                           \
  WASMRT_FLOAT_OP(I##TruncF64S) WASMRT_FLOAT_OP(I##TruncF64U)                           \
  WASMRT_FLOAT_OP(I##TruncSatF32S) WASMRT_FLOAT_OP(I##TruncSatF32U)                     \
  WASMRT_FLOAT_OP(I##TruncSatF64S) WASMRT_FLOAT_OP(I##TruncSatF64U)
    WASMRT_TRUNC_OPS(I32)
    WASMRT_TRUNC_OPS(I64)
    case Opcode::kF32DemoteF64:
    case Opcode::kF64PromoteF32: return true;
#undef WASMRT_TRUNC_OPS
#undef WASMRT_FLOAT_OPS
#undef WASMRT_FLOAT_OP
    default: return false;
  }
}

// ---- operands -------------------------------------------------------------------

void FunctionEmitter::PopXmm(const Xbyak::Xmm& x, bool is64) {
  PopXmmOperand(x, is64, [&](const Xbyak::Operand& src) {
    if (src.isMEM()) {
      if (is64) {
        a_.movsd(x, src);
      } else {
        a_.movss(x, src);
      }
    } else if (src.getIdx() != x.getIdx()) {
      a_.movaps(x, static_cast<const Xbyak::Xmm&>(src));
    }
  });
}

void FunctionEmitter::PopXmmOperand(const Xbyak::Xmm& scratch, bool is64,
                                    const std::function<void(const Xbyak::Operand&)>& emit) {
  if (stack_.back().kind == Entry::Kind::kCmp) Materialize(stack_.back());
  Entry e = stack_.back();
  stack_.pop_back();
  auto mem = [&](int32_t disp) {
    emit(is64 ? Xbyak::Address(qword[rbx + disp]) : Xbyak::Address(dword[rbx + disp]));
  };
  switch (e.kind) {
    case Entry::Kind::kXmm:
      // Taken until `emit` is done: it may allocate another one.
      emit(PoolXmm(e.reg));
      FreeXmm(e.reg);
      return;
    case Entry::Kind::kLocal:
      if (const Xbyak::Reg64* l = LocalReg(uint32_t(e.value))) {  // an integer's bits
        if (is64) {
          a_.movq(scratch, *l);
        } else {
          a_.movd(scratch, l->cvt32());
        }
        break;
      }
      return mem(int32_t(e.value * 8));
    case Entry::Kind::kCmp: break;  // materialized above
    case Entry::Kind::kSlot: return mem(int32_t((local_base_ + stack_.size()) * 8));
    case Entry::Kind::kReg:
      if (is64) {
        a_.movq(scratch, PoolReg(e.reg));
      } else {
        a_.movd(scratch, PoolReg(e.reg).cvt32());
      }
      FreeReg(e.reg);
      break;
    case Entry::Kind::kConst:
      if (e.value == 0) {
        a_.xorps(scratch, scratch);
      } else if (is64) {
        a_.mov(rax, e.value);
        a_.movq(scratch, rax);
      } else {
        a_.mov(eax, uint32_t(e.value));
        a_.movd(scratch, eax);
      }
      break;
  }
  emit(scratch);
}

int FunctionEmitter::XmmUnary(
    bool is64, const std::function<void(const Xbyak::Xmm&, const Xbyak::Operand&)>& emit) {
  if (stack_.back().kind == Entry::Kind::kXmm) {
    int x = stack_.back().reg;
    stack_.pop_back();
    emit(PoolXmm(x), PoolXmm(x));
    return x;
  }
  // Allocated first: a spill may use rax, which loading a constant sets.
  int x = AllocXmm();
  const Xbyak::Xmm dst = PoolXmm(x);
  PopXmmOperand(dst, is64, [&](const Xbyak::Operand& src) { emit(dst, src); });
  return x;
}

int FunctionEmitter::PopXmmReg(bool is64) {
  return XmmUnary(is64, [&](const Xbyak::Xmm& dst, const Xbyak::Operand& src) {
    if (!src.isMEM()) return;  // dst holds it already
    if (is64) {
      a_.movsd(dst, src);
    } else {
      a_.movss(dst, src);
    }
  });
}

// ---- dispatch ---------------------------------------------------------------------

bool FunctionEmitter::Float(Opcode op) {
  const OpcodeInfo& info = GetOpcodeInfo(op);
  // The signature's first letter: f = f32 operand, F = f64, i/I = integers.
  char operand = info.sig[0];
  char result = info.sig[std::string_view(info.sig).find(':') + 1];
  bool is64 = operand == 'F';
  bool binary = info.sig[1] != ':';
  if (operand == 'i' || operand == 'I') {
    IntToFloat(op);
    return true;
  }
  if (result == 'i' || result == 'I') {
    return binary ? FloatCompare(op, is64) : FloatToInt(op);
  }
  if (op == Opcode::kF32DemoteF64 || op == Opcode::kF64PromoteF32) {
    int x = XmmUnary(is64, [&](const Xbyak::Xmm& dst, const Xbyak::Operand& src) {
      if (is64) {
        a_.cvtsd2ss(dst, src);
      } else {
        a_.cvtss2sd(dst, src);
      }
    });
    PushXmmReg(x, !is64);
    return true;
  }
  return binary ? FloatBinary(op, is64) : FloatUnary(op, is64);
}

// ---- arithmetic -------------------------------------------------------------------

bool FunctionEmitter::FloatBinary(Opcode op, bool is64) {
  switch (op) {
    case Opcode::kF32Min: case Opcode::kF64Min: MinMax(true, is64); return true;
    case Opcode::kF32Max: case Opcode::kF64Max: MinMax(false, is64); return true;
    case Opcode::kF32Copysign:
    case Opcode::kF64Copysign: {
      // (a & ~sign) | (b & sign), on the bits.
      int rb = PopReg();
      int ra = PopReg();
      const Xbyak::Reg64& a = PoolReg(ra);
      const Xbyak::Reg64& b = PoolReg(rb);
      if (is64) {
        a_.btr(a, 63);
        a_.shr(b, 63);
        a_.shl(b, 63);
        a_.or_(a, b);
      } else {
        a_.and_(a.cvt32(), 0x7FFFFFFF);
        a_.and_(b.cvt32(), 0x80000000u);
        a_.or_(a.cvt32(), b.cvt32());
      }
      FreeReg(rb);
      PushReg(ra);
      return true;
    }
    default: break;
  }
  // a op= b in a's xmm register: b may stay in memory.
  int ra = -1;
  PopXmmOperand(xmm1, is64, [&](const Xbyak::Operand& b) {
    ra = PopXmmReg(is64);
    const Xbyak::Xmm a = PoolXmm(ra);
    switch (op) {
      case Opcode::kF32Add: a_.addss(a, b); break;
      case Opcode::kF32Sub: a_.subss(a, b); break;
      case Opcode::kF32Mul: a_.mulss(a, b); break;
      case Opcode::kF32Div: a_.divss(a, b); break;
      case Opcode::kF64Add: a_.addsd(a, b); break;
      case Opcode::kF64Sub: a_.subsd(a, b); break;
      case Opcode::kF64Mul: a_.mulsd(a, b); break;
      default: a_.divsd(a, b); break;  // F64Div
    }
  });
  PushXmmReg(ra, is64);
  return true;
}

// NaN: the first NaN operand, quieted (an addition does that); equal
// operands: the bits or-ed (min: -0 wins) or and-ed (max: +0 wins);
// otherwise minss/maxss, exact for ordered, unequal operands.
void FunctionEmitter::MinMax(bool is_min, bool is64) {
  PopXmm(xmm1, is64);
  int ra = PopXmmReg(is64);
  const Xbyak::Xmm a = PoolXmm(ra);  // the result, in a's register
  Xbyak::Label nan, differ, done;
  Ucomis(a_, a, xmm1, is64);
  a_.jp(nan, Xbyak::CodeGenerator::T_NEAR);
  a_.jne(differ);
  if (is_min) {
    a_.orps(a, xmm1);
  } else {
    a_.andps(a, xmm1);
  }
  a_.jmp(done);
  a_.L(differ);
  if (is64) {
    is_min ? a_.minsd(a, xmm1) : a_.maxsd(a, xmm1);
  } else {
    is_min ? a_.minss(a, xmm1) : a_.maxss(a, xmm1);
  }
  a_.jmp(done);
  a_.L(nan);
  if (is64) {
    a_.addsd(a, xmm1);
  } else {
    a_.addss(a, xmm1);
  }
  a_.L(done);
  PushXmmReg(ra, is64);
}

bool FunctionEmitter::FloatUnary(Opcode op, bool is64) {
  int mode = -1;
  switch (op) {
    case Opcode::kF32Abs: case Opcode::kF64Abs:
    case Opcode::kF32Neg: case Opcode::kF64Neg: {
      bool abs = op == Opcode::kF32Abs || op == Opcode::kF64Abs;
      if (stack_.back().kind == Entry::Kind::kXmm) {
        SignXmm(abs, is64);
        return true;
      }
      int r = PopReg();
      const Xbyak::Reg64& x = PoolReg(r);
      if (is64) {
        abs ? a_.btr(x, 63) : a_.btc(x, 63);
      } else {
        abs ? a_.and_(x.cvt32(), 0x7FFFFFFF) : a_.xor_(x.cvt32(), 0x80000000u);
      }
      PushReg(r);
      return true;
    }
    case Opcode::kF32Ceil: case Opcode::kF64Ceil: mode = kRoundCeil; break;
    case Opcode::kF32Floor: case Opcode::kF64Floor: mode = kRoundFloor; break;
    case Opcode::kF32Trunc: case Opcode::kF64Trunc: mode = kRoundTrunc; break;
    case Opcode::kF32Nearest: case Opcode::kF64Nearest: mode = kRoundNearest; break;
    default: break;  // sqrt
  }
  if (mode >= 0 && !HasSse41()) return false;
  int x = XmmUnary(is64, [&](const Xbyak::Xmm& dst, const Xbyak::Operand& src) {
    if (mode < 0) {
      is64 ? a_.sqrtsd(dst, src) : a_.sqrtss(dst, src);
    } else {
      is64 ? a_.roundsd(dst, src, mode) : a_.roundss(dst, src, mode);
    }
  });
  PushXmmReg(x, is64);
  return true;
}

// abs and neg of a value in an xmm register: the sign bit masked or
// flipped there (the mask built in xmm0), the other bits untouched.
void FunctionEmitter::SignXmm(bool abs, bool is64) {
  int x = stack_.back().reg;
  stack_.pop_back();
  uint64_t sign = is64 ? uint64_t(1) << 63 : uint64_t(0x80000000u);
  uint64_t mask = abs ? (is64 ? ~sign : 0x7FFFFFFFu) : sign;
  if (is64) {
    a_.mov(rax, mask);
    a_.movq(xmm0, rax);
  } else {
    a_.mov(eax, uint32_t(mask));
    a_.movd(xmm0, eax);
  }
  if (abs) {
    a_.andps(PoolXmm(x), xmm0);
  } else {
    a_.xorps(PoolXmm(x), xmm0);
  }
  PushXmmReg(x, is64);
}

// ---- comparisons ------------------------------------------------------------------

// ucomis sets ZF, PF and CF all for unordered operands: eq needs ZF and
// not PF, ne ZF clear or PF; a > b is "above", a < b is b > a.
bool FunctionEmitter::FloatCompare(Opcode op, bool is64) {
  // Operands in xmm registers stay there (freed: nothing allocates one
  // before the comparison reads them).
  auto pop = [&](const Xbyak::Xmm& scratch) {
    if (stack_.back().kind != Entry::Kind::kXmm) {
      PopXmm(scratch, is64);
      return scratch;
    }
    int x = stack_.back().reg;
    stack_.pop_back();
    FreeXmm(x);
    return PoolXmm(x);
  };
  const Xbyak::Xmm b = pop(xmm1);
  const Xbyak::Xmm a = pop(xmm0);
  int r = AllocReg();  // first: a spill may use rax
  bool swap = op == Opcode::kF32Lt || op == Opcode::kF64Lt || op == Opcode::kF32Le ||
              op == Opcode::kF64Le;
  const Xbyak::Xmm& x = swap ? b : a;
  const Xbyak::Xmm& y = swap ? a : b;
  Ucomis(a_, x, y, is64);
  switch (op) {
    case Opcode::kF32Eq: case Opcode::kF64Eq:
      a_.sete(al);
      a_.setnp(cl);
      a_.and_(al, cl);
      break;
    case Opcode::kF32Ne: case Opcode::kF64Ne:
      a_.setne(al);
      a_.setp(cl);
      a_.or_(al, cl);
      break;
    case Opcode::kF32Lt: case Opcode::kF64Lt:
    case Opcode::kF32Gt: case Opcode::kF64Gt: a_.seta(al); break;
    default: a_.setae(al); break;  // Le, Ge
  }
  a_.movzx(PoolReg(r).cvt32(), al);
  PushReg(r);
  return true;
}

// ---- conversions --------------------------------------------------------------------

// An integer to the nearest float. Unsigned 64-bit values at or above 2^63
// are halved keeping the lost bit as a sticky bit (round to odd), converted
// and doubled: the same correctly rounded result as the interpreter's.
void FunctionEmitter::IntToFloat(Opcode op) {
  bool to64 = op == Opcode::kF64ConvertI32S || op == Opcode::kF64ConvertI32U ||
              op == Opcode::kF64ConvertI64S || op == Opcode::kF64ConvertI64U;
  bool from_i32s = op == Opcode::kF32ConvertI32S || op == Opcode::kF64ConvertI32S;
  bool from_u64 = op == Opcode::kF32ConvertI64U || op == Opcode::kF64ConvertI64U;
  int r = PopReg();
  const Xbyak::Reg64& x = PoolReg(r);
  int rd = AllocXmm();  // before rax is used below
  const Xbyak::Xmm d = PoolXmm(rd);  // the result
  auto convert = [&](const Xbyak::Reg& src) {
    to64 ? a_.cvtsi2sd(d, src) : a_.cvtsi2ss(d, src);
  };
  a_.xorps(d, d);  // cvtsi2s* writes only the low lane
  if (from_i32s) {
    convert(x.cvt32());
  } else if (!from_u64) {
    convert(x);  // an i64, or an i32 held zero-extended
  } else {
    Xbyak::Label big, done;
    a_.test(x, x);
    a_.js(big);
    convert(x);
    a_.jmp(done);
    a_.L(big);
    a_.mov(rax, x);
    a_.shr(rax, 1);
    a_.and_(x.cvt32(), 1);
    a_.or_(rax, x);
    convert(rax);
    to64 ? a_.addsd(d, d) : a_.addss(d, d);
    a_.L(done);
  }
  FreeReg(r);
  PushXmmReg(rd, to64);
}

// Float to integer: the 64-bit cvtt* (whose answer out of its range is
// INT64_MIN, "integer indefinite"), then one test that passes exactly
// when the value is in range:
//   i32_s: the result fits 32 bits signed; i32_u: its upper half is zero;
//   i64_s: it is not INT64_MIN (x == -2^63 is rechecked in the cold path);
//   i64_u: x >= 2^63 converts x - 2^63 (exact) and sets bit 63 back; the
//          result is not negative either way.
// The cold path traps like sem::TruncChecked (NaN first) or saturates like
// sem::TruncSat.
bool FunctionEmitter::FloatToInt(Opcode op) {
  const OpcodeInfo& info = GetOpcodeInfo(op);
  std::string_view text(info.text);
  bool from64 = info.sig[0] == 'F';
  bool to64 = info.sig[2] == 'I';
  bool is_signed = text.back() == 's';
  bool sat = text.find("sat") != std::string_view::npos;
  PopXmm(xmm0, from64);
  int r = AllocReg();
  const Xbyak::Reg64& d = PoolReg(r);
  auto cvt = [&] { from64 ? a_.cvttsd2si(d, xmm0) : a_.cvttss2si(d, xmm0); };
  Xbyak::Label& slow = NewLabel();
  Xbyak::Label& done = NewLabel();
  constexpr auto kNear = Xbyak::CodeGenerator::T_NEAR;
  cvt();
  if (!to64 && is_signed) {
    a_.movsxd(rax, d.cvt32());
    a_.cmp(rax, d);
    a_.jne(slow, kNear);
    a_.mov(d.cvt32(), d.cvt32());
  } else if (!to64) {
    a_.mov(rax, d);
    a_.shr(rax, 32);
    a_.jnz(slow, kNear);
  } else if (is_signed) {
    a_.cmp(d, 1);  // overflows only for INT64_MIN
    a_.jo(slow, kNear);
  } else {
    Xbyak::Label big;
    LoadConst(a_, xmm1, kTwoTo63, from64);
    Ucomis(a_, xmm0, xmm1, from64);
    a_.jae(big);  // not taken for NaN
    a_.test(d, d);
    a_.js(slow, kNear);
    a_.jmp(done, kNear);
    a_.L(big);
    from64 ? a_.subsd(xmm0, xmm1) : a_.subss(xmm0, xmm1);
    cvt();
    a_.test(d, d);
    a_.js(slow, kNear);
    a_.btc(d, 63);
  }
  a_.L(done);
  PushReg(r);
  cold_.push_back([this, r, from64, to64, is_signed, sat, &slow, &done] {
    a_.L(slow);
    TruncSlowPath(r, from64, to64, is_signed, sat, done);
  });
  return true;
}

// xmm0 = the value (or, for a large u64, the value - 2^63: still positive).
void FunctionEmitter::TruncSlowPath(int r, bool from64, bool to64, bool is_signed, bool sat,
                                    Xbyak::Label& done) {
  constexpr auto kNear = Xbyak::CodeGenerator::T_NEAR;
  const Xbyak::Reg64& d = PoolReg(r);
  Ucomis(a_, xmm0, xmm0, from64);
  if (!sat) {
    a_.jp(TrapStub(TrapCode::kInvalidConversion), kNear);
    if (to64 && is_signed) {  // -2^63 is in range: d holds INT64_MIN
      LoadConst(a_, xmm1, -kTwoTo63, from64);
      Ucomis(a_, xmm0, xmm1, from64);
      a_.je(done, kNear);
    }
    a_.jmp(TrapStub(TrapCode::kIntegerOverflow), kNear);
    return;
  }
  Xbyak::Label nan, negative;
  auto set = [&](uint64_t v) {
    if (to64) {
      a_.mov(d, v);
    } else {
      a_.mov(d.cvt32(), uint32_t(v));
    }
    a_.jmp(done, kNear);
  };
  a_.jp(nan);
  a_.xorps(xmm1, xmm1);
  Ucomis(a_, xmm0, xmm1, from64);
  a_.jb(negative);
  if (to64) {
    set(is_signed ? uint64_t(std::numeric_limits<int64_t>::max()) : ~uint64_t(0));
  } else {
    set(is_signed ? 0x7FFFFFFFu : 0xFFFFFFFFu);
  }
  a_.L(negative);
  if (to64) {
    set(is_signed ? uint64_t(1) << 63 : 0);
  } else {
    set(is_signed ? 0x80000000u : 0);
  }
  a_.L(nan);
  a_.xor_(d.cvt32(), d.cvt32());
  a_.jmp(done, kNear);
}

}  // namespace wasmrt::jit

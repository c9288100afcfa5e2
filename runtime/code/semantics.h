// The semantics of the scalar numeric and memory instructions (spec 4.3),
// written once. Every tier and every form of an operation uses these: the
// interpreter's plain handlers, its fused operand forms (forms.h) and its
// chained pairs (chain.def) all call sem::op::<Name>::Apply.
//
// Helpers are small templates over the C type of their operands: unsigned
// integers for sign-agnostic operations, signed ones where the sign matters,
// float/double for floating point. A helper that may trap returns
// Checked<R>; the caller tests `TrapOf(r)` (always kNone for the others, so
// it folds away) and takes `ValueOf(r)`. Standard C++ only.
#ifndef WASMRT_RUNTIME_CODE_SEMANTICS_H_
#define WASMRT_RUNTIME_CODE_SEMANTICS_H_

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "runtime/base/trap.h"

namespace wasmrt::sem {

// The result of an operation that may trap.
template <class R>
struct Checked {
  R value;
  TrapCode trap;
};
template <class R>
constexpr TrapCode TrapOf(const R&) { return TrapCode::kNone; }
template <class R>
constexpr TrapCode TrapOf(const Checked<R>& r) { return r.trap; }
template <class R>
constexpr R ValueOf(R r) { return r; }
template <class R>
constexpr R ValueOf(const Checked<R>& r) { return r.value; }

// ---- NaN results ---------------------------------------------------------------
// Which NaN an operation on two NaNs returns is fixed here, x86's rule:
// the first NaN operand, quieted; a NaN made from numbers (inf - inf) is
// the hardware's default NaN. Left to the C++ compiler, a + b and a * b
// were sometimes emitted as b + a (it may commute them), so the result
// depended on the interpreter's operand form and on the compiler; the
// compiled tier (runtime/jit/emit_float.cc) keeps the operand order and so
// applies the same rule.
template <typename F>
inline F Quiet(F x) {
  using U = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
  constexpr U kQuietBit = U(1) << (std::numeric_limits<F>::digits - 2);
  return std::bit_cast<F>(U(std::bit_cast<U>(x) | kQuietBit));
}
template <typename F>
inline F FirstNan(F a, F b, F otherwise) {
  if (std::isnan(a)) return Quiet(a);
  if (std::isnan(b)) return Quiet(b);
  return otherwise;
}

// ---- integer and float arithmetic ------------------------------------------
template <class T> T Add(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    T r = a + b;
    if (std::isnan(r)) [[unlikely]] return FirstNan(a, b, r);
    return r;
  } else {
    return a + b;
  }
}
template <class T> T Sub(T a, T b) { return a - b; }
template <class T> T Mul(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    T r = a * b;
    if (std::isnan(r)) [[unlikely]] return FirstNan(a, b, r);
    return r;
  } else {
    return a * b;
  }
}
template <class T> T Div(T a, T b) { return a / b; }  // floating point only
template <class T> T And(T a, T b) { return a & b; }
template <class T> T Or(T a, T b) { return a | b; }
template <class T> T Xor(T a, T b) { return a ^ b; }

// Shift counts are taken modulo the width.
template <class T> constexpr T kShiftMask = T(sizeof(T) * 8 - 1);
template <class T> T Shl(T a, T b) { return a << (b & kShiftMask<T>); }
template <class T> T Shr(T a, T b) { return a >> (b & kShiftMask<T>); }  // T's sign
template <class T> T Rotl(T a, T b) { return std::rotl(a, int(b & kShiftMask<T>)); }
template <class T> T Rotr(T a, T b) { return std::rotr(a, int(b & kShiftMask<T>)); }

// Division traps on a zero divisor; signed division also on MIN / -1.
template <class T>
Checked<T> DivS(T a, T b) {
  if (b == 0) return {0, TrapCode::kIntegerDivideByZero};
  if (a == std::numeric_limits<T>::min() && b == -1) return {0, TrapCode::kIntegerOverflow};
  return {T(a / b), TrapCode::kNone};
}
template <class T>
Checked<T> DivU(T a, T b) {
  if (b == 0) return {0, TrapCode::kIntegerDivideByZero};
  return {T(a / b), TrapCode::kNone};
}
// MIN % -1 is 0 in wasm, undefined in C++.
template <class T>
Checked<T> RemS(T a, T b) {
  if (b == 0) return {0, TrapCode::kIntegerDivideByZero};
  return {b == -1 ? T(0) : T(a % b), TrapCode::kNone};
}
template <class T>
Checked<T> RemU(T a, T b) {
  if (b == 0) return {0, TrapCode::kIntegerDivideByZero};
  return {T(a % b), TrapCode::kNone};
}

// ---- comparisons (an i32 0 or 1) -------------------------------------------
template <class T> bool Eq(T a, T b) { return a == b; }
template <class T> bool Ne(T a, T b) { return a != b; }
template <class T> bool Lt(T a, T b) { return a < b; }
template <class T> bool Gt(T a, T b) { return a > b; }
template <class T> bool Le(T a, T b) { return a <= b; }
template <class T> bool Ge(T a, T b) { return a >= b; }
template <class T> bool Eqz(T a) { return a == 0; }

// ---- bit counting ------------------------------------------------------------
template <class T> T Clz(T a) { return T(std::countl_zero(a)); }
template <class T> T Ctz(T a) { return T(std::countr_zero(a)); }
template <class T> T Popcnt(T a) { return T(std::popcount(a)); }
// Sign extension from the narrower type N, within T.
template <class N, class T> T ExtendS(T a) { return T(std::make_signed_t<T>(N(a))); }

// ---- floating point ----------------------------------------------------------
// Sign-bit operations work on the bits (T unsigned) so NaN payloads pass
// unchanged.
template <class T> constexpr T kSignBit = T(1) << (sizeof(T) * 8 - 1);
template <class T> T FAbs(T bits) { return bits & ~kSignBit<T>; }
template <class T> T FNeg(T bits) { return bits ^ kSignBit<T>; }
template <class T> T CopySign(T a, T b) { return (a & ~kSignBit<T>) | (b & kSignBit<T>); }

// fmin/fmax of the spec: NaN if either operand is NaN (the first one,
// quieted), and -0 < +0.
template <typename F>
inline F Min(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return FirstNan(a, b, a);
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
template <typename F>
inline F Max(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return FirstNan(a, b, a);
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// Rounding functions of libm may return a signalling NaN unchanged; the
// spec requires an arithmetic (quiet) NaN result.
template <typename F>
inline F Ceil(F x) { return std::isnan(x) ? x + x : std::ceil(x); }
template <typename F>
inline F Floor(F x) { return std::isnan(x) ? x + x : std::floor(x); }
template <typename F>
inline F Trunc(F x) { return std::isnan(x) ? x + x : std::trunc(x); }
template <typename F>
inline F Nearest(F x) { return std::isnan(x) ? x + x : std::nearbyint(x); }
template <typename F>
inline F Sqrt(F x) { return std::sqrt(x); }

// ---- conversions -------------------------------------------------------------
// Wrapping, extension, int<->float conversion, promotion, demotion and
// reinterpretation (the slot already holds the bits) are C++ conversions.
template <class To, class From> To Convert(From a) { return To(a); }

// Whether trunc(x) fits the integer type I. NaN is not in range. The bounds
// are exact in F: the lower bound is exclusive at -(2^N)-1 where F can
// represent it, else inclusive at -(2^N).
template <typename I, typename F>
inline bool TruncInRange(F x) {
  if constexpr (std::is_signed_v<I>) {
    constexpr F lo = F(std::numeric_limits<I>::min());  // -(2^(N-1)), exact
    constexpr F hi = -lo;                               // 2^(N-1), exact
    if constexpr (sizeof(I) == 4 && sizeof(F) == 8) {
      return x > lo - F(1) && x < hi;
    } else {
      return x >= lo && x < hi;
    }
  } else {
    constexpr F hi = F(std::numeric_limits<I>::max() / 2 + 1) * F(2);  // 2^N
    return x > F(-1) && x < hi;
  }
}

// Trapping truncation (i32.trunc_f32_s ...).
template <class I, class F>
Checked<I> TruncChecked(F x) {
  if (std::isnan(x)) return {0, TrapCode::kInvalidConversion};
  if (!TruncInRange<I>(x)) return {0, TrapCode::kIntegerOverflow};
  return {I(x), TrapCode::kNone};
}

// Saturating truncation (nontrapping float-to-int).
template <typename I, typename F>
inline I TruncSat(F x) {
  if (std::isnan(x)) return 0;
  if (TruncInRange<I>(x)) return I(x);
  return x < F(0) ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

// ---- which helper each instruction is ---------------------------------------
// X(Name, operand type, helper). Comparisons yield bool (an i32), the others
// their operand type; a signed result is stored zero-extended like any i32.
#define WASMRT_SEM_BINARY_OPS(X)                                             \
  X(I32Eq, uint32_t, Eq) X(I32Ne, uint32_t, Ne)                              \
  X(I32LtS, int32_t, Lt) X(I32LtU, uint32_t, Lt)                             \
  X(I32GtS, int32_t, Gt) X(I32GtU, uint32_t, Gt)                             \
  X(I32LeS, int32_t, Le) X(I32LeU, uint32_t, Le)                             \
  X(I32GeS, int32_t, Ge) X(I32GeU, uint32_t, Ge)                             \
  X(I64Eq, uint64_t, Eq) X(I64Ne, uint64_t, Ne)                              \
  X(I64LtS, int64_t, Lt) X(I64LtU, uint64_t, Lt)                             \
  X(I64GtS, int64_t, Gt) X(I64GtU, uint64_t, Gt)                             \
  X(I64LeS, int64_t, Le) X(I64LeU, uint64_t, Le)                             \
  X(I64GeS, int64_t, Ge) X(I64GeU, uint64_t, Ge)                             \
  X(F32Eq, float, Eq) X(F32Ne, float, Ne) X(F32Lt, float, Lt)                \
  X(F32Gt, float, Gt) X(F32Le, float, Le) X(F32Ge, float, Ge)                \
  X(F64Eq, double, Eq) X(F64Ne, double, Ne) X(F64Lt, double, Lt)             \
  X(F64Gt, double, Gt) X(F64Le, double, Le) X(F64Ge, double, Ge)             \
  X(I32Add, uint32_t, Add) X(I32Sub, uint32_t, Sub) X(I32Mul, uint32_t, Mul) \
  X(I32DivS, int32_t, DivS) X(I32DivU, uint32_t, DivU)                       \
  X(I32RemS, int32_t, RemS) X(I32RemU, uint32_t, RemU)                       \
  X(I32And, uint32_t, And) X(I32Or, uint32_t, Or) X(I32Xor, uint32_t, Xor)   \
  X(I32Shl, uint32_t, Shl) X(I32ShrS, int32_t, Shr) X(I32ShrU, uint32_t, Shr) \
  X(I32Rotl, uint32_t, Rotl) X(I32Rotr, uint32_t, Rotr)                      \
  X(I64Add, uint64_t, Add) X(I64Sub, uint64_t, Sub) X(I64Mul, uint64_t, Mul) \
  X(I64DivS, int64_t, DivS) X(I64DivU, uint64_t, DivU)                       \
  X(I64RemS, int64_t, RemS) X(I64RemU, uint64_t, RemU)                       \
  X(I64And, uint64_t, And) X(I64Or, uint64_t, Or) X(I64Xor, uint64_t, Xor)   \
  X(I64Shl, uint64_t, Shl) X(I64ShrS, int64_t, Shr) X(I64ShrU, uint64_t, Shr) \
  X(I64Rotl, uint64_t, Rotl) X(I64Rotr, uint64_t, Rotr)                      \
  X(F32Add, float, Add) X(F32Sub, float, Sub) X(F32Mul, float, Mul)          \
  X(F32Div, float, Div) X(F32Min, float, Min) X(F32Max, float, Max)          \
  X(F32Copysign, uint32_t, CopySign)                                         \
  X(F64Add, double, Add) X(F64Sub, double, Sub) X(F64Mul, double, Mul)       \
  X(F64Div, double, Div) X(F64Min, double, Min) X(F64Max, double, Max)       \
  X(F64Copysign, uint64_t, CopySign)

#define WASMRT_SEM_UNARY_OPS(X)                                              \
  X(I32Eqz, uint32_t, Eqz) X(I64Eqz, uint64_t, Eqz)                          \
  X(I32Clz, uint32_t, Clz) X(I32Ctz, uint32_t, Ctz)                          \
  X(I32Popcnt, uint32_t, Popcnt)                                             \
  X(I64Clz, uint64_t, Clz) X(I64Ctz, uint64_t, Ctz)                          \
  X(I64Popcnt, uint64_t, Popcnt)                                             \
  X(F32Abs, uint32_t, FAbs) X(F32Neg, uint32_t, FNeg)                        \
  X(F32Ceil, float, Ceil) X(F32Floor, float, Floor)                          \
  X(F32Trunc, float, Trunc) X(F32Nearest, float, Nearest)                    \
  X(F32Sqrt, float, Sqrt)                                                    \
  X(F64Abs, uint64_t, FAbs) X(F64Neg, uint64_t, FNeg)                        \
  X(F64Ceil, double, Ceil) X(F64Floor, double, Floor)                        \
  X(F64Trunc, double, Trunc) X(F64Nearest, double, Nearest)                  \
  X(F64Sqrt, double, Sqrt)                                                   \
  X(I32WrapI64, uint64_t, Convert<uint32_t>)                                 \
  X(I32TruncF32S, float, (TruncChecked<int32_t>))                            \
  X(I32TruncF32U, float, (TruncChecked<uint32_t>))                           \
  X(I32TruncF64S, double, (TruncChecked<int32_t>))                           \
  X(I32TruncF64U, double, (TruncChecked<uint32_t>))                          \
  X(I64ExtendI32S, int32_t, Convert<int64_t>)                                \
  X(I64ExtendI32U, uint32_t, Convert<uint64_t>)                              \
  X(I64TruncF32S, float, (TruncChecked<int64_t>))                            \
  X(I64TruncF32U, float, (TruncChecked<uint64_t>))                           \
  X(I64TruncF64S, double, (TruncChecked<int64_t>))                           \
  X(I64TruncF64U, double, (TruncChecked<uint64_t>))                          \
  X(F32ConvertI32S, int32_t, Convert<float>)                                 \
  X(F32ConvertI32U, uint32_t, Convert<float>)                                \
  X(F32ConvertI64S, int64_t, Convert<float>)                                 \
  X(F32ConvertI64U, uint64_t, Convert<float>)                                \
  X(F32DemoteF64, double, Convert<float>)                                    \
  X(F64ConvertI32S, int32_t, Convert<double>)                                \
  X(F64ConvertI32U, uint32_t, Convert<double>)                               \
  X(F64ConvertI64S, int64_t, Convert<double>)                                \
  X(F64ConvertI64U, uint64_t, Convert<double>)                               \
  X(F64PromoteF32, float, Convert<double>)                                   \
  X(I32ReinterpretF32, uint32_t, Convert<uint32_t>)                          \
  X(I64ReinterpretF64, uint64_t, Convert<uint64_t>)                          \
  X(F32ReinterpretI32, uint32_t, Convert<uint32_t>)                          \
  X(F64ReinterpretI64, uint64_t, Convert<uint64_t>)                          \
  X(I32Extend8S, uint32_t, ExtendS<int8_t>)                                  \
  X(I32Extend16S, uint32_t, ExtendS<int16_t>)                                \
  X(I64Extend8S, uint64_t, ExtendS<int8_t>)                                  \
  X(I64Extend16S, uint64_t, ExtendS<int16_t>)                                \
  X(I64Extend32S, uint64_t, ExtendS<int32_t>)                                \
  X(I32TruncSatF32S, float, (TruncSat<int32_t>))                             \
  X(I32TruncSatF32U, float, (TruncSat<uint32_t>))                            \
  X(I32TruncSatF64S, double, (TruncSat<int32_t>))                            \
  X(I32TruncSatF64U, double, (TruncSat<uint32_t>))                           \
  X(I64TruncSatF32S, float, (TruncSat<int64_t>))                             \
  X(I64TruncSatF32U, float, (TruncSat<uint64_t>))                            \
  X(I64TruncSatF64S, double, (TruncSat<int64_t>))                            \
  X(I64TruncSatF64U, double, (TruncSat<uint64_t>))

// Loads: X(Name, type in memory, value type). The value is the memory type
// converted (sign- or zero-extended) to the value type.
#define WASMRT_SEM_LOAD_OPS(X)                                               \
  X(I32Load, uint32_t, uint32_t) X(I64Load, uint64_t, uint64_t)              \
  X(F32Load, uint32_t, uint32_t) X(F64Load, uint64_t, uint64_t)              \
  X(I32Load8S, int8_t, int32_t) X(I32Load8U, uint8_t, uint32_t)              \
  X(I32Load16S, int16_t, int32_t) X(I32Load16U, uint16_t, uint32_t)          \
  X(I64Load8S, int8_t, int64_t) X(I64Load8U, uint8_t, uint64_t)              \
  X(I64Load16S, int16_t, int64_t) X(I64Load16U, uint16_t, uint64_t)          \
  X(I64Load32S, int32_t, int64_t) X(I64Load32U, uint32_t, uint64_t)
// Stores: X(Name, type in memory); the value's low bytes are stored.
#define WASMRT_SEM_STORE_OPS(X)                                              \
  X(I32Store, uint32_t) X(I64Store, uint64_t) X(F32Store, uint32_t)          \
  X(F64Store, uint64_t) X(I32Store8, uint8_t) X(I32Store16, uint16_t)        \
  X(I64Store8, uint8_t) X(I64Store16, uint16_t) X(I64Store32, uint32_t)

// sem::op::<Name>: T (operand type), Apply, and R (the result type).
namespace op {
#define WASMRT_SEM_BINARY(name, T_, fn)                             \
  struct name {                                                     \
    using T = T_;                                                   \
    static auto Apply(T a, T b) -> decltype(fn(a, b)) { return fn(a, b); } \
    using R = decltype(ValueOf(Apply(T(), T())));                   \
  };
#define WASMRT_SEM_UNARY(name, T_, fn)                              \
  struct name {                                                     \
    using T = T_;                                                   \
    static auto Apply(T a) -> decltype(fn(a)) { return fn(a); }     \
    using R = decltype(ValueOf(Apply(T())));                        \
  };
#define WASMRT_SEM_LOAD(name, M_, V_)                               \
  struct name {                                                     \
    using Mem = M_;                                                 \
    using R = V_;                                                   \
    static R Apply(Mem v) { return R(v); }                          \
  };
#define WASMRT_SEM_STORE(name, M_)                                  \
  struct name {                                                     \
    using Mem = M_;                                                 \
    static Mem Apply(uint64_t v) { return Mem(v); }                 \
  };
WASMRT_SEM_BINARY_OPS(WASMRT_SEM_BINARY)
WASMRT_SEM_UNARY_OPS(WASMRT_SEM_UNARY)
WASMRT_SEM_LOAD_OPS(WASMRT_SEM_LOAD)
WASMRT_SEM_STORE_OPS(WASMRT_SEM_STORE)
#undef WASMRT_SEM_BINARY
#undef WASMRT_SEM_UNARY
#undef WASMRT_SEM_LOAD
#undef WASMRT_SEM_STORE
}  // namespace op

// Whether an operation's result is an i32 (its slot holds it zero-extended).
template <class Op>
constexpr bool kI32Result =
    std::is_same_v<typename Op::R, bool> ||
    (std::is_integral_v<typename Op::R> && sizeof(typename Op::R) == 4);

}  // namespace wasmrt::sem

#endif  // WASMRT_RUNTIME_CODE_SEMANTICS_H_

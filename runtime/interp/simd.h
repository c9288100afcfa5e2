// Fixed-width SIMD semantics (spec 4.3, "vector instructions") on 128-bit
// GCC/Clang vector types. Every function takes and returns the lane-agnostic
// `V` (two 64-bit words, the same bytes the operand stack holds) and views it
// in the lane type the instruction needs.
//
// Where the vector extension or an SSE2 instruction has exactly the spec's
// semantics it is used directly (integer arithmetic, comparisons, bitwise
// ops, saturating add/sub, narrow_s, dot). Where the hardware differs, a
// portable formulation is used instead, each covered by simd_test.cc:
// - float min/max: minps/maxps return the second operand for NaN and for
//   +0/-0; the spec wants NaN propagation and -0 < +0.
// - ceil/floor/trunc/nearest: roundps is SSE4.1; the baseline uses the
//   2^(mantissa bits) trick, exact in round-to-nearest mode.
// - trunc_sat: cvttps2dq gives 0x80000000 for NaN and overflow; the spec
//   saturates and maps NaN to 0.
// - swizzle: pshufb (SSSE3) looks only at bit 7 and the low nibble; the spec
//   gives 0 for every index >= 16.
// - q15mulr_sat: pmulhrsw (SSSE3) wraps 0x8000 * 0x8000 to 0x8000; the spec
//   saturates to 0x7fff.
// - narrow_i32x4_u: packusdw is SSE4.1; scalar clamp.
#ifndef WASMRT_RUNTIME_INTERP_SIMD_H_
#define WASMRT_RUNTIME_INTERP_SIMD_H_

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "runtime/code/semantics.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wasmrt::simd {

typedef int8_t i8x16 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef int16_t i16x8 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef int64_t i64x2 __attribute__((vector_size(16)));
typedef uint64_t u64x2 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));

using V = u64x2;

template <typename T>
using Elem = std::remove_cvref_t<decltype(std::declval<T>()[0])>;
template <typename T>
inline constexpr int kLanes = int(sizeof(T) / sizeof(Elem<T>));

/// Reads/writes 16 bytes at any alignment (operand slots, linear memory).
inline V Load(const void* p) {
  V v;
  std::memcpy(&v, p, 16);
  return v;
}
inline void Store(void* p, V v) { std::memcpy(p, &v, 16); }

/// Reads a little-endian E at any alignment (x86-64 and every wasm host
/// this interpreter targets are little-endian).
template <typename E>
inline E ReadLe(const uint8_t* p) {
  E e;
  std::memcpy(&e, p, sizeof(E));
  return e;
}

/// Reinterprets the bits of `v` as lane vector T.
template <typename T>
inline T As(V v) {
  return (T)v;
}
template <typename T>
inline V Bits(T v) {
  return (V)v;
}

/// Lane `i` of `v` viewed as T, and the vector with that lane replaced.
template <typename T>
inline Elem<T> Lane(V v, uint32_t i) {
  return As<T>(v)[i];
}
template <typename T>
inline V WithLane(V v, uint32_t i, Elem<T> e) {
  T t = As<T>(v);
  t[i] = e;
  return Bits(t);
}

template <typename T>
inline V Splat(Elem<T> e) {
  T r{};
  for (int i = 0; i < kLanes<T>; ++i) r[i] = e;
  return Bits(r);
}

// ---- lane-wise helpers ------------------------------------------------------

template <typename T, typename F>
inline V Map(V a, F f) {
  T x = As<T>(a), r{};
  for (int i = 0; i < kLanes<T>; ++i) r[i] = f(x[i]);
  return Bits(r);
}
template <typename T, typename F>
inline V Map2(V a, V b, F f) {
  T x = As<T>(a), y = As<T>(b), r{};
  for (int i = 0; i < kLanes<T>; ++i) r[i] = f(x[i], y[i]);
  return Bits(r);
}

// Clamps a wide integer to the range of E (a lane type narrower than 64 bits).
template <typename E>
inline E Saturate(int64_t v) {
  static_assert(sizeof(E) < 8);
  constexpr int64_t lo = std::numeric_limits<E>::min();
  constexpr int64_t hi = std::numeric_limits<E>::max();
  return E(v < lo ? lo : v > hi ? hi : v);
}

// ---- integer arithmetic -------------------------------------------------------
// U is the unsigned lane type (wrapping arithmetic), S the signed one.

template <typename U> inline V Add(V a, V b) { return Bits(As<U>(a) + As<U>(b)); }
template <typename U> inline V Sub(V a, V b) { return Bits(As<U>(a) - As<U>(b)); }
template <typename U> inline V Mul(V a, V b) { return Bits(As<U>(a) * As<U>(b)); }
template <typename U> inline V Neg(V a) { return Bits(-As<U>(a)); }

// iabs on wrapping lanes: (x ^ m) - m with m = all ones where x < 0, so
// -2^(N-1) stays -2^(N-1). S: signed lanes, U: the unsigned ones.
template <typename S, typename U>
inline V Abs(V a) {
  U m = (U)(As<S>(a) >> int(8 * sizeof(Elem<S>) - 1));
  return Bits((As<U>(a) ^ m) - m);
}

// Shift counts are taken modulo the lane width (spec: ishl, ishr_s, ishr_u).
template <typename U>
inline V Shl(V a, uint32_t n) {
  return Bits(As<U>(a) << int(n & (8 * sizeof(Elem<U>) - 1)));
}
template <typename T>  // S: arithmetic, U: logical
inline V Shr(V a, uint32_t n) {
  return Bits(As<T>(a) >> int(n & (8 * sizeof(Elem<T>) - 1)));
}

template <typename T> inline V Min(V a, V b) { T x = As<T>(a), y = As<T>(b); return Bits(x < y ? x : y); }
template <typename T> inline V Max(V a, V b) { T x = As<T>(a), y = As<T>(b); return Bits(x > y ? x : y); }

// Rounding average of unsigned lanes without widening: (a|b) - ((a^b) >> 1).
template <typename U>
inline V AvgrU(V a, V b) {
  U x = As<U>(a), y = As<U>(b);
  return Bits((x | y) - ((x ^ y) >> 1));
}

// Comparisons give all-ones / all-zeros lanes, which is what vector
// comparison operators produce.
template <typename T> inline V Eq(V a, V b) { return Bits(As<T>(a) == As<T>(b)); }
template <typename T> inline V Ne(V a, V b) { return Bits(As<T>(a) != As<T>(b)); }
template <typename T> inline V Lt(V a, V b) { return Bits(As<T>(a) < As<T>(b)); }
template <typename T> inline V Gt(V a, V b) { return Bits(As<T>(a) > As<T>(b)); }
template <typename T> inline V Le(V a, V b) { return Bits(As<T>(a) <= As<T>(b)); }
template <typename T> inline V Ge(V a, V b) { return Bits(As<T>(a) >= As<T>(b)); }

// Saturating add/sub of 8- and 16-bit lanes (T signed or unsigned).
template <typename T>
inline V AddSat(V a, V b) {
  return Map2<T>(a, b, [](int64_t x, int64_t y) { return Saturate<Elem<T>>(x + y); });
}
template <typename T>
inline V SubSat(V a, V b) {
  return Map2<T>(a, b, [](int64_t x, int64_t y) { return Saturate<Elem<T>>(x - y); });
}
#if defined(__SSE2__)
// paddsb/paddusb/psubsb/psubusb (and the 16-bit forms) saturate exactly as
// the spec's iadd_sat/isub_sat.
template <> inline V AddSat<i8x16>(V a, V b) { return (V)_mm_adds_epi8((__m128i)a, (__m128i)b); }
template <> inline V AddSat<u8x16>(V a, V b) { return (V)_mm_adds_epu8((__m128i)a, (__m128i)b); }
template <> inline V AddSat<i16x8>(V a, V b) { return (V)_mm_adds_epi16((__m128i)a, (__m128i)b); }
template <> inline V AddSat<u16x8>(V a, V b) { return (V)_mm_adds_epu16((__m128i)a, (__m128i)b); }
template <> inline V SubSat<i8x16>(V a, V b) { return (V)_mm_subs_epi8((__m128i)a, (__m128i)b); }
template <> inline V SubSat<u8x16>(V a, V b) { return (V)_mm_subs_epu8((__m128i)a, (__m128i)b); }
template <> inline V SubSat<i16x8>(V a, V b) { return (V)_mm_subs_epi16((__m128i)a, (__m128i)b); }
template <> inline V SubSat<u16x8>(V a, V b) { return (V)_mm_subs_epu16((__m128i)a, (__m128i)b); }
#endif

inline V Popcnt(V a) {
  u8x16 v = As<u8x16>(a);
  v = v - ((v >> 1) & 0x55);
  v = (v & 0x33) + ((v >> 2) & 0x33);
  return Bits((v + (v >> 4)) & 0x0F);
}

// i16x8.q15mulr_sat_s: (a*b + 2^14) >> 15, saturated (only -2^15 * -2^15
// overflows).
inline V Q15MulrSat(V a, V b) {
  return Map2<i16x8>(a, b, [](int32_t x, int32_t y) {
    return Saturate<int16_t>((x * y + 0x4000) >> 15);
  });
}

// i32x4.dot_i16x8_s: sums of adjacent products, wrapping (pmaddwd).
inline V Dot(V a, V b) {
#if defined(__SSE2__)
  return (V)_mm_madd_epi16((__m128i)a, (__m128i)b);
#else
  i16x8 x = As<i16x8>(a), y = As<i16x8>(b);
  u32x4 r{};
  for (int i = 0; i < 4; ++i) {
    r[i] = uint32_t(int32_t(x[2 * i]) * y[2 * i]) +
           uint32_t(int32_t(x[2 * i + 1]) * y[2 * i + 1]);
  }
  return Bits(r);
#endif
}

// ---- lane-count changing ------------------------------------------------------

// Narrow: lanes of `a` then of `b`, each saturated to O's lane type (the
// input lanes are signed in both the _s and _u forms, I is signed).
template <typename O, typename I>
inline V Narrow(V a, V b) {
  I x = As<I>(a), y = As<I>(b);
  O r{};
  constexpr int n = kLanes<I>;
  for (int i = 0; i < n; ++i) {
    r[i] = Saturate<Elem<O>>(x[i]);
    r[i + n] = Saturate<Elem<O>>(y[i]);
  }
  return Bits(r);
}
#if defined(__SSE2__)
// packsswb / packuswb / packssdw read signed input and saturate like the spec.
template <> inline V Narrow<i8x16, i16x8>(V a, V b) { return (V)_mm_packs_epi16((__m128i)a, (__m128i)b); }
template <> inline V Narrow<u8x16, i16x8>(V a, V b) { return (V)_mm_packus_epi16((__m128i)a, (__m128i)b); }
template <> inline V Narrow<i16x8, i32x4>(V a, V b) { return (V)_mm_packs_epi32((__m128i)a, (__m128i)b); }
#endif

// Extend the low or high half of I's lanes to O's lanes (I's signedness
// picks sign or zero extension).
template <typename O, typename I>
inline V Extend(V a, bool high) {
  I x = As<I>(a);
  O r{};
  constexpr int n = kLanes<O>;
  const int base = high ? n : 0;
  for (int i = 0; i < n; ++i) r[i] = Elem<O>(x[base + i]);
  return Bits(r);
}

template <typename O, typename I>
inline V ExtMul(V a, V b, bool high) {
  // O's lanes hold every product of two I lanes exactly.
  O x = As<O>(Extend<O, I>(a, high)), y = As<O>(Extend<O, I>(b, high));
  return Bits(x * y);
}

template <typename O, typename I>
inline V ExtAddPairwise(V a) {
  I x = As<I>(a);
  O r{};
  for (int i = 0; i < kLanes<O>; ++i) {
    r[i] = Elem<O>(Elem<O>(x[2 * i]) + Elem<O>(x[2 * i + 1]));
  }
  return Bits(r);
}

// ---- bitwise and tests ----------------------------------------------------------

inline V Not(V a) { return ~a; }
inline V And(V a, V b) { return a & b; }
inline V AndNot(V a, V b) { return a & ~b; }
inline V Or(V a, V b) { return a | b; }
inline V Xor(V a, V b) { return a ^ b; }
inline V Bitselect(V a, V b, V c) { return (a & c) | (b & ~c); }
inline uint32_t AnyTrue(V a) { return (a[0] | a[1]) != 0; }

template <typename T>
inline uint32_t AllTrue(V a) {
  T x = As<T>(a);
  for (int i = 0; i < kLanes<T>; ++i) {
    if (x[i] == 0) return 0;
  }
  return 1;
}

template <typename S>  // signed lanes: bit i = sign of lane i
inline uint32_t Bitmask(V a) {
  S x = As<S>(a);
  uint32_t m = 0;
  for (int i = 0; i < kLanes<S>; ++i) m |= uint32_t(x[i] < 0) << i;
  return m;
}

// ---- byte permutations ------------------------------------------------------------

/// i8x16.swizzle: lane i = a[s[i]] when s[i] < 16, else 0.
inline V Swizzle(V a, V s) {
  u8x16 x = As<u8x16>(a), idx = As<u8x16>(s), r{};
  for (int i = 0; i < 16; ++i) r[i] = idx[i] < 16 ? x[idx[i] & 15] : 0;
  return Bits(r);
}

/// i8x16.shuffle: lane i = byte lanes[i] of a:b; every index is < 32
/// (validated).
inline V Shuffle(V a, V b, V lanes) {
  uint8_t both[32];
  std::memcpy(both, &a, 16);
  std::memcpy(both + 16, &b, 16);
  u8x16 idx = As<u8x16>(lanes), r{};
  for (int i = 0; i < 16; ++i) r[i] = both[idx[i] & 31];
  return Bits(r);
}

// ---- floating point -------------------------------------------------------------

template <typename F> struct FloatBits;
template <> struct FloatBits<f32x4> {
  using U = u32x4;
  static constexpr uint32_t kSign = 0x80000000u;
  static constexpr float kIntBound = 8388608.0f;  // 2^23: all larger are integers
};
template <> struct FloatBits<f64x2> {
  using U = u64x2;
  static constexpr uint64_t kSign = 0x8000000000000000ull;
  static constexpr double kIntBound = 4503599627370496.0;  // 2^52
};

// Which NaN a lane of two NaNs gets is fixed as for scalars (semantics.h):
// the first operand's, quieted, as addps/mulps return it. GCC treats vector
// + and * as commutative and may swap the operands (it did, differently in
// different handlers), so the order is pinned with the instruction itself.
template <typename F>
inline F AddInOrder(F x, F y) {
#if defined(__SSE2__)
  if constexpr (std::is_same_v<F, f32x4>) {
    asm("addps %1, %0" : "+x"(x) : "x"(y));
  } else {
    asm("addpd %1, %0" : "+x"(x) : "x"(y));
  }
  return x;
#else
  return x + y;
#endif
}
template <typename F>
inline F MulInOrder(F x, F y) {
#if defined(__SSE2__)
  if constexpr (std::is_same_v<F, f32x4>) {
    asm("mulps %1, %0" : "+x"(x) : "x"(y));
  } else {
    asm("mulpd %1, %0" : "+x"(x) : "x"(y));
  }
  return x;
#else
  return x * y;
#endif
}

template <typename F> inline V FAdd(V a, V b) { return Bits(AddInOrder(As<F>(a), As<F>(b))); }
template <typename F> inline V FSub(V a, V b) { return Bits(As<F>(a) - As<F>(b)); }
template <typename F> inline V FMul(V a, V b) { return Bits(MulInOrder(As<F>(a), As<F>(b))); }
template <typename F> inline V FDiv(V a, V b) { return Bits(As<F>(a) / As<F>(b)); }

// abs/neg touch only the sign bit, so NaN payloads pass unchanged.
template <typename F>
inline V FAbs(V a) {
  using U = typename FloatBits<F>::U;
  return Bits(As<U>(a) & ~U{} >> 1);
}
template <typename F>
inline V FNeg(V a) {
  using U = typename FloatBits<F>::U;
  return Bits(As<U>(a) ^ (U{} + FloatBits<F>::kSign));
}

template <typename F>
inline V FSqrt(V a) {
#if defined(__SSE2__)
  if constexpr (std::is_same_v<F, f32x4>) return (V)_mm_sqrt_ps((__m128)a);
  else return (V)_mm_sqrt_pd((__m128d)a);
#else
  return Map<F>(a, [](auto x) { return std::sqrt(x); });
#endif
}

// fmin/fmax (spec 4.3.3): NaN if either lane is NaN (the first NaN, from
// the addition), and -0 < +0: on equal lanes OR (min) / AND (max) the bits,
// which only differs from either operand for a +0/-0 pair.
template <typename F>
inline V FMin(V a, V b) {
  using U = typename FloatBits<F>::U;
  F x = As<F>(a), y = As<F>(b);
  F m = x < y ? x : y;
  m = x == y ? (F)(As<U>(a) | As<U>(b)) : m;
  return Bits((x != x) | (y != y) ? AddInOrder(x, y) : m);
}
template <typename F>
inline V FMax(V a, V b) {
  using U = typename FloatBits<F>::U;
  F x = As<F>(a), y = As<F>(b);
  F m = x > y ? x : y;
  m = x == y ? (F)(As<U>(a) & As<U>(b)) : m;
  return Bits((x != x) | (y != y) ? AddInOrder(x, y) : m);
}
// Pseudo-min/max: exactly `b < a ? b : a` and `a < b ? b : a`.
template <typename F>
inline V FPMin(V a, V b) {
  F x = As<F>(a), y = As<F>(b);
  return Bits(y < x ? y : x);
}
template <typename F>
inline V FPMax(V a, V b) {
  F x = As<F>(a), y = As<F>(b);
  return Bits(x < y ? y : x);
}

enum class Rounding { kCeil, kFloor, kTrunc, kNearest };

// Rounds each lane to an integral value. |x| below 2^(mantissa bits) is
// rounded to nearest-even by adding and subtracting that bound (exact in the
// default rounding mode), then corrected toward the wanted direction; the
// sign of x is put back so -0 and results like ceil(-0.5) = -0 keep it.
// Larger magnitudes, infinities and NaNs are already integral: x + 0 returns
// them, quieting a signalling NaN as the spec requires.
template <typename F, Rounding R>
inline V Round(V a) {
  using FB = FloatBits<F>;
  using U = typename FB::U;
  const U sign = U{} + FB::kSign;
  F x = As<F>(a);
  U xs = As<U>(a) & sign;
  F ax = (F)(As<U>(a) & ~sign);
  F bound = F{} + FB::kIntBound;
  F r = (ax + bound) - bound;  // |x| to nearest, ties to even
  F res;
  if constexpr (R == Rounding::kNearest) {
    res = r;
  } else if constexpr (R == Rounding::kTrunc) {
    res = r > ax ? r - 1 : r;
  } else {
    F sr = (F)(As<U>(Bits(r)) | xs);  // signed nearest
    if constexpr (R == Rounding::kFloor) {
      res = sr > x ? sr - 1 : sr;
    } else {
      res = sr < x ? sr + 1 : sr;
    }
  }
  F signed_res = (F)((As<U>(Bits(res)) & ~sign) | xs);
  return Bits(ax < bound ? signed_res : x + F{});
}

// ---- conversions ----------------------------------------------------------------

template <typename I, typename F>  // I: i32x4 or u32x4
inline V Convert(V a) {
  return Bits(__builtin_convertvector(As<I>(a), f32x4));
}

template <typename E>  // int32_t or uint32_t: the low two lanes to f64x2
inline V ConvertLow(V a) {
  u32x4 x = As<u32x4>(a);
  return Bits(f64x2{double(E(x[0])), double(E(x[1]))});
}

template <typename E>  // int32_t or uint32_t
inline V TruncSatF32(V a) {
  f32x4 x = As<f32x4>(a);
  u32x4 r{};
  for (int i = 0; i < 4; ++i) r[i] = uint32_t(sem::TruncSat<E>(x[i]));
  return Bits(r);
}

template <typename E>  // the two f64 lanes into lanes 0 and 1; lanes 2, 3 = 0
inline V TruncSatF64Zero(V a) {
  f64x2 x = As<f64x2>(a);
  return Bits(u32x4{uint32_t(sem::TruncSat<E>(x[0])),
                    uint32_t(sem::TruncSat<E>(x[1])), 0, 0});
}

inline V DemoteZero(V a) {
  f64x2 x = As<f64x2>(a);
  return Bits(f32x4{float(x[0]), float(x[1]), 0.0f, 0.0f});
}

inline V PromoteLow(V a) {
  f32x4 x = As<f32x4>(a);
  return Bits(f64x2{double(x[0]), double(x[1])});
}

}  // namespace wasmrt::simd

#endif  // WASMRT_RUNTIME_INTERP_SIMD_H_

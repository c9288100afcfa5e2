// Numeric semantics the hardware does not give directly (spec 4.3):
// trapping division and truncation, saturating truncation, NaN-propagating
// min/max. Everything here is branch-light and allocation-free.
#ifndef WASMRT_RUNTIME_INTERP_NUMERIC_H_
#define WASMRT_RUNTIME_INTERP_NUMERIC_H_

#include <cmath>
#include <cstdint>
#include <limits>

namespace wasmrt::numeric {

// fmin/fmax of the spec: NaN if either operand is NaN (quieted by the
// addition), and -0 < +0.
template <typename F>
inline F Min(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
template <typename F>
inline F Max(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
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

// Saturating truncation (nontrapping float-to-int).
template <typename I, typename F>
inline I TruncSat(F x) {
  if (std::isnan(x)) return 0;
  if (TruncInRange<I>(x)) return I(x);
  return x < F(0) ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

}  // namespace wasmrt::numeric

#endif  // WASMRT_RUNTIME_INTERP_NUMERIC_H_

// Strict LEB128 readers (spec 5.2.2). The spec bounds an N-bit integer to
// ceil(N/7) bytes and requires the unused bits of the last byte to be a
// proper zero (unsigned) or sign (signed) extension; anything else is
// malformed, so a lenient reader would accept modules other engines reject.
#ifndef WASMRT_RUNTIME_BINARY_LEB128_H_
#define WASMRT_RUNTIME_BINARY_LEB128_H_

#include <cstdint>
#include <type_traits>

namespace wasmrt {

enum class LebStatus : uint8_t {
  kOk,
  kUnexpectedEnd,  // ran off the end of the range
  kTooLong,        // more than ceil(N/7) bytes
  kTooLarge,       // unused bits of the last byte are not a proper extension
};

/// The spec's words for a failed read; never called with kOk.
inline const char* LebStatusText(LebStatus s) {
  switch (s) {
    case LebStatus::kOk: return "ok";
    case LebStatus::kUnexpectedEnd: return "unexpected end";
    case LebStatus::kTooLong: return "integer representation too long";
    case LebStatus::kTooLarge: return "integer too large";
  }
  return "integer too large";
}

namespace leb_internal {

// Checks the last permitted byte `b` of an N-bit value whose first
// `used` (1..7) payload bits are significant.
template <bool kSigned>
inline LebStatus CheckLastByte(uint8_t b, unsigned used) {
  if (b & 0x80) return LebStatus::kTooLong;
  if constexpr (!kSigned) {
    return (b >> used) == 0 ? LebStatus::kOk : LebStatus::kTooLarge;
  } else {
    // The sign bit and every unused bit above it must be equal.
    const unsigned rest = unsigned(b) >> (used - 1);
    const unsigned ones = (1u << (8 - used)) - 1;
    return (rest == 0 || rest == ones) ? LebStatus::kOk : LebStatus::kTooLarge;
  }
}

// Reads an N-bit (un)signed LEB128 into T (T wide enough for N bits). On
// success advances *pos; on failure leaves *pos and *out untouched.
template <typename T, unsigned kBits, bool kSigned>
inline LebStatus Read(const uint8_t** pos, const uint8_t* end, T* out) {
  using U = std::make_unsigned_t<T>;
  constexpr unsigned kMaxBytes = (kBits + 6) / 7;
  constexpr unsigned kWidth = sizeof(U) * 8;
  const uint8_t* p = *pos;
  U result = 0;
  for (unsigned i = 0; i < kMaxBytes; ++i) {
    if (p == end) return LebStatus::kUnexpectedEnd;
    const uint8_t b = *p++;
    const unsigned shift = 7 * i;
    if (i + 1 == kMaxBytes) {
      LebStatus s = CheckLastByte<kSigned>(b, kBits - shift);
      if (s != LebStatus::kOk) return s;
    }
    result |= U(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      if (kSigned && (b & 0x40) && shift + 7 < kWidth) {
        result |= ~U(0) << (shift + 7);
      }
      *out = T(result);
      *pos = p;
      return LebStatus::kOk;
    }
  }
  return LebStatus::kTooLong;  // unreachable: the last byte ends the loop
}

}  // namespace leb_internal

/// Reads a u32 from [*pos, end); advances *pos only on success.
inline LebStatus ReadU32(const uint8_t** pos, const uint8_t* end, uint32_t* out) {
  return leb_internal::Read<uint32_t, 32, false>(pos, end, out);
}
/// Reads an s32 from [*pos, end); advances *pos only on success.
inline LebStatus ReadS32(const uint8_t** pos, const uint8_t* end, int32_t* out) {
  return leb_internal::Read<int32_t, 32, true>(pos, end, out);
}
/// Reads an s33 (block type index) from [*pos, end) into a sign-extended int64.
inline LebStatus ReadS33(const uint8_t** pos, const uint8_t* end, int64_t* out) {
  return leb_internal::Read<int64_t, 33, true>(pos, end, out);
}
/// Reads a u64 from [*pos, end); advances *pos only on success.
inline LebStatus ReadU64(const uint8_t** pos, const uint8_t* end, uint64_t* out) {
  return leb_internal::Read<uint64_t, 64, false>(pos, end, out);
}
/// Reads an s64 from [*pos, end); advances *pos only on success.
inline LebStatus ReadS64(const uint8_t** pos, const uint8_t* end, int64_t* out) {
  return leb_internal::Read<int64_t, 64, true>(pos, end, out);
}

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BINARY_LEB128_H_

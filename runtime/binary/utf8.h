// UTF-8 well-formedness (spec 5.2.4 "names"): shortest form only, no
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
#ifndef WASMRT_RUNTIME_BINARY_UTF8_H_
#define WASMRT_RUNTIME_BINARY_UTF8_H_

#include <cstddef>
#include <cstdint>

namespace wasmrt {

/// True if [p, p+n) is well-formed UTF-8.
inline bool IsValidUtf8(const uint8_t* p, size_t n) {
  const uint8_t* const end = p + n;
  auto cont = [](uint8_t b) { return (b & 0xC0) == 0x80; };
  while (p < end) {
    const uint8_t b = *p;
    if (b < 0x80) { ++p; continue; }
    size_t len;
    // The first continuation byte's range encodes the overlong, surrogate
    // and > U+10FFFF exclusions (RFC 3629 section 4).
    uint8_t lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;  // continuation byte, C0/C1 overlong lead, or F5..FF
    }
    if (size_t(end - p) < len) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (size_t i = 2; i < len; ++i) {
      if (!cont(p[i])) return false;
    }
    p += len;
  }
  return true;
}

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BINARY_UTF8_H_

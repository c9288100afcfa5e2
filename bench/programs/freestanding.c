/* The few libc symbols clang may call in a freestanding wasm build
 * (struct copies, zeroing). Compiled with -fno-builtin so the loops are
 * not turned back into calls to themselves. */
#include <stddef.h>

void* memcpy(void* dst, const void* src, size_t n) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
  return dst;
}

void* memset(void* dst, int v, size_t n) {
  unsigned char* d = dst;
  while (n--) *d++ = (unsigned char)v;
  return dst;
}

/* Shared declarations of the benchmark kernels. Each program defines
 *   uint64_t run(uint32_t n)
 * which does work proportional to n and returns a checksum, so the same
 * source builds natively (called by native_main.c) and as a freestanding
 * wasm32 module exporting `run` (called by wasmrun and by node). */
#ifndef WASMRT_BENCH_H_
#define WASMRT_BENCH_H_

#include <stddef.h>
#include <stdint.h>

#define BENCH_EXPORT __attribute__((visibility("default")))

BENCH_EXPORT uint64_t run(uint32_t n);

/* Freestanding builds have no libc: small replacements. */
static inline void bench_memset(void* p, int v, size_t n) {
  unsigned char* d = (unsigned char*)p;
  for (size_t i = 0; i < n; ++i) d[i] = (unsigned char)v;
}

#endif

/* A SIMD kernel: integer dot products with clang's wasm SIMD intrinsics
 * when built with -msimd128, plain C otherwise (the native build). */
#include "bench.h"

#define LEN 4096
static int32_t xs[LEN], ys[LEN];

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
static int64_t dot(void) {
  v128_t acc = wasm_i32x4_splat(0);
  for (int i = 0; i < LEN; i += 4) {
    v128_t a = wasm_v128_load(&xs[i]);
    v128_t b = wasm_v128_load(&ys[i]);
    acc = wasm_i32x4_add(acc, wasm_i32x4_mul(a, b));
  }
  return (int64_t)wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) +
         wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
}
#else
static int64_t dot(void) {
  int32_t lanes[4] = {0, 0, 0, 0};
  for (int i = 0; i < LEN; i += 4)
    for (int l = 0; l < 4; ++l) lanes[l] += xs[i + l] * ys[i + l];
  return (int64_t)lanes[0] + lanes[1] + lanes[2] + lanes[3];
}
#endif

uint64_t run(uint32_t n) {
  uint64_t total = 0;
  for (uint32_t r = 0; r < n; ++r) {
    for (int i = 0; i < LEN; ++i) { xs[i] = (int32_t)((i * 7 + r) % 101) - 50; ys[i] = (int32_t)((i * 13 + r) % 97) - 48; }
    total += (uint64_t)dot();
  }
  return total;
}

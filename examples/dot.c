// SIMD kernels for the fixed-width SIMD tests: dot products over two arrays
// the host fills in linear memory. Freestanding (no libc); built by
// examples/BUILD.bazel with clang-14 -msimd128.
#include <stdint.h>
#include <wasm_simd128.h>

#define kCapacity 4096

static int16_t a16[kCapacity], b16[kCapacity];
static float a32[kCapacity], b32[kCapacity];

// Addresses of the input arrays, for the host to fill.
int16_t* buf_a16(void) { return a16; }
int16_t* buf_b16(void) { return b16; }
float* buf_a32(void) { return a32; }
float* buf_b32(void) { return b32; }

// sum(a16[i] * b16[i]) for i < n, with i32x4.dot_i16x8_s over 8 lanes at a
// time; 32-bit wrapping arithmetic.
uint32_t dot_i16(int32_t n) {
  v128_t acc = wasm_i32x4_splat(0);
  int32_t i = 0;
  for (; i + 8 <= n; i += 8) {
    v128_t x = wasm_v128_load(a16 + i);
    v128_t y = wasm_v128_load(b16 + i);
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(x, y));
  }
  uint32_t sum = (uint32_t)wasm_i32x4_extract_lane(acc, 0) +
                 (uint32_t)wasm_i32x4_extract_lane(acc, 1) +
                 (uint32_t)wasm_i32x4_extract_lane(acc, 2) +
                 (uint32_t)wasm_i32x4_extract_lane(acc, 3);
  for (; i < n; ++i) sum += (uint32_t)((int32_t)a16[i] * b16[i]);
  return sum;
}

// sum(a32[i] * b32[i]) for i < n in four f32 lanes: lane j accumulates the
// elements i = j (mod 4) of the vector part, then the lanes are added in
// order 0..3 and the tail after them.
float dot_f32(int32_t n) {
  v128_t acc = wasm_f32x4_splat(0.0f);
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t x = wasm_v128_load(a32 + i);
    v128_t y = wasm_v128_load(b32 + i);
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y));
  }
  float sum = wasm_f32x4_extract_lane(acc, 0);
  sum += wasm_f32x4_extract_lane(acc, 1);
  sum += wasm_f32x4_extract_lane(acc, 2);
  sum += wasm_f32x4_extract_lane(acc, 3);
  for (; i < n; ++i) sum += a32[i] * b32[i];
  return sum;
}

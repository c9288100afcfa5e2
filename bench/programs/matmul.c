/* Floating point matrix multiply: n products of 128 x 128 doubles
 * (naive i-k-j order). */
#include "bench.h"

#define N 128
static double A[N * N], B[N * N], C[N * N];

static double multiply(uint32_t rep) {
  const uint32_t n = N;
  for (uint32_t i = 0; i < n * n; ++i) {
    A[i] = (double)((i + rep) % 13) * 0.5 - 3.0;
    B[i] = (double)(i % 7) * 0.25 + 1.0;
    C[i] = 0;
  }
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t k = 0; k < n; ++k) {
      double a = A[i * n + k];
      for (uint32_t j = 0; j < n; ++j) C[i * n + j] += a * B[k * n + j];
    }
  double sum = 0;
  for (uint32_t i = 0; i < n * n; ++i) sum += C[i] * (double)((i & 3) + 1);
  return sum;
}

uint64_t run(uint32_t n) {
  double total = 0;
  for (uint32_t r = 0; r < n; ++r) total += multiply(r);
  union { double d; uint64_t u; } bits = {total};
  return bits.u;
}

/* Integer loops: arithmetic, shifts, compares and branches, no memory. */
#include "bench.h"

uint64_t run(uint32_t n) {
  uint64_t acc = 0x12345678u;
  uint32_t x = 7;
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t j = 0; j < 1000; ++j) {
      x = x * 1103515245u + 12345u;
      acc += (x >> 7) ^ (acc << 3);
      if ((x & 15) == 3) acc -= j;
    }
  }
  return acc ^ x;
}

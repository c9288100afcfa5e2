/* Native driver: runs `run(n)` and prints the checksum and the time. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"

int main(int argc, char** argv) {
  uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], 0, 10) : 1;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  uint64_t r = run(n);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%lld\n", (long long)r);
  fprintf(stderr, "time_ms %.3f\n", (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
  return 0;
}

/* Recursive calls: the cost of a call and return. */
#include "bench.h"

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

uint64_t run(uint32_t n) { return fib(n); }

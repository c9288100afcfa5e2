// typed: functions taking and returning plain WebAssembly values, for typed
// arguments (wasmctl invoke typed mix 1 2 1.5 0.25).
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))

EXPORT("add") int32_t add(int32_t a, int32_t b) { return a + b; }

EXPORT("mix") double mix(int32_t a, int64_t b, float c, double d) {
  return (double)a + (double)b + (double)c + d;
}

EXPORT("divide") int32_t divide(int32_t a, int32_t b) { return a / b; }  // traps on b == 0

EXPORT("pair") int64_t pair(int64_t x) { return -x; }

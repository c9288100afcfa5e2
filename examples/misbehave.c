// misbehave: guests that try to hurt the host. The service must stop each of
// them with the right outcome and keep serving (tests/service).
#define WASMRT_GUEST_ALLOCATOR
#include "sdk/wasmrt_guest.h"

static volatile uint32_t sink;

// An infinite loop with no calls: only fuel or the deadline can stop it.
WASMRT_EXPORT("spin") void spin(void) {
  for (;;) sink = sink + 1;
}

// Counts to n in a loop: a slow call that ends normally.
WASMRT_EXPORT("count") int32_t count(int32_t n) {
  for (int32_t i = 0; i < n; ++i) sink = (uint32_t)i;
  return n;
}

// Unbounded recursion. The store after the call keeps it from becoming a loop
// (no tail call), and nothing lives on the shadow stack, so the engine's call
// depth limit is what ends it.
__attribute__((noinline)) static int32_t dive(int32_t depth) {
  sink = (uint32_t)depth;
  int32_t r = dive(depth + 1);
  sink = (uint32_t)r;
  return r + 1;
}

WASMRT_EXPORT("recurse") int32_t recurse(void) { return dive(0); }

// Grows memory a page at a time until memory.grow answers -1; returns the
// number of pages it got. The memory limit must make it stop, not crash.
WASMRT_EXPORT("bomb") int32_t bomb(void) {
  int32_t pages = 0;
  while (__builtin_wasm_memory_grow(0, 1) != (size_t)-1) ++pages;
  return pages;
}

// Payload functions that break the ABI: an output range far outside memory,
// and one that starts inside but runs past the end.
WASMRT_EXPORT("bad_output") int64_t bad_output(int32_t ptr, int32_t len) {
  (void)ptr;
  (void)len;
  return wasmrt_return((const void*)(uintptr_t)0xfff00000u, 100);
}

WASMRT_EXPORT("overrun_output") int64_t overrun_output(int32_t ptr, int32_t len) {
  (void)len;
  uint32_t size = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
  return wasmrt_return((const void*)(uintptr_t)ptr, size - (uint32_t)ptr + 1);
}

// Isolation: leaves marks in static data, the heap and memory size, and
// reports the marks it found from earlier calls (all zero when isolated).
static uint32_t visits;
static uint32_t* heap_mark;

WASMRT_EXPORT("scribble") int32_t scribble(void) {
  uint32_t seen = visits;
  if (heap_mark != NULL) seen += 1000;
  if (__builtin_wasm_memory_size(0) != 2) seen += 100000;  // initial size is 2 pages
  visits += 1;
  heap_mark = (uint32_t*)malloc(64);
  if (heap_mark != NULL) *heap_mark = 0xdeadbeef;
  __builtin_wasm_memory_grow(0, 1);
  return (int32_t)seen;
}

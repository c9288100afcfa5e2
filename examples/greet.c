// greet: the payload ABI's hello world. Input bytes in, "hello, <input>" out.
//
//   wasmctl invoke greet greet --payload world    ->  hello, world
#define WASMRT_GUEST_ALLOCATOR
#include "sdk/wasmrt_guest.h"

static const char kPrefix[] = "hello, ";

WASMRT_EXPORT("greet")
int64_t greet(int32_t ptr, int32_t len) {
  const uint32_t prefix = sizeof(kPrefix) - 1;
  uint8_t* out = (uint8_t*)malloc(prefix + (uint32_t)len);
  if (out == NULL) return 0;
  wasmrt_copy(out, kPrefix, prefix);
  wasmrt_copy(out + prefix, (const void*)(uintptr_t)ptr, (uint32_t)len);
  return wasmrt_return(out, prefix + (uint32_t)len);
}

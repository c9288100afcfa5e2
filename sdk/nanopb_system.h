/* nanopb's system header (PB_SYSTEM_HEADER) for freestanding wasm32 guests:
 * the compiler's own headers, and declarations of the few libc functions
 * nanopb calls, which sdk/freestanding.c defines. nanopb_wasm_guest
 * (sdk/wasm_guest.bzl) compiles nanopb with it. */
#ifndef WASMRT_SDK_NANOPB_SYSTEM_H_
#define WASMRT_SDK_NANOPB_SYSTEM_H_

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);

#endif /* WASMRT_SDK_NANOPB_SYSTEM_H_ */

/* Stand-in <setjmp.h> for the real-program benchmarks (bench/real), wasm only.
 *
 * Debian's wasi-libc (2022) has no setjmp/longjmp: WebAssembly without the
 * exception-handling proposal cannot unwind the C stack. Lua's error
 * recovery and QuickJS's dtoa.c include this header; neither jumps on the
 * workloads here (the Lua script raises no error and never yields a
 * coroutine). setjmp records nothing and returns 0; a longjmp that would
 * unwind stops the program loudly instead of running on in a wrong state.
 */
#ifndef WASMRT_REALBENCH_SETJMP_H_
#define WASMRT_REALBENCH_SETJMP_H_

#include <stdio.h>
#include <stdlib.h>

typedef int jmp_buf[1];

static inline _Noreturn void wasmrt_realbench_longjmp(void) {
  fputs("error: longjmp is not available on wasm32-wasi (no stack unwinding)\n", stderr);
  abort();
}

#define setjmp(env) ((void)(env), 0)
#define _setjmp(env) setjmp(env)
#define longjmp(env, val) ((void)(env), (void)(val), wasmrt_realbench_longjmp())
#define _longjmp(env, val) longjmp(env, val)

#endif /* WASMRT_REALBENCH_SETJMP_H_ */

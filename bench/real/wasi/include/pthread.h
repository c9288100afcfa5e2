/* Stand-in <pthread.h> for the real-program benchmarks (bench/real), wasm only.
 *
 * Debian's wasi-libc (2022) is single-threaded and has no <pthread.h>.
 * QuickJS includes it for its Atomics.wait/notify support, which a single
 * thread never blocks in: a mutex has nobody to wait for, and waiting on a
 * condition could never end, so it fails at once (the workloads never call
 * Atomics.wait).
 */
#ifndef WASMRT_REALBENCH_PTHREAD_H_
#define WASMRT_REALBENCH_PTHREAD_H_

#include <errno.h>
#include <time.h>

typedef struct { int unused; } pthread_mutex_t;
typedef struct { int unused; } pthread_cond_t;
typedef struct { int unused; } pthread_mutexattr_t;
typedef struct { int unused; } pthread_condattr_t;

#define PTHREAD_MUTEX_INITIALIZER {0}
#define PTHREAD_COND_INITIALIZER {0}

static inline int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a) {
  (void)m; (void)a; return 0;
}
static inline int pthread_mutex_destroy(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_mutex_lock(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_mutex_unlock(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a) {
  (void)c; (void)a; return 0;
}
static inline int pthread_cond_destroy(pthread_cond_t *c) { (void)c; return 0; }
static inline int pthread_cond_signal(pthread_cond_t *c) { (void)c; return 0; }
static inline int pthread_cond_broadcast(pthread_cond_t *c) { (void)c; return 0; }
static inline int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  (void)c; (void)m; return EDEADLK;
}
static inline int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                                         const struct timespec *t) {
  (void)c; (void)m; (void)t; return ETIMEDOUT;
}

#endif /* WASMRT_REALBENCH_PTHREAD_H_ */

/* tmpfile() for the real-program benchmarks (bench/real), wasm only.
 *
 * wasi-libc declares tmpfile but has none: WASI has no directory that is
 * always there for temporary files. Lua's io.tmpfile calls it; here it fails
 * like a full disk would, so the caller reports an error instead of the
 * link failing. (SQLite finds its temporary directory on its own.)
 */
#include <errno.h>
#include <stdio.h>

FILE *tmpfile(void) {
  errno = ENOTSUP;
  return NULL;
}

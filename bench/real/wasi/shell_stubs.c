/* system, chmod and realpath for the SQLite shell in the real-program
 * benchmarks (bench/real), wasm only.
 *
 * The shell calls them for .system/.shell, for writing files with modes
 * (fileio's writefile) and for resolving file names; wasi-libc has none of
 * them (WASI runs no commands, has no permission bits, and resolves paths
 * only inside preopened directories). Each fails with an error, so those
 * shell features report it; the workload uses none of them.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/stat.h>

int system(const char *command) {
  if (command == NULL) return 0; /* no command processor */
  errno = ENOSYS;
  return -1;
}

int chmod(const char *path, mode_t mode) {
  (void)path;
  (void)mode;
  errno = ENOTSUP;
  return -1;
}

char *realpath(const char *restrict path, char *restrict resolved) {
  (void)path;
  (void)resolved;
  errno = ENOTSUP;
  return NULL;
}

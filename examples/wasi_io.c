// wasi_io: a WASI command (wasi-libc) for the service's stdio tests. Invoke
// its `_start` with WASI args:
//   flood N   writes N KiB to stdout and to stderr (the server caps them)
//   echo      copies stdin to stdout, $GREETING to stderr, exits with 3
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc >= 3 && strcmp(argv[1], "flood") == 0) {
    static char line[1024];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    long kib = atol(argv[2]);
    for (long i = 0; i < kib; ++i) {
      fwrite(line, 1, sizeof line, stdout);
      fwrite(line, 1, sizeof line, stderr);
    }
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "echo") == 0) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
    const char* g = getenv("GREETING");
    fprintf(stderr, "GREETING=%s\n", g ? g : "(unset)");
    return 3;
  }
  fprintf(stderr, "usage: flood N | echo\n");
  return 2;
}

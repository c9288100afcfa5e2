// A WASI command for wasmrun's integration test (compiled by the build with
// clang-14 --target=wasm32-wasi). Usage: wasi_demo MODE [ARG]
//   args          print argc and each argument
//   env NAME      print NAME's value, and how many variables there are
//   cat PATH      print the file PATH (through a preopened directory)
//   write PATH    write "written\n" to PATH
//   escape PATH   try to open PATH, print the errno name on failure
//   rename A B    rename A to B, print "ok" or the errno name
//   link A B      hard-link A as B, print "ok" or the errno name
//   exit N        print "bye" and exit with status N
//   catexit PATH N  print the file PATH, then exit with status N
//   trap          execute unreachable
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char** environ;

#ifndef ENOTCAPABLE  // a WASI errno; the native build has none
#define ENOTCAPABLE (-1)
#endif

static const char* ErrnoName(int e) {
  if (e == ENOTCAPABLE) return "ENOTCAPABLE";
  if (e == ENOENT) return "ENOENT";
  if (e == ELOOP) return "ELOOP";
  if (e == EXDEV) return "EXDEV";
  return strerror(e);
}

static int Cat(const char* path) {
  FILE* f = fopen(path, "r");
  if (f == NULL) {
    printf("cannot open %s: %s\n", path, strerror(errno));
    return 1;
  }
  char buf[256];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) fwrite(buf, 1, n, stdout);
  fclose(f);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return 64;
  const char* mode = argv[1];
  const char* arg = argc > 2 ? argv[2] : "";
  if (strcmp(mode, "args") == 0) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
    return 0;
  }
  if (strcmp(mode, "env") == 0) {
    int count = 0;
    for (char** e = environ; *e != NULL; ++e) ++count;
    const char* v = getenv(arg);
    printf("%s=%s count=%d\n", arg, v ? v : "(unset)", count);
    return 0;
  }
  if (strcmp(mode, "cat") == 0) return Cat(arg);
  if (strcmp(mode, "catexit") == 0) {
    Cat(arg);
    fflush(stdout);
    exit(argc > 3 ? atoi(argv[3]) : 0);
  }
  if (strcmp(mode, "write") == 0) {
    FILE* f = fopen(arg, "w");
    if (f == NULL) {
      printf("cannot create %s: %s\n", arg, strerror(errno));
      return 1;
    }
    fputs("written\n", f);
    fclose(f);
    return 0;
  }
  if (strcmp(mode, "escape") == 0) {
    FILE* f = fopen(arg, "r");
    if (f != NULL) {
      printf("opened %s\n", arg);
      return 0;
    }
    printf("%s\n", ErrnoName(errno));
    return 0;
  }
  if (strcmp(mode, "rename") == 0 || strcmp(mode, "link") == 0) {
    const char* to = argc > 3 ? argv[3] : "";
    int r = mode[0] == 'r' ? rename(arg, to) : link(arg, to);
    printf("%s\n", r == 0 ? "ok" : ErrnoName(errno));
    return 0;
  }
  if (strcmp(mode, "exit") == 0) {
    printf("bye\n");
    exit(atoi(arg));
  }
  if (strcmp(mode, "trap") == 0) __builtin_trap();
  return 64;
}

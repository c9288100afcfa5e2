// The guest of the embedding walk-through, compiled to WebAssembly by the
// build: no libc, no allocator (the host's module_malloc buffers come from
// the app heap the runtime adds to this module's memory).

// Natives the host registers under "env".
__attribute__((import_module("env"), import_name("display_input_read")))
int display_input_read(char* buf);
__attribute__((import_module("env"), import_name("display_flush")))
void display_flush(int x, int y, int width, int height, unsigned* color);

__attribute__((export_name("fib"))) int fib(int n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

// char, int, double, int64 in; double out: six argv cells in, two out.
__attribute__((export_name("mixed"))) double mixed(char c, int i, double d, long long l) {
  return c + i + d + (double)l;
}

// Length of the NUL-terminated text in a buffer of `size` bytes.
__attribute__((export_name("text_length"))) int text_length(const char* buf, int size) {
  int n = 0;
  while (n < size && buf[n] != '\0') ++n;
  return n;
}

// Reads input through one native and draws through the other.
__attribute__((export_name("refresh"))) int refresh(void) {
  char input[16];
  int n = display_input_read(input);
  unsigned color = 0x00ff80u;
  display_flush(n, input[0], 32, 16, &color);
  return n;
}

/* The embedding guide's walk-through as a program: pool-mode init with two
 * natives, load and instantiate a module, call fib, pass char/int/double/
 * int64 through argv cells, hand the guest a buffer from module_malloc, let
 * the guest call the natives, and tear everything down.
 *
 *   embed path/to/guest.wasm */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_export.h"

/* "(*)i": `buf` is already translated and checked to lie in the memory. */
static int display_input_read(wasm_exec_env_t exec_env, char *buf) {
  (void)exec_env;
  buf[0] = 'k';
  return 1;
}

/* "(iiii*)": four integers and a pointer to the colour. */
static void display_flush(wasm_exec_env_t exec_env, int x, int y, int width, int height,
                          uint32_t *color) {
  wasm_module_inst_t module_inst = get_module_inst(exec_env);
  uint32_t app = addr_native_to_app(color);
  printf("display_flush(%d, '%c', %d, %d, color 0x%06x at app address %s)\n", x, y, width,
         height, *color, app != 0 ? "ok" : "bad");
}

static NativeSymbol native_symbols[] = {
    EXPORT_WASM_API_WITH_SIG(display_input_read, "(*)i"),
    EXPORT_WASM_API_WITH_SIG(display_flush, "(iiii*)"),
};

/* Every allocation the runtime makes comes from here. */
static char global_heap_buf[512 * 1024];

static char *read_wasm_binary_to_buffer(const char *path, uint32_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc(n > 0 ? (size_t)n : 1);
  if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *size = (uint32_t)n;
  return buf;
}

int main(int argc, char **argv) {
  char *buffer, error_buf[128];
  wasm_module_t module;
  wasm_module_inst_t module_inst;
  wasm_function_inst_t func;
  wasm_exec_env_t exec_env;
  uint32_t size, stack_size = 8092, heap_size = 8092;
  int status = 1;

  if (argc != 2) {
    fprintf(stderr, "usage: %s module.wasm\n", argv[0]);
    return 2;
  }

  RuntimeInitArgs init_args;
  memset(&init_args, 0, sizeof(RuntimeInitArgs));
  init_args.mem_alloc_type = Alloc_With_Pool;
  init_args.mem_alloc_option.pool.heap_buf = global_heap_buf;
  init_args.mem_alloc_option.pool.heap_size = sizeof(global_heap_buf);
  init_args.native_module_name = "env";
  init_args.n_native_symbols = sizeof(native_symbols) / sizeof(NativeSymbol);
  init_args.native_symbols = native_symbols;
  if (!wasm_runtime_full_init(&init_args)) {
    printf("Init runtime environment failed.\n");
    return 1;
  }

  buffer = read_wasm_binary_to_buffer(argv[1], &size);
  if (buffer == NULL) {
    printf("cannot read %s\n", argv[1]);
    wasm_runtime_destroy();
    return 1;
  }
  module = wasm_runtime_load((uint8_t *)buffer, size, error_buf, sizeof(error_buf));
  if (module == NULL) {
    printf("load failed: %s\n", error_buf);
    goto free_buffer;
  }
  module_inst = wasm_runtime_instantiate(module, stack_size, heap_size, error_buf,
                                         sizeof(error_buf));
  if (module_inst == NULL) {
    printf("instantiate failed: %s\n", error_buf);
    goto unload;
  }
  exec_env = wasm_runtime_create_exec_env(module_inst, stack_size);
  if (exec_env == NULL) {
    printf("create exec env failed\n");
    goto deinstantiate;
  }

  /* fib(8): arguments and the result travel in 32-bit cells. */
  {
    uint32_t cells[2];
    func = wasm_runtime_lookup_function(module_inst, "fib", NULL);
    cells[0] = 8;
    if (func == NULL || !wasm_runtime_call_wasm(exec_env, func, 1, cells)) {
      printf("%s\n", wasm_runtime_get_exception(module_inst));
      goto destroy_env;
    }
    printf("fib function return: %d\n", cells[0]);
  }

  /* char, int, double, int64 -> double: six cells in, two out. */
  {
    uint32_t cells[6];
    char arg1 = 'a';
    int arg2 = 10;
    double arg3 = 1.0;
    int64_t arg4 = 100;
    double ret;
    cells[0] = arg1;
    cells[1] = arg2;
    memcpy(&cells[2], &arg3, sizeof(arg3));
    memcpy(&cells[4], &arg4, sizeof(arg4));
    func = wasm_runtime_lookup_function(module_inst, "mixed", NULL);
    if (func == NULL || !wasm_runtime_call_wasm(exec_env, func, 6, cells)) {
      printf("%s\n", wasm_runtime_get_exception(module_inst));
      goto destroy_env;
    }
    memcpy(&ret, &cells[0], sizeof(ret));
    printf("mixed function return: %.1f\n", ret);
  }

  /* A buffer in the instance's memory, filled natively, read by the guest. */
  {
    char *native_buffer = NULL;
    uint32_t buffer_for_wasm =
        wasm_runtime_module_malloc(module_inst, 100, (void **)&native_buffer);
    if (buffer_for_wasm == 0) {
      printf("module_malloc failed\n");
      goto destroy_env;
    }
    uint32_t cells[2];
    strncpy(native_buffer, "hello", 100);
    cells[0] = buffer_for_wasm;
    cells[1] = 100;
    func = wasm_runtime_lookup_function(module_inst, "text_length", NULL);
    if (func == NULL || !wasm_runtime_call_wasm(exec_env, func, 2, cells)) {
      printf("%s\n", wasm_runtime_get_exception(module_inst));
      wasm_runtime_module_free(module_inst, buffer_for_wasm);
      goto destroy_env;
    }
    printf("text_length of the module_malloc buffer: %u\n", cells[0]);
    wasm_runtime_module_free(module_inst, buffer_for_wasm);
  }

  /* The guest calls both natives. */
  {
    uint32_t cells[1];
    func = wasm_runtime_lookup_function(module_inst, "refresh", NULL);
    if (func == NULL || !wasm_runtime_call_wasm(exec_env, func, 0, cells)) {
      printf("%s\n", wasm_runtime_get_exception(module_inst));
      goto destroy_env;
    }
    printf("refresh return: %u\n", cells[0]);
  }
  status = 0;

destroy_env:
  wasm_runtime_destroy_exec_env(exec_env);
deinstantiate:
  wasm_runtime_deinstantiate(module_inst);
unload:
  wasm_runtime_unload(module);
free_buffer:
  free(buffer);
  wasm_runtime_destroy();
  printf("runtime destroyed\n");
  return status;
}

/* QuickJS driver of the real-program benchmarks (bench/real): runs one script
 * read from stdin with a global print(...) and nothing else from the host
 * (no quickjs-libc: no files, processes, timers, threads or dlopen, which
 * WASI either lacks or would only need stubs for). Exit status 1 and the
 * exception on stderr if the script throws.
 *   qjs_bench < script.js
 */
#include <stdio.h>
#include <stdlib.h>

#include "quickjs.h"

static JSValue js_print(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  for (int i = 0; i < argc; ++i) {
    size_t len;
    const char *s = JS_ToCStringLen(ctx, &len, argv[i]);
    if (s == NULL) return JS_EXCEPTION;
    if (i > 0) putchar(' ');
    fwrite(s, 1, len, stdout);
    JS_FreeCString(ctx, s);
  }
  putchar('\n');
  return JS_UNDEFINED;
}

/* Reads all of stdin into a NUL-terminated buffer (JS_Eval wants one). */
static char *read_stdin(size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf != NULL) {
    n += fread(buf + n, 1, cap - n - 1, stdin);
    if (n < cap - 1) break;
    cap *= 2;
    char *bigger = realloc(buf, cap);
    if (bigger == NULL) free(buf);
    buf = bigger;
  }
  if (buf == NULL) return NULL;
  buf[n] = '\0';
  *len = n;
  return buf;
}

static void print_exception(JSContext *ctx) {
  JSValue e = JS_GetException(ctx);
  const char *s = JS_ToCString(ctx, e);
  fprintf(stderr, "uncaught: %s\n", s != NULL ? s : "(not printable)");
  JS_FreeCString(ctx, s);
  JSValue stack = JS_GetPropertyStr(ctx, e, "stack");
  if (!JS_IsUndefined(stack)) {
    s = JS_ToCString(ctx, stack);
    if (s != NULL) fprintf(stderr, "%s\n", s);
    JS_FreeCString(ctx, s);
  }
  JS_FreeValue(ctx, stack);
  JS_FreeValue(ctx, e);
}

int main(void) {
  size_t len;
  char *src = read_stdin(&len);
  JSRuntime *rt = JS_NewRuntime();
  JSContext *ctx = rt != NULL ? JS_NewContext(rt) : NULL;
  if (src == NULL || ctx == NULL) {
    fputs("qjs_bench: out of memory\n", stderr);
    return 1;
  }
  JSValue global = JS_GetGlobalObject(ctx);
  JS_SetPropertyStr(ctx, global, "print", JS_NewCFunction(ctx, js_print, "print", 1));
  JS_FreeValue(ctx, global);
  int status = 0;
  JSValue result = JS_Eval(ctx, src, len, "<stdin>", JS_EVAL_TYPE_GLOBAL);
  if (JS_IsException(result)) {
    print_exception(ctx);
    status = 1;
  }
  JS_FreeValue(ctx, result);
  JSContext *job_ctx;
  int job;
  while ((job = JS_ExecutePendingJob(rt, &job_ctx)) != 0) {
    if (job < 0) {
      print_exception(job_ctx);
      status = 1;
    }
  }
  fflush(stdout);
  JS_FreeContext(ctx);
  JS_FreeRuntime(rt);
  free(src);
  return status;
}

// The proof of pool mode: with malloc/calloc/realloc/free interposed and
// counted, the runtime makes no system allocation between
// wasm_runtime_full_init and wasm_runtime_destroy while it loads,
// instantiates, calls, module_mallocs and tears down a real module.
#include <malloc.h>

#include <atomic>
#include <cstring>
#include <vector>

#include "runtime/capi/test_util.h"

extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t n, size_t size);
void* __libc_realloc(void* p, size_t size);
void* __libc_memalign(size_t align, size_t size);
void __libc_free(void* p);
}

namespace {
std::atomic<long> g_system_calls{0};
}  // namespace

// AddressSanitizer replaces the malloc family itself and calls it while it
// starts, before the libc symbols below are usable: under ASan (bazel test
// --config=asan) the interposition is left out and the counting tests skip;
// the normal build runs the proof.
#if defined(__SANITIZE_ADDRESS__)
#define WASMRT_MALLOC_INTERPOSED 0
#else
#define WASMRT_MALLOC_INTERPOSED 1
#endif

#if WASMRT_MALLOC_INTERPOSED
// Every malloc-family call of the process lands here (the executable's
// definitions interpose libc's).
extern "C" {
void* malloc(size_t size) {
  g_system_calls.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
void* calloc(size_t n, size_t size) {
  g_system_calls.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, size);
}
void* realloc(void* p, size_t size) {
  g_system_calls.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, size);
}
void free(void* p) {
  if (p != nullptr) g_system_calls.fetch_add(1, std::memory_order_relaxed);
  __libc_free(p);
}
void* aligned_alloc(size_t align, size_t size) {
  g_system_calls.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(align, size);
}
void* memalign(size_t align, size_t size) {
  g_system_calls.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(align, size);
}
int posix_memalign(void** out, size_t align, size_t size) {
  g_system_calls.fetch_add(1, std::memory_order_relaxed);
  *out = __libc_memalign(align, size);
  return *out != nullptr ? 0 : 12;  // ENOMEM
}
}
#endif  // WASMRT_MALLOC_INTERPOSED

namespace wasmrt::capi::testing {
namespace {

alignas(16) char g_heap[512 * 1024];

int32_t Echo(wasm_exec_env_t, char* buf) { return buf[0]; }

// Everything a walk-through does; returns whether each step worked. Uses
// only memory prepared by the caller, so every malloc in the window is the
// runtime's.
struct Outcome {
  bool loaded = false, instantiated = false, called = false, mallocd = false, native = false;
  uint32_t fib = 0;
  uint32_t read = 0;
};

NativeSymbol g_natives[] = {{"read_into", reinterpret_cast<void*>(&Echo), "(*)i", nullptr}};

void WalkThrough(std::vector<uint8_t>& bytes, Outcome& out) {
  // The natives basic.wasm imports, read_into the one that is called.
  if (!RegisterBasicStubs() || !wasm_runtime_register_natives("env", g_natives, 1)) return;
  char error[128];
  wasm_module_t module = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error,
                                           sizeof error);
  out.loaded = module != nullptr;
  if (module == nullptr) return;
  wasm_module_inst_t inst = wasm_runtime_instantiate(module, 8092, 8092, error, sizeof error);
  out.instantiated = inst != nullptr;
  if (inst != nullptr) {
    wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 8092);
    wasm_function_inst_t fib = wasm_runtime_lookup_function(inst, "fib", nullptr);
    uint32_t argv[2] = {15, 0};
    out.called = env != nullptr && fib != nullptr && wasm_runtime_call_wasm(env, fib, 1, argv);
    out.fib = argv[0];
    char* buffer = nullptr;
    uint32_t app = wasm_runtime_module_malloc(inst, 100, reinterpret_cast<void**>(&buffer));
    out.mallocd = app != 0;
    if (app != 0) {
      buffer[0] = 'Q';
      wasm_function_inst_t read = wasm_runtime_lookup_function(inst, "call_read", nullptr);
      uint32_t rargv[1] = {app};
      out.native = read != nullptr && wasm_runtime_call_wasm(env, read, 1, rargv);
      out.read = rargv[0];
      wasm_runtime_module_free(inst, app);
    }
    // A trap, whose message the runtime builds, also stays in the pool.
    wasm_function_inst_t trap = wasm_runtime_lookup_function(inst, "trap", nullptr);
    if (trap != nullptr) wasm_runtime_call_wasm(env, trap, 0, argv);
    if (env != nullptr) wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
  }
  wasm_runtime_unload(module);
}

RuntimeInitArgs Args(mem_alloc_type_t type) {
  RuntimeInitArgs args;
  std::memset(&args, 0, sizeof args);
  args.mem_alloc_type = type;
  args.mem_alloc_option.pool.heap_buf = g_heap;
  args.mem_alloc_option.pool.heap_size = sizeof g_heap;
  return args;
}

TEST(MallocCountTest, InterpositionSeesTheSystemAllocatorMode) {
  if (!WASMRT_MALLOC_INTERPOSED) GTEST_SKIP() << "malloc belongs to ASan in this build";
  // The same walk-through with the system allocator does call malloc: the
  // counter is live.
  std::vector<uint8_t> bytes = TestWasm("basic");
  RuntimeInitArgs args = Args(Alloc_With_System_Allocator);
  ASSERT_TRUE(wasm_runtime_full_init(&args));
  Outcome out;
  long before = g_system_calls.load();
  WalkThrough(bytes, out);
  long calls = g_system_calls.load() - before;
  wasm_runtime_destroy();
  EXPECT_TRUE(out.called);
  EXPECT_GT(calls, 20);
}

TEST(MallocCountTest, PoolModeMakesNoSystemAllocationBetweenInitAndDestroy) {
  if (!WASMRT_MALLOC_INTERPOSED) GTEST_SKIP() << "malloc belongs to ASan in this build";
  std::vector<uint8_t> bytes = TestWasm("basic");
  ASSERT_FALSE(bytes.empty());
  RuntimeInitArgs args = Args(Alloc_With_Pool);
  Outcome out;
  long in_full_init = g_system_calls.load();
  ASSERT_TRUE(wasm_runtime_full_init(&args));
  long start = g_system_calls.load();
  in_full_init = start - in_full_init;
  WalkThrough(bytes, out);
  WalkThrough(bytes, out);  // twice: nothing is cached outside the pool
  wasm_runtime_destroy();
  long window = g_system_calls.load() - start;

  EXPECT_TRUE(out.loaded);
  EXPECT_TRUE(out.instantiated);
  EXPECT_TRUE(out.called);
  EXPECT_EQ(out.fib, 610u);
  EXPECT_TRUE(out.mallocd);
  EXPECT_TRUE(out.native);
  EXPECT_EQ(out.read, uint32_t('Q'));
  EXPECT_EQ(window, 0) << "system malloc/calloc/realloc/free calls between "
                          "wasm_runtime_full_init and wasm_runtime_destroy";
  // full_init itself builds the process-wide tables once per process, before
  // the pool takes over; a second init builds nothing.
  ASSERT_TRUE(wasm_runtime_full_init(&args));
  long second = g_system_calls.load();
  wasm_runtime_destroy();
  EXPECT_EQ(g_system_calls.load() - second, 0);
  (void)in_full_init;
}

}  // namespace
}  // namespace wasmrt::capi::testing

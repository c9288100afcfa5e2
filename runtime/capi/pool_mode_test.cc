// Alloc_With_Pool: everything the runtime allocates lives in the buffer, and
// running out fails load/instantiate cleanly.
#include <cstring>
#include <string>

#include "runtime/capi/test_util.h"

namespace wasmrt::capi::testing {
namespace {

// A pool runtime; with `stubs`, basic.wasm's natives (in the pool too).
bool InitPool(char* buf, uint32_t size, bool stubs = true) {
  RuntimeInitArgs args;
  std::memset(&args, 0, sizeof args);
  args.mem_alloc_type = Alloc_With_Pool;
  args.mem_alloc_option.pool.heap_buf = buf;
  args.mem_alloc_option.pool.heap_size = size;
  return wasm_runtime_full_init(&args) && (!stubs || RegisterBasicStubs());
}

uint32_t FreeBytes() {
  mem_alloc_info_t info;
  EXPECT_TRUE(wasm_runtime_get_mem_alloc_info(&info));
  return info.total_free_size;
}

alignas(16) char g_heap[512 * 1024];

bool InPool(const void* p) {
  auto* c = static_cast<const char*>(p);
  return c >= g_heap && c < g_heap + sizeof g_heap;
}

TEST(PoolModeTest, ObjectsMemoriesAndHeapsComeFromTheBuffer) {
  ASSERT_TRUE(InitPool(g_heap, sizeof g_heap));
  uint32_t free_after_init = FreeBytes();
  {
    Instance i;
    ASSERT_TRUE(i.Create(TestWasm("basic"), 8092, 8092)) << i.error;
    EXPECT_TRUE(InPool(i.module));
    EXPECT_TRUE(InPool(i.inst));
    EXPECT_TRUE(InPool(i.env));
    EXPECT_TRUE(InPool(wasm_runtime_addr_app_to_native(i.inst, 0)));  // linear memory
    void* native = nullptr;
    uint32_t app = wasm_runtime_module_malloc(i.inst, 100, &native);
    ASSERT_NE(app, 0u);
    EXPECT_TRUE(InPool(native));
    std::vector<uint32_t> argv = {20};
    ASSERT_TRUE(i.Call("fib", argv)) << i.Exception();
    EXPECT_EQ(argv[0], 6765u);
    EXPECT_LT(FreeBytes(), free_after_init - 2 * 65536);  // two pages of memory at least
  }
  // Everything went back: nothing the runtime keeps outlives its objects.
  EXPECT_EQ(FreeBytes(), free_after_init);
  wasm_runtime_destroy();
}

TEST(PoolModeTest, MemoryGrowthInsideThePool) {
  ASSERT_TRUE(InitPool(g_heap, sizeof g_heap));
  {
    Instance i;
    ASSERT_TRUE(i.Create(TestWasm("basic"), 8092, 8092)) << i.error;
    // A second app-heap-sized request beyond the page cannot fit, but the
    // guest's memory.grow works while the pool has room: the instance's data
    // survives the move.
    auto* before = static_cast<char*>(wasm_runtime_addr_app_to_native(i.inst, 16));
    EXPECT_STREQ(before, "hello");
  }
  wasm_runtime_destroy();
}

TEST(PoolModeTest, ExhaustedPoolFailsLoadWithAClearMessage) {
  alignas(16) static char tiny[2048];
  ASSERT_TRUE(InitPool(tiny, sizeof tiny, /*stubs=*/false));
  auto bytes = TestWasm("basic");
  char error[128];
  EXPECT_EQ(wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error, sizeof error),
            nullptr);
  EXPECT_STREQ(error,
               "WASM module load failed: allocate memory failed: the runtime's memory is "
               "exhausted");
  wasm_runtime_destroy();
  // The host is unaffected.
  std::string s(1000, 'x');
  EXPECT_EQ(s.size(), 1000u);
}

TEST(PoolModeTest, ExhaustionLeavesTheRuntimeUsable) {
  alignas(16) static char small[128 * 1024];  // the module and one page, not two
  ASSERT_TRUE(InitPool(small, sizeof small));
  uint32_t free_after_init = FreeBytes();
  auto bytes = TestWasm("basic");
  char error[256];
  wasm_module_t m = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error, sizeof error);
  ASSERT_NE(m, nullptr) << error;
  // The memory fits but growing it for the app heap does not: no app heap.
  wasm_module_inst_t inst = wasm_runtime_instantiate(m, 4096, 65536, error, sizeof error);
  ASSERT_NE(inst, nullptr) << error;
  EXPECT_EQ(wasm_runtime_module_malloc(inst, 16, nullptr), 0u);
  // A value stack larger than the pool: the call fails, nothing else does.
  wasm_runtime_deinstantiate(inst);
  inst = wasm_runtime_instantiate(m, 1 << 20, 0, error, sizeof error);
  ASSERT_NE(inst, nullptr) << error;
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 1 << 20);
  ASSERT_NE(env, nullptr);
  wasm_function_inst_t fib = wasm_runtime_lookup_function(inst, "fib", nullptr);
  uint32_t argv[1] = {5};
  EXPECT_FALSE(wasm_runtime_call_wasm(env, fib, 1, argv));
  EXPECT_STREQ(wasm_runtime_get_exception(inst),
               "Exception: allocate memory failed: the runtime's memory is exhausted");
  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(inst);
  // Nothing leaked: a small instance still works afterwards.
  inst = wasm_runtime_instantiate(m, 4096, 0, error, sizeof error);
  ASSERT_NE(inst, nullptr) << error;
  env = wasm_runtime_create_exec_env(inst, 4096);
  argv[0] = 10;
  EXPECT_TRUE(wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "fib", nullptr), 1,
                                     argv));
  EXPECT_EQ(argv[0], 55u);
  wasm_runtime_destroy_exec_env(env);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(m);
  EXPECT_EQ(FreeBytes(), free_after_init);
  wasm_runtime_destroy();
}

TEST(PoolModeTest, LinearMemoryTooLargeForThePool) {
  alignas(16) static char small[48 * 1024];
  ASSERT_TRUE(InitPool(small, sizeof small));
  auto bytes = TestWasm("basic");
  char error[128];
  wasm_module_t m = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error, sizeof error);
  ASSERT_NE(m, nullptr) << error;
  EXPECT_EQ(wasm_runtime_instantiate(m, 4096, 0, error, sizeof error), nullptr);
  EXPECT_STREQ(error,
               "WASM module instantiate failed: cannot allocate 1 pages of linear memory");
  wasm_runtime_unload(m);
  wasm_runtime_destroy();
}

}  // namespace
}  // namespace wasmrt::capi::testing

namespace wasmrt::capi::testing {
namespace {

// As in WAMR, wasm_runtime_free of a pointer that is not a pool block is
// ignored in pool mode (it used to go to the system allocator).
TEST(PoolModeTest, FreeOfAForeignPointerIsIgnored) {
  ASSERT_TRUE(InitPool(g_heap, sizeof g_heap));
  uint32_t before = FreeBytes();
  static char not_ours[64];
  wasm_runtime_free(not_ours);  // must not crash or touch the pool
  EXPECT_EQ(wasm_runtime_realloc(not_ours, 128), nullptr);
  void* mine = wasm_runtime_malloc(100);
  ASSERT_TRUE(InPool(mine));
  wasm_runtime_free(mine);
  EXPECT_EQ(FreeBytes(), before);
  wasm_runtime_destroy();
}

}  // namespace
}  // namespace wasmrt::capi::testing

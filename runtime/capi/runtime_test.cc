// wasm_runtime_init/full_init/destroy in each allocator mode, the runtime's
// allocator, and error_buf handling.
#include <cstdlib>
#include <cstring>

#include "runtime/capi/test_util.h"

namespace wasmrt::capi::testing {
namespace {

TEST(RuntimeInitTest, InitTwiceFailsAndDestroyAllowsAgain) {
  ASSERT_TRUE(wasm_runtime_init());
  EXPECT_FALSE(wasm_runtime_init());
  wasm_runtime_destroy();
  ASSERT_TRUE(wasm_runtime_init());
  wasm_runtime_destroy();
  wasm_runtime_destroy();  // harmless when not initialised
}

TEST(RuntimeInitTest, LoadBeforeInitFails) {
  auto bytes = TestWasm("no_memory");
  char error[64];
  EXPECT_EQ(wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error, sizeof error),
            nullptr);
  EXPECT_STREQ(error, "WASM module load failed: runtime not initialized");
}

TEST(RuntimeInitTest, FullInitRejectsBadArguments) {
  EXPECT_FALSE(wasm_runtime_full_init(nullptr));
  RuntimeInitArgs args;
  std::memset(&args, 0, sizeof args);
  args.mem_alloc_type = Alloc_With_Pool;  // no buffer
  EXPECT_FALSE(wasm_runtime_full_init(&args));
  args.mem_alloc_type = Alloc_With_Allocator;  // no functions
  EXPECT_FALSE(wasm_runtime_full_init(&args));
  static NativeSymbol bad[] = {{"f", reinterpret_cast<void*>(&std::abort), "(x)", nullptr}};
  args.mem_alloc_type = Alloc_With_System_Allocator;
  args.native_module_name = "env";
  args.native_symbols = bad;
  args.n_native_symbols = 1;
  EXPECT_FALSE(wasm_runtime_full_init(&args));
  // Nothing was left initialised by the failures.
  ASSERT_TRUE(wasm_runtime_init());
  wasm_runtime_destroy();
}

int g_user_mallocs = 0;
int g_user_frees = 0;
void* UserMalloc(unsigned int size) {
  ++g_user_mallocs;
  return std::malloc(size);
}
void* UserRealloc(void* p, unsigned int size) { return std::realloc(p, size); }
void UserFree(void* p) {
  ++g_user_frees;
  std::free(p);
}

TEST(RuntimeInitTest, UserAllocatorServesEveryRuntimeAllocation) {
  RuntimeInitArgs args;
  std::memset(&args, 0, sizeof args);
  args.mem_alloc_type = Alloc_With_Allocator;
  args.mem_alloc_option.allocator.malloc_func = reinterpret_cast<void*>(&UserMalloc);
  args.mem_alloc_option.allocator.realloc_func = reinterpret_cast<void*>(&UserRealloc);
  args.mem_alloc_option.allocator.free_func = reinterpret_cast<void*>(&UserFree);
  g_user_mallocs = g_user_frees = 0;
  ASSERT_TRUE(wasm_runtime_full_init(&args));
  ASSERT_TRUE(RegisterBasicStubs());
  {
    Instance i;
    ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
    std::vector<uint32_t> argv = {10};
    ASSERT_TRUE(i.Call("fib", argv)) << i.Exception();
    EXPECT_EQ(argv[0], 55u);
    EXPECT_NE(wasm_runtime_module_malloc(i.inst, 100, nullptr), 0u);
  }
  void* p = wasm_runtime_malloc(10);
  ASSERT_NE(p, nullptr);
  p = wasm_runtime_realloc(p, 1000);
  ASSERT_NE(p, nullptr);
  wasm_runtime_free(p);
  wasm_runtime_destroy();
  EXPECT_GT(g_user_mallocs, 10);
  EXPECT_EQ(g_user_mallocs, g_user_frees);
}

TEST(RuntimeInitTest, PoolModeMallocAndInfo) {
  alignas(16) static char pool[64 * 1024];
  RuntimeInitArgs args;
  std::memset(&args, 0, sizeof args);
  args.mem_alloc_type = Alloc_With_Pool;
  args.mem_alloc_option.pool.heap_buf = pool;
  args.mem_alloc_option.pool.heap_size = sizeof pool;
  ASSERT_TRUE(wasm_runtime_full_init(&args));
  mem_alloc_info_t info;
  ASSERT_TRUE(wasm_runtime_get_mem_alloc_info(&info));
  EXPECT_LE(info.total_size, sizeof pool);
  uint32_t free_before = info.total_free_size;
  char* p = static_cast<char*>(wasm_runtime_malloc(1000));
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p >= pool && p < pool + sizeof pool);
  std::memset(p, 'x', 1000);
  char* q = static_cast<char*>(wasm_runtime_realloc(p, 3000));
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q[999], 'x');
  EXPECT_EQ(wasm_runtime_malloc(1u << 20), nullptr);
  wasm_runtime_free(q);
  ASSERT_TRUE(wasm_runtime_get_mem_alloc_info(&info));
  EXPECT_EQ(info.total_free_size, free_before);
  EXPECT_GE(info.highmark_size, 4000u);
  wasm_runtime_destroy();
  EXPECT_FALSE(wasm_runtime_get_mem_alloc_info(&info));
}

class ErrorBufTest : public RuntimeTest {};

TEST_F(ErrorBufTest, MessageFitsWhole) {
  uint8_t junk[] = {0, 'a', 's', 'x', 1, 0, 0, 0};
  char error[128];
  EXPECT_EQ(wasm_runtime_load(junk, sizeof junk, error, sizeof error), nullptr);
  EXPECT_EQ(std::string(error).rfind("WASM module load failed: ", 0), 0u) << error;
  EXPECT_NE(std::string(error).find("magic"), std::string::npos) << error;
}

TEST_F(ErrorBufTest, TruncatedSafelyNeverOverflowing) {
  uint8_t junk[] = {0, 'a', 's', 'x', 1, 0, 0, 0};
  char error[16];
  std::memset(error, '#', sizeof error);
  char guard[8];
  std::memset(guard, '#', sizeof guard);
  EXPECT_EQ(wasm_runtime_load(junk, sizeof junk, error, 10), nullptr);
  EXPECT_STREQ(error, "WASM modu");  // 9 bytes and the NUL
  EXPECT_EQ(error[10], '#');
  EXPECT_EQ(guard[0], '#');
  error[0] = '#';
  EXPECT_EQ(wasm_runtime_load(junk, sizeof junk, error, 1), nullptr);
  EXPECT_EQ(error[0], '\0');
  error[0] = '#';
  EXPECT_EQ(wasm_runtime_load(junk, sizeof junk, error, 0), nullptr);
  EXPECT_EQ(error[0], '#');
  EXPECT_EQ(wasm_runtime_load(junk, sizeof junk, nullptr, 100), nullptr);
}

TEST_F(ErrorBufTest, InstantiateErrorTruncated) {
  static NativeSymbol natives[] = {
      {"flush", reinterpret_cast<void*>(&std::abort), "(i)i", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("env", natives, 1));
  auto bytes = TestWasm("basic");
  char error[128];
  wasm_module_t m = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error, sizeof error);
  ASSERT_NE(m, nullptr) << error;
  char small[20];
  std::memset(small, '#', sizeof small);
  EXPECT_EQ(wasm_runtime_instantiate(m, 8092, 8092, small, 12), nullptr);
  EXPECT_STREQ(small, "WASM module");
  EXPECT_EQ(small[12], '#');
  wasm_runtime_unload(m);
}

}  // namespace
}  // namespace wasmrt::capi::testing

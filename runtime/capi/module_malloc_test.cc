// module_malloc/dup_data/free through the app heap and the guest's malloc.
#include <cstring>

#include "runtime/capi/test_util.h"

namespace wasmrt::capi::testing {
namespace {

class ModuleMallocTest : public RuntimeTest {};

TEST_F(ModuleMallocTest, AppHeapLivesInTheInstancesMemory) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"), 8092, 8092)) << i.error;
  char* buffer = nullptr;
  uint32_t app = wasm_runtime_module_malloc(i.inst, 100, reinterpret_cast<void**>(&buffer));
  ASSERT_NE(app, 0u);
  EXPECT_GE(app, 65536u);  // after the module's own page
  EXPECT_EQ(buffer, wasm_runtime_addr_app_to_native(i.inst, app));
  std::strncpy(buffer, "hello", 100);
  std::vector<uint32_t> argv = {app, 5};
  ASSERT_TRUE(i.Call("sum_bytes", argv)) << i.Exception();
  EXPECT_EQ(argv[0], uint32_t('h' + 'e' + 'l' + 'l' + 'o'));
  wasm_runtime_module_free(i.inst, app);
  EXPECT_EQ(wasm_runtime_module_malloc(i.inst, 100, nullptr), app);  // first fit reuses it
}

TEST_F(ModuleMallocTest, AppHeapExhaustionReturnsZero) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"), 8092, 1000)) << i.error;
  void* native = &native;
  EXPECT_EQ(wasm_runtime_module_malloc(i.inst, 2000, &native), 0u);
  EXPECT_EQ(native, nullptr);
  uint32_t a = wasm_runtime_module_malloc(i.inst, 600, nullptr);
  EXPECT_NE(a, 0u);
  EXPECT_EQ(wasm_runtime_module_malloc(i.inst, 600, nullptr), 0u);
  wasm_runtime_module_free(i.inst, a + 8);  // not a block: ignored
  wasm_runtime_module_free(i.inst, a);
  EXPECT_NE(wasm_runtime_module_malloc(i.inst, 600, nullptr), 0u);
}

TEST_F(ModuleMallocTest, DupDataCopies) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
  const char data[] = "\x05\x06\x07";
  uint32_t app = wasm_runtime_module_dup_data(i.inst, data, 3);
  ASSERT_NE(app, 0u);
  std::vector<uint32_t> argv = {app, 3};
  ASSERT_TRUE(i.Call("sum_bytes", argv)) << i.Exception();
  EXPECT_EQ(argv[0], 18u);
  EXPECT_EQ(wasm_runtime_module_dup_data(i.inst, nullptr, 3), 0u);
}

TEST_F(ModuleMallocTest, GuestMallocAndFreeAreUsedWhenExported) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("guest_malloc"), 8092, 8092)) << i.error;
  void* native = nullptr;
  uint32_t app = wasm_runtime_module_malloc(i.inst, 10, &native);
  EXPECT_EQ(app, 1024u);  // the guest's bump allocator
  EXPECT_EQ(native, wasm_runtime_addr_app_to_native(i.inst, 1024));
  wasm_runtime_module_free(i.inst, app);
  std::vector<uint32_t> argv = {0};
  ASSERT_TRUE(i.Call("last_freed", argv, 0));
  EXPECT_EQ(argv[0], 1024u);
  // The guest refuses (returns 0) and traps (for 13 bytes).
  EXPECT_EQ(wasm_runtime_module_malloc(i.inst, 5000, nullptr), 0u);
  EXPECT_EQ(wasm_runtime_module_malloc(i.inst, 13, nullptr), 0u);
  EXPECT_NE(i.Exception().find("unreachable"), std::string::npos) << i.Exception();
  // No app heap was added: the guest manages its memory.
  EXPECT_EQ(wasm_runtime_addr_app_to_native(i.inst, 65536), nullptr);
}

TEST_F(ModuleMallocTest, DupDataGoesThroughTheGuestsMalloc) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("guest_malloc"), 8092, 8092)) << i.error;
  const char data[] = "\x05\x06\x07";
  uint32_t app = wasm_runtime_module_dup_data(i.inst, data, 3);
  EXPECT_EQ(app, 1024u);  // the guest's bump allocator
  std::vector<uint32_t> argv = {app, 3};
  ASSERT_TRUE(i.Call("sum_bytes", argv)) << i.Exception();
  EXPECT_EQ(argv[0], 18u);
  // The buffer belongs to the embedder: nothing freed it.
  argv = {0};
  ASSERT_TRUE(i.Call("last_freed", argv, 0));
  EXPECT_EQ(argv[0], 0u);
  // A trap in the guest's malloc (13 bytes) is the instance's exception.
  const char thirteen[] = "0123456789abc";
  EXPECT_EQ(wasm_runtime_module_dup_data(i.inst, thirteen, 13), 0u);
  EXPECT_NE(i.Exception().find("module_malloc: unreachable"), std::string::npos)
      << i.Exception();
}

TEST_F(ModuleMallocTest, NoMemoryOrNoRoomMeansNoAppHeap) {
  Instance a;
  ASSERT_TRUE(a.Create(TestWasm("no_memory"))) << a.error;
  EXPECT_EQ(wasm_runtime_module_malloc(a.inst, 10, nullptr), 0u);
  Instance b;
  ASSERT_TRUE(b.Create(TestWasm("fixed_memory"))) << b.error;
  EXPECT_EQ(wasm_runtime_module_malloc(b.inst, 10, nullptr), 0u);
  std::vector<uint32_t> argv = {0};
  ASSERT_TRUE(b.Call("size", argv, 0));
  EXPECT_EQ(argv[0], 1u);
}

TEST_F(ModuleMallocTest, ZeroHeapSizeMeansNoAppHeap) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"), 8092, 0)) << i.error;
  EXPECT_EQ(wasm_runtime_module_malloc(i.inst, 10, nullptr), 0u);
  EXPECT_EQ(wasm_runtime_addr_app_to_native(i.inst, 65536), nullptr);
}

}  // namespace
}  // namespace wasmrt::capi::testing

namespace wasmrt::capi::testing {
namespace {

// Regression: with a zero-page memory the heap started at 8 but kept its
// full length, so its last block ended 8 bytes past the memory.
TEST_F(ModuleMallocTest, AppHeapInAnEmptyMemoryEndsInsideIt) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("empty_memory"), 8092, 65536)) << i.error;
  uint32_t app = wasm_runtime_module_malloc(i.inst, 65536, nullptr);
  EXPECT_EQ(app, 0u);  // 65536 bytes no longer fit after the reserved 8
  uint32_t big = wasm_runtime_module_malloc(i.inst, 60000, nullptr);
  ASSERT_NE(big, 0u);
  EXPECT_TRUE(wasm_runtime_validate_app_addr(i.inst, big, 60000));
}

}  // namespace
}  // namespace wasmrt::capi::testing

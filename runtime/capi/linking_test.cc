// How wasm_runtime_instantiate links imports: strictly by default (the spec's
// "unknown import" / "incompatible import type", naming the import), lazily
// (a trapping stub per missing function) only when the embedder opts in.
#include <string>

#include "runtime/capi/test_util.h"

namespace wasmrt::capi::testing {
namespace {

int32_t AddOne(wasm_exec_env_t, int32_t x) { return x + 1; }
void PrintI32(wasm_exec_env_t, int32_t) {}

class LinkingTest : public RuntimeTest {
 protected:
  // The instantiation error of testdata/<name>.wasm, "" when it links.
  std::string InstantiateError(const std::string& name) {
    Instance i;
    if (i.Create(TestWasm(name))) return "";
    EXPECT_NE(i.module, nullptr) << "load failed: " << i.error;
    return i.error;
  }
};

TEST_F(LinkingTest, StrictIsTheDefault) {
  EXPECT_FALSE(wasm_runtime_is_lazy_linking_enabled());
}

TEST_F(LinkingTest, UnknownFunctionImportFailsNamingIt) {
  EXPECT_EQ(InstantiateError("unlinked"),
            "WASM module instantiate failed: unknown import: \"env\" \"nope\" (func): "
            "no native is registered under that name");
}

TEST_F(LinkingTest, RegisteredNativeLinks) {
  static NativeSymbol natives[] = {{"nope", reinterpret_cast<void*>(&AddOne), "(i)i", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("env", natives, 1));
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("unlinked"))) << i.error;
  std::vector<uint32_t> argv = {41};
  ASSERT_TRUE(i.Call("call_nope", argv)) << i.Exception();
  EXPECT_EQ(argv[0], 42u);
}

TEST_F(LinkingTest, NativeOfTheSameNameInAnotherModuleDoesNotCount) {
  static NativeSymbol natives[] = {{"nope", reinterpret_cast<void*>(&AddOne), "(i)i", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("other", natives, 1));
  EXPECT_EQ(InstantiateError("unlinked").find("WASM module instantiate failed: unknown import: "
                                              "\"env\" \"nope\""),
            0u);
}

TEST_F(LinkingTest, MismatchedSignatureIsIncompatible) {
  static NativeSymbol natives[] = {{"nope", reinterpret_cast<void*>(&AddOne), "(I)i", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("env", natives, 1));
  EXPECT_EQ(InstantiateError("unlinked"),
            "WASM module instantiate failed: incompatible import type for \"env\" \"nope\": "
            "the native's signature \"(I)i\" does not match (i32) -> (i32)");
}

// Only functions can be registered: memory, table and global imports are
// unknown, like the spec tests' "spectest" memory, table and globals when
// the embedder offers its print natives.
TEST_F(LinkingTest, MemoryTableAndGlobalImportsAreUnknown) {
  static NativeSymbol spectest[] = {
      {"print_i32", reinterpret_cast<void*>(&PrintI32), "(i)", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("spectest", spectest, 1));
  EXPECT_EQ(InstantiateError("import_memory"),
            "WASM module instantiate failed: unknown import: \"env\" \"memory\" (memory): "
            "only functions (natives) can be imported");
  EXPECT_EQ(InstantiateError("import_table"),
            "WASM module instantiate failed: unknown import: \"spectest\" \"table\" (table): "
            "only functions (natives) can be imported");
  EXPECT_EQ(InstantiateError("import_global"),
            "WASM module instantiate failed: unknown import: \"spectest\" \"global_i32\" "
            "(global): only functions (natives) can be imported");
}

TEST_F(LinkingTest, NonFunctionImportOfANativesNameIsIncompatible) {
  static NativeSymbol natives[] = {
      {"memory", reinterpret_cast<void*>(&AddOne), "(i)i", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("env", natives, 1));
  static NativeSymbol spectest[] = {
      {"global_i32", reinterpret_cast<void*>(&AddOne), "(i)i", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("spectest", spectest, 1));
  EXPECT_EQ(InstantiateError("import_memory"),
            "WASM module instantiate failed: incompatible import type for \"env\" \"memory\": "
            "expected memory, got a native function");
  EXPECT_EQ(InstantiateError("import_global"),
            "WASM module instantiate failed: incompatible import type for \"spectest\" "
            "\"global_i32\": expected global, got a native function");
}

TEST_F(LinkingTest, LazyLinkingTrapsWhenTheMissingImportIsCalled) {
  ASSERT_TRUE(wasm_runtime_set_lazy_linking(true));
  EXPECT_TRUE(wasm_runtime_is_lazy_linking_enabled());
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("unlinked"))) << i.error;
  std::vector<uint32_t> argv;
  argv = {0};
  ASSERT_TRUE(i.Call("answer", argv)) << i.Exception();
  EXPECT_EQ(argv[0], 42u);
  argv = {1};
  EXPECT_FALSE(i.Call("call_nope", argv));
  EXPECT_EQ(i.Exception(), "Exception: failed to call unlinked import function (env, nope)");
}

TEST_F(LinkingTest, LazyLinkingStillRefusesMismatchesAndNonFunctions) {
  ASSERT_TRUE(wasm_runtime_set_lazy_linking(true));
  static NativeSymbol natives[] = {{"nope", reinterpret_cast<void*>(&AddOne), "(i)", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("env", natives, 1));
  EXPECT_EQ(InstantiateError("unlinked").find(
                "WASM module instantiate failed: incompatible import type for \"env\" \"nope\""),
            0u);
  EXPECT_EQ(InstantiateError("import_memory").find(
                "WASM module instantiate failed: unknown import: \"env\" \"memory\" (memory)"),
            0u);
}

TEST_F(LinkingTest, SwitchingBackToStrictAffectsLaterInstantiations) {
  ASSERT_TRUE(wasm_runtime_set_lazy_linking(true));
  Instance lazy;
  ASSERT_TRUE(lazy.Create(TestWasm("unlinked"))) << lazy.error;
  ASSERT_TRUE(wasm_runtime_set_lazy_linking(false));
  EXPECT_EQ(InstantiateError("unlinked").find("WASM module instantiate failed: unknown import"),
            0u);
  std::vector<uint32_t> argv = {0};
  EXPECT_TRUE(lazy.Call("answer", argv)) << lazy.Exception();  // the earlier one lives on
}

TEST(LinkingModeTest, SetterNeedsARuntimeAndDestroyResetsIt) {
  EXPECT_FALSE(wasm_runtime_set_lazy_linking(true));
  EXPECT_FALSE(wasm_runtime_is_lazy_linking_enabled());
  ASSERT_TRUE(wasm_runtime_init());
  ASSERT_TRUE(wasm_runtime_set_lazy_linking(true));
  EXPECT_TRUE(wasm_runtime_is_lazy_linking_enabled());
  wasm_runtime_destroy();
  ASSERT_TRUE(wasm_runtime_init());
  EXPECT_FALSE(wasm_runtime_is_lazy_linking_enabled());
  wasm_runtime_destroy();
}

}  // namespace
}  // namespace wasmrt::capi::testing

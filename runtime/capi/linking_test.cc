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
            "only functions (natives) can be imported from a module that is not registered");
  EXPECT_EQ(InstantiateError("import_table"),
            "WASM module instantiate failed: unknown import: \"spectest\" \"table\" (table): "
            "only functions (natives) can be imported from a module that is not registered");
  EXPECT_EQ(InstantiateError("import_global"),
            "WASM module instantiate failed: unknown import: \"spectest\" \"global_i32\" "
            "(global): only functions (natives) can be imported from a module that is not "
            "registered");
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

// wasm_runtime_register_module (WAMR's multi-module): imports of any kind
// from a registered module, with the spec's texts when they do not fit.
class RegisteredModuleTest : public LinkingTest {
 protected:
  void SetUp() override {
    LinkingTest::SetUp();
    std::vector<uint8_t> bytes = TestWasm("spectest");
    spectest_ = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error_, sizeof error_);
    ASSERT_NE(spectest_, nullptr) << error_;
    ASSERT_TRUE(wasm_runtime_register_module("spectest", spectest_, error_, sizeof error_))
        << error_;
  }
  void TearDown() override {
    if (spectest_ != nullptr) wasm_runtime_unload(spectest_);
    LinkingTest::TearDown();
  }
  wasm_module_t spectest_ = nullptr;
  char error_[256] = {};
};

TEST_F(RegisteredModuleTest, GlobalsMemoriesAndTablesLink) {
  EXPECT_EQ(wasm_runtime_find_module_registered("spectest"), spectest_);
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("import_spectest"))) << i.error;
  std::vector<uint32_t> argv = {0};
  ASSERT_TRUE(i.Call("global", argv)) << i.Exception();
  EXPECT_EQ(argv[0], 666u);
  argv = {0};
  ASSERT_TRUE(i.Call("byte0", argv)) << i.Exception();
  EXPECT_EQ(argv[0], 42u);  // the registered module's data segment
}

TEST_F(RegisteredModuleTest, EachImporterGetsItsOwnInstance) {
  Instance a, b;
  ASSERT_TRUE(a.Create(TestWasm("import_spectest"))) << a.error;
  ASSERT_TRUE(b.Create(TestWasm("import_spectest"))) << b.error;
  std::vector<uint32_t> argv = {7};
  ASSERT_TRUE(a.Call("poke", argv)) << a.Exception();
  argv = {0};
  ASSERT_TRUE(a.Call("byte0", argv)) << a.Exception();
  EXPECT_EQ(argv[0], 7u);
  argv = {0};
  ASSERT_TRUE(b.Call("byte0", argv)) << b.Exception();
  EXPECT_EQ(argv[0], 42u);
}

// imports.wast's assert_unlinkable cases on "spectest": an import of the
// wrong kind, and a name the module does not export.
TEST_F(RegisteredModuleTest, WrongKindIsIncompatibleAndMissingExportUnknown) {
  EXPECT_EQ(InstantiateError("import_wrong_kind"),
            "WASM module instantiate failed: incompatible import type for \"spectest\" "
            "\"table\": expected func, got table");
  EXPECT_EQ(InstantiateError("unlinked").find("WASM module instantiate failed: unknown import: "
                                              "\"env\" \"nope\""),
            0u);
  std::vector<uint8_t> bytes = TestWasm("spectest");
  wasm_module_t env = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error_, sizeof error_);
  ASSERT_NE(env, nullptr) << error_;
  ASSERT_TRUE(wasm_runtime_register_module("env", env, error_, sizeof error_)) << error_;
  EXPECT_EQ(InstantiateError("unlinked"),
            "WASM module instantiate failed: unknown import: \"env\" \"nope\": the registered "
            "module has no such export");
  wasm_runtime_unload(env);
}

TEST_F(RegisteredModuleTest, NativesComeFirst) {
  static NativeSymbol natives[] = {
      {"global_i32", reinterpret_cast<void*>(&AddOne), "(i)i", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("spectest", natives, 1));
  EXPECT_EQ(InstantiateError("import_global"),
            "WASM module instantiate failed: incompatible import type for \"spectest\" "
            "\"global_i32\": expected global, got a native function");
}

TEST_F(RegisteredModuleTest, NamesAreTakenOnceAndFreedByUnload) {
  std::vector<uint8_t> bytes = TestWasm("spectest");
  wasm_module_t other = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error_, sizeof error_);
  ASSERT_NE(other, nullptr) << error_;
  EXPECT_TRUE(wasm_runtime_register_module("spectest", spectest_, error_, sizeof error_));
  EXPECT_FALSE(wasm_runtime_register_module("spectest", other, error_, sizeof error_));
  EXPECT_STREQ(error_, "register module failed: another module is registered as \"spectest\"");
  EXPECT_FALSE(wasm_runtime_register_module("", other, error_, sizeof error_));
  wasm_runtime_unload(spectest_);
  spectest_ = nullptr;
  EXPECT_EQ(wasm_runtime_find_module_registered("spectest"), nullptr);
  EXPECT_EQ(InstantiateError("import_global").find("WASM module instantiate failed: unknown "
                                                   "import: \"spectest\" \"global_i32\""),
            0u);
  EXPECT_TRUE(wasm_runtime_register_module("spectest", other, error_, sizeof error_));
  Instance i;
  EXPECT_TRUE(i.Create(TestWasm("import_spectest"))) << i.error;
  i.Release();
  wasm_runtime_unload(other);
}

TEST_F(RegisteredModuleTest, ACycleOfRegistrationsFails) {
  std::vector<uint8_t> bytes = TestWasm("self_import");
  wasm_module_t loop = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error_, sizeof error_);
  ASSERT_NE(loop, nullptr) << error_;
  ASSERT_TRUE(wasm_runtime_register_module("loop", loop, error_, sizeof error_));
  EXPECT_EQ(InstantiateError("self_import"),
            "WASM module instantiate failed: registered module \"loop\" is more than 8 imports "
            "deep (a cycle of registered modules?)");
  wasm_runtime_unload(loop);
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

// load/instantiate/lookup/exec env/call_wasm with argv cells/exceptions.
#include <cmath>
#include <cstring>

#include "runtime/capi/test_util.h"

namespace wasmrt::capi::testing {
namespace {

class ModuleInstanceTest : public RuntimeTest {};

TEST_F(ModuleInstanceTest, FibThroughArgvCells) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
  wasm_function_inst_t fib = wasm_runtime_lookup_function(i.inst, "fib", nullptr);
  ASSERT_NE(fib, nullptr);
  EXPECT_EQ(wasm_runtime_get_module_inst(i.env), i.inst);
  uint32_t argv[2] = {8, 0};
  ASSERT_TRUE(wasm_runtime_call_wasm(i.env, fib, 1, argv));
  EXPECT_EQ(argv[0], 21u);
  EXPECT_EQ(wasm_runtime_get_exception(i.inst), nullptr);
}

TEST_F(ModuleInstanceTest, CharIntDoubleInt64TakeSixCellsAndReturnADouble) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
  uint32_t argv[6];
  char arg1 = 'a';
  int arg2 = 10;
  double arg3 = 1.0;
  int64_t arg4 = 100;
  argv[0] = arg1;
  argv[1] = arg2;
  std::memcpy(&argv[2], &arg3, sizeof arg3);
  std::memcpy(&argv[4], &arg4, sizeof arg4);
  wasm_function_inst_t f = wasm_runtime_lookup_function(i.inst, "mixed", nullptr);
  ASSERT_TRUE(wasm_runtime_call_wasm(i.env, f, 6, argv)) << i.Exception();
  double ret;
  std::memcpy(&ret, &argv[0], sizeof ret);
  EXPECT_EQ(ret, 97 + 10 + 1.0 + 100);
}

TEST_F(ModuleInstanceTest, I64AndF32Cells) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
  int64_t v = 0x123456789;
  std::vector<uint32_t> argv(2);
  std::memcpy(argv.data(), &v, sizeof v);
  ASSERT_TRUE(i.Call("i64_neg", argv));
  int64_t r;
  std::memcpy(&r, argv.data(), sizeof r);
  EXPECT_EQ(r, -v);
  float x = 5.0f;
  std::vector<uint32_t> fargv(1);
  std::memcpy(fargv.data(), &x, sizeof x);
  ASSERT_TRUE(i.Call("f32_half", fargv));
  std::memcpy(&x, fargv.data(), sizeof x);
  EXPECT_EQ(x, 2.5f);
}

TEST_F(ModuleInstanceTest, WrongCellCountIsAnException) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
  std::vector<uint32_t> argv = {1, 2, 3};
  EXPECT_FALSE(i.Call("mixed", argv));
  EXPECT_EQ(i.Exception(),
            "Exception: invalid argument count: the function takes 6 argv cells, got 3");
}

TEST_F(ModuleInstanceTest, TrapSetsTheExceptionAndTheNextCallClearsIt) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
  std::vector<uint32_t> none;
  EXPECT_FALSE(i.Call("trap", none));
  EXPECT_EQ(i.Exception().rfind("Exception: unreachable", 0), 0u) << i.Exception();
  std::vector<uint32_t> argv = {200000};  // beyond memory and app heap (2 pages)
  EXPECT_FALSE(i.Call("load", argv));
  EXPECT_EQ(i.Exception().rfind("Exception: out of bounds memory access", 0), 0u);
  argv = {5};
  EXPECT_TRUE(i.Call("fib", argv));
  EXPECT_EQ(wasm_runtime_get_exception(i.inst), nullptr);
}

TEST_F(ModuleInstanceTest, SetAndClearException) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("no_memory"))) << i.error;
  wasm_runtime_set_exception(i.inst, "custom");
  EXPECT_EQ(i.Exception(), "Exception: custom");
  wasm_runtime_clear_exception(i.inst);
  EXPECT_EQ(wasm_runtime_get_exception(i.inst), nullptr);
}

TEST_F(ModuleInstanceTest, DeepRecursionIsCallStackExhaustedNotACrash) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"), 2048)) << i.error;
  std::vector<uint32_t> argv = {100000};
  EXPECT_FALSE(i.Call("fib", argv));
  EXPECT_EQ(i.Exception().rfind("Exception: call stack exhausted", 0), 0u) << i.Exception();
}

TEST_F(ModuleInstanceTest, LookupOfMissingOrNonFunctionExportIsNull) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
  EXPECT_EQ(wasm_runtime_lookup_function(i.inst, "nope", nullptr), nullptr);
  EXPECT_EQ(wasm_runtime_lookup_function(i.inst, "memory", nullptr), nullptr);
  EXPECT_EQ(wasm_runtime_lookup_function(nullptr, "fib", nullptr), nullptr);
}

TEST_F(ModuleInstanceTest, ManyInstancesOfOneModuleAreIsolated) {
  auto bytes = TestWasm("guest_malloc");
  char error[128];
  wasm_module_t m = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error, sizeof error);
  ASSERT_NE(m, nullptr);
  std::memset(bytes.data(), 0, bytes.size());  // the runtime keeps its own copy
  wasm_module_inst_t a = wasm_runtime_instantiate(m, 8092, 0, error, sizeof error);
  wasm_module_inst_t b = wasm_runtime_instantiate(m, 8092, 0, error, sizeof error);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(wasm_runtime_module_malloc(a, 16, nullptr), 1024u);
  EXPECT_EQ(wasm_runtime_module_malloc(a, 16, nullptr), 1040u);
  EXPECT_EQ(wasm_runtime_module_malloc(b, 16, nullptr), 1024u);
  wasm_runtime_deinstantiate(a);
  wasm_runtime_deinstantiate(b);
  wasm_runtime_unload(m);
}

TEST_F(ModuleInstanceTest, ExecEnvUserData) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("no_memory"))) << i.error;
  int x;
  wasm_runtime_set_user_data(i.env, &x);
  EXPECT_EQ(wasm_runtime_get_user_data(i.env), &x);
  wasm_exec_env_t second = wasm_runtime_create_exec_env(i.inst, 4096);
  ASSERT_NE(second, nullptr);
  std::vector<uint32_t> argv = {0};
  wasm_function_inst_t f = wasm_runtime_lookup_function(i.inst, "answer", nullptr);
  ASSERT_TRUE(wasm_runtime_call_wasm(second, f, 0, argv.data()));
  EXPECT_EQ(argv[0], 42u);
  wasm_runtime_destroy_exec_env(second);
}

}  // namespace
}  // namespace wasmrt::capi::testing

namespace wasmrt::capi::testing {
namespace {

// As in WAMR, argc may exceed the parameter cells (callers pass room for the
// results); a function with results needs an argv.
TEST_F(ModuleInstanceTest, ArgcMayCoverResultsButArgvIsRequiredForThem) {
  Instance i;
  ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
  std::vector<uint32_t> argv = {7, 0, 0, 0};  // one parameter, room for more
  ASSERT_TRUE(i.Call("load", argv)) << i.Exception();
  wasm_function_inst_t trap = wasm_runtime_lookup_function(i.inst, "load", nullptr);
  EXPECT_FALSE(wasm_runtime_call_wasm(i.env, trap, 0, nullptr));
  EXPECT_EQ(i.Exception(),
            "Exception: invalid argument count: the function takes 1 argv cells, got 0 and no "
            "argv");
}

}  // namespace
}  // namespace wasmrt::capi::testing

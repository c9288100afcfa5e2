// Running modes: what is supported, the default that wasm_runtime_load
// compiles for, and switching an instance. The same calls must give the same
// results in both modes; which code an instance enters is checked on its
// functions' jit_entry (a wasm_function_inst_t is the engine's
// FunctionInstance).
#include <algorithm>
#include <cstring>
#include <vector>

#include "runtime/capi/test_util.h"
#include "runtime/objects/objects.h"

namespace wasmrt::capi::testing {
namespace {

bool g_probe_switched = true;

// A native that tries to switch its own instance while the call runs.
int32_t Probe(wasm_exec_env_t env, int32_t x) {
  g_probe_switched = wasm_runtime_set_running_mode(wasm_runtime_get_module_inst(env), Mode_Interp);
  return x + 100;
}

// tiers.wat's defined functions are indices 2..7 (after two imports).
constexpr uint32_t kFirstDefined = 2, kDefined = 6;

FunctionInstance* Func(wasm_module_inst_t inst, const char* name) {
  return static_cast<FunctionInstance*>(wasm_runtime_lookup_function(inst, name, nullptr));
}

// How many of the instance's own functions, and of lib's "twice" (import
// 1), enter machine code.
int CompiledEntries(wasm_module_inst_t inst) {
  const InstanceState* state = Func(inst, "fib")->instance;
  int n = state->funcs[1]->jit_entry != nullptr;
  for (uint32_t i = kFirstDefined; i < kFirstDefined + kDefined; ++i) {
    n += state->funcs[i]->jit_entry != nullptr;
  }
  return n;
}

class RunningModeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(wasm_runtime_init());
    static NativeSymbol natives[] = {
        {"probe", reinterpret_cast<void*>(&Probe), "(i)i", nullptr}};
    ASSERT_TRUE(wasm_runtime_register_natives("env", natives, 1));
  }
  void TearDown() override {
    main_.Release();
    if (lib_ != nullptr) wasm_runtime_unload(lib_);
    wasm_runtime_destroy();
  }
  // Loads and registers lib, then loads and instantiates tiers, both in the
  // default mode of the moment.
  void Create(Instance& instance) {
    if (lib_ == nullptr) {
      auto bytes = TestWasm("tiers_lib");
      lib_ = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error_, sizeof error_);
      ASSERT_NE(lib_, nullptr) << error_;
      ASSERT_TRUE(wasm_runtime_register_module("lib", lib_, error_, sizeof error_)) << error_;
    }
    ASSERT_TRUE(instance.Create(TestWasm("tiers"))) << instance.error;
  }
  // Every export's result on a few arguments, as argv cells.
  static std::vector<uint32_t> Results(Instance& instance) {
    std::vector<uint32_t> out;
    auto call = [&](const char* name, std::vector<uint32_t> argv, size_t cells) {
      size_t argc = argv.size();
      argv.resize(std::max(argc, cells));
      EXPECT_TRUE(instance.Call(name, argv, int(argc))) << name << ": " << instance.Exception();
      out.insert(out.end(), argv.begin(), argv.begin() + cells);
    };
    call("fib", {20}, 1);
    call("apply", {0, 12}, 1);
    call("apply", {1, 10}, 1);
    call("squares", {1000}, 2);
    call("twice_plus_one", {20}, 1);
    call("probe", {5}, 1);
    return out;
  }
  Instance main_;
  wasm_module_t lib_ = nullptr;
  char error_[256] = {};
};

TEST(RunningModeSupportTest, InterpAlwaysFastJitOnX86OthersNever) {
  EXPECT_TRUE(wasm_runtime_is_running_mode_supported(Mode_Interp));
#if defined(__x86_64__)
  EXPECT_TRUE(wasm_runtime_is_running_mode_supported(Mode_Fast_JIT));
#else
  EXPECT_FALSE(wasm_runtime_is_running_mode_supported(Mode_Fast_JIT));
#endif
  EXPECT_FALSE(wasm_runtime_is_running_mode_supported(Mode_LLVM_JIT));
  EXPECT_FALSE(wasm_runtime_is_running_mode_supported(Mode_Multi_Tier_JIT));
  EXPECT_FALSE(wasm_runtime_is_running_mode_supported(RunningMode(0)));
  EXPECT_FALSE(wasm_runtime_is_running_mode_supported(RunningMode(9)));
  // The default needs a runtime.
  EXPECT_FALSE(wasm_runtime_set_default_running_mode(Mode_Interp));
  EXPECT_FALSE(wasm_runtime_set_running_mode(nullptr, Mode_Interp));
  EXPECT_EQ(wasm_runtime_get_running_mode(nullptr), Mode_Interp);
}

TEST_F(RunningModeTest, UnsupportedModesAreRefused) {
  EXPECT_FALSE(wasm_runtime_set_default_running_mode(Mode_LLVM_JIT));
  EXPECT_FALSE(wasm_runtime_set_default_running_mode(Mode_Multi_Tier_JIT));
  EXPECT_TRUE(wasm_runtime_set_default_running_mode(Mode_Interp));
  Create(main_);
  EXPECT_FALSE(wasm_runtime_set_running_mode(main_.inst, Mode_LLVM_JIT));
  EXPECT_FALSE(wasm_runtime_set_running_mode(main_.inst, Mode_Multi_Tier_JIT));
  EXPECT_FALSE(wasm_runtime_set_running_mode(main_.inst, RunningMode(0)));
  EXPECT_EQ(wasm_runtime_get_running_mode(main_.inst), Mode_Interp);
}

// Unless the embedder says otherwise, modules are compiled where the
// compiler runs.
TEST_F(RunningModeTest, CompiledIsTheDefaultWhereSupported) {
  Create(main_);
  if (wasm_runtime_is_running_mode_supported(Mode_Fast_JIT)) {
    EXPECT_EQ(wasm_runtime_get_running_mode(main_.inst), Mode_Fast_JIT);
    EXPECT_EQ(CompiledEntries(main_.inst), 1 + int(kDefined));
  } else {
    EXPECT_EQ(wasm_runtime_get_running_mode(main_.inst), Mode_Interp);
    EXPECT_EQ(CompiledEntries(main_.inst), 0);
  }
  EXPECT_EQ(Results(main_), (std::vector<uint32_t>{6765, 144, 55, 332833500, 0, 41, 105}));
}

TEST_F(RunningModeTest, InterpretedModulesHaveNoMachineCodeToSwitchTo) {
  ASSERT_TRUE(wasm_runtime_set_default_running_mode(Mode_Interp));
  Create(main_);
  EXPECT_EQ(wasm_runtime_get_running_mode(main_.inst), Mode_Interp);
  EXPECT_EQ(CompiledEntries(main_.inst), 0);
  EXPECT_FALSE(wasm_runtime_set_running_mode(main_.inst, Mode_Fast_JIT));
  EXPECT_EQ(wasm_runtime_get_running_mode(main_.inst), Mode_Interp);
  EXPECT_TRUE(wasm_runtime_set_running_mode(main_.inst, Mode_Interp));
  std::vector<uint32_t> r = Results(main_);
  // fib(20), square(12), fib(10), sum of i*i below 1000 (two cells), 41, 105.
  EXPECT_EQ(r, (std::vector<uint32_t>{6765, 144, 55, 332833500, 0, 41, 105}));
}

TEST_F(RunningModeTest, BothModesGiveTheSameResults) {
  if (!wasm_runtime_is_running_mode_supported(Mode_Fast_JIT)) GTEST_SKIP() << "no compiler here";
  ASSERT_TRUE(wasm_runtime_set_default_running_mode(Mode_Fast_JIT));
  Create(main_);  // lib too
  EXPECT_EQ(wasm_runtime_get_running_mode(main_.inst), Mode_Fast_JIT);
  int compiled = CompiledEntries(main_.inst);
  EXPECT_EQ(compiled, 1 + int(kDefined));  // the compiler handles all of them

  // Loaded in Mode_Interp, an instance enters no machine code, not even
  // that of the registered module it imports from.
  ASSERT_TRUE(wasm_runtime_set_default_running_mode(Mode_Interp));
  Instance interp;
  Create(interp);
  EXPECT_EQ(wasm_runtime_get_running_mode(interp.inst), Mode_Interp);
  EXPECT_EQ(CompiledEntries(interp.inst), 0);
  std::vector<uint32_t> want = Results(interp);
  EXPECT_EQ(Results(main_), want);

  // To the interpreter: no function of the instance, the table's private
  // $square and the registered module's instance included, enters compiled
  // code any more; and back.
  ASSERT_TRUE(wasm_runtime_set_running_mode(main_.inst, Mode_Interp));
  EXPECT_EQ(wasm_runtime_get_running_mode(main_.inst), Mode_Interp);
  EXPECT_EQ(CompiledEntries(main_.inst), 0);
  EXPECT_EQ(Results(main_), want);
  ASSERT_TRUE(wasm_runtime_set_running_mode(main_.inst, Mode_Fast_JIT));
  EXPECT_EQ(wasm_runtime_get_running_mode(main_.inst), Mode_Fast_JIT);
  EXPECT_EQ(CompiledEntries(main_.inst), compiled);
  EXPECT_EQ(Results(main_), want);
}

TEST_F(RunningModeTest, NoSwitchWhileACallRuns) {
  Create(main_);
  std::vector<uint32_t> argv = {1};
  g_probe_switched = true;
  ASSERT_TRUE(main_.Call("probe", argv)) << main_.Exception();
  EXPECT_EQ(argv[0], 101u);
  EXPECT_FALSE(g_probe_switched);
  EXPECT_TRUE(wasm_runtime_set_running_mode(main_.inst, Mode_Interp));  // after it
}

TEST(RunningModeInitTest, InitArgsSetTheDefaultUntilDestroy) {
  RuntimeInitArgs args;
  std::memset(&args, 0, sizeof args);
  args.mem_alloc_type = Alloc_With_System_Allocator;
  args.running_mode = Mode_LLVM_JIT;
  EXPECT_FALSE(wasm_runtime_full_init(&args));
  ASSERT_TRUE(wasm_runtime_init());  // nothing was left initialised
  wasm_runtime_destroy();
  if (!wasm_runtime_is_running_mode_supported(Mode_Fast_JIT)) GTEST_SKIP() << "no compiler here";
  args.running_mode = Mode_Interp;
  ASSERT_TRUE(wasm_runtime_full_init(&args));
  {
    Instance plain;
    ASSERT_TRUE(plain.Create(TestWasm("no_memory"))) << plain.error;
    EXPECT_EQ(wasm_runtime_get_running_mode(plain.inst), Mode_Interp);
  }
  wasm_runtime_destroy();
  ASSERT_TRUE(wasm_runtime_init());  // the default again
  {
    Instance fast;
    ASSERT_TRUE(fast.Create(TestWasm("no_memory"))) << fast.error;
    EXPECT_EQ(wasm_runtime_get_running_mode(fast.inst), Mode_Fast_JIT);
  }
  wasm_runtime_destroy();
}

TEST(RunningModeInitTest, PoolModeHasNoMachineCode) {
  alignas(16) static char pool[8 << 20];
  RuntimeInitArgs args;
  std::memset(&args, 0, sizeof args);
  args.mem_alloc_type = Alloc_With_Pool;
  args.mem_alloc_option.pool.heap_buf = pool;
  args.mem_alloc_option.pool.heap_size = sizeof pool;
  args.running_mode = Mode_Fast_JIT;
  EXPECT_FALSE(wasm_runtime_full_init(&args));
  args.running_mode = RunningMode(0);  // the default: the interpreter here
  ASSERT_TRUE(wasm_runtime_full_init(&args));
  {
    Instance plain;
    ASSERT_TRUE(plain.Create(TestWasm("no_memory"))) << plain.error;
    EXPECT_EQ(wasm_runtime_get_running_mode(plain.inst), Mode_Interp);
  }
  EXPECT_FALSE(wasm_runtime_is_running_mode_supported(Mode_Fast_JIT));
  EXPECT_FALSE(wasm_runtime_set_default_running_mode(Mode_Fast_JIT));
  EXPECT_TRUE(wasm_runtime_is_running_mode_supported(Mode_Interp));
  wasm_runtime_destroy();
}

}  // namespace
}  // namespace wasmrt::capi::testing

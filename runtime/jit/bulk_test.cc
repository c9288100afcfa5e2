// References, tables, segments and bulk memory in the compiled tier
// (emit_bulk.cc): every function of refs.wat compiles, and computes the
// interpreter's results, traps (code, text, function) and fuel, at the
// edges of every range check.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/compiler.h"

namespace wasmrt {
namespace {

constexpr const char* kRefs = "runtime/jit/testdata/refs.wasm";

std::vector<uint8_t> Bytes(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

// A fresh instance of refs.wasm in one tier (no imports).
struct Instance {
  explicit Instance(Tier tier) {
    auto m = CompileModule(Bytes(kRefs), {.tier = tier});
    EXPECT_TRUE(m.ok()) << m.status();
    module = *m;
    auto inst = store.Instantiate(module, {});
    EXPECT_TRUE(inst.ok()) << inst.status();
    instance = *inst;
  }
  ExecResult Call(const std::string& name, const std::vector<Value>& args, int64_t fuel = -1) {
    CallOptions options;
    if (fuel >= 0) options.fuel = fuel;
    auto r = store.Call(instance->GetExport(name)->func(), args, options);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : ExecResult{};
  }
  std::shared_ptr<const CompiledModule> module;
  Store store;
  ModuleInstance* instance = nullptr;
};

// Each tier on a fresh instance (the calls change tables and segments).
// Externrefs are the caller's words, so they compare as numbers.
ExecResult ExpectSame(const std::string& name, const std::vector<Value>& args,
                      int64_t fuel = -1) {
  ExecResult a = Instance(Tier::kInterp).Call(name, args, fuel);
  ExecResult b = Instance(Tier::kJit).Call(name, args, fuel);
  std::string what = name + " #" + std::to_string(args.empty() ? 0 : args[0].i64);
  EXPECT_EQ(a.trap, b.trap) << what;
  EXPECT_EQ(a.trap_message, b.trap_message) << what;
  EXPECT_EQ(a.trap_function_name, b.trap_function_name) << what;
  EXPECT_EQ(a.fuel_used, b.fuel_used) << what;
  EXPECT_EQ(a.results.size(), b.results.size()) << what;
  for (size_t i = 0; i < a.results.size() && i < b.results.size(); ++i) {
    EXPECT_EQ(a.results[i].i64, b.results[i].i64) << what << " result " << i;
  }
  return b;
}

Value I(uint32_t v) { return Value::I32(v); }
Value Ext(uintptr_t word) {
  return Value::Ref(ValType::kExternRef, reinterpret_cast<const void*>(word));
}

TEST(BulkTest, EveryFunctionCompiles) {
  if (!jit::Supported()) GTEST_SKIP() << "no compiled tier on this machine";
  Instance jit(Tier::kJit);
  const jit::JitModule* code = jit.module->jit();
  ASSERT_NE(code, nullptr);
  size_t defined = jit.module->ir().functions.size();
  EXPECT_EQ(code->compiled_count(), defined);
  for (uint32_t i = 0; i < defined; ++i) EXPECT_NE(code->entry(i), nullptr) << "function " << i;
}

TEST(BulkTest, TablesAndElementSegmentsMatchTheInterpreter) {
  if (!jit::Supported()) GTEST_SKIP();
  const uint32_t kMax = 0xFFFFFFFFu;
  for (auto args : std::vector<std::vector<Value>>{
           {I(0), I(0), I(4)}, {I(1), I(0), I(3)}, {I(2), I(1), I(3)}, {I(4), I(0), I(0)},
           {I(5), I(0), I(0)}, {I(0), I(4), I(0)}, {I(0), I(5), I(0)}, {I(3), I(0), I(2)},
           {I(0), I(3), I(2)}, {I(kMax), I(0), I(1)}, {I(0), I(kMax), I(1)}}) {
    ExpectSame("init", args);
  }
  for (auto args : std::vector<std::vector<Value>>{
           {I(0), I(0), I(0)}, {I(0), I(0), I(1)}, {I(4), I(0), I(0)}, {I(0), I(1), I(0)}}) {
    ExpectSame("init_dropped", args);
  }
  for (auto args : std::vector<std::vector<Value>>{
           {I(0), I(4)}, {I(1), I(2)}, {I(4), I(0)}, {I(4), I(1)}, {I(5), I(0)}, {I(2), I(kMax)}}) {
    ExpectSame("fill", args);
  }
  for (auto args : std::vector<std::vector<Value>>{
           {I(1), I(0), I(3)}, {I(0), I(1), I(3)}, {I(2), I(2), I(2)}, {I(4), I(0), I(0)},
           {I(1), I(0), I(4)}, {I(0), I(4), I(1)}, {I(kMax), I(0), I(1)}}) {
    ExpectSame("copy", args);
  }
  for (auto args : std::vector<std::vector<Value>>{
           {I(0), I(0), I(3)}, {I(1), I(1), I(2)}, {I(0), I(3), I(1)}, {I(4), I(3), I(0)},
           {I(0), I(0), I(4)}}) {
    ExpectSame("copy_from_u", args);
  }
  for (uint32_t n : {0u, 1u, 4u, 5u, kMax}) ExpectSame("grow", {I(n)});
  for (uint32_t i : {0u, 3u, 4u}) {
    ExpectSame("set", {I(i), I(0)});
    ExpectSame("set", {I(i), I(1)});
  }
  for (uint32_t i = 0; i < 4; ++i) ExpectSame("pass", {I(i)});

  // Values worked out by hand: [$one $two null $three] gives
  // ((11 * 31 + 22) * 31 + 7) * 31 + 10 = 349070, then * 1000 + 4.
  EXPECT_EQ(ExpectSame("init", {I(0), I(0), I(4)}).results[0].i32, 349070004u);
  // Growing by 5 would pass the maximum 8: -1 (times 100000), and the
  // table stays four nulls: ((7 * 31 + 7) * 31 + 7) * 31 + 7 = 215488.
  EXPECT_EQ(ExpectSame("grow", {I(5)}).results[0].i32, uint32_t(215488 * 1000 + 4 - 100000));
  EXPECT_EQ(ExpectSame("init", {I(5), I(0), I(0)}).trap, TrapCode::kTableOutOfBounds);
  EXPECT_EQ(ExpectSame("init_dropped", {I(0), I(0), I(1)}).trap, TrapCode::kTableOutOfBounds);
}

TEST(BulkTest, ExternrefsMatchTheInterpreter) {
  if (!jit::Supported()) GTEST_SKIP();
  for (auto args : std::vector<std::vector<Value>>{{Ext(0x1234), I(0), I(0)},
                                                   {Ext(0x1234), I(1), I(0)},
                                                   {Ext(0x1234), I(2), I(0)},
                                                   {Ext(0x1234), I(0), I(2)}}) {
    ExpectSame("ext", args);
  }
  EXPECT_EQ(ExpectSame("ext", {Ext(0x1234), I(0), I(0)}).results[0].ref,
            reinterpret_cast<const void*>(0x1234));
  EXPECT_EQ(ExpectSame("ext", {Ext(0x1234), I(1), I(0)}).results[0].ref, nullptr);
  EXPECT_EQ(ExpectSame("ext_null", {Ext(0)}).results[0].i32, 7u);
  EXPECT_EQ(ExpectSame("ext_null", {Ext(0x10)}).results[0].i32, 6u);
  for (uint32_t n : {0u, 3u, 0xFFFFFFFFu}) ExpectSame("ext_grow", {Ext(0x10), I(n)});
  for (auto args : std::vector<std::vector<Value>>{{Ext(0x99), I(0), I(2)},
                                                   {Ext(0x99), I(1), I(1)},
                                                   {Ext(0x99), I(2), I(0)},
                                                   {Ext(0x99), I(2), I(1)},
                                                   {Ext(0x99), I(1), I(2)}}) {
    ExpectSame("ext_fill", args);
  }
}

TEST(BulkTest, BulkMemoryAndDataSegmentsMatchTheInterpreter) {
  if (!jit::Supported()) GTEST_SKIP();
  const uint32_t kMax = 0xFFFFFFFFu;
  for (auto args : std::vector<std::vector<Value>>{
           {I(0), I(0xAB), I(8)}, {I(3), I(0x1FF), I(5)}, {I(65536), I(1), I(0)},
           {I(65536), I(1), I(1)}, {I(65535), I(1), I(1)}, {I(0), I(1), I(kMax)}}) {
    ExpectSame("mem_fill", args);
  }
  EXPECT_EQ(ExpectSame("mem_fill", {I(0), I(0xAB), I(8)}).results[0].i64, 0xABABABABABABABABull);
  EXPECT_EQ(ExpectSame("mem_fill", {I(65536), I(1), I(1)}).trap, TrapCode::kMemoryOutOfBounds);
  for (auto args : std::vector<std::vector<Value>>{
           {I(2), I(0), I(8)}, {I(0), I(2), I(8)}, {I(5), I(5), I(3)}, {I(65536), I(0), I(0)},
           {I(65530), I(0), I(7)}, {I(0), I(65530), I(7)}, {I(0), I(0), I(0)}}) {
    ExpectSame("mem_copy", args);
  }
  for (auto args : std::vector<std::vector<Value>>{
           {I(0), I(0), I(10)}, {I(3), I(2), I(8)}, {I(0), I(5), I(6)}, {I(65536), I(10), I(0)},
           {I(65537), I(0), I(0)}, {I(0), I(11), I(0)}}) {
    ExpectSame("mem_init", args);
  }
  // Bytes 1..10 at 0: the words 0x0807060504030201 and 0x0a09.
  EXPECT_EQ(ExpectSame("mem_init", {I(0), I(0), I(10)}).results[0].i64,
            0x0807060504030201ull ^ 0x0a09);
  for (auto args : std::vector<std::vector<Value>>{{I(0), I(0)}, {I(0), I(1)}, {I(65536), I(0)}}) {
    ExpectSame("mem_init_dropped", args);
  }
  EXPECT_EQ(ExpectSame("mem_init_dropped", {I(0), I(1)}).trap, TrapCode::kMemoryOutOfBounds);
}

// One unit of fuel per instruction, whatever the length: a loop of bulk
// operations runs out at the same instruction in both tiers.
TEST(BulkTest, FuelRunsOutAtTheSamePointInBothTiers) {
  if (!jit::Supported()) GTEST_SKIP();
  for (uint32_t n : {1u, 5u, 40u}) ExpectSame("loop", {I(n)});
  for (int64_t fuel : {0, 1, 10, 37, 100, 1000, 5000}) ExpectSame("loop", {I(40)}, fuel);
}

}  // namespace
}  // namespace wasmrt

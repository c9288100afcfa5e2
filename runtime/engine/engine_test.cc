// End-to-end behaviour of the public API: traps as values, limits, host
// functions, instantiation failures.
#include "runtime/engine/engine.h"

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "gtest/gtest.h"
#include "runtime/binary/decoder.h"

namespace wasmrt {
namespace {

std::vector<uint8_t> ReadFixture(const std::string& name) {
  std::ifstream in("runtime/engine/testdata/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

class EngineTest : public ::testing::Test {
 protected:
  void Instantiate(StoreConfig config = {}) {
    store_ = std::make_unique<Store>(config);
    auto module = CompileModule(ReadFixture("limits.wasm"));
    ASSERT_TRUE(module.ok()) << module.status();
    FuncType ii_i{{ValType::kI32, ValType::kI32}, {ValType::kI32}};
    FuncType i_i{{ValType::kI32}, {ValType::kI32}};
    Linker linker;
    linker.Define("env", "add",
                  {ExternKind::kFunc,
                   store_->NewHostFunction(ii_i, [](HostCall&, absl::Span<const Value> a,
                                                    absl::Span<Value> r) {
                     r[0] = Value::I32(a[0].i32 + a[1].i32);
                     return TrapCode::kNone;
                   })});
    linker.Define("env", "fail",
                  {ExternKind::kFunc,
                   store_->NewHostFunction(FuncType{}, [](HostCall&, absl::Span<const Value>,
                                                          absl::Span<Value>) {
                     return TrapCode::kHostError;
                   }, "fail")});
    // Calls back into the instance's "double" export: a re-entrant call.
    linker.Define("env", "reenter",
                  {ExternKind::kFunc,
                   store_->NewHostFunction(i_i, [this](HostCall& call, absl::Span<const Value> a,
                                                       absl::Span<Value> r) {
                     auto f = call.caller->GetExport("double");
                     auto res = call.store->Call(f->func(), {a[0]});
                     if (!res.ok() || !res->ok()) return TrapCode::kHostError;
                     r[0] = res->results[0];
                     return TrapCode::kNone;
                   })});
    auto imports = linker.Resolve(**module);
    ASSERT_TRUE(imports.ok()) << imports.status();
    auto inst = store_->Instantiate(*module, *imports);
    ASSERT_TRUE(inst.ok()) << inst.status();
    instance_ = *inst;
  }

  ExecResult Call(const std::string& name, std::vector<Value> args, CallOptions opts = {}) {
    auto f = instance_->GetExport(name);
    EXPECT_TRUE(f.has_value()) << name;
    auto r = store_->Call(f->func(), args, opts);
    EXPECT_TRUE(r.ok()) << r.status();
    return *r;
  }

  std::unique_ptr<Store> store_;
  ModuleInstance* instance_ = nullptr;
};

TEST_F(EngineTest, TrapNamesSpecReasonAndFunction) {
  Instantiate();
  ExecResult r = Call("div", {Value::I32(1), Value::I32(0)});
  EXPECT_EQ(r.trap, TrapCode::kIntegerDivideByZero);
  EXPECT_EQ(r.trap_message, "integer divide by zero in $div (func 3)");
  EXPECT_EQ(Call("div", {Value::I32(7), Value::I32(2)}).results[0].i32, 3u);
}

TEST_F(EngineTest, FuelEndsARunawayLoopAndIsAccounted) {
  Instantiate();
  ExecResult r = Call("spin", {}, {.fuel = 5000});
  EXPECT_EQ(r.trap, TrapCode::kFuelExhausted);
  EXPECT_EQ(r.fuel_used, 5000);
  // Fuel counts wasm instructions executed (`end` is a delimiter, not an
  // instruction). count(100), from limits.wat:
  //   loop                                           1 (once)
  //     local.get 0 i32.const 1 i32.sub local.tee 0
  //     br_if $l                                     5 per iteration, 100 times
  //   local.get 0                                    1
  // = 1 + 500 + 1 = 502 units, charged per straight-line run.
  ExecResult ok = Call("count", {Value::I32(100)}, {.fuel = 502});
  ASSERT_TRUE(ok.ok()) << ok.trap_message;
  EXPECT_EQ(ok.fuel_used, 502);
  EXPECT_EQ(Call("count", {Value::I32(100)}, {.fuel = 501}).trap, TrapCode::kFuelExhausted);
  // Unlimited fuel reports the same exact count.
  EXPECT_EQ(Call("count", {Value::I32(100)}).fuel_used, 502);
  // Straight-line bodies: local.get 0 i32.const 2 i32.mul = 3 instructions;
  // call_reenter runs 4 of its own plus the re-entrant call's 3 (the host
  // function's call into wasm shares the outer call's fuel).
  EXPECT_EQ(Call("double", {Value::I32(4)}).fuel_used, 3);
  EXPECT_EQ(Call("call_reenter", {Value::I32(4)}).fuel_used, 7);
}

TEST_F(EngineTest, DeadlineEndsARunawayLoop) {
  Instantiate();
  auto start = std::chrono::steady_clock::now();
  ExecResult r = Call("spin", {}, {.deadline = start + std::chrono::milliseconds(50)});
  EXPECT_EQ(r.trap, TrapCode::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(EngineTest, InterruptFlagEndsACall) {
  Instantiate();
  std::atomic<bool> stop{false};
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop = true;
  });
  ExecResult r = Call("spin", {}, {.interrupt = &stop});
  t.join();
  EXPECT_EQ(r.trap, TrapCode::kInterrupted);
}

TEST_F(EngineTest, CallDepthIsBoundedAndTheStoreStaysUsable) {
  Instantiate({.max_call_depth = 100});
  ExecResult r = Call("recurse", {Value::I32(0)});
  EXPECT_EQ(r.trap, TrapCode::kCallStackExhausted);
  EXPECT_EQ(r.trap_message, "call stack exhausted in $recurse (func 5)");
  EXPECT_EQ(Call("div", {Value::I32(9), Value::I32(3)}).results[0].i32, 3u);
}

TEST_F(EngineTest, HostFunctionsAndReentrantCalls) {
  Instantiate();
  EXPECT_EQ(Call("call_add", {Value::I32(40), Value::I32(2)}).results[0].i32, 42u);
  ExecResult fail = Call("call_fail", {});
  EXPECT_EQ(fail.trap, TrapCode::kHostError);
  EXPECT_EQ(fail.trap_message, "host function error in $fail (func 0)");
  // call_reenter(5) = double(5) + 1 through the host.
  EXPECT_EQ(Call("call_reenter", {Value::I32(5)}).results[0].i32, 11u);
}

TEST_F(EngineTest, MemoryCapBoundsGrowth) {
  Instantiate({.max_memory_pages = 3});
  EXPECT_EQ(Call("grow", {Value::I32(2)}).results[0].i32, 1u);
  EXPECT_EQ(Call("grow", {Value::I32(1)}).results[0].i32, 0xFFFFFFFFu);
  EXPECT_EQ(Call("load", {Value::I32(3 * 65536 - 4)}).results[0].i32, 0u);
  ExecResult oob = Call("load", {Value::I32(3 * 65536 - 3)});
  EXPECT_EQ(oob.trap, TrapCode::kMemoryOutOfBounds);
}

TEST_F(EngineTest, ArgumentsAreTypeChecked) {
  Instantiate();
  auto f = instance_->GetExport("div");
  auto r = store_->Call(f->func(), {Value::I64(1), Value::I32(1)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "argument 0 has type i64, expected i32");
  EXPECT_EQ(store_->Call(f->func(), {}).status().message(), "expected 2 arguments, got 0");
}

TEST(EngineInstantiate, TrapInSegmentKeepsEarlierEffects) {
  Store store;
  auto module = CompileModule(ReadFixture("bad_elem.wasm"));
  ASSERT_TRUE(module.ok()) << module.status();
  auto inst = store.Instantiate(*module, {});
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(inst.status().message(), "out of bounds table access");
}

TEST(EngineInstantiate, MissingImportIsNamed) {
  auto module = CompileModule(ReadFixture("limits.wasm"));
  ASSERT_TRUE(module.ok());
  Linker linker;
  auto r = linker.Resolve(**module);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "unknown import: \"env\" \"add\"");
}

TEST(EngineCompile, MalformedInputNamesTheOffset) {
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
  auto m = CompileModule(bytes);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("unknown binary version"), absl::string_view::npos)
      << m.status();
  EXPECT_NE(m.status().message().find("0x4"), absl::string_view::npos) << m.status();
}

// CompileModule decodes without reading the bodies, which validation reads
// anyway; a malformed body must still outrank an invalid one before it,
// and memory.init without a data count section stays malformed.
TEST(EngineCompile, MalformedBodiesOutrankEarlierInvalidOnes) {
  const std::vector<uint8_t> invalid_then_malformed = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,        // type 0: [] -> []
      0x03, 0x03, 0x02, 0x00, 0x00,              // two functions of type 0
      0x0a, 0x0a, 0x02,                          // code: two bodies
      0x04, 0x00, 0x41, 0x00, 0x0b,              //   i32.const 0 left over: invalid
      0x03, 0x00, 0xff, 0x0b};                   //   opcode 0xff: malformed
  const std::vector<uint8_t> init_without_data_count = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,        // type 0: [] -> []
      0x03, 0x02, 0x01, 0x00,                    // one function
      0x05, 0x03, 0x01, 0x00, 0x01,              // memory 1
      0x0a, 0x0e, 0x01, 0x0c, 0x00,              // code: memory.init 0 (0, 0, 0)
      0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0x0b,
      0x0b, 0x03, 0x01, 0x01, 0x00};             // data: one passive, empty
  for (const auto& bytes : {invalid_then_malformed, init_without_data_count}) {
    absl::StatusOr<Module> decoded = DecodeModule(bytes);
    ASSERT_FALSE(decoded.ok());
    ASSERT_TRUE(DecodeModuleLeavingBodies(bytes).ok());
    for (Tier tier : {Tier::kInterp, Tier::kJit}) {
      auto m = CompileModule(bytes, {.tier = tier});
      ASSERT_FALSE(m.ok());
      EXPECT_EQ(m.status(), decoded.status());
    }
  }
  EXPECT_NE(DecodeModule(init_without_data_count).status().message().find(
                "data count section required"),
            absl::string_view::npos);
}

}  // namespace
}  // namespace wasmrt

namespace wasmrt {
namespace {

TEST_F(EngineTest, PerCallMemoryCapRefusesGrowth) {
  Instantiate();
  CallOptions capped;
  capped.max_memory_pages = 2;
  EXPECT_EQ(Call("grow", {Value::I32(1)}, capped).results[0].i32, 1u);
  EXPECT_EQ(Call("grow", {Value::I32(1)}, capped).results[0].i32, 0xFFFFFFFFu);
  // Without the cap the same memory grows on.
  EXPECT_EQ(Call("grow", {Value::I32(1)}).results[0].i32, 2u);
}

}  // namespace
}  // namespace wasmrt

namespace wasmrt {
namespace {

// Regression: a re-entrant call made by a host function (with default
// options) used to reset the outer call's fuel and deadline to unlimited.
TEST_F(EngineTest, ReentrantCallKeepsTheOuterLimits) {
  Instantiate();
  ExecResult r = Call("reenter_then_spin", {}, {.fuel = 100000});
  EXPECT_EQ(r.trap, TrapCode::kFuelExhausted);
  auto start = std::chrono::steady_clock::now();
  ExecResult t = Call("reenter_then_spin", {},
                      {.deadline = start + std::chrono::milliseconds(50)});
  EXPECT_EQ(t.trap, TrapCode::kTimeout);
}

// Regression: each host call used to start a fresh fuel slice, so a loop
// that calls the host every few instructions never polled the deadline or
// the interruption flag (a WASI guest looping on sched_yield ran forever).
// 100000 iterations are far more than one slice (ExecContext::kPollInterval).
TEST_F(EngineTest, LoopOfHostCallsStillPollsTheLimits) {
  Instantiate();
  EXPECT_TRUE(Call("host_loop", {Value::I32(100000)}).ok());
  ExecResult t = Call("host_loop", {Value::I32(100000)},
                      {.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1)});
  EXPECT_EQ(t.trap, TrapCode::kTimeout);
  std::atomic<bool> stop{true};
  ExecResult i = Call("host_loop", {Value::I32(100000)}, {.interrupt = &stop});
  EXPECT_EQ(i.trap, TrapCode::kInterrupted);
  // Fuel stays exact across host calls: 9 instructions per iteration
  // (local.get, i32.const, call, drop, local.get, i32.const, i32.sub,
  // local.tee, br_if), plus the loop and the final local.get.
  ExecResult f = Call("host_loop", {Value::I32(10)});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.fuel_used, 1 + 10 * 9 + 1);
}

}  // namespace
}  // namespace wasmrt

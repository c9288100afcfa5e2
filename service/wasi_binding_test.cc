// WasiBinding with the process-wide WASI functions: per-call options, the
// stdio cap, reset, two bindings kept apart, and the options WASI refuses.
#include "service/wasi_binding.h"

#include <fstream>
#include <iterator>

#include "gtest/gtest.h"

namespace wasmrt::service {
namespace {


constexpr auto kFar = std::chrono::hours(1);

// pool_guest.wasm instantiated in its own store with a binding of its own.
struct Guest {
  explicit Guest(uint64_t max_stdio_bytes) : binding(store, max_stdio_bytes) {
    std::ifstream in("service/testdata/pool_guest.wasm", std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    auto compiled = CompileModule(bytes);
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    if (!compiled.ok()) return;
    auto prelinked = ServiceLinker().Prelink(*compiled);
    EXPECT_TRUE(prelinked.ok()) << prelinked.status();
    if (!prelinked.ok()) return;
    auto inst = (*prelinked)->Instantiate(store);
    EXPECT_TRUE(inst.ok()) << inst.status();
    if (inst.ok()) instance = *inst;
  }
  int32_t Hello() {
    auto r = store.Call(instance->GetExport("hello")->func(), {});
    EXPECT_TRUE(r.ok() && r->ok());
    return r.ok() && r->ok() ? int32_t(r->results[0].i32) : -1;
  }
  v1::InvokeResponse Collected() {
    v1::InvokeResponse response;
    binding.Collect(response);
    return response;
  }
  Store store;
  WasiBinding binding;
  ModuleInstance* instance = nullptr;
};

v1::WasiOptions Args(std::vector<std::string> args) {
  v1::WasiOptions o;
  for (const std::string& a : args) o.add_args(a);
  return o;
}

TEST(WasiBindingTest, ArgsAndStdoutOfOneCall) {
  Guest g(1 << 20);
  ASSERT_NE(g.instance, nullptr);
  ASSERT_TRUE(g.binding.Configure("hello", Args({"a", "b", "c"}),
                                  std::chrono::steady_clock::now() + kFar).ok());
  EXPECT_EQ(g.Hello(), 4);
  v1::InvokeResponse r = g.Collected();
  EXPECT_EQ(r.stdout(), "hi\n");
  EXPECT_FALSE(r.stdout_truncated());
}

TEST(WasiBindingTest, StdoutIsCappedAndMarkedTruncated) {
  Guest g(2);
  ASSERT_NE(g.instance, nullptr);
  ASSERT_TRUE(g.binding.Configure("hello", {}, std::chrono::steady_clock::now() + kFar).ok());
  g.Hello();
  v1::InvokeResponse r = g.Collected();
  EXPECT_EQ(r.stdout(), "hi");
  EXPECT_TRUE(r.stdout_truncated());
}

TEST(WasiBindingTest, ResetForgetsArgsAndOutput) {
  Guest g(1 << 20);
  ASSERT_NE(g.instance, nullptr);
  ASSERT_TRUE(g.binding.Configure("hello", Args({"a", "b"}),
                                  std::chrono::steady_clock::now() + kFar).ok());
  g.Hello();
  g.binding.Reset();
  EXPECT_EQ(g.Collected().stdout(), "");
  ASSERT_TRUE(g.binding.Configure("hello", {}, std::chrono::steady_clock::now() + kFar).ok());
  EXPECT_EQ(g.Hello(), 1);  // only the program name
}

TEST(WasiBindingTest, TwoBindingsKeepTheirOwnState) {
  Guest one(1 << 20), two(1 << 20);
  ASSERT_NE(one.instance, nullptr);
  ASSERT_NE(two.instance, nullptr);
  auto deadline = std::chrono::steady_clock::now() + kFar;
  ASSERT_TRUE(one.binding.Configure("hello", Args({"x"}), deadline).ok());
  ASSERT_TRUE(two.binding.Configure("hello", Args({"x", "y", "z"}), deadline).ok());
  EXPECT_EQ(one.Hello(), 2);
  EXPECT_EQ(two.Hello(), 4);
  EXPECT_EQ(one.Collected().stdout(), "hi\n");
  EXPECT_EQ(two.Collected().stdout(), "hi\n");
}

TEST(WasiBindingTest, EnvironmentNamesWasiCannotHoldAreInvalidArgument) {
  Guest g(1 << 20);
  v1::WasiOptions with_equals;
  (*with_equals.mutable_env())["A=B"] = "1";
  absl::Status s = g.binding.Configure("hello", with_equals, std::chrono::steady_clock::now());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  v1::WasiOptions empty_name;
  (*empty_name.mutable_env())[""] = "1";
  EXPECT_EQ(g.binding.Configure("hello", empty_name, std::chrono::steady_clock::now()).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wasmrt::service

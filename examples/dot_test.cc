// examples/dot.c compiled with -msimd128 (v128 loads, extending loads,
// shuffles, i32x4.dot_i16x8_s, f32x4 arithmetic...) gives the native result.
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/engine/engine.h"

namespace wasmrt {
namespace {

std::vector<uint8_t> ReadWasm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

class DotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<uint8_t> bytes = ReadWasm("examples/dot.wasm");
    ASSERT_FALSE(bytes.empty()) << "examples/dot.wasm not found";
    auto module = CompileModule(bytes);
    ASSERT_TRUE(module.ok()) << module.status();
    Linker linker;
    auto imports = linker.Resolve(**module);
    ASSERT_TRUE(imports.ok()) << imports.status();
    auto instance = store_.Instantiate(*module, *imports);
    ASSERT_TRUE(instance.ok()) << instance.status();
    instance_ = *instance;
  }

  Value Call(const std::string& name, std::vector<Value> args) {
    auto f = instance_->GetExport(name);
    EXPECT_TRUE(f.has_value()) << name;
    absl::StatusOr<ExecResult> r = store_.Call(f->func(), args);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return Value();
    EXPECT_TRUE(r->ok()) << r->trap_message;
    return r->results.empty() ? Value() : r->results[0];
  }

  // Copies `data` to the guest array whose address `getter` returns.
  template <typename T>
  void Fill(const std::string& getter, const std::vector<T>& data) {
    uint32_t addr = Call(getter, {}).i32;
    uint8_t* mem = MemoryData(instance_->memory());
    ASSERT_LE(addr + data.size() * sizeof(T), MemorySizeBytes(instance_->memory()));
    std::memcpy(mem + addr, data.data(), data.size() * sizeof(T));
  }

  Store store_;
  ModuleInstance* instance_ = nullptr;
};

// The same order of operations as dot.c: 4 lane accumulators, summed in
// lane order, then the tail.
float NativeDotF32(const std::vector<float>& a, const std::vector<float>& b, int n) {
  float acc[4] = {0, 0, 0, 0};
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    for (int j = 0; j < 4; ++j) acc[j] = acc[j] + a[i + j] * b[i + j];
  }
  float sum = acc[0];
  sum += acc[1];
  sum += acc[2];
  sum += acc[3];
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

TEST_F(DotTest, I16DotMatchesNative) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> dist(-32768, 32767);
  constexpr int kN = 4000;
  std::vector<int16_t> a(kN), b(kN);
  for (int i = 0; i < kN; ++i) {
    a[i] = int16_t(dist(rng));
    b[i] = int16_t(dist(rng));
  }
  a[0] = b[0] = -32768;  // the one product pair whose i32 sum wraps
  a[1] = b[1] = -32768;
  Fill("buf_a16", a);
  Fill("buf_b16", b);
  for (int n : {0, 1, 7, 8, 9, 15, 16, 17, 1001, kN}) {
    uint32_t native = 0;
    for (int i = 0; i < n; ++i) native += uint32_t(int32_t(a[i]) * b[i]);
    EXPECT_EQ(Call("dot_i16", {Value::I32(uint32_t(n))}).i32, native) << "n=" << n;
  }
}

TEST_F(DotTest, F32DotMatchesNative) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-100.0f, 100.0f);
  constexpr int kN = 4096;
  std::vector<float> a(kN), b(kN);
  for (int i = 0; i < kN; ++i) {
    a[i] = dist(rng);
    b[i] = dist(rng);
  }
  Fill("buf_a32", a);
  Fill("buf_b32", b);
  for (int n : {0, 3, 4, 5, 100, 1023, kN}) {
    float got = Call("dot_f32", {Value::I32(uint32_t(n))}).f32;
    EXPECT_EQ(got, NativeDotF32(a, b, n)) << "n=" << n;
  }
}

}  // namespace
}  // namespace wasmrt

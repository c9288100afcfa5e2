// StoreConfig::memory_provider: every linear memory of a store, made by
// NewMemory or by instantiating a module, takes its bytes from the provider
// the store was configured with, and returns them when the store dies.
#include <cstdlib>
#include <memory>

#include "gtest/gtest.h"
#include "runtime/engine/engine.h"
#include "runtime/objects/linear_memory.h"

namespace wasmrt {
namespace {

// calloc blocks, counted.
class CountingProvider : public MemoryProvider {
 public:
  void* Allocate(uint64_t bytes) override {
    live_bytes += bytes;
    ++allocations;
    return std::calloc(1, bytes);
  }
  void Free(void* block, uint64_t bytes) override {
    live_bytes -= bytes;
    std::free(block);
  }
  uint64_t live_bytes = 0;
  int allocations = 0;
};

// (module (memory 1 4)
//   (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))
constexpr uint8_t kGrowModule[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,              // header
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,              // type (i32) -> i32
    0x03, 0x02, 0x01, 0x00,                                      // func
    0x05, 0x04, 0x01, 0x01, 0x01, 0x04,                          // memory 1..4
    0x07, 0x08, 0x01, 0x04, 'g', 'r', 'o', 'w', 0x00, 0x00,      // export "grow"
    0x0a, 0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b,  // code
};

TEST(StoreConfigTest, InstanceMemoryComesFromTheProviderAndGoesBack) {
  auto module = CompileModule(absl::MakeConstSpan(kGrowModule, sizeof kGrowModule));
  ASSERT_TRUE(module.ok()) << module.status();
  CountingProvider provider;
  {
    StoreConfig config;
    config.memory_provider = &provider;
    Store store(config);
    auto instance = store.Instantiate(*module, {});
    ASSERT_TRUE(instance.ok()) << instance.status();
    EXPECT_EQ(provider.allocations, 1);
    EXPECT_EQ(provider.live_bytes, kPageSize);
    LinearMemory* memory = (*instance)->memory();
    ASSERT_NE(memory, nullptr);
    MemoryData(memory)[7] = 42;

    std::optional<Extern> grow = (*instance)->GetExport("grow");
    ASSERT_TRUE(grow.has_value());
    auto result = store.Call(grow->func(), {Value::I32(1)});
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_TRUE(result->ok()) << result->trap_message;
    EXPECT_EQ(result->results[0].i32, 1);  // the old size
    // The grown memory moved to a 2-page block of the provider, with its bytes.
    EXPECT_EQ(provider.allocations, 2);
    EXPECT_EQ(provider.live_bytes, 2 * kPageSize);
    EXPECT_EQ(MemoryData(memory)[7], 42);

    // A memory the embedder makes in the store comes from there too.
    MemoryType type;
    type.limits.min = 3;
    auto own = store.NewMemory(type);
    ASSERT_TRUE(own.ok()) << own.status();
    EXPECT_EQ(provider.live_bytes, 5 * kPageSize);
  }
  EXPECT_EQ(provider.live_bytes, 0u);
}

TEST(StoreConfigTest, TheProviderBelongsToOneStore) {
  auto module = CompileModule(absl::MakeConstSpan(kGrowModule, sizeof kGrowModule));
  ASSERT_TRUE(module.ok()) << module.status();
  CountingProvider provider;
  StoreConfig with;
  with.memory_provider = &provider;
  Store provided(with);
  Store mapped{StoreConfig{}};
  ASSERT_TRUE(provided.Instantiate(*module, {}).ok());
  auto instance = mapped.Instantiate(*module, {});
  ASSERT_TRUE(instance.ok()) << instance.status();
  EXPECT_EQ(MemorySizeBytes((*instance)->memory()), kPageSize);
  EXPECT_EQ(provider.allocations, 1);  // the provided store's memory only
}

TEST(StoreConfigTest, ProviderRefusalIsAnInstantiationError) {
  auto module = CompileModule(absl::MakeConstSpan(kGrowModule, sizeof kGrowModule));
  ASSERT_TRUE(module.ok()) << module.status();
  class Refusing : public MemoryProvider {
   public:
    void* Allocate(uint64_t) override { return nullptr; }
    void Free(void*, uint64_t) override {}
  } refusing;
  StoreConfig config;
  config.memory_provider = &refusing;
  Store store(config);
  auto instance = store.Instantiate(*module, {});
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(instance.status().message(), "cannot allocate 1 pages of linear memory");
}

}  // namespace
}  // namespace wasmrt

// A pooled instance must carry no trace of a previous call after Restore.
#include "runtime/engine/snapshot.h"

#include <fstream>
#include <iterator>

#include "gtest/gtest.h"

namespace wasmrt {
namespace {

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in("runtime/engine/testdata/stateful.wasm", std::ios::binary);
    std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
    auto module = CompileModule(bytes);
    ASSERT_TRUE(module.ok()) << module.status();
    auto inst = store_.Instantiate(*module, {});
    ASSERT_TRUE(inst.ok()) << inst.status();
    instance_ = *inst;
  }
  uint32_t Call(const char* name, std::vector<Value> args = {}) {
    auto r = store_.Call(instance_->GetExport(name)->func(), args);
    EXPECT_TRUE(r.ok() && r->ok()) << name;
    return r.ok() && r->ok() ? r->results[0].i32 : 0xFFFFFFFF;
  }
  Store store_;
  ModuleInstance* instance_ = nullptr;
};

TEST_F(SnapshotTest, RestoreErasesEveryTraceOfACall) {
  InstanceSnapshot snap = InstanceSnapshot::Capture(*instance_);
  EXPECT_EQ(snap.image_bytes(), 4096u);  // one non-zero page: the active segment
  uint32_t initial16 = Call("peek", {Value::I32(16)});

  EXPECT_EQ(Call("dirty"), 1u);
  EXPECT_EQ(Call("peek", {Value::I32(100)}), 0xdeadbeefu);
  EXPECT_EQ(Call("pages"), 4u);
  EXPECT_EQ(Call("table1_is_null"), 0u);

  snap.Restore(*instance_);
  EXPECT_EQ(Call("peek", {Value::I32(100)}), 0u);
  EXPECT_EQ(Call("peek", {Value::I32(16)}), initial16);
  EXPECT_EQ(Call("pages"), 1u);
  EXPECT_EQ(Call("table1_is_null"), 1u);
  EXPECT_EQ(Call("init_ok"), uint32_t('p'));  // the passive segment is back
  EXPECT_EQ(Call("dirty"), 1u);               // the global counts from 0 again
}

TEST_F(SnapshotTest, DroppedSegmentTrapsUntilRestored) {
  InstanceSnapshot snap = InstanceSnapshot::Capture(*instance_);
  Call("dirty");
  auto r = store_.Call(instance_->GetExport("init_ok")->func(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->trap, TrapCode::kMemoryOutOfBounds);
  snap.Restore(*instance_);
  EXPECT_EQ(Call("init_ok"), uint32_t('p'));
}

}  // namespace
}  // namespace wasmrt

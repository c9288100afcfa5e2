#include "service/module_store.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "service/wasi_binding.h"

namespace wasmrt::service {
namespace {

// (module (func (export "f") (result i32) i32.const 42))
const std::string kModule(
    "\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00"
    "\x07\x05\x01\x01\x66\x00\x00\x0a\x06\x01\x04\x00\x41\x2a\x0b",
    34);

class ModuleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wasmrt_store_XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  std::unique_ptr<ModuleStore> Open() {
    auto s = ModuleStore::Open(dir_, CheckServiceImports);
    EXPECT_TRUE(s.ok()) << s.status();
    return std::move(*s);
  }
  std::string dir_;
};

TEST_F(ModuleStoreTest, AddFindByIdAndNameAndDescribe) {
  auto store = Open();
  auto m = store->Add(kModule, "answer:v1");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ((*m)->id.substr(0, 7), "sha256:");
  EXPECT_EQ((*m)->id.size(), 71u);
  EXPECT_EQ((*store->Find("answer:v1"))->id, (*m)->id);
  EXPECT_EQ((*store->Find((*m)->id))->id, (*m)->id);
  v1::ModuleInfo info = store->Describe(**m);
  ASSERT_EQ(info.exports_size(), 1);
  EXPECT_EQ(info.exports(0).name(), "f");
  EXPECT_EQ(info.exports(0).type(), "() -> (i32)");
  EXPECT_EQ(info.names(0), "answer:v1");
}

TEST_F(ModuleStoreTest, InvalidBytesAndNamesAreRejected) {
  auto store = Open();
  auto bad = store->Add(std::string("\0asm\x01\0\0\0\x01", 9), "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("offset"), std::string::npos) << bad.status();
  EXPECT_EQ(store->Add(kModule, "bad name").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Add(kModule, "sha256:x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Find("nope").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ModuleStoreTest, ModulesAndNamesSurviveARestart) {
  std::string id;
  {
    auto store = Open();
    id = (*store->Add(kModule, "a/b"))->id;
  }
  auto store = Open();
  ASSERT_TRUE(store->Find("a/b").ok());
  EXPECT_EQ((*store->Find("a/b"))->id, id);
  EXPECT_EQ(store->List().size(), 1u);
}

TEST_F(ModuleStoreTest, DamagedFileIsSkippedAtStart) {
  std::string id;
  {
    auto store = Open();
    id = (*store->Add(kModule, ""))->id;
  }
  std::ofstream(dir_ + "/modules/" + std::string(64, 'a') + ".wasm") << "garbage";
  auto store = Open();
  EXPECT_EQ(store->List().size(), 1u);
  EXPECT_TRUE(store->Find(id).ok());
}

TEST_F(ModuleStoreTest, SeesWhatAnotherReplicaStoredInASharedDirectory) {
  auto replica_a = Open();
  auto replica_b = Open();
  auto m = replica_a->Add(kModule, "shared");
  ASSERT_TRUE(m.ok());
  auto found = replica_b->Find("shared");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ((*found)->id, (*m)->id);
}

TEST_F(ModuleStoreTest, DeleteRemovesModuleAndNames) {
  auto store = Open();
  auto m = store->Add(kModule, "x");
  ASSERT_TRUE(store->Delete("x").ok());
  EXPECT_EQ(store->Find("x").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store->Find((*m)->id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Open()->List().size(), 0u);
}

TEST(ModuleName, Rules) {
  EXPECT_TRUE(IsValidModuleName("resize:v2"));
  EXPECT_TRUE(IsValidModuleName("team/img-resize_1.0"));
  EXPECT_FALSE(IsValidModuleName(""));
  EXPECT_FALSE(IsValidModuleName(".."));
  EXPECT_FALSE(IsValidModuleName(std::string(129, 'a')));
  EXPECT_FALSE(IsValidModuleName("a b"));
}

}  // namespace
}  // namespace wasmrt::service

namespace wasmrt::service {
namespace {

// (module (func (export "g") (result i32) i32.const 7))
const std::string kOther(
    "\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00"
    "\x07\x05\x01\x01\x67\x00\x00\x0a\x06\x01\x04\x00\x41\x07\x0b",
    34);

TEST_F(ModuleStoreTest, ReplicasConvergeWhenANameMovesOrAModuleIsDeleted) {
  auto replica_a = Open();
  auto replica_b = Open();
  auto first = replica_a->Add(kModule, "svc");
  ASSERT_TRUE(first.ok());
  ASSERT_EQ((*replica_b->Find("svc"))->id, (*first)->id);
  auto second = replica_a->Add(kOther, "svc");  // the name moves
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(replica_a->Delete((*first)->id).ok());
  absl::SleepFor(absl::Milliseconds(1100));  // past the revalidation interval
  auto moved = replica_b->Find("svc");
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ((*moved)->id, (*second)->id);
  EXPECT_EQ(replica_b->Find((*first)->id).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace wasmrt::service

#include "service/module_registry.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "service/module_info.h"
#include "service/module_keys.h"
#include "service/store_files.h"
#include "service/wasi_binding.h"

namespace wasmrt::service {
namespace {

// (module (func (export "f") (result i32) i32.const 42))
const std::string kModule(
    "\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00"
    "\x07\x05\x01\x01\x66\x00\x00\x0a\x06\x01\x04\x00\x41\x2a\x0b",
    34);

// (module (func (export "g") (result i32) i32.const 7))
const std::string kOther(
    "\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00"
    "\x07\x05\x01\x01\x67\x00\x00\x0a\x06\x01\x04\x00\x41\x07\x0b",
    34);

class ModuleRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wasmrt_store_XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  // A registry on the test's clock, which only moves when the test says
  // so, counting its compiles.
  std::unique_ptr<ModuleRegistry> Open() {
    ModuleRegistryOptions options;
    options.now = [this] { return now_; };
    ModuleCompiler compile = [this, real = CheckedCompiler(CheckServiceImports)](
                                 absl::string_view bytes) {
      ++compiles_;
      return real(bytes);
    };
    auto s = ModuleRegistry::Open(dir_, compile, options);
    EXPECT_TRUE(s.ok()) << s.status();
    return std::move(*s);
  }
  std::vector<std::string> Files(const std::string& sub) { return ListDir(dir_ + "/" + sub); }
  std::string dir_;
  absl::Time now_ = absl::FromUnixSeconds(1'700'000'000);
  int compiles_ = 0;
};

TEST_F(ModuleRegistryTest, AddFindByIdAndNameAndDescribe) {
  auto store = Open();
  auto m = store->Add(kModule, "answer:v1");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ((*m)->id.substr(0, 7), "sha256:");
  EXPECT_EQ((*m)->id.size(), 71u);
  EXPECT_EQ((*store->Find("answer:v1"))->id, (*m)->id);
  EXPECT_EQ((*store->Find((*m)->id))->id, (*m)->id);
  v1::ModuleInfo info = DescribeStoredModule(**m, store->NamesOf((*m)->id));
  EXPECT_EQ(info.id(), (*m)->id);
  EXPECT_EQ(info.size_bytes(), kModule.size());
  ASSERT_EQ(info.exports_size(), 1);
  EXPECT_EQ(info.exports(0).name(), "f");
  EXPECT_EQ(info.exports(0).type(), "() -> (i32)");
  EXPECT_EQ(info.names(0), "answer:v1");
}

TEST_F(ModuleRegistryTest, InvalidBytesAndNamesAreRejected) {
  auto store = Open();
  auto bad = store->Add(std::string("\0asm\x01\0\0\0\x01", 9), "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("offset"), std::string::npos) << bad.status();
  EXPECT_EQ(store->Add(kModule, "bad name").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Add(kModule, "sha256:x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Find("nope").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ModuleRegistryTest, ModulesAndNamesSurviveARestart) {
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

TEST_F(ModuleRegistryTest, DamagedFileIsSkippedAtStart) {
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

TEST_F(ModuleRegistryTest, SeesWhatAnotherReplicaStoredInASharedDirectory) {
  auto replica_a = Open();
  auto replica_b = Open();
  auto m = replica_a->Add(kModule, "shared");
  ASSERT_TRUE(m.ok());
  auto found = replica_b->Find("shared");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ((*found)->id, (*m)->id);
}

TEST_F(ModuleRegistryTest, DeleteRemovesModuleAndNames) {
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

TEST_F(ModuleRegistryTest, ReplicasConvergeWhenANameMovesOrAModuleIsDeleted) {
  auto replica_a = Open();
  auto replica_b = Open();
  auto first = replica_a->Add(kModule, "svc");
  ASSERT_TRUE(first.ok());
  ASSERT_EQ((*replica_b->Find("svc"))->id, (*first)->id);
  auto second = replica_a->Add(kOther, "svc");  // the name moves
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(replica_a->Delete((*first)->id).ok());
  // Within the revalidation interval replica B trusts what it found.
  now_ += absl::Milliseconds(1000);
  EXPECT_EQ((*replica_b->Find("svc"))->id, (*first)->id);
  now_ += absl::Milliseconds(100);  // past it: B looks at the directory again
  auto moved = replica_b->Find("svc");
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ((*moved)->id, (*second)->id);
  EXPECT_EQ(replica_b->Find((*first)->id).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ModuleRegistryTest, LongestNamesRoundTripThroughTheDirectory) {
  std::string name = "team/" + std::string(118, 'n') + ":v1.0";
  ASSERT_EQ(name.size(), 128u);
  std::string id;
  {
    auto store = Open();
    auto m = store->Add(kModule, name);
    ASSERT_TRUE(m.ok()) << m.status();
    id = (*m)->id;
  }
  auto store = Open();  // a new instance: the name comes from disk
  auto found = store->Find(name);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ((*found)->id, id);
  EXPECT_EQ(store->NamesOf(id), std::vector<std::string>{name});
  ASSERT_TRUE(store->Delete(name).ok());
  EXPECT_TRUE(Files("names").empty());
}

TEST_F(ModuleRegistryTest, ARefusedNameStoresNothing) {
  auto store = Open();
  for (const std::string& name : {std::string(129, 'a'), std::string("a b"),
                                  std::string("sha256:x"), std::string("..")}) {
    auto m = store->Add(kModule, name);
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << name;
  }
  EXPECT_TRUE(Files("modules").empty());
  EXPECT_TRUE(Files("names").empty());
  EXPECT_TRUE(store->List().empty());
}

TEST_F(ModuleRegistryTest, StatusesNeverNameTheDirectory) {
  auto store = Open();
  ASSERT_TRUE(store->Add(kModule, "kept").ok());
  // names/ becomes a file: writing a name fails inside the directory.
  ASSERT_EQ(std::system(("rm -rf " + dir_ + "/names && touch " + dir_ + "/names").c_str()), 0);
  auto named = store->Add(kModule, "other");
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.status().code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(absl::StrContains(named.status().message(), "cannot write to the module store"))
      << named.status();
  std::vector<absl::Status> statuses = {named.status(), store->Find("kept").status(),
                                        store->Find("sha256:" + std::string(64, '0')).status(),
                                        store->Delete("nope").status()};
  ASSERT_EQ(std::system(("rm -rf " + dir_ + "/modules && touch " + dir_ + "/modules").c_str()), 0);
  statuses.push_back(store->Add(kOther, "").status());
  EXPECT_FALSE(statuses.back().ok());
  for (const absl::Status& s : statuses) {
    EXPECT_FALSE(absl::StrContains(s.message(), dir_)) << s;
    EXPECT_FALSE(absl::StrContains(s.message(), "/modules/")) << s;
    EXPECT_FALSE(absl::StrContains(s.message(), "/names/")) << s;
  }
}


TEST_F(ModuleRegistryTest, AnIdenticalReUploadIsNotCompiledAgain) {
  auto store = Open();
  auto first = store->Add(kModule, "a");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(compiles_, 1);
  auto again = store->Add(kModule, "b");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(compiles_, 1);
  EXPECT_EQ(again->get(), first->get());  // the same warm module
  EXPECT_EQ(store->NamesOf((*first)->id), (std::vector<std::string>{"a", "b"}));
  // Another replica deleted the file: the re-upload writes it again, still
  // without compiling.
  ASSERT_EQ(unlink((dir_ + "/modules/" + (*first)->id.substr(7) + ".wasm").c_str()), 0);
  ASSERT_TRUE(store->Add(kModule, "").ok());
  EXPECT_EQ(compiles_, 1);
  EXPECT_EQ(Files("modules"), std::vector<std::string>{(*first)->id.substr(7) + ".wasm"});
  ASSERT_TRUE(store->Add(kOther, "").ok());
  EXPECT_EQ(compiles_, 2);
}

TEST_F(ModuleRegistryTest, NamesInTheFirstFormatAreMigrated) {
  std::string id;
  {
    auto store = Open();
    id = (*store->Add(kModule, ""))->id;
  }
  // The first format: the file named by the hex of the name, the id inside.
  std::string name = "old/name:" + std::string(100, 'x');
  std::ofstream(dir_ + "/names/" + absl::BytesToHexString(name)) << id;
  auto store = Open();
  auto found = store->Find(name);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ((*found)->id, id);
  EXPECT_EQ(Files("names"), std::vector<std::string>{NameFileName(name)});
  EXPECT_EQ((*Open()->Find(name))->id, id);
}

}  // namespace
}  // namespace wasmrt::service

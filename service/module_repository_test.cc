#include "service/module_repository.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "service/module_keys.h"
#include "service/sha256.h"

namespace wasmrt::service {
namespace {

class ModuleRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/wasmrt_repo_XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  // A repository on the test's clock, which only moves when the test says so.
  std::unique_ptr<ModuleRepository> Open() {
    ModuleRepositoryOptions options;
    options.now = [this] { return now_; };
    auto r = ModuleRepository::Open(dir_, options);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *std::move(r) : nullptr;
  }
  std::vector<std::string> Files(const std::string& sub) { return ListDir(dir_ + "/" + sub); }
  std::string dir_;
  absl::Time now_ = absl::FromUnixSeconds(1'700'000'000);
};

TEST_F(ModuleRepositoryTest, ModulesRoundTripUnderTheirDigest) {
  auto repo = Open();
  std::string bytes = "any bytes: the repository does not compile";
  std::string id = ContentDigest(bytes);
  EXPECT_FALSE(repo->HasModule(id));
  EXPECT_EQ(repo->ReadModule(id).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(repo->WriteModule(id, bytes).ok());
  EXPECT_TRUE(repo->HasModule(id));
  EXPECT_EQ(*repo->ReadModule(id), bytes);
  EXPECT_EQ(Files("modules"), std::vector<std::string>{id.substr(7) + ".wasm"});
  EXPECT_EQ(repo->ModuleIds(), std::vector<std::string>{id});
  repo->RemoveModule(id);
  EXPECT_FALSE(repo->HasModule(id));
  EXPECT_TRUE(repo->ModuleIds().empty());
}

TEST_F(ModuleRepositoryTest, MalformedKeysNeverBecomePaths) {
  auto repo = Open();
  std::string escape = "sha256:../../" + std::string(58, 'a');
  EXPECT_EQ(repo->WriteModule(escape, "x").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(repo->HasModule(escape));
  EXPECT_EQ(repo->ReadModule(escape).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(repo->WriteName("..", "sha256:" + std::string(64, 'a')).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo->WriteName("x", escape).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo->ReadName("a b").status().code(), absl::StatusCode::kNotFound);
  // Files that are not modules are not listed as modules.
  std::ofstream(dir_ + "/modules/notes.wasm") << "x";
  std::ofstream(dir_ + "/modules/" + std::string(64, 'A') + ".wasm") << "x";
  EXPECT_TRUE(repo->ModuleIds().empty());
  EXPECT_TRUE(Files("names").empty());
}

TEST_F(ModuleRepositoryTest, NamesPointAtIdsAndMove) {
  auto repo = Open();
  std::string a = "sha256:" + std::string(64, 'a'), b = "sha256:" + std::string(64, 'b');
  ASSERT_TRUE(repo->WriteName("svc:v1", a).ok());
  EXPECT_EQ(*repo->ReadName("svc:v1"), a);
  ASSERT_TRUE(repo->WriteName("svc:v1", b).ok());
  EXPECT_EQ(*repo->ReadName("svc:v1"), b);
  ASSERT_EQ(repo->Names().size(), 1u);
  EXPECT_EQ(repo->Names()[0].name, "svc:v1");
  EXPECT_EQ(repo->Names()[0].id, b);
  repo->RemoveName("svc:v1");
  auto gone = repo->ReadName("svc:v1");
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(gone.status().message(), "no module named \"svc:v1\"");
}

TEST_F(ModuleRepositoryTest, DamagedNameFilesAreSkipped) {
  auto repo = Open();
  std::string id = "sha256:" + std::string(64, 'c');
  ASSERT_TRUE(repo->WriteName("good", id).ok());
  std::ofstream(dir_ + "/names/" + NameFileName("bad")) << "garbage";
  std::ofstream(dir_ + "/names/" + NameFileName("moved")) << NameFileContents(id, "other");
  ASSERT_EQ(repo->Names().size(), 1u);
  EXPECT_EQ(repo->Names()[0].name, "good");
  EXPECT_FALSE(repo->ReadName("bad").ok());
  EXPECT_FALSE(repo->ReadName("moved").ok());
}

TEST_F(ModuleRepositoryTest, StatusesNeverNameTheDirectory) {
  auto repo = Open();
  ASSERT_EQ(std::system(("rm -rf " + dir_ + "/names && touch " + dir_ + "/names").c_str()), 0);
  ASSERT_EQ(std::system(("rm -rf " + dir_ + "/modules && touch " + dir_ + "/modules").c_str()), 0);
  std::string id = "sha256:" + std::string(64, 'd');
  std::vector<absl::Status> statuses = {repo->WriteName("n", id), repo->WriteModule(id, "x"),
                                        repo->ReadModule(id).status(), repo->ReadName("n").status()};
  for (const absl::Status& s : statuses) {
    EXPECT_FALSE(s.ok());
    EXPECT_FALSE(absl::StrContains(s.message(), dir_)) << s;
  }
  EXPECT_EQ(statuses[0].code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(absl::StrContains(statuses[0].message(), "cannot write to the module store"));
}

void Touch(const std::string& path, absl::Time mtime) {
  std::ofstream(path) << "partial";
  timespec times[2] = {absl::ToTimespec(mtime), absl::ToTimespec(mtime)};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

TEST_F(ModuleRepositoryTest, StaleTempFilesAreRemovedAtOpenFreshOnesKept) {
  Open();  // creates modules/ and names/
  std::string hex(64, 'a');
  Touch(dir_ + "/modules/" + hex + ".wasm.tmp.AbC123", now_ - absl::Minutes(11));
  Touch(dir_ + "/names/" + hex + ".name.tmp.xYz789", now_ - absl::Hours(30));
  // A live replica's writes in progress.
  Touch(dir_ + "/modules/" + hex + ".wasm.tmp.LiVe01", now_ - absl::Minutes(9));
  Touch(dir_ + "/names/" + hex + ".name.tmp.LiVe02", now_);
  auto repo = Open();
  EXPECT_EQ(Files("modules"), std::vector<std::string>{hex + ".wasm.tmp.LiVe01"});
  EXPECT_EQ(Files("names"), std::vector<std::string>{hex + ".name.tmp.LiVe02"});
  EXPECT_TRUE(repo->ModuleIds().empty());  // a temp file is never a module
  EXPECT_TRUE(repo->Names().empty());
  now_ += absl::Minutes(11);  // the writer died after all
  Open();
  EXPECT_TRUE(Files("modules").empty());
  EXPECT_TRUE(Files("names").empty());
}

TEST_F(ModuleRepositoryTest, NamesInTheFirstFormatAreMigratedAtOpen) {
  std::string id = "sha256:" + std::string(64, 'e');
  std::string newer = "sha256:" + std::string(64, 'f');
  // A name another replica already rewrote keeps its newer target.
  ASSERT_TRUE(Open()->WriteName("kept", newer).ok());
  std::ofstream(dir_ + "/names/" + absl::BytesToHexString("kept")) << id;
  // The first format: the file named by the hex of the name, the id inside.
  std::string name = "old/name:" + std::string(100, 'x');
  std::ofstream(dir_ + "/names/" + absl::BytesToHexString(name)) << id;
  auto repo = Open();
  EXPECT_EQ(*repo->ReadName(name), id);
  EXPECT_EQ(*repo->ReadName("kept"), newer);
  std::vector<std::string> expected = {NameFileName(name), NameFileName("kept")};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Files("names"), expected);
}

TEST(StoreFiles, NameFilesHaveAFixedLengthAndCheckTheirContents) {
  std::string id = "sha256:" + std::string(64, 'b');
  EXPECT_EQ(NameFileName("a").size(), 69u);
  EXPECT_EQ(NameFileName(std::string(128, 'z')).size(), 69u);
  auto e = ParseNameFile(NameFileName("x/y"), NameFileContents(id, "x/y"));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->name, "x/y");
  EXPECT_EQ(e->id, id);
  EXPECT_FALSE(ParseNameFile(NameFileName("x/z"), NameFileContents(id, "x/y")).ok());
  EXPECT_FALSE(ParseNameFile(NameFileName("x/y"), id).ok());
  EXPECT_FALSE(ParseNameFile(NameFileName("x/y"), "sha256:1\nx/y\n").ok());
  EXPECT_TRUE(IsTempFile("ab.wasm.tmp.123456"));
  EXPECT_FALSE(IsTempFile(NameFileName("a.tmp.b")));
  EXPECT_TRUE(IsLegacyNameFile(absl::BytesToHexString("a/b")));
  EXPECT_FALSE(IsLegacyNameFile(NameFileName("a/b")));
}

}  // namespace
}  // namespace wasmrt::service

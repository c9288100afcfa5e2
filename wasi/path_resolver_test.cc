// Every escape from a preopen, under both resolvers (openat2 when the kernel
// has it, and the component walk), with the exact errno.
#include "wasi/path_resolver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace wasmrt::wasi {
namespace {

namespace fs = std::filesystem;

class PathResolver : public ::testing::TestWithParam<ResolveMode> {
 protected:
  // base/root: file, dir/inner, link_in -> dir/inner, link_out ->
  // ../outside/secret, link_abs -> /etc/passwd, loop1 <-> loop2, up -> ..,
  // dir/up2 -> ../.. ; base/outside/secret.
  void SetUp() override {
    if (GetParam() == ResolveMode::kOpenat2 && !Openat2Available()) {
      GTEST_SKIP() << "kernel without openat2";
    }
    SetResolveMode(GetParam());
    base_ = ::testing::TempDir() + "/path_resolver_" + std::to_string(int(GetParam()));
    fs::remove_all(base_);
    fs::create_directories(base_ + "/root/dir");
    fs::create_directories(base_ + "/outside");
    std::ofstream(base_ + "/root/file") << "in";
    std::ofstream(base_ + "/root/dir/inner") << "inner";
    std::ofstream(base_ + "/outside/secret") << "secret";
    fs::create_symlink("dir/inner", base_ + "/root/link_in");
    fs::create_symlink("../outside/secret", base_ + "/root/link_out");
    fs::create_symlink("/etc/passwd", base_ + "/root/link_abs");
    fs::create_symlink("loop2", base_ + "/root/loop1");
    fs::create_symlink("loop1", base_ + "/root/loop2");
    fs::create_symlink("..", base_ + "/root/up");
    fs::create_symlink("../..", base_ + "/root/dir/up2");
    root_ = open((base_ + "/root").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(root_, 0);
  }
  void TearDown() override {
    if (root_ >= 0) close(root_);
    SetResolveMode(ResolveMode::kAuto);
  }

  Errno Open(const std::string& path, bool follow = true, int flags = O_RDONLY) {
    UniqueFd fd;
    return OpenBeneath(root_, path, flags, 0644, follow, &fd);
  }
  std::string Read(const std::string& path) {
    UniqueFd fd;
    if (OpenBeneath(root_, path, O_RDONLY, 0, true, &fd) != Errno::kSuccess) return "<error>";
    char buf[64];
    ssize_t n = read(fd.get(), buf, sizeof(buf));
    return std::string(buf, n > 0 ? size_t(n) : 0);
  }

  std::string base_;
  int root_ = -1;
};

TEST_P(PathResolver, PlainPathsResolve) {
  EXPECT_EQ(Read("file"), "in");
  EXPECT_EQ(Read("dir/inner"), "inner");
  EXPECT_EQ(Read("dir/../file"), "in");
  EXPECT_EQ(Read("./dir/./inner"), "inner");
  EXPECT_EQ(Read("link_in"), "inner");
  EXPECT_EQ(Open("dir/..", true, O_RDONLY | O_DIRECTORY), Errno::kSuccess);
}

TEST_P(PathResolver, DotDotOutIsNotcapable) {
  EXPECT_EQ(Open(".."), Errno::kNotcapable);
  EXPECT_EQ(Open("../outside/secret"), Errno::kNotcapable);
  EXPECT_EQ(Open("dir/../../outside/secret"), Errno::kNotcapable);
}

TEST_P(PathResolver, AbsolutePathsAreNotcapable) {
  EXPECT_EQ(Open("/etc/passwd"), Errno::kNotcapable);
  EXPECT_EQ(Open("/"), Errno::kNotcapable);
}

TEST_P(PathResolver, SymlinksOutAreNotcapable) {
  EXPECT_EQ(Open("link_out"), Errno::kNotcapable);
  EXPECT_EQ(Open("link_abs"), Errno::kNotcapable);
  EXPECT_EQ(Open("up/outside/secret"), Errno::kNotcapable);
  EXPECT_EQ(Open("dir/up2/outside/secret"), Errno::kNotcapable);
  // Not following the final link: it is a link, not its target.
  EXPECT_EQ(Open("link_out", false), Errno::kLoop);
  EXPECT_EQ(Open("link_out", false, O_PATH), Errno::kSuccess);
}

TEST_P(PathResolver, SymlinkLoopsAreLoop) {
  EXPECT_EQ(Open("loop1"), Errno::kLoop);
  EXPECT_EQ(Open("loop1/x"), Errno::kLoop);
}

TEST_P(PathResolver, MalformedPaths) {
  EXPECT_EQ(Open(""), Errno::kNoent);
  EXPECT_EQ(Open(std::string("fi\0le", 5)), Errno::kInval);
  EXPECT_EQ(Open("file/"), Errno::kNotdir);
  EXPECT_EQ(Open("file/x"), Errno::kNotdir);
  EXPECT_EQ(Open("missing"), Errno::kNoent);
}

TEST_P(PathResolver, CreateStaysInside) {
  EXPECT_EQ(Open("dir/new", true, O_WRONLY | O_CREAT), Errno::kSuccess);
  EXPECT_TRUE(fs::exists(base_ + "/root/dir/new"));
  EXPECT_EQ(Open("../created", true, O_WRONLY | O_CREAT), Errno::kNotcapable);
  EXPECT_FALSE(fs::exists(base_ + "/created"));
}

// rename/link/unlink/mkdir act on (parent, name): the parent must be inside.
TEST_P(PathResolver, ParentsOfEntries) {
  ParentPath p;
  ASSERT_EQ(OpenParent(root_, "dir/inner", &p), Errno::kSuccess);
  EXPECT_EQ(p.name, "inner");
  ASSERT_EQ(OpenParent(root_, "dir/", &p), Errno::kSuccess);
  EXPECT_EQ(p.name, "dir/");
  EXPECT_TRUE(p.trailing_slash);
  EXPECT_EQ(OpenParent(root_, "../outside/secret", &p), Errno::kNotcapable);
  EXPECT_EQ(OpenParent(root_, "up/outside/x", &p), Errno::kNotcapable);
  EXPECT_EQ(OpenParent(root_, "..", &p), Errno::kNotcapable);
  EXPECT_EQ(OpenParent(root_, "dir/../..", &p), Errno::kNotcapable);
  EXPECT_EQ(OpenParent(root_, "/tmp/x", &p), Errno::kNotcapable);
  EXPECT_EQ(OpenParent(root_, "loop1/x", &p), Errno::kLoop);
  ASSERT_EQ(OpenParent(root_, "dir/..", &p), Errno::kSuccess);  // the root itself
  // A link out as the final name is the link itself: renaming or unlinking
  // it touches only the link, inside the tree.
  ASSERT_EQ(OpenParent(root_, "link_out", &p), Errno::kSuccess);
  EXPECT_EQ(p.name, "link_out");
}

INSTANTIATE_TEST_SUITE_P(Resolvers, PathResolver,
                         ::testing::Values(ResolveMode::kOpenat2, ResolveMode::kWalk),
                         [](const auto& info) {
                           return info.param == ResolveMode::kOpenat2 ? "openat2" : "walk";
                         });

}  // namespace
}  // namespace wasmrt::wasi

// libFuzzer target: arbitrary guest paths through the WASI path resolver
// (OpenBeneath, OpenParent) against a preopen whose symlinks point out of it
// in every way (absolute, relative via "..", through subdirectories, loops).
// Whatever opens must be beneath the preopen: checked with the kernel's name
// for the fd (/proc/self/fd) and its device and inode against the outside.
// The first input byte picks the resolver (openat2 or the component walk),
// the open flags and whether the last symlink is followed.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "wasi/path_resolver.h"

namespace wasmrt::wasi {
namespace {

struct Tree {
  std::string root;     // realpath of the preopen
  std::string outside;  // realpath of a sibling directory the guest must not reach
  int root_fd = -1;
};

void Must(bool ok, const char* what) {
  if (!ok) {
    std::perror(what);
    std::abort();
  }
}

// base/root       the preopen: a, sub/, sub/deep/, symlinks below
// base/outside    secret, dir/
const Tree& GetTree() {
  static const Tree tree = [] {
    const char* tmp = std::getenv("TEST_TMPDIR");
    std::string tmpl = std::string(tmp != nullptr ? tmp : "/tmp") + "/wasmrt_fuzz_path_XXXXXX";
    Must(mkdtemp(tmpl.data()) != nullptr, "mkdtemp");
    std::string base = tmpl;
    Tree t;
    t.root = base + "/root";
    t.outside = base + "/outside";
    for (const std::string& d : {t.root, t.outside, t.outside + "/dir", t.root + "/sub",
                                 t.root + "/sub/deep"}) {
      Must(mkdir(d.c_str(), 0755) == 0, "mkdir");
    }
    for (const std::string& f : {t.root + "/a", t.outside + "/secret", t.root + "/sub/b"}) {
      int fd = open(f.c_str(), O_CREAT | O_WRONLY, 0644);
      Must(fd >= 0, "create");
      close(fd);
    }
    const char* links[][2] = {
        {"/etc", "abs"},                    // absolute
        {"../outside", "out"},              // relative, straight out
        {"../../outside", "sub/up"},        // out through a subdirectory
        {"../../../outside/secret", "sub/deep/s"},
        {"sub/up/dir", "chain"},            // a symlink through a symlink
        {"..", "dotdot"},                   // the parent of the preopen
        {"sub/..", "self"},                 // the preopen itself: allowed
        {"loop", "loop"},                   // ELOOP
        {"sub/deep/../../a", "ok"},         // stays inside
        {"sub/", "subslash"},
        {"/tmp", "sub/tmp"},
        {"../a", "sub/a"},                  // inside
        {"self/../outside", "sneak"},
        {"", "empty"},
    };
    for (auto& l : links) {
      std::string where = t.root + "/" + l[1];
      symlink(l[0], where.c_str());  // "" may fail on some systems: fine
    }
    char buf[PATH_MAX];
    Must(realpath(t.root.c_str(), buf) != nullptr, "realpath");
    t.root = buf;
    Must(realpath(t.outside.c_str(), buf) != nullptr, "realpath");
    t.outside = buf;
    t.root_fd = open(t.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    Must(t.root_fd >= 0, "open root");
    return t;
  }();
  return tree;
}

// Aborts unless `fd` names something beneath the preopen.
void CheckBeneath(int fd, std::string_view path, const char* what) {
  const Tree& t = GetTree();
  char link[64], name[PATH_MAX + 1];
  std::snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, name, PATH_MAX);
  Must(n > 0, "readlink");
  name[n] = '\0';
  std::string got(name);
  bool inside = got == t.root || got.rfind(t.root + "/", 0) == 0;
  if (!inside) {
    std::fprintf(stderr, "ESCAPE via %s(\"%.*s\"): opened %s\n", what, int(path.size()),
                 path.data(), got.c_str());
    std::abort();
  }
}

void Run(const uint8_t* data, size_t size) {
  if (size < 1 || size > 512) return;
  const Tree& t = GetTree();
  uint8_t ctl = data[0];
  std::string_view path(reinterpret_cast<const char*>(data + 1), size - 1);
  SetResolveMode(ctl & 1 ? ResolveMode::kWalk
                         : (Openat2Available() ? ResolveMode::kOpenat2 : ResolveMode::kWalk));
  static const int kFlags[] = {O_RDONLY, O_PATH, O_RDONLY | O_DIRECTORY, O_PATH | O_DIRECTORY};
  int flags = kFlags[(ctl >> 1) & 3];
  bool follow = (ctl >> 3) & 1;
  UniqueFd fd;
  if (OpenBeneath(t.root_fd, path, flags, 0, follow, &fd) == Errno::kSuccess) {
    if (!fd.valid()) std::abort();
    CheckBeneath(fd.get(), path, "OpenBeneath");
  }
  ParentPath parent;
  if (OpenParent(t.root_fd, path, &parent) == Errno::kSuccess) {
    if (!parent.dir.valid()) std::abort();
    CheckBeneath(parent.dir.get(), path, "OpenParent");
    // The *at() calls act on `name` in `dir`: it must be one component.
    std::string_view name = parent.name;
    if (parent.trailing_slash) name.remove_suffix(1);
    if (name.find('/') != std::string_view::npos) {
      std::fprintf(stderr, "ESCAPE via OpenParent(\"%.*s\"): name %s\n", int(path.size()),
                   path.data(), parent.name.c_str());
      std::abort();
    }
    if (name == "." || name == "..") {
      int entry = openat(parent.dir.get(), std::string(name).c_str(), O_PATH | O_CLOEXEC);
      if (entry >= 0) {
        CheckBeneath(entry, path, "OpenParent entry");
        close(entry);
      }
    }
  }
}

}  // namespace
}  // namespace wasmrt::wasi

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wasmrt::wasi::Run(data, size);
  return 0;
}

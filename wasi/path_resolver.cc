#include "wasi/path_resolver.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <deque>
#include <vector>

namespace wasmrt::wasi {
namespace {

constexpr int kMaxSymlinks = 40;  // Linux's limit (MAXSYMLINKS)

std::atomic<ResolveMode> g_mode{ResolveMode::kAuto};

bool ProbeOpenat2() {
  open_how how{};
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH;
  long fd = syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof(how));
  if (fd < 0) return false;  // ENOSYS, or a seccomp filter saying EPERM
  close(int(fd));
  return true;
}

bool UseOpenat2() {
  switch (g_mode.load()) {
    case ResolveMode::kOpenat2: return true;
    case ResolveMode::kWalk: return false;
    case ResolveMode::kAuto: break;
  }
  static const bool available = ProbeOpenat2();
  return available;
}

Errno OpenWithOpenat2(int dirfd, std::string_view path, int flags, mode_t mode, bool follow_last,
                      UniqueFd* out) {
  std::string p(path);
  open_how how{};
  how.flags = uint64_t(flags | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW));
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) how.mode = mode;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int attempt = 0; attempt < 16; ++attempt) {
    long fd = syscall(SYS_openat2, dirfd, p.c_str(), &how, sizeof(how));
    if (fd >= 0) {
      *out = UniqueFd(int(fd));
      return Errno::kSuccess;
    }
    if (errno == EAGAIN || errno == EINTR) continue;  // a concurrent rename: retry
    if (errno == EXDEV) return Errno::kNotcapable;
    return ErrnoFromHost(errno);
  }
  return Errno::kAgain;
}

void SplitInto(std::string_view path, std::deque<std::string>* out, bool front) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (front) {
    out->insert(out->begin(), parts.begin(), parts.end());
  } else {
    out->insert(out->end(), parts.begin(), parts.end());
  }
}

// The component walk; see the header.
Errno OpenWithWalk(int root, std::string_view path, int flags, mode_t mode, bool follow_last,
                   UniqueFd* out) {
  if (!path.empty() && path.front() == '/') return Errno::kNotcapable;
  bool must_be_dir = !path.empty() && path.back() == '/';
  std::deque<std::string> comps;
  SplitInto(path, &comps, false);
  if (comps.empty()) comps.push_back(".");
  std::vector<UniqueFd> stack;  // directories entered below `root`
  auto cur = [&] { return stack.empty() ? root : stack.back().get(); };
  int links = 0;
  while (!comps.empty()) {
    std::string c = std::move(comps.front());
    comps.pop_front();
    bool last = comps.empty();
    if (c == "..") {
      if (stack.empty()) return Errno::kNotcapable;
      stack.pop_back();
      c = ".";
    }
    if (c == "." && !last) continue;
    bool follow = !last || follow_last || must_be_dir;
    struct stat st;
    if (c != "." && follow && fstatat(cur(), c.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode)) {
      if (++links > kMaxSymlinks) return Errno::kLoop;
      std::string target(size_t(st.st_size) + 256, '\0');
      ssize_t n = readlinkat(cur(), c.c_str(), target.data(), target.size());
      if (n < 0) return ErrnoFromHost(errno);
      target.resize(size_t(n));
      if (target.empty()) return Errno::kNoent;
      if (target.front() == '/') return Errno::kNotcapable;
      if (last && target.back() == '/') must_be_dir = true;
      size_t before = comps.size();
      SplitInto(target, &comps, true);
      if (comps.size() == before) comps.push_front(".");
      continue;
    }
    if (!last) {
      int fd = openat(cur(), c.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return ErrnoFromHost(errno);  // ELOOP/ENOTDIR if raced: never escapes
      stack.emplace_back(fd);
      continue;
    }
    if (must_be_dir && (flags & O_CREAT)) return Errno::kIsdir;
    int f = flags | O_CLOEXEC | O_NOFOLLOW | (must_be_dir ? O_DIRECTORY : 0);
    int fd = openat(cur(), c.c_str(), f, mode);
    if (fd < 0) return ErrnoFromHost(errno);
    *out = UniqueFd(fd);
    return Errno::kSuccess;
  }
  return Errno::kNoent;  // not reached: the last component always returns
}

}  // namespace

void SetResolveMode(ResolveMode mode) { g_mode.store(mode); }

bool Openat2Available() {
  static const bool available = ProbeOpenat2();
  return available;
}

Errno CheckGuestPath(std::string_view path) {
  if (path.empty()) return Errno::kNoent;
  if (path.find('\0') != std::string_view::npos) return Errno::kInval;
  if (path.front() == '/') return Errno::kNotcapable;
  return Errno::kSuccess;
}

Errno OpenBeneath(int dirfd, std::string_view path, int flags, mode_t mode, bool follow_last,
                  UniqueFd* out) {
  if (Errno e = CheckGuestPath(path); e != Errno::kSuccess) return e;
  if (UseOpenat2()) return OpenWithOpenat2(dirfd, path, flags, mode, follow_last, out);
  return OpenWithWalk(dirfd, path, flags, mode, follow_last, out);
}

Errno OpenParent(int dirfd, std::string_view path, ParentPath* out) {
  if (Errno e = CheckGuestPath(path); e != Errno::kSuccess) return e;
  std::string_view core = path;
  while (core.size() > 1 && core.back() == '/') core.remove_suffix(1);
  out->trailing_slash = core.size() != path.size();
  size_t slash = core.rfind('/');
  std::string_view dir = slash == std::string_view::npos ? "." : core.substr(0, slash + 1);
  std::string_view name = slash == std::string_view::npos ? core : core.substr(slash + 1);
  if (name == "." || name == "..") {
    // The entry is a directory reached through dot-dot: make sure it is ours.
    UniqueFd check;
    Errno e = OpenBeneath(dirfd, core, O_PATH | O_DIRECTORY, 0, true, &check);
    if (e != Errno::kSuccess) return e;
  }
  Errno e = OpenBeneath(dirfd, dir, O_PATH | O_DIRECTORY, 0, true, &out->dir);
  if (e != Errno::kSuccess) return e;
  out->name = std::string(name);
  if (out->trailing_slash) out->name += '/';
  return Errno::kSuccess;
}

}  // namespace wasmrt::wasi

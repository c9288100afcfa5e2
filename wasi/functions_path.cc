// path_*: every path is resolved beneath the directory fd it is relative to
// (path_resolver.h); the final entry is acted on with *at() calls relative to
// its already-resolved parent, or through an fd of the entry itself.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <string>

#include "absl/strings/str_cat.h"
#include "wasi/abi.h"
#include "wasi/call.h"
#include "wasi/path_resolver.h"

namespace wasmrt::wasi {
namespace {

Errno HostErr() { return ErrnoFromHost(errno); }

// The directory entry for a path call: an open directory fd with `needed`.
Errno DirFd(Call& c, uint32_t fd, Rights needed, FdEntry** out) {
  if (Errno r = c.Fd(fd, out); r != Errno::kSuccess) return r;
  if ((*out)->kind != FdKind::kDirectory) return Errno::kNotdir;
  return Require(*out, needed);
}

// Resolves (dir fd, path) to a parent directory and a final name.
Errno Parent(Call& c, uint32_t fd, size_t path_arg, Rights needed, ParentPath* out) {
  FdEntry* dir;
  if (Errno r = DirFd(c, fd, needed, &dir); r != Errno::kSuccess) return r;
  std::string path;
  if (Errno r = c.Path(path_arg, &path); r != Errno::kSuccess) return r;
  return OpenParent(dir->host_fd, path, out);
}

// An O_PATH fd of the entry itself (following a final symlink when asked).
Errno Entry(Call& c, uint32_t fd, size_t path_arg, Rights needed, bool follow, UniqueFd* out) {
  FdEntry* dir;
  if (Errno r = DirFd(c, fd, needed, &dir); r != Errno::kSuccess) return r;
  std::string path;
  if (Errno r = c.Path(path_arg, &path); r != Errno::kSuccess) return r;
  return OpenBeneath(dir->host_fd, path, O_PATH, 0, follow, out);
}

// The host path that names an open fd (to act on what an O_PATH fd refers to).
std::string ProcFdPath(int fd) { return absl::StrCat("/proc/self/fd/", fd); }

Errno PathOpen(Call& c) {
  // (fd, dirflags, path, path_len, oflags, base: i64, inheriting: i64, fdflags, fd_ptr)
  uint32_t oflags = c.U32(4), fdflags = c.U32(7);
  if (oflags & ~uint32_t(0xf) || fdflags & ~uint32_t(0x1f)) return Errno::kInval;
  Rights needed = rights::kPathOpen;
  if (oflags & kOflagCreat) needed |= rights::kPathCreateFile;
  if (oflags & kOflagTrunc) needed |= rights::kPathFilestatSetSize;
  FdEntry* dir;
  if (Errno r = DirFd(c, c.U32(0), needed, &dir); r != Errno::kSuccess) return r;
  std::string path;
  if (Errno r = c.Path(2, &path); r != Errno::kSuccess) return r;
  if (!c.mem.Valid(c.U32(8), 4)) return Errno::kFault;

  // What the new fd may do: what was asked, within what the directory passes on.
  Rights base = c.U64(5) & dir->inheriting;
  Rights inheriting = c.U64(6) & dir->inheriting;
  // Rights that need a writable host fd (fd_datasync works on read-only fds,
  // and directories hold it, so it does not count).
  constexpr Rights kWriteRights =
      rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize;
  bool write = (base & kWriteRights) != 0 || (fdflags & kFdflagAppend);
  bool read = (base & (rights::kFdRead | rights::kFdReaddir)) != 0;
  int flags = O_NOCTTY;
  if (oflags & kOflagDirectory) flags |= O_DIRECTORY;
  if (write) {
    flags |= read ? O_RDWR : O_WRONLY;
  } else {
    flags |= O_RDONLY;
  }
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & kFdflagSync) flags |= O_SYNC;
  if (fdflags & kFdflagRsync) flags |= O_RSYNC;
  bool follow = c.U32(1) & kLookupSymlinkFollow;

  UniqueFd fd;
  Errno r = OpenBeneath(dir->host_fd, path, flags, 0666, follow, &fd);
  if (r != Errno::kSuccess) return r;
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return HostErr();

  auto e = std::make_unique<FdEntry>();
  e->filetype = FiletypeOfMode(st.st_mode);
  if (S_ISDIR(st.st_mode)) {
    e->kind = FdKind::kDirectory;
    e->base = base & rights::kDirectory;
  } else {
    e->kind = FdKind::kFile;
    e->base = base & rights::kFile;
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) e->base &= ~(rights::kFdSeek | rights::kFdTell);
  }
  e->inheriting = inheriting;
  e->fdflags = uint16_t(fdflags);
  e->host_fd = fd.get();
  e->owned = std::move(fd);
  uint32_t guest_fd;
  if (Errno r2 = c.ctx.fds().Insert(std::move(e), &guest_fd); r2 != Errno::kSuccess) return r2;
  c.mem.Store<uint32_t>(c.U32(8), guest_fd);
  return Errno::kSuccess;
}

Errno PathCreateDirectory(Call& c) {  // (fd, path, path_len)
  ParentPath p;
  if (Errno r = Parent(c, c.U32(0), 1, rights::kPathCreateDirectory, &p); r != Errno::kSuccess) {
    return r;
  }
  if (mkdirat(p.dir.get(), p.name.c_str(), 0777) != 0) return HostErr();
  return Errno::kSuccess;
}

Errno PathRemoveDirectory(Call& c) {  // (fd, path, path_len)
  ParentPath p;
  if (Errno r = Parent(c, c.U32(0), 1, rights::kPathRemoveDirectory, &p); r != Errno::kSuccess) {
    return r;
  }
  if (unlinkat(p.dir.get(), p.name.c_str(), AT_REMOVEDIR) != 0) {
    // Some file systems say EEXIST for a non-empty directory.
    return errno == EEXIST ? Errno::kNotempty : HostErr();
  }
  return Errno::kSuccess;
}

Errno PathUnlinkFile(Call& c) {  // (fd, path, path_len)
  ParentPath p;
  if (Errno r = Parent(c, c.U32(0), 1, rights::kPathUnlinkFile, &p); r != Errno::kSuccess) {
    return r;
  }
  if (unlinkat(p.dir.get(), p.name.c_str(), 0) != 0) return HostErr();
  return Errno::kSuccess;
}

Errno PathRename(Call& c) {  // (fd, old, old_len, new_fd, new, new_len)
  ParentPath from, to;
  if (Errno r = Parent(c, c.U32(0), 1, rights::kPathRenameSource, &from); r != Errno::kSuccess) {
    return r;
  }
  if (Errno r = Parent(c, c.U32(3), 4, rights::kPathRenameTarget, &to); r != Errno::kSuccess) {
    return r;
  }
  if (renameat(from.dir.get(), from.name.c_str(), to.dir.get(), to.name.c_str()) != 0) {
    return HostErr();
  }
  return Errno::kSuccess;
}

Errno PathSymlink(Call& c) {  // (old, old_len, fd, new, new_len)
  std::string target;
  if (Errno r = c.Path(0, &target); r != Errno::kSuccess) return r;
  if (target.find('\0') != std::string::npos) return Errno::kInval;
  ParentPath p;
  if (Errno r = Parent(c, c.U32(2), 3, rights::kPathSymlink, &p); r != Errno::kSuccess) return r;
  // An absolute target could never resolve beneath a preopen: refuse it as
  // an absolute path is refused. Relative targets are stored as given; they
  // are only ever resolved beneath a directory fd, where escaping fails.
  if (!target.empty() && target.front() == '/') return Errno::kNotcapable;
  if (symlinkat(target.c_str(), p.dir.get(), p.name.c_str()) != 0) return HostErr();
  return Errno::kSuccess;
}

Errno PathLink(Call& c) {  // (old_fd, old_flags, old, old_len, new_fd, new, new_len)
  bool follow = c.U32(1) & kLookupSymlinkFollow;
  ParentPath to;
  if (Errno r = Parent(c, c.U32(4), 5, rights::kPathLinkTarget, &to); r != Errno::kSuccess) {
    return r;
  }
  ParentPath from;
  if (Errno r = Parent(c, c.U32(0), 2, rights::kPathLinkSource, &from); r != Errno::kSuccess) {
    return r;
  }
  if (!follow && !from.trailing_slash) {
    if (linkat(from.dir.get(), from.name.c_str(), to.dir.get(), to.name.c_str(), 0) != 0) {
      return HostErr();
    }
    return Errno::kSuccess;
  }
  // Following a symlink: resolve it beneath the directory, then link what
  // it resolved to.
  UniqueFd target;
  if (Errno r = Entry(c, c.U32(0), 2, rights::kPathLinkSource, true, &target);
      r != Errno::kSuccess) {
    return r;
  }
  if (linkat(AT_FDCWD, ProcFdPath(target.get()).c_str(), to.dir.get(), to.name.c_str(),
             AT_SYMLINK_FOLLOW) != 0) {
    return HostErr();
  }
  return Errno::kSuccess;
}

Errno PathReadlink(Call& c) {  // (fd, path, path_len, buf, buf_len, bufused_ptr)
  uint32_t buf = c.U32(3), len = c.U32(4);
  if (!c.mem.Valid(buf, len) || !c.mem.Valid(c.U32(5), 4)) return Errno::kFault;
  UniqueFd link;
  if (Errno r = Entry(c, c.U32(0), 1, rights::kPathReadlink, false, &link); r != Errno::kSuccess) {
    return r;
  }
  std::string target(PATH_MAX + 1, '\0');
  ssize_t n = readlinkat(link.get(), "", target.data(), target.size());
  if (n < 0) return errno == ENOENT ? Errno::kInval : HostErr();  // "" on a non-link
  // A buffer shorter than the link gets its first bytes (as readlink(2)).
  uint32_t take = uint32_t(std::min<uint64_t>(uint64_t(n), len));
  c.mem.Write(buf, target.data(), take);
  c.mem.Store<uint32_t>(c.U32(5), take);
  return Errno::kSuccess;
}

Errno PathFilestatGet(Call& c) {  // (fd, flags, path, path_len, filestat_ptr)
  if (!c.mem.Valid(c.U32(4), kFilestatSize)) return Errno::kFault;
  UniqueFd entry;
  bool follow = c.U32(1) & kLookupSymlinkFollow;
  if (Errno r = Entry(c, c.U32(0), 2, rights::kPathFilestatGet, follow, &entry);
      r != Errno::kSuccess) {
    return r;
  }
  return StoreFilestat(c.mem, c.U32(4), entry.get());
}

Errno PathFilestatSetTimes(Call& c) {  // (fd, flags, path, path_len, atim, mtim, fst_flags)
  timespec ts[2];
  if (Errno r = TimesFromFlags(c.U64(4), c.U64(5), c.U32(6), ts); r != Errno::kSuccess) return r;
  bool follow = c.U32(1) & kLookupSymlinkFollow;
  ParentPath p;
  if (Errno r = Parent(c, c.U32(0), 2, rights::kPathFilestatSetTimes, &p); r != Errno::kSuccess) {
    return r;
  }
  if (!follow && !p.trailing_slash) {
    if (utimensat(p.dir.get(), p.name.c_str(), ts, AT_SYMLINK_NOFOLLOW) != 0) return HostErr();
    return Errno::kSuccess;
  }
  UniqueFd entry;
  if (Errno r = Entry(c, c.U32(0), 2, rights::kPathFilestatSetTimes, true, &entry);
      r != Errno::kSuccess) {
    return r;
  }
  if (utimensat(AT_FDCWD, ProcFdPath(entry.get()).c_str(), ts, 0) != 0) return HostErr();
  return Errno::kSuccess;
}

}  // namespace

std::vector<FunctionDef> PathFunctions() {
  return {
      {"path_create_directory", "iii", PathCreateDirectory},
      {"path_filestat_get", "iiiii", PathFilestatGet},
      {"path_filestat_set_times", "iiiiIIi", PathFilestatSetTimes},
      {"path_link", "iiiiiii", PathLink},
      {"path_open", "iiiiiIIii", PathOpen},
      {"path_readlink", "iiiiii", PathReadlink},
      {"path_remove_directory", "iii", PathRemoveDirectory},
      {"path_rename", "iiiiii", PathRename},
      {"path_symlink", "iiiii", PathSymlink},
      {"path_unlink_file", "iii", PathUnlinkFile},
  };
}

}  // namespace wasmrt::wasi

// fd_*: reading, writing, seeking, stat, flags, rights, readdir, prestat.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "wasi/abi.h"
#include "wasi/call.h"

namespace wasmrt::wasi {
namespace {

constexpr uint32_t kMaxIov = 1024;  // IOV_MAX: longer lists do a short transfer

Errno HostErr() { return ErrnoFromHost(errno); }

std::vector<iovec> ToHostIov(const std::vector<GuestBuffer>& bufs) {
  std::vector<iovec> iov;
  for (const GuestBuffer& b : bufs) {
    if (iov.size() == kMaxIov) break;
    iov.push_back({b.data, b.len});
  }
  return iov;
}

// Reads the iovec list at args[1], args[2] and checks the result pointer.
Errno IovArgs(Call& c, size_t result_arg, std::vector<GuestBuffer>* bufs) {
  if (!ReadIovecs(c.mem, c.U32(1), c.U32(2), bufs)) return Errno::kFault;
  if (!c.mem.Valid(c.U32(result_arg), 4)) return Errno::kFault;
  return Errno::kSuccess;
}

Errno FdRead(Call& c) {  // (fd, iovs, iovs_len, nread_ptr)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (e->kind == FdKind::kDirectory) return Errno::kIsdir;
  if (Errno r = Require(e, rights::kFdRead); r != Errno::kSuccess) return r;
  std::vector<GuestBuffer> bufs;
  if (Errno r = IovArgs(c, 3, &bufs); r != Errno::kSuccess) return r;
  uint64_t total = 0;
  if (e->kind == FdKind::kStdin) {
    for (const GuestBuffer& b : bufs) total += e->input->Read(b.data, b.len);
  } else {
    std::vector<iovec> iov = ToHostIov(bufs);
    ssize_t n = readv(e->host_fd, iov.data(), int(iov.size()));
    if (n < 0) return HostErr();
    total = uint64_t(n);
  }
  c.mem.Store<uint32_t>(c.U32(3), uint32_t(total));
  return Errno::kSuccess;
}

Errno FdWrite(Call& c) {  // (fd, iovs, iovs_len, nwritten_ptr)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (e->kind == FdKind::kDirectory) return Errno::kBadf;
  if (Errno r = Require(e, rights::kFdWrite); r != Errno::kSuccess) return r;
  std::vector<GuestBuffer> bufs;
  if (Errno r = IovArgs(c, 3, &bufs); r != Errno::kSuccess) return r;
  uint64_t total = 0;
  if (e->kind == FdKind::kOutput) {
    for (const GuestBuffer& b : bufs) total += e->output->Append(b.data, b.len);
  } else {
    std::vector<iovec> iov = ToHostIov(bufs);
    ssize_t n = writev(e->host_fd, iov.data(), int(iov.size()));
    if (n < 0) return HostErr();
    total = uint64_t(n);
  }
  c.mem.Store<uint32_t>(c.U32(3), uint32_t(std::min<uint64_t>(total, UINT32_MAX)));
  return Errno::kSuccess;
}

// The positional calls need a seekable host file.
Errno PositionalFd(Call& c, Rights needed, bool read, FdEntry** out) {
  if (Errno r = c.Fd(c.U32(0), out); r != Errno::kSuccess) return r;
  FdEntry* e = *out;
  if (e->kind == FdKind::kDirectory) return read ? Errno::kIsdir : Errno::kBadf;
  if (Errno r = Require(e, needed); r != Errno::kSuccess) return r;
  if (e->kind != FdKind::kFile) return Errno::kSpipe;
  if (c.U64(3) > uint64_t(INT64_MAX)) return Errno::kInval;
  return Errno::kSuccess;
}

Errno FdPread(Call& c) {  // (fd, iovs, iovs_len, offset, nread_ptr)
  FdEntry* e;
  if (Errno r = PositionalFd(c, rights::kFdRead | rights::kFdSeek, true, &e); r != Errno::kSuccess) {
    return r;
  }
  std::vector<GuestBuffer> bufs;
  if (Errno r = IovArgs(c, 4, &bufs); r != Errno::kSuccess) return r;
  std::vector<iovec> iov = ToHostIov(bufs);
  ssize_t n = preadv(e->host_fd, iov.data(), int(iov.size()), off_t(c.U64(3)));
  if (n < 0) return HostErr();
  c.mem.Store<uint32_t>(c.U32(4), uint32_t(n));
  return Errno::kSuccess;
}

Errno FdPwrite(Call& c) {  // (fd, iovs, iovs_len, offset, nwritten_ptr)
  FdEntry* e;
  if (Errno r = PositionalFd(c, rights::kFdWrite | rights::kFdSeek, false, &e);
      r != Errno::kSuccess) {
    return r;
  }
  std::vector<GuestBuffer> bufs;
  if (Errno r = IovArgs(c, 4, &bufs); r != Errno::kSuccess) return r;
  std::vector<iovec> iov = ToHostIov(bufs);
  ssize_t n = pwritev(e->host_fd, iov.data(), int(iov.size()), off_t(c.U64(3)));
  if (n < 0) return HostErr();
  c.mem.Store<uint32_t>(c.U32(4), uint32_t(n));
  return Errno::kSuccess;
}

Errno FdSeek(Call& c) {  // (fd, offset: i64, whence, newoffset_ptr)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (e->kind == FdKind::kDirectory) return Errno::kBadf;
  int64_t offset = int64_t(c.U64(1));
  uint32_t whence = c.U32(2);
  // Preview1: a seek that only asks for the position needs fd_tell.
  Rights needed = (whence == kWhenceCur && offset == 0) ? rights::kFdTell : rights::kFdSeek;
  if (Errno r = Require(e, needed); r != Errno::kSuccess) return r;
  int host_whence;
  switch (whence) {
    case kWhenceSet: host_whence = SEEK_SET; break;
    case kWhenceCur: host_whence = SEEK_CUR; break;
    case kWhenceEnd: host_whence = SEEK_END; break;
    default: return Errno::kInval;
  }
  if (!c.mem.Valid(c.U32(3), 8)) return Errno::kFault;
  if (e->kind != FdKind::kFile) return Errno::kSpipe;
  off_t pos = lseek(e->host_fd, offset, host_whence);
  if (pos < 0) return HostErr();
  c.mem.Store<uint64_t>(c.U32(3), uint64_t(pos));
  return Errno::kSuccess;
}

Errno FdTell(Call& c) {  // (fd, offset_ptr)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (e->kind == FdKind::kDirectory) return Errno::kBadf;
  if (Errno r = Require(e, rights::kFdTell); r != Errno::kSuccess) return r;
  if (!c.mem.Valid(c.U32(1), 8)) return Errno::kFault;
  if (e->kind != FdKind::kFile) return Errno::kSpipe;
  off_t pos = lseek(e->host_fd, 0, SEEK_CUR);
  if (pos < 0) return HostErr();
  c.mem.Store<uint64_t>(c.U32(1), uint64_t(pos));
  return Errno::kSuccess;
}

uint16_t HostFdflags(const FdEntry& e) {
  if (e.host_fd < 0) return e.fdflags;
  int fl = fcntl(e.host_fd, F_GETFL);
  if (fl < 0) return e.fdflags;
  uint16_t out = 0;
  if (fl & O_APPEND) out |= kFdflagAppend;
  if (fl & O_NONBLOCK) out |= kFdflagNonblock;
  if ((fl & O_SYNC) == O_SYNC) {
    out |= kFdflagSync;
  } else if (fl & O_DSYNC) {
    out |= kFdflagDsync;
  }
  if ((fl & O_RSYNC) == O_RSYNC && (fl & O_SYNC) == O_SYNC) out |= kFdflagRsync;
  return out;
}

Errno FdFdstatGet(Call& c) {  // (fd, fdstat_ptr)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  uint32_t p = c.U32(1);
  if (!c.mem.Valid(p, kFdstatSize)) return Errno::kFault;
  uint8_t zero[kFdstatSize] = {};
  c.mem.Write(p, zero, kFdstatSize);
  c.mem.Store<uint8_t>(p, e->filetype);
  c.mem.Store<uint16_t>(p + 2, HostFdflags(*e));
  c.mem.Store<uint64_t>(p + 8, e->base);
  c.mem.Store<uint64_t>(p + 16, e->inheriting);
  return Errno::kSuccess;
}

Errno FdFdstatSetFlags(Call& c) {  // (fd, flags)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (Errno r = Require(e, rights::kFdFdstatSetFlags); r != Errno::kSuccess) return r;
  uint32_t flags = c.U32(1);
  if (flags & ~uint32_t(0x1f)) return Errno::kInval;
  // Linux cannot change the sync flags of an open file.
  if (flags & (kFdflagDsync | kFdflagRsync | kFdflagSync)) return Errno::kNotsup;
  if (e->host_fd >= 0) {
    int fl = fcntl(e->host_fd, F_GETFL);
    if (fl < 0) return HostErr();
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (flags & kFdflagAppend) fl |= O_APPEND;
    if (flags & kFdflagNonblock) fl |= O_NONBLOCK;
    if (fcntl(e->host_fd, F_SETFL, fl) != 0) return HostErr();
  }
  e->fdflags = uint16_t(flags);
  return Errno::kSuccess;
}

Errno FdFdstatSetRights(Call& c) {  // (fd, base: i64, inheriting: i64)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  Rights base = c.U64(1), inheriting = c.U64(2);
  // Rights can only be dropped, never gained.
  if ((base & ~e->base) != 0 || (inheriting & ~e->inheriting) != 0) return Errno::kNotcapable;
  e->base = base;
  e->inheriting = inheriting;
  return Errno::kSuccess;
}

Errno FdFilestatGet(Call& c) {  // (fd, filestat_ptr)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (Errno r = Require(e, rights::kFdFilestatGet); r != Errno::kSuccess) return r;
  uint32_t p = c.U32(1);
  if (!c.mem.Valid(p, kFilestatSize)) return Errno::kFault;
  if (e->host_fd < 0) {  // a buffer: a stream with no attributes
    uint8_t zero[kFilestatSize] = {};
    c.mem.Write(p, zero, kFilestatSize);
    c.mem.Store<uint8_t>(p + 16, e->filetype);
    return Errno::kSuccess;
  }
  return StoreFilestat(c.mem, p, e->host_fd);
}

// Calls on a file's contents: directories say kBadf, buffers kSpipe.
Errno ContentFd(Call& c, Rights needed, FdEntry** out) {
  if (Errno r = c.Fd(c.U32(0), out); r != Errno::kSuccess) return r;
  if ((*out)->kind == FdKind::kDirectory) return Errno::kBadf;
  if (Errno r = Require(*out, needed); r != Errno::kSuccess) return r;
  if ((*out)->host_fd < 0) return Errno::kSpipe;
  return Errno::kSuccess;
}

Errno FdFilestatSetSize(Call& c) {  // (fd, size: i64)
  FdEntry* e;
  if (Errno r = ContentFd(c, rights::kFdFilestatSetSize, &e); r != Errno::kSuccess) return r;
  if (c.U64(1) > uint64_t(INT64_MAX)) return Errno::kInval;
  if (ftruncate(e->host_fd, off_t(c.U64(1))) != 0) return HostErr();
  return Errno::kSuccess;
}

Errno FdFilestatSetTimes(Call& c) {  // (fd, atim: i64, mtim: i64, fst_flags)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (Errno r = Require(e, rights::kFdFilestatSetTimes); r != Errno::kSuccess) return r;
  timespec ts[2];
  if (Errno r = TimesFromFlags(c.U64(1), c.U64(2), c.U32(3), ts); r != Errno::kSuccess) return r;
  if (e->host_fd < 0) return Errno::kBadf;
  if (futimens(e->host_fd, ts) != 0) return HostErr();
  return Errno::kSuccess;
}

Errno FdAdvise(Call& c) {  // (fd, offset: i64, len: i64, advice)
  FdEntry* e;
  if (Errno r = ContentFd(c, rights::kFdAdvise, &e); r != Errno::kSuccess) return r;
  static constexpr int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL,
                                    POSIX_FADV_RANDOM,   POSIX_FADV_WILLNEED,
                                    POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  uint32_t advice = c.U32(3);
  if (advice >= 6) return Errno::kInval;
  if (c.U64(1) > uint64_t(INT64_MAX) || c.U64(2) > uint64_t(INT64_MAX)) return Errno::kInval;
  int r = posix_fadvise(e->host_fd, off_t(c.U64(1)), off_t(c.U64(2)), kAdvice[advice]);
  return ErrnoFromHost(r);
}

Errno FdAllocate(Call& c) {  // (fd, offset: i64, len: i64)
  FdEntry* e;
  if (Errno r = ContentFd(c, rights::kFdAllocate, &e); r != Errno::kSuccess) return r;
  uint64_t offset = c.U64(1), len = c.U64(2);
  if (offset > uint64_t(INT64_MAX) || len > uint64_t(INT64_MAX) - offset) return Errno::kFbig;
  if (len == 0) return Errno::kSuccess;
  return ErrnoFromHost(posix_fallocate(e->host_fd, off_t(offset), off_t(len)));
}

Errno FdClose(Call& c) { return c.ctx.fds().Close(c.U32(0)); }

Errno FdRenumber(Call& c) { return c.ctx.fds().Renumber(c.U32(0), c.U32(1)); }

Errno SyncFd(Call& c, Rights needed, bool data_only) {
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (Errno r = Require(e, needed); r != Errno::kSuccess) return r;
  if (e->host_fd < 0) return Errno::kSuccess;  // buffers have nothing to flush
  if ((data_only ? fdatasync(e->host_fd) : fsync(e->host_fd)) != 0) {
    if (errno == EINVAL || errno == EROFS) return Errno::kSuccess;  // pipes, ttys
    return HostErr();
  }
  return Errno::kSuccess;
}

Errno FdSync(Call& c) { return SyncFd(c, rights::kFdSync, false); }
Errno FdDatasync(Call& c) { return SyncFd(c, rights::kFdDatasync, true); }

Errno FdPrestatGet(Call& c) {  // (fd, prestat_ptr)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (!e->is_preopen) return Errno::kBadf;
  uint32_t p = c.U32(1);
  if (!c.mem.Valid(p, kPrestatSize)) return Errno::kFault;
  c.mem.Store<uint32_t>(p, 0);  // tag: dir, and padding
  c.mem.Store<uint32_t>(p + 4, uint32_t(e->preopen.size()));
  return Errno::kSuccess;
}

Errno FdPrestatDirName(Call& c) {  // (fd, path, path_len)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (!e->is_preopen) return Errno::kBadf;
  if (c.U32(2) < e->preopen.size()) return Errno::kNametoolong;
  if (!c.mem.Write(c.U32(1), e->preopen.data(), e->preopen.size())) return Errno::kFault;
  return Errno::kSuccess;
}

// A fresh listing of the directory, "." and ".." included (getdents64 on a
// new open of ".", so the guest's fd offset is never disturbed).
Errno LoadDirectory(FdEntry* e) {
  int fd = openat(e->host_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return HostErr();
  UniqueFd dir(fd);
  e->dir_cache.clear();
  alignas(8) char buf[16384];
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
    if (n < 0) return HostErr();
    if (n == 0) break;
    for (long off = 0; off < n;) {
      const char* rec = buf + off;
      uint64_t ino;
      uint16_t reclen;
      uint8_t type;
      std::memcpy(&ino, rec, 8);
      std::memcpy(&reclen, rec + 16, 2);
      type = uint8_t(rec[18]);
      std::string name(rec + 19);
      uint8_t ft = kFiletypeUnknown;
      switch (type) {
        case DT_REG: ft = kFiletypeRegularFile; break;
        case DT_DIR: ft = kFiletypeDirectory; break;
        case DT_LNK: ft = kFiletypeSymbolicLink; break;
        case DT_CHR: ft = kFiletypeCharacterDevice; break;
        case DT_BLK: ft = kFiletypeBlockDevice; break;
        case DT_SOCK: ft = kFiletypeSocketStream; break;
        case DT_UNKNOWN: {
          struct stat st;
          if (fstatat(fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
            ft = FiletypeOfMode(st.st_mode);
          }
          break;
        }
        default: break;
      }
      e->dir_cache.push_back({ino, ft, std::move(name)});
      off += reclen;
    }
  }
  return Errno::kSuccess;
}

Errno FdReaddir(Call& c) {  // (fd, buf, buf_len, cookie: i64, bufused_ptr)
  FdEntry* e;
  if (Errno r = c.Fd(c.U32(0), &e); r != Errno::kSuccess) return r;
  if (e->kind != FdKind::kDirectory) return Errno::kNotdir;
  if (Errno r = Require(e, rights::kFdReaddir); r != Errno::kSuccess) return r;
  uint32_t buf = c.U32(1), len = c.U32(2);
  uint64_t cookie = c.U64(3);
  if (!c.mem.Valid(buf, len) || !c.mem.Valid(c.U32(4), 4)) return Errno::kFault;
  if (cookie == 0 || e->dir_cache.empty()) {
    if (Errno r = LoadDirectory(e); r != Errno::kSuccess) return r;
  }
  // Entries are serialized back to back; the last one may be cut short,
  // which tells the guest to call again with that entry's cookie.
  uint64_t used = 0;
  for (uint64_t i = cookie; i < e->dir_cache.size() && used < len; ++i) {
    const DirEntry& d = e->dir_cache[i];
    uint8_t header[kDirentSize] = {};
    uint64_t next = i + 1;
    uint32_t namlen = uint32_t(d.name.size());
    std::memcpy(header, &next, 8);
    std::memcpy(header + 8, &d.ino, 8);
    std::memcpy(header + 16, &namlen, 4);
    header[20] = d.type;
    uint64_t take = std::min<uint64_t>(kDirentSize, len - used);
    c.mem.Write(buf + used, header, take);
    used += take;
    take = std::min<uint64_t>(namlen, len - used);
    c.mem.Write(buf + used, d.name.data(), take);
    used += take;
  }
  c.mem.Store<uint32_t>(c.U32(4), uint32_t(used));
  return Errno::kSuccess;
}

}  // namespace

Errno StoreFilestat(GuestMemory& mem, uint32_t p, int host_fd) {
  struct stat st;
  if (fstat(host_fd, &st) != 0) return HostErr();
  if (!mem.Valid(p, kFilestatSize)) return Errno::kFault;
  auto ns = [](const timespec& t) { return uint64_t(t.tv_sec) * 1'000'000'000ull + t.tv_nsec; };
  uint8_t zero[kFilestatSize] = {};
  mem.Write(p, zero, kFilestatSize);
  mem.Store<uint64_t>(p, uint64_t(st.st_dev));
  mem.Store<uint64_t>(p + 8, uint64_t(st.st_ino));
  mem.Store<uint8_t>(p + 16, FiletypeOfMode(st.st_mode));
  mem.Store<uint64_t>(p + 24, uint64_t(st.st_nlink));
  mem.Store<uint64_t>(p + 32, uint64_t(st.st_size));
  mem.Store<uint64_t>(p + 40, ns(st.st_atim));
  mem.Store<uint64_t>(p + 48, ns(st.st_mtim));
  mem.Store<uint64_t>(p + 56, ns(st.st_ctim));
  return Errno::kSuccess;
}

Errno TimesFromFlags(uint64_t atim, uint64_t mtim, uint32_t fst, timespec ts[2]) {
  if (fst & ~uint32_t(kFstAtim | kFstAtimNow | kFstMtim | kFstMtimNow)) return Errno::kInval;
  if ((fst & kFstAtim) && (fst & kFstAtimNow)) return Errno::kInval;
  if ((fst & kFstMtim) && (fst & kFstMtimNow)) return Errno::kInval;
  auto one = [](uint64_t t, bool set, bool now, timespec* out) {
    if (now) {
      *out = {0, UTIME_NOW};
    } else if (set) {
      *out = {time_t(t / 1'000'000'000ull), long(t % 1'000'000'000ull)};
    } else {
      *out = {0, UTIME_OMIT};
    }
  };
  one(atim, fst & kFstAtim, fst & kFstAtimNow, &ts[0]);
  one(mtim, fst & kFstMtim, fst & kFstMtimNow, &ts[1]);
  return Errno::kSuccess;
}

std::vector<FunctionDef> FdFunctions() {
  return {
      {"fd_advise", "iIIi", FdAdvise},
      {"fd_allocate", "iII", FdAllocate},
      {"fd_close", "i", FdClose},
      {"fd_datasync", "i", FdDatasync},
      {"fd_fdstat_get", "ii", FdFdstatGet},
      {"fd_fdstat_set_flags", "ii", FdFdstatSetFlags},
      {"fd_fdstat_set_rights", "iII", FdFdstatSetRights},
      {"fd_filestat_get", "ii", FdFilestatGet},
      {"fd_filestat_set_size", "iI", FdFilestatSetSize},
      {"fd_filestat_set_times", "iIIi", FdFilestatSetTimes},
      {"fd_pread", "iiiIi", FdPread},
      {"fd_prestat_get", "ii", FdPrestatGet},
      {"fd_prestat_dir_name", "iii", FdPrestatDirName},
      {"fd_pwrite", "iiiIi", FdPwrite},
      {"fd_read", "iiii", FdRead},
      {"fd_readdir", "iiiIi", FdReaddir},
      {"fd_renumber", "ii", FdRenumber},
      {"fd_seek", "iIii", FdSeek},
      {"fd_sync", "i", FdSync},
      {"fd_tell", "ii", FdTell},
      {"fd_write", "iiii", FdWrite},
  };
}

}  // namespace wasmrt::wasi

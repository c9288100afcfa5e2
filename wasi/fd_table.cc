#include "wasi/fd_table.h"

#include <sys/stat.h>
#include <unistd.h>

namespace wasmrt::wasi {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

Errno FdTable::Insert(std::unique_ptr<FdEntry> entry, uint32_t* fd) {
  if (entries_.size() >= kMaxFds) return Errno::kMfile;
  uint32_t n = 0;
  for (const auto& [used, e] : entries_) {
    if (used != n) break;
    ++n;
  }
  entries_[n] = std::move(entry);
  *fd = n;
  return Errno::kSuccess;
}

void FdTable::InsertAt(uint32_t fd, std::unique_ptr<FdEntry> entry) {
  entries_[fd] = std::move(entry);
}

FdEntry* FdTable::Get(uint32_t fd) const {
  auto it = entries_.find(fd);
  return it == entries_.end() ? nullptr : it->second.get();
}

Errno FdTable::Close(uint32_t fd) {
  auto it = entries_.find(fd);
  if (it == entries_.end()) return Errno::kBadf;
  entries_.erase(it);
  return Errno::kSuccess;
}

Errno FdTable::Renumber(uint32_t from, uint32_t to) {
  auto f = entries_.find(from);
  auto t = entries_.find(to);
  if (f == entries_.end() || t == entries_.end()) return Errno::kBadf;
  if (from == to) return Errno::kSuccess;
  t->second = std::move(f->second);
  entries_.erase(f);
  return Errno::kSuccess;
}

uint8_t FiletypeOfMode(uint32_t st_mode) {
  switch (st_mode & S_IFMT) {
    case S_IFREG: return kFiletypeRegularFile;
    case S_IFDIR: return kFiletypeDirectory;
    case S_IFCHR: return kFiletypeCharacterDevice;
    case S_IFBLK: return kFiletypeBlockDevice;
    case S_IFLNK: return kFiletypeSymbolicLink;
    case S_IFSOCK: return kFiletypeSocketStream;
    default: return kFiletypeUnknown;
  }
}

}  // namespace wasmrt::wasi

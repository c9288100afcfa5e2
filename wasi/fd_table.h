// The guest's file descriptor table: guest fd numbers -> host resources with
// their preview1 rights and flags.
#ifndef WASMRT_WASI_FD_TABLE_H_
#define WASMRT_WASI_FD_TABLE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/errno.h"
#include "wasi/stdio.h"

namespace wasmrt::wasi {

/// Owns a host file descriptor; closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  ~UniqueFd();
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

/// One directory entry as fd_readdir reports it.
struct DirEntry {
  uint64_t ino;
  uint8_t type;  // Filetype
  std::string name;
};

enum class FdKind : uint8_t {
  kFile,       // a host regular file, device, fifo or socket
  kDirectory,  // a host directory (preopened or opened)
  kStdin,      // stdin as a byte buffer
  kOutput,     // stdout/stderr as a capped buffer
};

struct FdEntry {
  FdKind kind = FdKind::kFile;
  UniqueFd owned;         // the host fd when the table owns it
  int host_fd = -1;       // the host fd in use (owned or borrowed stdio), -1 for buffers
  uint8_t filetype = kFiletypeUnknown;
  Rights base = 0;
  Rights inheriting = 0;
  uint16_t fdflags = 0;   // as last set by the guest (APPEND, NONBLOCK...)
  std::string preopen;    // guest path of a preopened directory, "" otherwise
  bool is_preopen = false;
  InputBuffer* input = nullptr;   // kStdin
  CappedBuffer* output = nullptr; // kOutput
  std::vector<DirEntry> dir_cache;  // fd_readdir snapshot (refreshed at cookie 0)
};

class FdTable {
 public:
  /// Adds `entry` at the lowest free number; kMfile when the table is full.
  Errno Insert(std::unique_ptr<FdEntry> entry, uint32_t* fd);
  /// Adds `entry` at `fd`, replacing what was there (setup only).
  void InsertAt(uint32_t fd, std::unique_ptr<FdEntry> entry);
  /// The entry for `fd`, or null (kBadf for the guest).
  FdEntry* Get(uint32_t fd) const;
  Errno Close(uint32_t fd);
  /// fd_renumber: both must be open; `to` is closed and `from` moves there.
  Errno Renumber(uint32_t from, uint32_t to);
  size_t size() const { return entries_.size(); }

  static constexpr size_t kMaxFds = 16384;

 private:
  std::map<uint32_t, std::unique_ptr<FdEntry>> entries_;
};

/// The preview1 filetype of a host st_mode (fifo -> unknown).
uint8_t FiletypeOfMode(uint32_t st_mode);

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_FD_TABLE_H_

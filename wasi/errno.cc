#include "wasi/errno.h"

#include <cerrno>

namespace wasmrt::wasi {
namespace {

struct ErrnoRow {
  Errno wasi;
  int host;
  const char* name;
};

constexpr ErrnoRow kRows[] = {
#define WASI_ERRNO(name, value, host) {Errno::name, host, #name},
#include "wasi/errno.def"
#undef WASI_ERRNO
};

}  // namespace

Errno ErrnoFromHost(int host_errno) {
  if (host_errno == 0) return Errno::kSuccess;
  for (const ErrnoRow& row : kRows) {
    if (row.host == host_errno) return row.wasi;
  }
  return Errno::kIo;
}

const char* ErrnoName(Errno e) {
  for (const ErrnoRow& row : kRows) {
    if (row.wasi == e) return row.name + 1;  // drop the 'k'
  }
  return "unknown";
}

}  // namespace wasmrt::wasi

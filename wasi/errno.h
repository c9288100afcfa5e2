// WASI preview1 errno values and the mapping from host errno.
#ifndef WASMRT_WASI_ERRNO_H_
#define WASMRT_WASI_ERRNO_H_

#include <cstdint>

namespace wasmrt::wasi {

enum class Errno : uint16_t {
#define WASI_ERRNO(name, value, host) name = value,
#include "wasi/errno.def"
#undef WASI_ERRNO
};

/// Maps a host errno to the preview1 value. EXDEV from a RESOLVE_BENEATH
/// lookup is not mapped here (the resolver turns it into kNotcapable); an
/// unknown host errno becomes kIo. EWOULDBLOCK == EAGAIN, ENOTSUP == EOPNOTSUPP
/// on Linux.
Errno ErrnoFromHost(int host_errno);

/// The enumerator name without its k ("Badf", "Notcapable").
const char* ErrnoName(Errno e);

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_ERRNO_H_

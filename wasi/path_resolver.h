// Resolving guest paths beneath a directory fd, never outside it.
//
// With openat2 (Linux 5.6+, probed once at run time) the kernel does it:
// RESOLVE_BENEATH rejects `..` above the start, absolute paths and symlinks
// that leave the tree (EXDEV -> kNotcapable) and RESOLVE_NO_MAGICLINKS
// rejects /proc-style links. Without it, a component-by-component walk opens
// each directory with O_NOFOLLOW relative to the previous one, expands
// symlinks itself (absolute target -> kNotcapable, more than 40 -> kLoop) and
// handles `..` with its own stack of fds, so a rename racing with the walk
// can make it fail but never escape.
#ifndef WASMRT_WASI_PATH_RESOLVER_H_
#define WASMRT_WASI_PATH_RESOLVER_H_

#include <sys/types.h>

#include <string>
#include <string_view>

#include "wasi/errno.h"
#include "wasi/fd_table.h"

namespace wasmrt::wasi {

enum class ResolveMode { kAuto, kOpenat2, kWalk };

/// Forces a resolver (tests run the escape cases under both); kAuto probes.
void SetResolveMode(ResolveMode mode);
/// True when the kernel supports openat2 (and kAuto would use it).
bool Openat2Available();

/// Rejects what no preview1 path may be: "" (kNoent), a NUL byte (kInval),
/// an absolute path (kNotcapable).
Errno CheckGuestPath(std::string_view path);

/// Opens `path` beneath `dirfd` with open(2) `flags` and `mode`. A final
/// symlink is followed only when `follow_last` (a trailing slash always
/// follows, as POSIX says). O_CLOEXEC is added.
Errno OpenBeneath(int dirfd, std::string_view path, int flags, mode_t mode, bool follow_last,
                  UniqueFd* out);

/// The directory holding the last component of `path` (opened O_PATH beneath
/// `dirfd`) and that component, with a trailing slash kept when `path` had
/// one, for the *at() calls that act on an entry without following it
/// (mkdirat, unlinkat, renameat, symlinkat, linkat). A last component of
/// "." or ".." is checked to stay beneath `dirfd` first.
struct ParentPath {
  UniqueFd dir;
  std::string name;
  bool trailing_slash = false;
};
Errno OpenParent(int dirfd, std::string_view path, ParentPath* out);

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_PATH_RESOLVER_H_

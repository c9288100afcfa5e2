// Internal: what every wasi_snapshot_preview1 function gets, and the tables
// of functions each functions_*.cc contributes.
#ifndef WASMRT_WASI_CALL_H_
#define WASMRT_WASI_CALL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "runtime/base/value.h"
#include "wasi/context.h"
#include "wasi/errno.h"
#include "wasi/guest_memory.h"

namespace wasmrt::wasi {

struct Call {
  WasiContext& ctx;
  GuestMemory mem;  // the calling instance's memory 0 (empty when it has none)
  absl::Span<const Value> args;

  uint32_t U32(size_t i) const { return args[i].i32; }
  uint64_t U64(size_t i) const { return args[i].i64; }

  /// The entry for `fd` when it is open (kBadf otherwise).
  Errno Fd(uint32_t fd, FdEntry** out) const {
    *out = ctx.fds().Get(fd);
    return *out == nullptr ? Errno::kBadf : Errno::kSuccess;
  }
  /// A guest string argument pair (ptr at args[i], len at args[i+1]).
  Errno Path(size_t i, std::string* out) const {
    return mem.ReadString(U32(i), U32(i + 1), out) ? Errno::kSuccess : Errno::kFault;
  }
};

/// kNotcapable unless `e` holds every right in `needed`.
inline Errno Require(const FdEntry* e, Rights needed) {
  return (e->base & needed) == needed ? Errno::kSuccess : Errno::kNotcapable;
}

using Handler = Errno (*)(Call&);

struct FunctionDef {
  const char* name;
  const char* params;  // one letter per parameter: 'i' = i32, 'I' = i64
  Handler handler;
};

// Each returns the functions of one area; wasi.cc registers them all.
std::vector<FunctionDef> ProcessFunctions();  // args, environ, clock, random, sched, proc_raise
std::vector<FunctionDef> FdFunctions();       // fd_*
std::vector<FunctionDef> PathFunctions();     // path_*
std::vector<FunctionDef> PollSockFunctions(); // poll_oneoff, sock_*

// Shared by fd_* and path_*: a filestat from a host fstat, stored at `ptr`.
Errno StoreFilestat(GuestMemory& mem, uint32_t ptr, int host_fd);
// fst_flags validation and conversion to utimensat's timespecs.
Errno TimesFromFlags(uint64_t atim, uint64_t mtim, uint32_t fst_flags, struct timespec ts[2]);

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_CALL_H_

// Guard-page traps: code compiled with guard-page bounds checks
// (BoundsChecks::kGuardPages) accesses linear memory without comparing
// against its size; an access past the end touches the memory's inaccessible
// reservation (runtime/objects/linear_memory.h) and faults. A process-wide
// SIGSEGV/SIGBUS handler, installed once when the first such code is
// registered, resumes a fault at a registered memory access at its function's
// out-of-bounds trap stub, so the call ends with the same trap (and function
// name) as an explicit check gives. Every other fault goes to the handler
// that was installed before ours (or, when that was the default action, ends
// the process as the fault would have).
//
// A host that installs its own SIGSEGV handler after the runtime's must
// chain to the previous one (as ours does), or guard-page traps become
// crashes; such hosts compile with BoundsChecks::kExplicit.
#ifndef WASMRT_RUNTIME_JIT_TRAP_HANDLER_H_
#define WASMRT_RUNTIME_JIT_TRAP_HANDLER_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"

namespace wasmrt::jit {

// A memory access that may fault, and where its function's out-of-bounds
// trap stub is: both offsets from the start of the registered code.
struct FaultSite {
  uint32_t access;
  uint32_t stub;
};

// At most this many code ranges are registered at once (the table the
// signal handler searches is static, so it never allocates nor locks).
inline constexpr size_t kMaxCodeRanges = size_t(1) << 16;

// Registers `size` bytes of code at `begin` with its fault sites (sorted by
// `access`, unique; they must stay alive and unchanged until unregistered),
// installing the signal handler first if this is the first registration of
// the process. Returns a handle for UnregisterCode; ResourceExhausted when
// kMaxCodeRanges ranges are registered, Internal when sigaction fails.
absl::StatusOr<size_t> RegisterCode(const uint8_t* begin, size_t size, const FaultSite* sites,
                                    size_t count);
// Removes a registration; afterwards no fault is resumed in its code.
void UnregisterCode(size_t handle);

// Installs the handler now (idempotent); RegisterCode does it on first need.
absl::Status InstallTrapHandler();
bool TrapHandlerInstalled();

}  // namespace wasmrt::jit

#endif  // WASMRT_RUNTIME_JIT_TRAP_HANDLER_H_

// A trap is an outcome of execution, not an error of the embedder.
#ifndef WASMRT_RUNTIME_BASE_TRAP_H_
#define WASMRT_RUNTIME_BASE_TRAP_H_

#include <cstdint>

namespace wasmrt {

enum class TrapCode : uint8_t {
  kNone = 0,
#define WASMRT_TRAP(name, text) name,
#include "runtime/base/trap.def"
#undef WASMRT_TRAP
};

// The spec's text for a trap code ("out of bounds memory access").
const char* TrapText(TrapCode code);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BASE_TRAP_H_

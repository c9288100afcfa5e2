// The one overflow-safe range check for guest addresses. Every host-side
// check of a guest (offset, size) pair goes through it: the engine's guest
// calls, the C API's address validation and the WASI layer's pointers.
#ifndef WASMRT_RUNTIME_BASE_BOUNDS_H_
#define WASMRT_RUNTIME_BASE_BOUNDS_H_

#include <cstdint>

namespace wasmrt {

// Whether [offset, offset + size) lies inside [0, limit). Written so that
// offset + size is never formed: it cannot wrap, whatever the operands. An
// empty range may sit at `limit` itself (one past the last byte).
inline constexpr bool InBounds(uint64_t offset, uint64_t size, uint64_t limit) {
  return offset <= limit && size <= limit - offset;
}

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BASE_BOUNDS_H_

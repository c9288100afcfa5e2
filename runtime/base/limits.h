// Every implementation limit in one place. Inputs beyond these are rejected
// with a precise error instead of exhausting the host.
#ifndef WASMRT_RUNTIME_BASE_LIMITS_H_
#define WASMRT_RUNTIME_BASE_LIMITS_H_

#include <cstdint>

namespace wasmrt::limits {

inline constexpr uint32_t kMaxTypes = 1000000;
inline constexpr uint32_t kMaxFunctions = 1000000;
inline constexpr uint32_t kMaxImports = 100000;
inline constexpr uint32_t kMaxExports = 100000;
inline constexpr uint32_t kMaxGlobals = 1000000;
inline constexpr uint32_t kMaxDataSegments = 100000;
inline constexpr uint32_t kMaxElemSegments = 10000000;
inline constexpr uint32_t kMaxTables = 100000;
inline constexpr uint32_t kMaxParams = 1000;
inline constexpr uint32_t kMaxResults = 1000;
inline constexpr uint32_t kMaxLocals = 50000;
inline constexpr uint32_t kMaxFunctionSize = 7654321;
inline constexpr uint32_t kMaxBrTableSize = 65520;
inline constexpr uint32_t kMaxTableSize = 10000000;
inline constexpr uint32_t kMaxNameLength = 100000;

// Defaults for execution; callers may configure them.
inline constexpr uint32_t kDefaultMaxCallDepth = 10000;
inline constexpr uint32_t kDefaultValueStackSlots = 1 << 20;  // 8 MiB

}  // namespace wasmrt::limits

#endif  // WASMRT_RUNTIME_BASE_LIMITS_H_

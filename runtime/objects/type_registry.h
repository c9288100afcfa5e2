// Process-wide canonical ids for function types, so call_indirect compares
// two integers instead of two type vectors.
#ifndef WASMRT_RUNTIME_OBJECTS_TYPE_REGISTRY_H_
#define WASMRT_RUNTIME_OBJECTS_TYPE_REGISTRY_H_

#include <cstdint>

#include "runtime/base/types.h"

namespace wasmrt {

// Same id for structurally equal types; thread-safe.
uint32_t CanonicalTypeId(const FuncType& type);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_OBJECTS_TYPE_REGISTRY_H_

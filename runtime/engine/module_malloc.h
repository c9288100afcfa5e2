// Allocation inside a guest's linear memory (the seed's module_malloc):
// the host copies data in and out of buffers the guest can address.
#ifndef WASMRT_RUNTIME_ENGINE_MODULE_MALLOC_H_
#define WASMRT_RUNTIME_ENGINE_MODULE_MALLOC_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "runtime/engine/engine.h"

namespace wasmrt {

// The function `instance` exports as `name` when it has exactly `type`, else
// null (used for the guest allocator, `malloc(i32) -> i32` / `free(i32)`).
FunctionInstance* FindExportedFunction(const ModuleInstance& instance, const char* name,
                                       const FuncType& type);

// Allocates `size` bytes in `instance`'s memory 0 and returns the guest
// address. Uses the guest's exported allocator (`malloc(i32) -> i32`) when
// the module has one. Fails with ResourceExhausted when the guest returns 0,
// FailedPrecondition when there is no allocator or memory, and Aborted with
// the trap text when the allocator traps.
// `fuel_used` (optional) receives the fuel the guest allocator consumed.
absl::StatusOr<uint32_t> ModuleMalloc(Store& store, ModuleInstance& instance, uint32_t size,
                                      const CallOptions& options = {},
                                      int64_t* fuel_used = nullptr);

// Frees a buffer from ModuleMalloc (guest `free(i32)`; no-op when absent).
absl::Status ModuleFree(Store& store, ModuleInstance& instance, uint32_t address,
                        const CallOptions& options = {}, int64_t* fuel_used = nullptr);

// Whether [address, address + size) lies inside memory 0.
bool ValidateAppRange(const ModuleInstance& instance, uint64_t address, uint64_t size);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_ENGINE_MODULE_MALLOC_H_

// What the C API's opaque handles are, and helpers every entry point uses.
#ifndef WASMRT_RUNTIME_CAPI_HANDLES_H_
#define WASMRT_RUNTIME_CAPI_HANDLES_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "runtime/capi/app_heap.h"
#include "runtime/capi/native_registry.h"
#include "runtime/engine/engine.h"
#include "wasm_export.h"

struct WASMModuleCommon {
  std::shared_ptr<const wasmrt::CompiledModule> compiled;
};

struct WASMExecEnv {
  WASMModuleInstanceCommon* module_inst = nullptr;
  uint32_t stack_size = 0;
  void* user_data = nullptr;
  void* attachment = nullptr;  // of the native running on this env
};

struct WASMModuleInstanceCommon {
  std::shared_ptr<const wasmrt::CompiledModule> module;
  // One store per instance: its objects die with the instance.
  std::unique_ptr<wasmrt::Store> store;
  wasmrt::ModuleInstance* instance = nullptr;
  char exception[256] = {};  // "" when none; fixed, so raising one never allocates
  uint64_t exceptions_raised = 0;  // lets a caller see that a native raised one
  WASMExecEnv default_env;  // natives called by the start function or module_malloc
  WASMExecEnv* running_env = nullptr;
  std::unique_ptr<wasmrt::capi::AppHeap> app_heap;  // without guest malloc/free
  bool guest_allocator = false;
  // Mode_Fast_JIT while its compiled code is entered (running_mode.cc).
  RunningMode running_mode = Mode_Interp;
};

namespace wasmrt::capi {

inline constexpr absl::string_view kOutOfBounds = "out of bounds memory access";
inline constexpr absl::string_view kPoolExhausted =
    "allocate memory failed: the runtime's memory is exhausted";

/// Sets "Exception: <reason>" on the instance.
void SetException(WASMModuleInstanceCommon* inst, absl::string_view reason);

/// Copies `message` into error_buf, truncated to size - 1 bytes plus a NUL;
/// nothing when the buffer is null or empty.
void WriteError(char* error_buf, uint32_t error_buf_size, absl::string_view message);

/// The natives registry, or null when the runtime is not initialised.
NativeRegistry* Natives();

/// Whether function imports without a native get a trapping stub instead of
/// failing instantiation (wasm_runtime_set_lazy_linking); false when the
/// runtime is not initialised.
bool LazyLinking();

/// The module registered under `name` (wasm_runtime_register_module), or
/// null; null too when the runtime is not initialised.
const WASMModuleCommon* RegisteredModule(absl::string_view name);
/// Registers `module` under `name`; false when the name is taken or the
/// runtime is not initialised.
bool RegisterModule(absl::string_view name, const WASMModuleCommon* module);
/// Forgets every name `module` is registered under (it is being unloaded).
void UnregisterModule(const WASMModuleCommon* module);
/// The tier wasm_runtime_load compiles for: the default running mode's
/// (running_mode.cc).
Tier DefaultLoadTier();
/// Back to the default (Mode_Fast_JIT where supported), as after
/// wasm_runtime_destroy.
void ResetDefaultRunningMode();
/// Makes every function calls on `inst` can reach enter its machine code
/// (Mode_Fast_JIT, where its module has some) or none (Mode_Interp), and
/// records the mode. False, changing nothing, for Mode_Fast_JIT when the
/// instance's module has no machine code, or when memory runs out.
bool ApplyRunningMode(WASMModuleInstanceCommon* inst, RunningMode mode);

/// Memory 0 of the instance (null when none).
LinearMemory* InstanceMemory(const WASMModuleInstanceCommon* inst);

/// Whether [offset, offset + size) lies in `memory` (false without one).
bool InMemory(LinearMemory* memory, uint64_t offset, uint64_t size);

}  // namespace wasmrt::capi

#endif  // WASMRT_RUNTIME_CAPI_HANDLES_H_

// Internal: the objects a Store owns.
#ifndef WASMRT_RUNTIME_ENGINE_STORE_IMPL_H_
#define WASMRT_RUNTIME_ENGINE_STORE_IMPL_H_

#include <memory>
#include <vector>

#include "runtime/engine/engine.h"
#include "runtime/interp/exec_context.h"
#include "runtime/store/linear_memory.h"
#include "runtime/store/objects.h"

namespace wasmrt {

struct Store::Impl {
  std::vector<std::unique_ptr<FunctionInstance>> functions;
  std::vector<std::unique_ptr<TableInstance>> tables;
  std::vector<std::unique_ptr<LinearMemory>> memories;
  std::vector<std::unique_ptr<GlobalInstance>> globals;
  std::vector<std::unique_ptr<ModuleInstance>> instances;
  std::unique_ptr<ExecContext> context;
  int call_depth = 0;  // Store::Call frames in progress (host re-entry > 1)

  ExecContext& Context(const StoreConfig& config);
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_ENGINE_STORE_IMPL_H_

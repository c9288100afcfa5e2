// Internal: the objects a Store owns.
#ifndef WASMRT_RUNTIME_ENGINE_STORE_IMPL_H_
#define WASMRT_RUNTIME_ENGINE_STORE_IMPL_H_

#include <memory>
#include <vector>

#include "runtime/engine/engine.h"
#include "runtime/interp/exec_context.h"
#include "runtime/objects/linear_memory.h"
#include "runtime/objects/objects.h"

namespace wasmrt {

struct Store::Impl {
  std::vector<std::unique_ptr<FunctionInstance>> functions;
  std::vector<std::unique_ptr<TableInstance>> tables;
  std::vector<std::unique_ptr<LinearMemory>> memories;
  std::vector<std::unique_ptr<GlobalInstance>> globals;
  std::vector<std::unique_ptr<ModuleInstance>> instances;
  std::unique_ptr<ExecContext> context;
  int call_depth = 0;  // Store::Call frames in progress (host re-entry > 1)
  void* host_data = nullptr;  // Store::set_host_data
  // Linker-owned host functions imported by instances of this store
  // (PrelinkedModule::Instantiate): they must outlive the store's objects.
  std::vector<std::shared_ptr<const void>> shared_functions;

  ExecContext& Context(const StoreConfig& config);
};

struct StoreAccess {
  static Store::Impl& Impl(Store& store) { return *store.impl_; }
  static const StoreConfig& Config(const Store& store) { return store.config_; }
};

// The store whose Store::Call runs on this thread (innermost), or null.
// Linker-owned host functions serve every store: they find theirs here.
Store* CurrentStore();

// A new host function of `type` around `callback` (counted for tests).
// `owner` is the owning store, or null for a linker-owned function, which
// then finds the calling store through CurrentStore().
std::unique_ptr<FunctionInstance> NewHostFunctionInstance(const FuncType& type,
                                                          HostCallback callback,
                                                          std::string debug_name, Store* owner);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_ENGINE_STORE_IMPL_H_

// Internal: what a ModuleInstance owns and points at. Shared by the engine's
// .cc files only.
#ifndef WASMRT_RUNTIME_ENGINE_INSTANCE_DATA_H_
#define WASMRT_RUNTIME_ENGINE_INSTANCE_DATA_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "runtime/engine/engine.h"
#include "runtime/objects/objects.h"

namespace wasmrt {

struct ModuleInstance::Data {
  std::shared_ptr<const CompiledModule> module;
  std::vector<FunctionInstance*> funcs;
  std::vector<GlobalInstance*> globals;
  std::vector<TableInstance*> tables;
  std::vector<LinearMemory*> memories;
  std::vector<uint32_t> type_ids;
  std::vector<std::vector<const void*>> elem_segments;
  std::vector<std::pair<const uint8_t*, uint32_t>> data_segments;
  absl::flat_hash_map<std::string, Extern> exports;
  InstanceState state;
};

struct ModuleInstanceAccess {
  static ModuleInstance::Data& Get(const ModuleInstance& inst) { return *inst.data_; }
};

// InvalidArgument "incompatible import type for ..." unless `ext` matches
// import `imp` of `m` (spec 4.5.2 import subtyping).
absl::Status CheckImport(const Module& m, const Import& imp, const Extern& ext);

// Slot <-> typed value conversion at the API boundary.
void ValueToSlots(const Value& v, Slot* out);
Value SlotsToValue(ValType type, const Slot* in);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_ENGINE_INSTANCE_DATA_H_

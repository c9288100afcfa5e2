// Running modes: which modes exist here, the default that wasm_runtime_load
// compiles for, and switching an instance between its machine code and the
// interpreter.
//
// An instance's functions are entered through FunctionInstance::jit_entry
// (the interpreter and compiled code both check it at every call); null
// means the interpreter runs the function. A compiled module makes its
// interpreter code on the first switch (EnsureInterpreterCode). Switching
// an instance therefore rewrites jit_entry of every function a call
// through this API can reach, and nothing else.
#include <new>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "runtime/capi/alloc.h"
#include "runtime/capi/handles.h"
#include "runtime/jit/compiler.h"
#include "runtime/objects/objects.h"
#include "wasm_export.h"

namespace wasmrt::capi {
namespace {

// Only read and written by the embedder's thread that (de)initialises the
// runtime and loads modules, as the other runtime-wide settings. kNotSet
// (no mode has the value 0): the compiled tier where it is supported.
constexpr RunningMode kNotSet = RunningMode(0);
RunningMode g_default_mode = kNotSet;

bool Supported(RunningMode mode) {
  switch (mode) {
    case Mode_Interp: return true;
    case Mode_Fast_JIT: return jit::Supported() && CurrentSource() == AllocSource::kSystem;
    default: return false;
  }
}

const Module& ModuleOf(const InstanceState* state) {
  return static_cast<const ModuleInstance*>(state->owner)->module().ir();
}

// The states of the instances whose functions calls on `inst` can run:
// those of its exported functions and of the functions in its exported
// tables, closed over each state's functions (its calls and imports) and
// funcref tables (call_indirect). A function only enters a table from a
// state already reached (element segments, ref.func, table.get of a reached
// table), and the embedder calls exports only, so the set stays complete
// while calls run.
std::vector<InstanceState*> ReachableStates(const ModuleInstance& instance) {
  std::vector<InstanceState*> states;
  absl::flat_hash_set<InstanceState*> seen;
  auto reach = [&](const FunctionInstance* f) {
    if (f != nullptr && f->code != nullptr && seen.insert(f->instance).second) {
      states.push_back(f->instance);
    }
  };
  auto reach_table = [&](const TableInstance* t) {
    if (t->type.elem != ValType::kFuncRef) return;
    for (const void* e : t->elems) reach(static_cast<const FunctionInstance*>(e));
  };
  for (const ExportType& e : instance.module().exports()) {
    std::optional<Extern> ext = instance.GetExport(e.name);
    if (!ext.has_value()) continue;
    if (ext->kind == ExternKind::kFunc) reach(ext->func());
    if (ext->kind == ExternKind::kTable) reach_table(ext->table());
  }
  for (size_t i = 0; i < states.size(); ++i) {  // grows while walked
    const InstanceState* s = states[i];
    const Module& m = ModuleOf(s);
    for (uint32_t f = 0; f < m.NumFuncs(); ++f) reach(s->funcs[f]);
    for (uint32_t t = 0; t < m.NumTables(); ++t) reach_table(s->tables[t]);
  }
  return states;
}

// Enters the machine code of each defined function of `state` (where its
// module has some), or none of it.
void SetEntries(InstanceState* state, bool compiled) {
  const auto* owner = static_cast<const ModuleInstance*>(state->owner);
  const jit::JitModule* code = compiled ? owner->module().jit() : nullptr;
  const Module& m = owner->module().ir();
  for (uint32_t i = 0; i < m.functions.size(); ++i) {
    FunctionInstance* f = state->funcs[m.num_imported_funcs + i];
    f->jit_entry = code != nullptr ? reinterpret_cast<const void*>(code->entry(i)) : nullptr;
  }
}

}  // namespace

bool ApplyRunningMode(WASMModuleInstanceCommon* inst, RunningMode mode) {
  bool compiled = mode == Mode_Fast_JIT;
  if (compiled && inst->module->jit() == nullptr) return false;
  RuntimeScope scope;
  try {
    std::vector<InstanceState*> states = ReachableStates(*inst->instance);
    // A compiled module translates for the interpreter on first need.
    for (InstanceState* s : states) {
      if (!compiled && !static_cast<const ModuleInstance*>(s->owner)
                            ->module()
                            .EnsureInterpreterCode()
                            .ok()) {
        return false;
      }
    }
    for (InstanceState* s : states) SetEntries(s, compiled);
  } catch (const std::bad_alloc&) {
    return false;  // nothing was switched yet: the walk allocates before
  }
  inst->running_mode = mode;
  return true;
}

Tier DefaultLoadTier() {
  switch (g_default_mode) {
    case Mode_Fast_JIT: return Tier::kJit;
    case Mode_Interp: return Tier::kInterp;
    default: return Supported(Mode_Fast_JIT) ? Tier::kJit : Tier::kInterp;
  }
}

void ResetDefaultRunningMode() { g_default_mode = kNotSet; }

}  // namespace wasmrt::capi

using namespace wasmrt;        // NOLINT
using namespace wasmrt::capi;  // NOLINT

extern "C" {

bool wasm_runtime_is_running_mode_supported(RunningMode running_mode) {
  return Supported(running_mode);
}

bool wasm_runtime_set_default_running_mode(RunningMode running_mode) {
  if (Natives() == nullptr || !Supported(running_mode)) return false;
  g_default_mode = running_mode;
  return true;
}

bool wasm_runtime_set_running_mode(wasm_module_inst_t module_inst, RunningMode running_mode) {
  if (module_inst == nullptr || !Supported(running_mode)) return false;
  if (module_inst->running_env != nullptr) return false;  // a call is running on it
  return ApplyRunningMode(module_inst, running_mode);
}

RunningMode wasm_runtime_get_running_mode(wasm_module_inst_t module_inst) {
  return module_inst != nullptr ? module_inst->running_mode : Mode_Interp;
}

}  // extern "C"

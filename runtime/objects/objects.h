// Runtime objects owned by a Store: functions, tables, memories, globals and
// the per-instance state the interpreter reads on every instruction.
#ifndef WASMRT_RUNTIME_OBJECTS_OBJECTS_H_
#define WASMRT_RUNTIME_OBJECTS_OBJECTS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/base/types.h"
#include "runtime/base/value.h"
#include "runtime/code/code.h"
#include "runtime/objects/linear_memory.h"

namespace wasmrt {

struct InstanceState;
struct FunctionInstance;

// Host functions see typed arguments and results. `caller` is the instance
// whose code called (null from the embedder); anything else the host needs
// is captured by the std::function (the engine's NewHostFunction captures
// the embedder's callback and builds its HostCall context per call).
using HostFunctionImpl =
    std::function<uint8_t /*TrapCode*/ (InstanceState* caller, const Slot* args, Slot* results)>;

struct FunctionInstance {
  const FuncType* type = nullptr;      // owned by the module or by `host_type`
  uint32_t type_id = 0;                // canonical id (TypeRegistry) for call_indirect
  InstanceState* instance = nullptr;   // defining instance; null for host functions
  const CompiledFunction* code = nullptr;  // null for host functions
  const void* jit_entry = nullptr;     // compiled code (runtime/jit/abi.h), if any
  uint32_t index = 0;                  // index in the defining module
  uint32_t param_slots = 0;
  uint32_t result_slots = 0;
  HostFunctionImpl host;               // set for host functions
  FuncType host_type;                  // storage of `type` for host functions
  std::string debug_name;
};

struct TableInstance {
  TableType type;
  std::vector<const void*> elems;  // FunctionInstance* or externref words; 0 = null
};

struct GlobalInstance {
  GlobalType type;
  Slot value[2] = {};  // a v128 uses both slots
};

// Everything an executing function of one instance reaches by index.
// Plain arrays so the interpreter does one load per access.
struct InstanceState {
  FunctionInstance* const* funcs = nullptr;
  GlobalInstance* const* globals = nullptr;
  TableInstance* const* tables = nullptr;
  LinearMemory* memory = nullptr;          // memory 0 or null
  const uint32_t* type_ids = nullptr;      // module type index -> canonical id
  // Passive segments; a dropped segment is emptied.
  std::vector<std::vector<const void*>>* elem_segments = nullptr;
  std::vector<std::pair<const uint8_t*, uint32_t>>* data_segments = nullptr;
  void* owner = nullptr;                   // the engine's ModuleInstance
};

// Number of 64-bit slots of a list of types.
inline uint32_t SlotsOf(const std::vector<ValType>& types) {
  uint32_t n = 0;
  for (ValType t : types) n += SlotCount(t);
  return n;
}

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_OBJECTS_OBJECTS_H_

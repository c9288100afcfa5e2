// Exec envs, wasm_runtime_call_wasm with 32-bit argv cells, exceptions.
#include <cstring>
#include <new>

#include "absl/strings/str_cat.h"
#include "runtime/capi/alloc.h"
#include "runtime/capi/handles.h"

namespace wasmrt::capi {
namespace {

// Cells a value of type `t` takes in argv; 0 for types the API cannot pass.
uint32_t CellsOf(ValType t) {
  switch (t) {
    case ValType::kI32:
    case ValType::kF32:
      return 1;
    case ValType::kI64:
    case ValType::kF64:
      return 2;
    default:
      return 0;
  }
}

Value ReadCells(ValType t, const uint32_t* cells) {
  uint64_t bits = cells[0];
  if (CellsOf(t) == 2) std::memcpy(&bits, cells, sizeof bits);
  switch (t) {
    case ValType::kI64: return Value::I64(bits);
    case ValType::kF32: return Value::F32Bits(uint32_t(bits));
    case ValType::kF64: return Value::F64Bits(bits);
    default: return Value::I32(uint32_t(bits));
  }
}

void WriteCells(const Value& v, uint32_t* cells) {
  if (CellsOf(v.type) == 2) {
    std::memcpy(cells, &v.i64, sizeof v.i64);
  } else {
    cells[0] = v.i32;
  }
}

// The argv cells as typed arguments; false (exception set) when they do not
// fit the function's type.
bool ArgumentsFromCells(WASMModuleInstanceCommon* inst, const FuncType& type, uint32_t argc,
                        const uint32_t* argv, std::vector<Value>& args) {
  uint32_t needed = 0;
  for (ValType t : type.params) {
    if (CellsOf(t) == 0) {
      SetException(inst, absl::StrCat("cannot pass a ", ValTypeName(t), " through argv"));
      return false;
    }
    needed += CellsOf(t);
  }
  for (ValType t : type.results) {
    if (CellsOf(t) == 0) {
      SetException(inst, absl::StrCat("cannot return a ", ValTypeName(t), " through argv"));
      return false;
    }
  }
  // As in WAMR: argc counts at least the parameter cells (callers often pass
  // max(params, results)); results need an argv to be written to.
  uint32_t result_cells = 0;
  for (ValType t : type.results) result_cells += CellsOf(t);
  if (argc < needed || ((needed != 0 || result_cells != 0) && argv == nullptr)) {
    SetException(inst, absl::StrCat("invalid argument count: the function takes ", needed,
                                    " argv cells, got ", argc,
                                    argv == nullptr ? " and no argv" : ""));
    return false;
  }
  const uint32_t* cell = argv;
  for (ValType t : type.params) {
    args.push_back(ReadCells(t, cell));
    cell += CellsOf(t);
  }
  return true;
}

bool CallWasm(WASMExecEnv* env, FunctionInstance* func, uint32_t argc, uint32_t* argv) {
  WASMModuleInstanceCommon* inst = env->module_inst;
  inst->exception[0] = '\0';
  const FuncType& type = FunctionType(func);
  std::vector<Value> args;
  if (!ArgumentsFromCells(inst, type, argc, argv, args)) return false;
  uint64_t raised_before = inst->exceptions_raised;
  WASMExecEnv* saved_env = inst->running_env;
  inst->running_env = env;
  absl::StatusOr<ExecResult> r = inst->store->Call(func, args);
  inst->running_env = saved_env;
  if (!r.ok()) {
    SetException(inst, r.status().message());
    return false;
  }
  if (!r->ok()) {
    // A native's own exception (or a failed pointer check) says more.
    if (inst->exceptions_raised == raised_before) SetException(inst, r->trap_message);
    return false;
  }
  uint32_t* cell = argv;
  for (const Value& v : r->results) {
    WriteCells(v, cell);
    cell += CellsOf(v.type);
  }
  return true;
}

}  // namespace
}  // namespace wasmrt::capi

using namespace wasmrt;        // NOLINT
using namespace wasmrt::capi;  // NOLINT

extern "C" {

wasm_exec_env_t wasm_runtime_create_exec_env(wasm_module_inst_t module_inst,
                                             uint32_t stack_size) {
  if (module_inst == nullptr) return nullptr;
  RuntimeScope scope;
  try {
    auto* env = new WASMExecEnv();
    env->module_inst = module_inst;
    env->stack_size = stack_size;
    return env;
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

void wasm_runtime_destroy_exec_env(wasm_exec_env_t exec_env) {
  RuntimeScope scope;
  delete exec_env;
}

wasm_module_inst_t wasm_runtime_get_module_inst(wasm_exec_env_t exec_env) {
  return exec_env != nullptr ? exec_env->module_inst : nullptr;
}

void wasm_runtime_set_user_data(wasm_exec_env_t exec_env, void* user_data) {
  if (exec_env != nullptr) exec_env->user_data = user_data;
}

void* wasm_runtime_get_user_data(wasm_exec_env_t exec_env) {
  return exec_env != nullptr ? exec_env->user_data : nullptr;
}

void* wasm_runtime_get_function_attachment(wasm_exec_env_t exec_env) {
  return exec_env != nullptr ? exec_env->attachment : nullptr;
}

bool wasm_runtime_call_wasm(wasm_exec_env_t exec_env, wasm_function_inst_t function,
                            uint32_t argc, uint32_t argv[]) {
  if (exec_env == nullptr || exec_env->module_inst == nullptr || function == nullptr) {
    return false;
  }
  RuntimeScope scope;
  try {
    return CallWasm(exec_env, static_cast<FunctionInstance*>(function), argc, argv);
  } catch (const std::bad_alloc&) {
    SetException(exec_env->module_inst, kPoolExhausted);
    return false;
  }
}

const char* wasm_runtime_get_exception(wasm_module_inst_t module_inst) {
  if (module_inst == nullptr || module_inst->exception[0] == '\0') return nullptr;
  return module_inst->exception;
}

void wasm_runtime_set_exception(wasm_module_inst_t module_inst, const char* exception) {
  if (module_inst == nullptr) return;
  if (exception == nullptr) {
    module_inst->exception[0] = '\0';
  } else {
    SetException(module_inst, exception);
  }
}

void wasm_runtime_clear_exception(wasm_module_inst_t module_inst) {
  if (module_inst != nullptr) module_inst->exception[0] = '\0';
}

}  // extern "C"

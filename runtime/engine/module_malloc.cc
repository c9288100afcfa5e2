#include "runtime/engine/module_malloc.h"

#include "absl/strings/str_cat.h"

namespace wasmrt {

FunctionInstance* FindExportedFunction(const ModuleInstance& instance, const char* name,
                                       const FuncType& type) {
  std::optional<Extern> ext = instance.GetExport(name);
  if (!ext.has_value() || ext->kind != ExternKind::kFunc) return nullptr;
  if (!(FunctionType(ext->func()) == type)) return nullptr;
  return ext->func();
}

absl::StatusOr<uint32_t> ModuleMalloc(Store& store, ModuleInstance& instance, uint32_t size,
                                      const CallOptions& options, int64_t* fuel_used) {
  if (instance.memory() == nullptr) {
    return absl::FailedPreconditionError("module_malloc: the module has no memory");
  }
  FunctionInstance* malloc_fn =
      FindExportedFunction(instance, "malloc", FuncType{{ValType::kI32}, {ValType::kI32}});
  if (malloc_fn == nullptr) {
    return absl::FailedPreconditionError(
        "module_malloc: the module exports no malloc(i32) -> i32");
  }
  absl::StatusOr<ExecResult> r = store.Call(malloc_fn, {Value::I32(size)}, options);
  if (!r.ok()) return r.status();
  if (fuel_used != nullptr) *fuel_used = r->fuel_used;
  if (!r->ok()) return absl::AbortedError(absl::StrCat("module_malloc: ", r->trap_message));
  uint32_t address = r->results[0].i32;
  if (address == 0) {
    return absl::ResourceExhaustedError(
        absl::StrCat("module_malloc: the guest could not allocate ", size, " bytes"));
  }
  if (!ValidateAppRange(instance, address, size)) {
    return absl::OutOfRangeError(absl::StrCat("module_malloc: the guest returned [", address,
                                              ", +", size, ") outside its memory"));
  }
  return address;
}

absl::Status ModuleFree(Store& store, ModuleInstance& instance, uint32_t address,
                        const CallOptions& options, int64_t* fuel_used) {
  FunctionInstance* free_fn = FindExportedFunction(instance, "free", FuncType{{ValType::kI32}, {}});
  if (free_fn == nullptr || address == 0) return absl::OkStatus();
  absl::StatusOr<ExecResult> r = store.Call(free_fn, {Value::I32(address)}, options);
  if (!r.ok()) return r.status();
  if (fuel_used != nullptr) *fuel_used = r->fuel_used;
  if (!r->ok()) return absl::AbortedError(absl::StrCat("module_free: ", r->trap_message));
  return absl::OkStatus();
}

bool ValidateAppRange(const ModuleInstance& instance, uint64_t address, uint64_t size) {
  LinearMemory* mem = instance.memory();
  if (mem == nullptr) return false;
  return address <= MemorySizeBytes(mem) && size <= MemorySizeBytes(mem) - address;
}

}  // namespace wasmrt

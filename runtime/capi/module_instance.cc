// Modules and instances: wasm_runtime_load/unload, instantiate/deinstantiate,
// lookup_function.
#include <algorithm>
#include <memory>
#include <new>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "runtime/capi/alloc.h"
#include "runtime/capi/handles.h"
#include "runtime/capi/native_bridge.h"
#include "runtime/engine/guest_call.h"

namespace wasmrt::capi {
namespace {

// The value stack and call depth an instance gets for `stack_size` bytes,
// and linear memories from the source full_init configured (the pool in pool
// mode).
StoreConfig ConfigFor(uint32_t stack_size) {
  StoreConfig config;
  config.memory_provider = LinearMemoryProvider();
  config.value_stack_slots = std::max<uint32_t>(stack_size / sizeof(Slot), 256);
  config.max_call_depth = std::clamp<uint32_t>(config.value_stack_slots / 4, 32, 10000);
  return config;
}

// An import from no registered module can only be a native, so a table,
// memory or global import does not link: "incompatible import type" when its
// name is a native (the kind differs), "unknown import" otherwise. A function import
// with no native is "unknown import" too, unless lazy linking is on.
absl::Status UnlinkableImport(const ImportType& imp, const NativeEntry* native) {
  if (native != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "incompatible import type for \"", imp.module, "\" \"", imp.name, "\": expected ",
        ExternKindName(imp.type.kind), ", got a native function"));
  }
  absl::string_view why = imp.type.kind == ExternKind::kFunc
                              ? "no native is registered under that name"
                              : "only functions (natives) can be imported from a module that is not registered";
  return absl::NotFoundError(absl::StrCat("unknown import: \"", imp.module, "\" \"", imp.name,
                                          "\" (", ExternKindName(imp.type.kind), "): ", why));
}

// How many registered modules deep an import may reach (A imports from B,
// which imports from C...); a cycle of registrations ends here too.
constexpr int kMaxDependencyDepth = 8;

absl::StatusOr<std::vector<Extern>> ResolveImports(WASMModuleInstanceCommon* inst,
                                                   const CompiledModule& module, int depth);

// The instance of the registered module `name` that `inst` imports from,
// created in the instance's store on first use (each importing instance has
// its own, as in WAMR's multi-module mode), so it dies with the instance.
absl::StatusOr<ModuleInstance*> DependencyInstance(
    WASMModuleInstanceCommon* inst, const std::string& name, const WASMModuleCommon* registered,
    absl::flat_hash_map<std::string, ModuleInstance*>& instances, int depth) {
  auto it = instances.find(name);
  if (it != instances.end()) return it->second;
  if (depth >= kMaxDependencyDepth) {
    return absl::FailedPreconditionError(
        absl::StrCat("registered module \"", name, "\" is more than ", kMaxDependencyDepth,
                     " imports deep (a cycle of registered modules?)"));
  }
  const CompiledModule& dependency = *registered->compiled;
  absl::StatusOr<std::vector<Extern>> imports = ResolveImports(inst, dependency, depth + 1);
  if (!imports.ok()) return imports.status();
  absl::StatusOr<ModuleInstance*> instance = inst->store->Instantiate(registered->compiled, *imports);
  if (!instance.ok()) {
    return absl::Status(instance.status().code(),
                        absl::StrCat("registered module \"", name, "\": ", instance.status().message()));
  }
  instances.emplace(name, *instance);
  return *instance;
}

// An import from a registered module: its export of that name, of that kind
// (the types are checked when the importer is instantiated).
absl::StatusOr<Extern> ImportFromRegistered(const ImportType& imp, const ModuleInstance& from) {
  std::optional<Extern> e = from.GetExport(imp.name);
  if (!e.has_value()) {
    return absl::NotFoundError(absl::StrCat("unknown import: \"", imp.module, "\" \"", imp.name,
                                            "\": the registered module has no such export"));
  }
  if (e->kind != imp.type.kind) {
    return absl::InvalidArgumentError(absl::StrCat(
        "incompatible import type for \"", imp.module, "\" \"", imp.name, "\": expected ",
        ExternKindName(imp.type.kind), ", got ", ExternKindName(e->kind)));
  }
  return *e;
}

// Natives first (a native of that module and name), then modules registered
// with wasm_runtime_register_module, then lazy stubs if enabled.
absl::StatusOr<std::vector<Extern>> ResolveImports(WASMModuleInstanceCommon* inst,
                                                   const CompiledModule& module, int depth) {
  NativeRegistry* natives = Natives();
  bool lazy = LazyLinking();
  absl::flat_hash_map<std::string, ModuleInstance*> dependencies;
  std::vector<Extern> externs;
  for (const ImportType& imp : module.imports()) {
    const NativeEntry* native = natives != nullptr ? natives->Find(imp.module, imp.name) : nullptr;
    const WASMModuleCommon* registered = native == nullptr ? RegisteredModule(imp.module) : nullptr;
    if (registered != nullptr) {
      absl::StatusOr<ModuleInstance*> from =
          DependencyInstance(inst, imp.module, registered, dependencies, depth);
      if (!from.ok()) return from.status();
      absl::StatusOr<Extern> e = ImportFromRegistered(imp, **from);
      if (!e.ok()) return e.status();
      externs.push_back(*e);
      continue;
    }
    if (imp.type.kind != ExternKind::kFunc || (native == nullptr && !lazy)) {
      return UnlinkableImport(imp, native);
    }
    absl::StatusOr<FunctionInstance*> f = BindNative(inst, imp, imp.type.func, native);
    if (!f.ok()) return f.status();
    externs.push_back(Extern{ExternKind::kFunc, *f});
  }
  return externs;
}

// Grows memory 0 by whole pages holding `heap_size` bytes and puts the app
// heap there. Without a memory, or when it cannot grow, the instance has no
// app heap and module_malloc returns 0.
void AddAppHeap(WASMModuleInstanceCommon* inst, uint32_t heap_size) {
  LinearMemory* mem = inst->instance->memory();
  if (mem == nullptr || heap_size == 0) return;
  uint64_t pages = (uint64_t(heap_size) + kPageSize - 1) / kPageSize;
  uint64_t old_size = MemorySizeBytes(mem);
  if (old_size + pages * kPageSize > (uint64_t(1) << 32)) return;
  int64_t old_pages = GrowMemory(mem, uint32_t(pages));
  if (old_pages < 0) return;
  uint64_t begin = uint64_t(old_pages) * kPageSize;
  // Address 0 is reserved (module_malloc returns 0 for failure), so a heap
  // at the very start of memory begins at 8 and is shorter by as much: it
  // must end inside the pages just grown.
  uint64_t first = std::max<uint64_t>(begin, 8);
  uint64_t end = std::min<uint64_t>(begin + heap_size, begin + pages * kPageSize);
  if (end <= first) return;
  inst->app_heap = std::make_unique<AppHeap>(uint32_t(first), uint32_t(end - first));
}

absl::StatusOr<std::unique_ptr<WASMModuleInstanceCommon>> Instantiate(
    const WASMModuleCommon* module, uint32_t stack_size, uint32_t heap_size) {
  auto inst = std::make_unique<WASMModuleInstanceCommon>();
  inst->module = module->compiled;
  inst->store = std::make_unique<Store>(ConfigFor(stack_size));
  inst->default_env.module_inst = inst.get();
  inst->default_env.stack_size = stack_size;
  absl::StatusOr<std::vector<Extern>> imports = ResolveImports(inst.get(), *inst->module, 0);
  if (!imports.ok()) return imports.status();
  absl::StatusOr<ModuleInstance*> instance = inst->store->Instantiate(inst->module, *imports);
  if (!instance.ok()) return instance.status();
  inst->instance = *instance;
  inst->running_mode = inst->module->jit() != nullptr ? Mode_Fast_JIT : Mode_Interp;
  // Registered modules loaded with machine code are not entered from an
  // instance in Mode_Interp either (after their start functions ran). Only
  // imports can lead to them.
  if (inst->running_mode == Mode_Interp && !inst->module->ir().imports.empty() &&
      !ApplyRunningMode(inst.get(), Mode_Interp)) {
    return absl::ResourceExhaustedError(kPoolExhausted);
  }
  inst->guest_allocator =
      FindExportedFunction(**instance, "malloc", FuncType{{ValType::kI32}, {ValType::kI32}}) &&
      FindExportedFunction(**instance, "free", FuncType{{ValType::kI32}, {}});
  if (!inst->guest_allocator) AddAppHeap(inst.get(), heap_size);
  return inst;
}

}  // namespace
}  // namespace wasmrt::capi

using namespace wasmrt;        // NOLINT
using namespace wasmrt::capi;  // NOLINT

extern "C" {

wasm_module_t wasm_runtime_load(uint8_t* buf, uint32_t size, char* error_buf,
                                uint32_t error_buf_size) {
  if (Natives() == nullptr) {
    WriteError(error_buf, error_buf_size, "WASM module load failed: runtime not initialized");
    return nullptr;
  }
  if (buf == nullptr) {
    WriteError(error_buf, error_buf_size, "WASM module load failed: no module bytes");
    return nullptr;
  }
  RuntimeScope scope;
  try {
    // Memories from the pool or the embedder's allocator (a provider) have
    // no guard reservation, so compiled code checks every access there
    // (today Mode_Fast_JIT exists only with the system allocator anyway).
    CompileOptions options{.tier = DefaultLoadTier(),
                           .bounds_checks = LinearMemoryProvider() == nullptr
                                                ? BoundsChecks::kGuardPages
                                                : BoundsChecks::kExplicit};
    auto compiled = CompileModule(absl::MakeConstSpan(buf, size), options);
    if (!compiled.ok()) {
      WriteError(error_buf, error_buf_size,
                 absl::StrCat("WASM module load failed: ", compiled.status().message()));
      return nullptr;
    }
    return new WASMModuleCommon{*std::move(compiled)};
  } catch (const std::bad_alloc&) {
    WriteError(error_buf, error_buf_size, absl::StrCat("WASM module load failed: ", kPoolExhausted));
    return nullptr;
  }
}

bool wasm_runtime_register_module(const char* module_name, wasm_module_t module, char* error_buf,
                                  uint32_t error_buf_size) {
  if (Natives() == nullptr) {
    WriteError(error_buf, error_buf_size, "register module failed: runtime not initialized");
    return false;
  }
  if (module_name == nullptr || *module_name == '\0' || module == nullptr) {
    WriteError(error_buf, error_buf_size, "register module failed: no module name or module");
    return false;
  }
  RuntimeScope scope;
  const WASMModuleCommon* current = RegisteredModule(module_name);
  if (current == module) return true;
  if (current != nullptr) {
    WriteError(error_buf, error_buf_size,
               absl::StrCat("register module failed: another module is registered as \"",
                            module_name, "\""));
    return false;
  }
  try {
    return RegisterModule(module_name, module);
  } catch (const std::bad_alloc&) {
    WriteError(error_buf, error_buf_size, absl::StrCat("register module failed: ", kPoolExhausted));
    return false;
  }
}

wasm_module_t wasm_runtime_find_module_registered(const char* module_name) {
  if (module_name == nullptr) return nullptr;
  return const_cast<wasm_module_t>(RegisteredModule(module_name));
}

void wasm_runtime_unload(wasm_module_t module) {
  RuntimeScope scope;
  UnregisterModule(module);
  delete module;
}

wasm_module_inst_t wasm_runtime_instantiate(const wasm_module_t module,
                                            uint32_t default_stack_size,
                                            uint32_t host_managed_heap_size, char* error_buf,
                                            uint32_t error_buf_size) {
  if (module == nullptr) {
    WriteError(error_buf, error_buf_size, "WASM module instantiate failed: no module");
    return nullptr;
  }
  RuntimeScope scope;
  try {
    auto inst = Instantiate(module, default_stack_size, host_managed_heap_size);
    if (!inst.ok()) {
      WriteError(error_buf, error_buf_size,
                 absl::StrCat("WASM module instantiate failed: ", inst.status().message()));
      return nullptr;
    }
    return inst->release();
  } catch (const std::bad_alloc&) {
    WriteError(error_buf, error_buf_size,
               absl::StrCat("WASM module instantiate failed: ", kPoolExhausted));
    return nullptr;
  }
}

void wasm_runtime_deinstantiate(wasm_module_inst_t module_inst) {
  RuntimeScope scope;
  delete module_inst;
}

wasm_function_inst_t wasm_runtime_lookup_function(wasm_module_inst_t const module_inst,
                                                  const char* name, const char*) {
  if (module_inst == nullptr || name == nullptr) return nullptr;
  RuntimeScope scope;
  try {
    std::optional<Extern> e = module_inst->instance->GetExport(name);
    if (!e.has_value() || e->kind != ExternKind::kFunc) return nullptr;
    return e->func();
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

}  // extern "C"

// Modules and instances: wasm_runtime_load/unload, instantiate/deinstantiate,
// lookup_function.
#include <algorithm>
#include <memory>
#include <new>

#include "absl/strings/str_cat.h"
#include "runtime/capi/alloc.h"
#include "runtime/capi/handles.h"
#include "runtime/capi/native_bridge.h"
#include "runtime/engine/module_malloc.h"

namespace wasmrt::capi {
namespace {

// The value stack and call depth an instance gets for `stack_size` bytes.
StoreConfig ConfigFor(uint32_t stack_size) {
  StoreConfig config;
  config.value_stack_slots = std::max<uint32_t>(stack_size / sizeof(Slot), 256);
  config.max_call_depth = std::clamp<uint32_t>(config.value_stack_slots / 4, 32, 10000);
  return config;
}

// Natives are the only things the C API can offer, so a table, memory or
// global import never links: "incompatible import type" when its name is a
// native (the kind differs), "unknown import" otherwise. A function import
// with no native is "unknown import" too, unless lazy linking is on.
absl::Status UnlinkableImport(const Import& imp, const NativeEntry* native) {
  if (native != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "incompatible import type for \"", imp.module, "\" \"", imp.name, "\": expected ",
        ExternKindName(imp.kind), ", got a native function"));
  }
  absl::string_view why = imp.kind == ExternKind::kFunc
                              ? "no native is registered under that name"
                              : "only functions (natives) can be imported";
  return absl::NotFoundError(absl::StrCat("unknown import: \"", imp.module, "\" \"", imp.name,
                                          "\" (", ExternKindName(imp.kind), "): ", why));
}

absl::StatusOr<std::vector<Extern>> ResolveImports(WASMModuleInstanceCommon* inst) {
  const Module& m = inst->module->ir();
  NativeRegistry* natives = Natives();
  bool lazy = LazyLinking();
  std::vector<Extern> externs;
  for (const Import& imp : m.imports) {
    const NativeEntry* native = natives != nullptr ? natives->Find(imp.module, imp.name) : nullptr;
    if (imp.kind != ExternKind::kFunc || (native == nullptr && !lazy)) {
      return UnlinkableImport(imp, native);
    }
    absl::StatusOr<FunctionInstance*> f = BindNative(inst, imp, m.types[imp.func_type], native);
    if (!f.ok()) return f.status();
    externs.push_back(Extern{ExternKind::kFunc, *f});
  }
  return externs;
}

bool ExportsFunction(const ModuleInstance& instance, const char* name, const FuncType& type) {
  std::optional<Extern> e = instance.GetExport(name);
  return e.has_value() && e->kind == ExternKind::kFunc && FunctionType(e->func()) == type;
}

// Grows memory 0 by whole pages holding `heap_size` bytes and puts the app
// heap there. Without a memory, or when it cannot grow, the instance has no
// app heap and module_malloc returns 0.
void AddAppHeap(WASMModuleInstanceCommon* inst, uint32_t heap_size) {
  MemoryInstance* mem = inst->instance->memory();
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
  absl::StatusOr<std::vector<Extern>> imports = ResolveImports(inst.get());
  if (!imports.ok()) return imports.status();
  absl::StatusOr<ModuleInstance*> instance = inst->store->Instantiate(inst->module, *imports);
  if (!instance.ok()) return instance.status();
  inst->instance = *instance;
  inst->guest_allocator =
      ExportsFunction(**instance, "malloc", FuncType{{ValType::kI32}, {ValType::kI32}}) &&
      ExportsFunction(**instance, "free", FuncType{{ValType::kI32}, {}});
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
    auto compiled = CompileModule(absl::MakeConstSpan(buf, size));
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

void wasm_runtime_unload(wasm_module_t module) {
  RuntimeScope scope;
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

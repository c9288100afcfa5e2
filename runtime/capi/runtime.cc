// wasm_runtime_init/full_init/destroy, the runtime's allocator, natives.
#include <cstring>
#include <new>
#include <string>

#include "absl/container/flat_hash_map.h"

#include "runtime/capi/alloc.h"
#include "runtime/capi/handles.h"
#include "runtime/capi/native_registry.h"
#include "runtime/engine/engine.h"
#include "wasm_export.h"

namespace wasmrt::capi {
namespace {

struct RuntimeState {
  NativeRegistry natives;
  bool lazy_linking = false;  // see wasm_runtime_set_lazy_linking
  // wasm_runtime_register_module: name -> the module's handle.
  absl::flat_hash_map<std::string, const WASMModuleCommon*> registered;
};
RuntimeState* g_state = nullptr;

// (module (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add))
constexpr uint8_t kWarmUpModule[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,  // type (i32) -> i32
    0x03, 0x02, 0x01, 0x00,                          // func
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,        // export "f"
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b,  // code
};

// The decoder, validator and interpreter build process-wide tables on first
// use. Building them here, with the system allocator and before a pool is in
// place, keeps them out of a pool that dies before them.
void WarmUp() {
  auto module = CompileModule(absl::MakeConstSpan(kWarmUpModule, sizeof kWarmUpModule),
                              {.tier = Tier::kInterp});
  if (!module.ok()) return;
  Store store(StoreConfig{.max_call_depth = 8, .value_stack_slots = 64});
  auto instance = store.Instantiate(*module, {});
  if (!instance.ok()) return;
  std::optional<Extern> f = (*instance)->GetExport("f");
  if (f.has_value()) (void)store.Call(f->func(), {Value::I32(1)});
}

}  // namespace

NativeRegistry* Natives() { return g_state != nullptr ? &g_state->natives : nullptr; }

bool LazyLinking() { return g_state != nullptr && g_state->lazy_linking; }

const WASMModuleCommon* RegisteredModule(absl::string_view name) {
  if (g_state == nullptr) return nullptr;
  auto it = g_state->registered.find(name);
  return it != g_state->registered.end() ? it->second : nullptr;
}

bool RegisterModule(absl::string_view name, const WASMModuleCommon* module) {
  if (g_state == nullptr) return false;
  return g_state->registered.try_emplace(std::string(name), module).second;
}

void UnregisterModule(const WASMModuleCommon* module) {
  if (g_state == nullptr) return;
  absl::erase_if(g_state->registered, [module](const auto& entry) { return entry.second == module; });
}

}  // namespace wasmrt::capi

using namespace wasmrt::capi;  // NOLINT: the C entry points below

extern "C" {

bool wasm_runtime_init(void) {
  RuntimeInitArgs args;
  std::memset(&args, 0, sizeof args);
  args.mem_alloc_type = Alloc_With_System_Allocator;
  return wasm_runtime_full_init(&args);
}

bool wasm_runtime_full_init(RuntimeInitArgs* init_args) {
  if (init_args == nullptr || g_state != nullptr) return false;
  WarmUp();
  bool configured = false;
  switch (init_args->mem_alloc_type) {
    case Alloc_With_Pool:
      configured = init_args->mem_alloc_option.pool.heap_buf != nullptr &&
                   UsePool(init_args->mem_alloc_option.pool.heap_buf,
                           init_args->mem_alloc_option.pool.heap_size);
      break;
    case Alloc_With_Allocator: {
      UserAllocFuncs funcs;
      funcs.malloc_fn = reinterpret_cast<void* (*)(unsigned)>(
          init_args->mem_alloc_option.allocator.malloc_func);
      funcs.realloc_fn = reinterpret_cast<void* (*)(void*, unsigned)>(
          init_args->mem_alloc_option.allocator.realloc_func);
      funcs.free_fn =
          reinterpret_cast<void (*)(void*)>(init_args->mem_alloc_option.allocator.free_func);
      configured = UseUserAllocator(funcs);
      break;
    }
    case Alloc_With_System_Allocator:
      UseSystemAllocator();
      configured = true;
      break;
  }
  if (!configured) {
    UseSystemAllocator();
    return false;
  }
  RuntimeScope scope;
  try {
    g_state = new RuntimeState();
    if (init_args->n_native_symbols != 0 &&
        !g_state->natives
             .Register(init_args->native_module_name, init_args->native_symbols,
                       init_args->n_native_symbols)
             .ok()) {
      delete g_state;
      g_state = nullptr;
    }
  } catch (const std::bad_alloc&) {
    g_state = nullptr;
  }
  if (g_state == nullptr) {
    UseSystemAllocator();
    return false;
  }
  // After the allocator: Mode_Fast_JIT needs the system's.
  if (init_args->running_mode != 0 &&
      !wasm_runtime_set_default_running_mode(init_args->running_mode)) {
    wasm_runtime_destroy();
    return false;
  }
  return true;
}

void wasm_runtime_destroy(void) {
  if (g_state == nullptr) return;
  ResetDefaultRunningMode();
  {
    RuntimeScope scope;
    delete g_state;
    g_state = nullptr;
  }
  UseSystemAllocator();
}

void* wasm_runtime_malloc(unsigned int size) {
  if (g_state == nullptr) return nullptr;
  return RuntimeAlloc(size);
}

void* wasm_runtime_realloc(void* ptr, unsigned int size) {
  if (g_state == nullptr) return nullptr;
  return RuntimeRealloc(ptr, size);
}

void wasm_runtime_free(void* ptr) { RuntimeFree(ptr); }

bool wasm_runtime_get_mem_alloc_info(mem_alloc_info_t* info) {
  PoolAllocator* pool = ActivePool();
  if (info == nullptr || pool == nullptr) return false;
  info->total_size = uint32_t(pool->capacity());
  info->total_free_size = uint32_t(pool->capacity() - pool->used());
  info->highmark_size = uint32_t(pool->peak_used());
  return true;
}

bool wasm_runtime_register_natives(const char* module_name, NativeSymbol* native_symbols,
                                   uint32_t n_native_symbols) {
  if (g_state == nullptr) return false;
  RuntimeScope scope;
  try {
    return g_state->natives.Register(module_name, native_symbols, n_native_symbols).ok();
  } catch (const std::bad_alloc&) {
    return false;
  }
}

bool wasm_runtime_set_lazy_linking(bool enable) {
  if (g_state == nullptr) return false;
  g_state->lazy_linking = enable;
  return true;
}

bool wasm_runtime_is_lazy_linking_enabled(void) { return LazyLinking(); }

bool wasm_runtime_unregister_natives(const char* module_name, NativeSymbol* native_symbols) {
  if (g_state == nullptr) return false;
  RuntimeScope scope;
  return g_state->natives.Unregister(module_name, native_symbols);
}

}  // extern "C"

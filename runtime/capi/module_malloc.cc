// wasm_runtime_module_malloc/free/dup_data: buffers inside an instance's
// memory, from the module's own malloc/free exports or from the app heap.
#include <cstring>
#include <new>

#include "runtime/capi/alloc.h"
#include "runtime/capi/handles.h"
#include "runtime/engine/module_malloc.h"

namespace wasmrt::capi {
namespace {

uint32_t Malloc(WASMModuleInstanceCommon* inst, uint32_t size, void** p_native_addr) {
  uint32_t address = 0;
  if (inst->guest_allocator) {
    absl::StatusOr<uint32_t> r = ModuleMalloc(*inst->store, *inst->instance, size);
    if (!r.ok()) {
      // A trap in the guest's allocator, or an address outside its memory.
      if (r.status().code() == absl::StatusCode::kAborted ||
          r.status().code() == absl::StatusCode::kOutOfRange) {
        SetException(inst, r.status().message());
      }
      return 0;
    }
    address = *r;
  } else if (inst->app_heap != nullptr) {
    address = inst->app_heap->Allocate(size);
  }
  if (address != 0 && p_native_addr != nullptr) {
    *p_native_addr = MemoryData(InstanceMemory(inst)) + address;
  }
  return address;
}

void Free(WASMModuleInstanceCommon* inst, uint32_t address) {
  if (address == 0) return;
  if (inst->guest_allocator) {
    absl::Status s = ModuleFree(*inst->store, *inst->instance, address);
    if (!s.ok()) SetException(inst, s.message());
  } else if (inst->app_heap != nullptr) {
    inst->app_heap->Free(address);  // unknown addresses are ignored
  }
}

}  // namespace
}  // namespace wasmrt::capi

using namespace wasmrt::capi;  // NOLINT

extern "C" {

uint32_t wasm_runtime_module_malloc(wasm_module_inst_t module_inst, uint32_t size,
                                    void** p_native_addr) {
  if (p_native_addr != nullptr) *p_native_addr = nullptr;
  if (module_inst == nullptr || module_inst->instance == nullptr) return 0;
  RuntimeScope scope;
  try {
    return Malloc(module_inst, size, p_native_addr);
  } catch (const std::bad_alloc&) {
    return 0;
  }
}

void wasm_runtime_module_free(wasm_module_inst_t module_inst, uint32_t ptr) {
  if (module_inst == nullptr || module_inst->instance == nullptr) return;
  RuntimeScope scope;
  try {
    Free(module_inst, ptr);
  } catch (const std::bad_alloc&) {
  }
}

uint32_t wasm_runtime_module_dup_data(wasm_module_inst_t module_inst, const char* src,
                                      uint32_t size) {
  if (src == nullptr && size != 0) return 0;
  void* native = nullptr;
  uint32_t address = wasm_runtime_module_malloc(module_inst, size, &native);
  if (address != 0 && size != 0) std::memcpy(native, src, size);
  return address;
}

}  // extern "C"

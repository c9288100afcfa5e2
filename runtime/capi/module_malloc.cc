// wasm_runtime_module_malloc/free/dup_data: buffers inside an instance's
// memory, from the module's own malloc/free exports or from the app heap.
#include <cstring>
#include <new>

#include "runtime/capi/alloc.h"
#include "runtime/capi/handles.h"
#include "absl/strings/str_cat.h"
#include "runtime/engine/guest_call.h"

namespace wasmrt::capi {
namespace {

// A buffer from the guest's own malloc, `src` (when given) copied in; its
// ownership passes to the embedder. 0 when the guest refuses or fails.
uint32_t GuestMalloc(WASMModuleInstanceCommon* inst, uint32_t size, const char* src) {
  GuestCall guest(*inst->store, *inst->instance);
  absl::StatusOr<GuestAllocation> a = guest.Malloc(size);
  if (!a.ok()) return 0;
  if (!a->ok()) {
    // A trap in the guest's allocator, or an address outside its memory.
    absl::Status s = a->status();
    if (s.code() == absl::StatusCode::kAborted || s.code() == absl::StatusCode::kOutOfRange) {
      SetException(inst, s.message());
    }
    return 0;
  }
  if (src != nullptr) a->buffer.CopyIn(absl::string_view(src, size));
  return a->buffer.Release();
}

// Allocates `size` bytes in the instance's memory (the guest's malloc, else
// the app heap), copying `src` in when given.
uint32_t Malloc(WASMModuleInstanceCommon* inst, uint32_t size, const char* src,
                void** p_native_addr) {
  uint32_t address = 0;
  if (inst->guest_allocator) {
    address = GuestMalloc(inst, size, src);
  } else if (inst->app_heap != nullptr) {
    address = inst->app_heap->Allocate(size);
    if (address != 0 && src != nullptr && size != 0) {
      std::memcpy(MemoryData(InstanceMemory(inst)) + address, src, size);
    }
  }
  if (address != 0 && p_native_addr != nullptr) {
    *p_native_addr = MemoryData(InstanceMemory(inst)) + address;
  }
  return address;
}

void Free(WASMModuleInstanceCommon* inst, uint32_t address) {
  if (address == 0) return;
  if (inst->guest_allocator) {
    GuestCall guest(*inst->store, *inst->instance);
    absl::StatusOr<ExecResult> r = guest.Free(address);
    if (!r.ok()) {
      SetException(inst, r.status().message());
    } else if (!r->ok()) {
      SetException(inst, absl::StrCat("module_free: ", r->trap_message));
    }
  } else if (inst->app_heap != nullptr) {
    inst->app_heap->Free(address);  // unknown addresses are ignored
  }
}

// The C entry points' common guard: no allocation escapes as an exception.
uint32_t MallocEntry(wasm_module_inst_t module_inst, uint32_t size, const char* src,
                     void** p_native_addr) {
  if (p_native_addr != nullptr) *p_native_addr = nullptr;
  if (module_inst == nullptr || module_inst->instance == nullptr) return 0;
  RuntimeScope scope;
  try {
    return Malloc(module_inst, size, src, p_native_addr);
  } catch (const std::bad_alloc&) {
    return 0;
  }
}

}  // namespace
}  // namespace wasmrt::capi

using namespace wasmrt::capi;  // NOLINT

extern "C" {

uint32_t wasm_runtime_module_malloc(wasm_module_inst_t module_inst, uint32_t size,
                                    void** p_native_addr) {
  return MallocEntry(module_inst, size, nullptr, p_native_addr);
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
  return MallocEntry(module_inst, size, src, nullptr);
}

}  // extern "C"

// Validation and translation of addresses between an instance's memory
// (app offsets) and the host (native pointers).
#include <cstring>

#include "runtime/capi/handles.h"

using namespace wasmrt;        // NOLINT
using namespace wasmrt::capi;  // NOLINT

namespace {

// The byte range of memory 0 as native addresses; empty without memory.
struct NativeRange {
  uintptr_t begin = 0;
  uintptr_t end = 0;
};

NativeRange RangeOf(wasm_module_inst_t inst) {
  LinearMemory* mem = InstanceMemory(inst);
  if (mem == nullptr) return {};
  auto begin = reinterpret_cast<uintptr_t>(MemoryData(mem));
  return {begin, begin + uintptr_t(MemorySizeBytes(mem))};
}

bool Fail(wasm_module_inst_t inst) {
  if (inst != nullptr) SetException(inst, kOutOfBounds);
  return false;
}

}  // namespace

extern "C" {

bool wasm_runtime_validate_app_addr(wasm_module_inst_t module_inst, uint32_t app_offset,
                                    uint32_t size) {
  if (InMemory(InstanceMemory(module_inst), app_offset, size)) return true;
  return Fail(module_inst);
}

bool wasm_runtime_validate_app_str_addr(wasm_module_inst_t module_inst,
                                        uint32_t app_str_offset) {
  LinearMemory* mem = InstanceMemory(module_inst);
  if (!InMemory(mem, app_str_offset, 1)) return Fail(module_inst);
  const uint8_t* s = MemoryData(mem) + app_str_offset;
  if (std::memchr(s, 0, MemorySizeBytes(mem) - app_str_offset) == nullptr) {
    return Fail(module_inst);
  }
  return true;
}

bool wasm_runtime_validate_native_addr(wasm_module_inst_t module_inst, void* native_ptr,
                                       uint32_t size) {
  NativeRange r = RangeOf(module_inst);
  auto p = reinterpret_cast<uintptr_t>(native_ptr);
  if (r.begin != 0 && p >= r.begin && p <= r.end && size <= r.end - p) return true;
  return Fail(module_inst);
}

void* wasm_runtime_addr_app_to_native(wasm_module_inst_t module_inst, uint32_t app_offset) {
  LinearMemory* mem = InstanceMemory(module_inst);
  if (mem == nullptr || app_offset >= MemorySizeBytes(mem)) return nullptr;
  return MemoryData(mem) + app_offset;
}

uint32_t wasm_runtime_addr_native_to_app(wasm_module_inst_t module_inst, void* native_ptr) {
  NativeRange r = RangeOf(module_inst);
  auto p = reinterpret_cast<uintptr_t>(native_ptr);
  if (r.begin == 0 || p < r.begin || p >= r.end) return 0;
  return uint32_t(p - r.begin);
}

}  // extern "C"

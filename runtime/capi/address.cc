// Validation and translation of addresses between an instance's memory
// (app offsets) and the host (native pointers).
#include <cstring>

#include "runtime/base/bounds.h"
#include "runtime/capi/handles.h"

using namespace wasmrt;        // NOLINT
using namespace wasmrt::capi;  // NOLINT

namespace {

// The app offset of a native pointer into memory 0, when [native_ptr,
// native_ptr + size) lies inside it (size 1: the pointer is at a byte of it).
bool AppOffset(wasm_module_inst_t inst, const void* native_ptr, uint64_t size,
               uint64_t* offset) {
  LinearMemory* mem = InstanceMemory(inst);
  auto begin = reinterpret_cast<uintptr_t>(mem != nullptr ? MemoryData(mem) : nullptr);
  if (begin == 0) return false;  // no memory, or one without bytes
  auto p = reinterpret_cast<uintptr_t>(native_ptr);
  if (p < begin || !InBounds(p - begin, size, MemorySizeBytes(mem))) return false;
  *offset = p - begin;
  return true;
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
  uint64_t offset = 0;
  if (AppOffset(module_inst, native_ptr, size, &offset)) return true;
  return Fail(module_inst);
}

void* wasm_runtime_addr_app_to_native(wasm_module_inst_t module_inst, uint32_t app_offset) {
  LinearMemory* mem = InstanceMemory(module_inst);
  if (!InMemory(mem, app_offset, 1)) return nullptr;
  return MemoryData(mem) + app_offset;
}

uint32_t wasm_runtime_addr_native_to_app(wasm_module_inst_t module_inst, void* native_ptr) {
  uint64_t offset = 0;
  if (!AppOffset(module_inst, native_ptr, 1, &offset)) return 0;
  return uint32_t(offset);
}

}  // extern "C"

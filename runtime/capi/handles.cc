#include "runtime/capi/handles.h"

#include <algorithm>
#include <cstring>

#include "runtime/base/bounds.h"

namespace wasmrt::capi {

void SetException(WASMModuleInstanceCommon* inst, absl::string_view reason) {
  constexpr absl::string_view kPrefix = "Exception: ";
  size_t room = sizeof inst->exception - 1;
  size_t n = std::min(kPrefix.size(), room);
  std::memcpy(inst->exception, kPrefix.data(), n);
  size_t m = std::min(reason.size(), room - n);
  std::memcpy(inst->exception + n, reason.data(), m);
  inst->exception[n + m] = '\0';
  ++inst->exceptions_raised;
}

void WriteError(char* error_buf, uint32_t error_buf_size, absl::string_view message) {
  if (error_buf == nullptr || error_buf_size == 0) return;
  size_t n = std::min<size_t>(message.size(), error_buf_size - 1);
  std::memcpy(error_buf, message.data(), n);
  error_buf[n] = '\0';
}

LinearMemory* InstanceMemory(const WASMModuleInstanceCommon* inst) {
  if (inst == nullptr || inst->instance == nullptr) return nullptr;
  return inst->instance->memory();
}

bool InMemory(LinearMemory* memory, uint64_t offset, uint64_t size) {
  return memory != nullptr && InBounds(offset, size, MemorySizeBytes(memory));
}

}  // namespace wasmrt::capi

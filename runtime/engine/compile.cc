// bytes -> decode -> validate, driving the interpreter's translator ->
// CompiledModule.
#include <algorithm>

#include "runtime/binary/decoder.h"
#include "runtime/engine/engine.h"
#include "runtime/interp/interpreter.h"

namespace wasmrt {

absl::StatusOr<std::shared_ptr<const CompiledModule>> CompileModule(
    absl::Span<const uint8_t> bytes) {
  absl::StatusOr<Module> ir = DecodeModule(bytes);
  if (!ir.ok()) return ir.status();
  absl::StatusOr<std::vector<CompiledFunction>> code =
      TranslateForInterpreter(*ir);
  if (!code.ok()) return code.status();
  return std::make_shared<const CompiledModule>(std::move(*ir), std::move(*code));
}

std::string_view CompiledModule::FunctionName(uint32_t index) const {
  const auto& names = ir_.function_names;
  auto it = std::lower_bound(
      names.begin(), names.end(), index,
      [](const std::pair<uint32_t, std::string>& e, uint32_t i) { return e.first < i; });
  if (it == names.end() || it->first != index) return {};
  return it->second;
}

}  // namespace wasmrt

// bytes -> decode -> validate, driving the interpreter's translator (and
// the compiler's, for the compiled tier) -> CompiledModule.
#include <algorithm>

#include "runtime/binary/decoder.h"
#include "runtime/engine/engine.h"
#include "runtime/interp/interpreter.h"
#include "runtime/jit/compiler.h"
#include "runtime/objects/linear_memory.h"
#include "absl/strings/str_cat.h"

namespace wasmrt {

absl::StatusOr<Tier> ParseTier(std::string_view name) {
  if (name == "auto") return Tier::kAuto;
  if (name == "interp") return Tier::kInterp;
  if (name == "jit") return Tier::kJit;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown tier \"", std::string(name), "\" (expected auto, interp or jit)"));
}

absl::StatusOr<std::shared_ptr<const CompiledModule>> CompileModule(
    absl::Span<const uint8_t> bytes, const CompileOptions& options) {
  absl::StatusOr<Module> ir = DecodeModule(bytes);
  if (!ir.ok()) return ir.status();
  bool compile = options.tier != Tier::kInterp && jit::Supported();
  if (!compile) {
    absl::StatusOr<std::vector<CompiledFunction>> code = TranslateForInterpreter(*ir);
    if (!code.ok()) return code.status();
    return std::make_shared<const CompiledModule>(std::move(*ir), std::move(*code));
  }
  // Every function also gets interpreter code: the ones the compiler does
  // not handle run there.
  bool guard_pages = options.bounds_checks == BoundsChecks::kGuardPages &&
                     LinearMemory::GuardReservationsAvailable();
  std::vector<uint32_t> interpreted;  // as defined-function indices, ascending
  for (uint32_t f : options.interpreted_functions) {
    if (f >= ir->num_imported_funcs && f < ir->NumFuncs()) {
      interpreted.push_back(f - ir->num_imported_funcs);
    }
  }
  std::sort(interpreted.begin(), interpreted.end());
  jit::JitTranslator compiler(*ir, {.guard_pages = guard_pages,
                                    .fuel_checks = options.fuel_checks,
                                    .interpreted = interpreted});
  absl::StatusOr<std::vector<CompiledFunction>> code = TranslateForInterpreter(
      *ir, &compiler, [&compiler](uint32_t defined) { return compiler.compiled(defined); });
  if (!code.ok()) return code.status();
  absl::StatusOr<std::unique_ptr<jit::JitModule>> machine = compiler.Finish();
  if (!machine.ok()) return machine.status();
  return std::make_shared<const CompiledModule>(
      std::move(*ir), std::move(*code), std::shared_ptr<const jit::JitModule>(std::move(*machine)));
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

// bytes -> decode -> validate, driving the interpreter's translator or, for
// the compiled tier, the compiler's -> CompiledModule.
#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "runtime/binary/decoder.h"
#include "runtime/engine/engine.h"
#include "runtime/interp/interpreter.h"
#include "runtime/jit/compiler.h"
#include "runtime/objects/linear_memory.h"
#include "runtime/validate/validator.h"
#include "absl/strings/str_cat.h"

namespace wasmrt {

absl::StatusOr<Tier> ParseTier(std::string_view name) {
  if (name == "auto") return Tier::kAuto;
  if (name == "interp") return Tier::kInterp;
  if (name == "jit") return Tier::kJit;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown tier \"", std::string(name), "\" (expected auto, interp or jit)"));
}

namespace {

// Where each part of the function bodies starts (defined indices, the
// first 0), with about the same amount of code in every part.
std::vector<uint32_t> PartStarts(const Module& module, uint32_t threads) {
  constexpr size_t kMinPartBytes = 128 * 1024;
  size_t total = 0;
  for (const FunctionBody& body : module.functions) total += body.code.size();
  size_t parts = threads;
  if (parts == 0) {
    size_t cores = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
    parts = std::clamp<size_t>(total / kMinPartBytes, 1, cores);
  }
  parts = std::clamp<size_t>(parts, 1, std::max<size_t>(module.functions.size(), 1));
  std::vector<uint32_t> starts = {0};
  size_t seen = 0;
  for (uint32_t f = 0; f < module.functions.size() && starts.size() < parts; ++f) {
    // Part k starts at the first function after k/parts of the code.
    if (f > starts.back() && seen * parts >= total * starts.size()) starts.push_back(f);
    seen += module.functions[f].code.size();
  }
  return starts;
}

// CompileModule on a module decoded without reading its bodies: any error
// it returns may hide an earlier malformed body.
absl::StatusOr<std::shared_ptr<const CompiledModule>> CompileDecodingOnce(
    absl::Span<const uint8_t> bytes, const CompileOptions& options) {
  absl::StatusOr<Module> ir = DecodeModuleLeavingBodies(bytes);
  if (!ir.ok()) return ir.status();
  bool compile = options.tier != Tier::kInterp && jit::Supported();
  if (!compile) {
    absl::StatusOr<std::vector<CompiledFunction>> code = TranslateForInterpreter(*ir);
    if (!code.ok()) return code.status();
    return std::make_shared<const CompiledModule>(std::move(*ir), std::move(*code));
  }
  // Interpreter code is made only for what needs it (EnsureInterpreterCode).
  bool guard_pages = options.bounds_checks == BoundsChecks::kGuardPages &&
                     LinearMemory::GuardReservationsAvailable();
  std::vector<uint32_t> interpreted;  // as defined-function indices, ascending
  for (uint32_t f : options.interpreted_functions) {
    if (f >= ir->num_imported_funcs && f < ir->NumFuncs()) {
      interpreted.push_back(f - ir->num_imported_funcs);
    }
  }
  std::sort(interpreted.begin(), interpreted.end());
  jit::CodeOptions code_options{.guard_pages = guard_pages,
                                 .fuel_checks = options.fuel_checks,
                                 .interpreted = interpreted};
  std::vector<uint32_t> starts = PartStarts(*ir, options.compile_threads);
  jit::JitTranslator compiler(*ir, code_options);
  std::vector<std::unique_ptr<jit::JitTranslator>> more;  // parts 1..
  std::vector<validate::Translator*> parts = {&compiler};
  std::vector<jit::JitTranslator*> jit_parts = {&compiler};
  for (size_t i = 1; i < starts.size(); ++i) {
    more.push_back(std::make_unique<jit::JitTranslator>(*ir, code_options, &compiler));
    parts.push_back(more.back().get());
    jit_parts.push_back(more.back().get());
  }
  absl::Status valid = starts.size() == 1 ? ValidateModule(*ir, &compiler)
                                          : ValidateModuleInParts(*ir, parts, starts);
  if (!valid.ok()) return valid;
  absl::StatusOr<std::unique_ptr<jit::JitModule>> machine =
      compiler.Finish(absl::MakeSpan(jit_parts).subspan(1));
  if (!machine.ok()) return machine.status();
  bool all_compiled = (*machine)->compiled_count() == ir->functions.size();
  std::vector<CompiledFunction> placeholders(ir->functions.size());
  for (size_t i = 0; i < placeholders.size(); ++i) {
    placeholders[i].type_index = ir->functions[i].type;
  }
  auto module = std::make_shared<const CompiledModule>(
      std::move(*ir), std::move(placeholders),
      std::shared_ptr<const jit::JitModule>(std::move(*machine)));
  if (!all_compiled) {
    absl::Status s = module->EnsureInterpreterCode();
    if (!s.ok()) return s;
  }
  return module;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledModule>> CompileModule(
    absl::Span<const uint8_t> bytes, const CompileOptions& options) {
  absl::StatusOr<std::shared_ptr<const CompiledModule>> module =
      CompileDecodingOnce(bytes, options);
  if (module.ok()) return module;
  // The bodies' own decoding errors come first.
  absl::StatusOr<Module> decoded = DecodeModule(bytes);
  if (!decoded.ok()) return decoded.status();
  return module.status();
}

absl::Status CompiledModule::EnsureInterpreterCode() const {
  absl::call_once(interpreter_code_once_, [this] {
    if (jit_ == nullptr) return;  // an interpreter-only module has its code
    const jit::JitModule* jit = jit_.get();
    // Direct calls of compiled functions go through their machine code
    // (or through this code, in an instance switched to the interpreter).
    absl::StatusOr<std::vector<CompiledFunction>> code = TranslateForInterpreter(
        ir_, [jit](uint32_t defined) { return jit->entry(defined) != nullptr; });
    if (!code.ok()) {
      interpreter_code_status_ = code.status();
      return;
    }
    // Moving keeps each function's code where the direct calls point.
    for (size_t i = 0; i < code->size(); ++i) functions_[i] = std::move((*code)[i]);
  });
  return interpreter_code_status_;
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

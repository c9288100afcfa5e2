// Validation plus the interpreter's translation, with the interpreter's own
// handler addresses in the operation words; optionally a second tier's
// translator driven by the same validation pass.
#include <memory>
#include <vector>

#include "runtime/interp/handlers.h"
#include "runtime/interp/interpreter.h"
#include "runtime/interp/translator.h"
#include "runtime/validate/validator.h"

namespace wasmrt {

absl::StatusOr<std::vector<CompiledFunction>> TranslateForInterpreter(
    const Module& module, validate::Translator* also,
    const std::function<bool(uint32_t)>& compiled) {
  if (also == nullptr) return interp::TranslateModule(module, InterpreterHandlers());
  interp::InterpTranslator interp(module, InterpreterHandlers());
  validate::TranslatorPair both(&interp, also);
  absl::Status s = ValidateModule(module, &both);
  if (!s.ok()) return s;
  return interp.TakeCode(compiled);
}

absl::StatusOr<std::vector<CompiledFunction>> TranslateForInterpreterInParts(
    const Module& module, absl::Span<validate::Translator* const> also,
    absl::Span<const uint32_t> starts, const std::function<bool(uint32_t)>& compiled) {
  std::vector<std::unique_ptr<interp::InterpTranslator>> interp;
  std::vector<std::unique_ptr<validate::TranslatorPair>> pairs;
  std::vector<validate::Translator*> parts;
  for (size_t i = 0; i < starts.size(); ++i) {
    interp.push_back(std::make_unique<interp::InterpTranslator>(module, InterpreterHandlers()));
    pairs.push_back(std::make_unique<validate::TranslatorPair>(interp.back().get(), also[i]));
    parts.push_back(pairs.back().get());
  }
  absl::Status s = ValidateModuleInParts(module, parts, starts);
  if (!s.ok()) return s;
  for (size_t i = 1; i < interp.size(); ++i) interp[0]->Absorb(*interp[i]);
  return interp[0]->TakeCode(compiled);
}

}  // namespace wasmrt

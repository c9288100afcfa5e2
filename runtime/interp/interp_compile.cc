// Validation plus the interpreter's translation, with the interpreter's own
// handler addresses in the operation words; optionally a second tier's
// translator driven by the same validation pass.
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

}  // namespace wasmrt

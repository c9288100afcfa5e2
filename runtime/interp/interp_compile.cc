// Validation plus the interpreter's translation, with the interpreter's own
// handler addresses in the operation words.
#include <vector>

#include "runtime/interp/handlers.h"
#include "runtime/interp/interpreter.h"
#include "runtime/interp/translator.h"
#include "runtime/validate/validator.h"

namespace wasmrt {

absl::StatusOr<std::vector<CompiledFunction>> TranslateForInterpreter(
    const Module& module, const std::function<bool(uint32_t)>& compiled) {
  interp::InterpTranslator interp(module, InterpreterHandlers());
  absl::Status s = ValidateModule(module, &interp);
  if (!s.ok()) return s;
  return interp.TakeCode(compiled);
}

}  // namespace wasmrt

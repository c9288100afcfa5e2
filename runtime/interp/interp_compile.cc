// Validation plus the interpreter's translation, with the interpreter's own
// handler addresses in the operation words.
#include "runtime/interp/handlers.h"
#include "runtime/interp/interpreter.h"
#include "runtime/interp/translator.h"

namespace wasmrt {

absl::StatusOr<std::vector<CompiledFunction>> TranslateForInterpreter(
    const Module& module) {
  return interp::TranslateModule(module, InterpreterHandlers());
}

}  // namespace wasmrt

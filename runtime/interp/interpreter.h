// The interpreter: runs translated code (runtime/code/code.h) with direct
// threading (computed goto). A wasm call never recurses on the native stack.
#ifndef WASMRT_RUNTIME_INTERP_INTERPRETER_H_
#define WASMRT_RUNTIME_INTERP_INTERPRETER_H_

#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/base/trap.h"
#include "runtime/binary/module.h"
#include "runtime/code/code.h"
#include "runtime/interp/exec_context.h"
#include "runtime/objects/objects.h"

namespace wasmrt {

// Validates `module` and translates its defined functions, in order, into
// code this interpreter runs (its translator: translator.h).
// `compiled(defined index)` says which functions have machine code (a
// compiling tier), so that direct calls of those go through it.
absl::StatusOr<std::vector<CompiledFunction>> TranslateForInterpreter(
    const Module& module, const std::function<bool(uint32_t)>& compiled = nullptr);

// Calls `func`. `args` holds its parameters as slots on entry and its
// results on exit (room for max(param_slots, result_slots) slots).
// Returns kNone or the trap; ctx.trap_func names the trapping function.
TrapCode Invoke(ExecContext& ctx, FunctionInstance* func, Slot* args);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_INTERP_INTERPRETER_H_

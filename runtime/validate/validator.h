// Validation (spec 3) and translation in one pass: each function body is
// type-checked with the spec's algorithm (operand and control stacks) while
// the translator emits the internal code described in runtime/code/code.h.
#ifndef WASMRT_RUNTIME_VALIDATE_VALIDATOR_H_
#define WASMRT_RUNTIME_VALIDATE_VALIDATOR_H_

#include <vector>

#include "absl/status/statusor.h"
#include "runtime/binary/module.h"
#include "runtime/code/code.h"

namespace wasmrt {

// Validates the whole module (types, imports, functions, tables, memories,
// globals, exports, start, element and data segments, constant expressions)
// and returns the translated code of each defined function, in order.
// Invalid input gives InvalidArgument whose message starts with the spec's
// words and names the place: "type mismatch in func 3 at offset 0x2a:
// expected i32, got f64".
absl::StatusOr<std::vector<CompiledFunction>> ValidateModule(const Module& module,
                                                             Handlers handlers);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_VALIDATE_VALIDATOR_H_

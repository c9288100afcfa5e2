// Validation (spec 3), driving a translator in the same pass: each function
// body is type-checked with the spec's algorithm (operand and control
// stacks), and every valid instruction goes to a Translator (translator.h),
// one per tier (the interpreter's: runtime/interp/translator.h).
#ifndef WASMRT_RUNTIME_VALIDATE_VALIDATOR_H_
#define WASMRT_RUNTIME_VALIDATE_VALIDATOR_H_

#include <vector>

#include "absl/status/status.h"
#include "runtime/binary/module.h"
#include "runtime/validate/translator.h"

namespace wasmrt {

// Validates the whole module (types, imports, functions, tables, memories,
// globals, exports, start, element and data segments, constant expressions),
// handing each defined function's instructions, in order, to `translator`
// (null: validation only). Invalid input gives InvalidArgument whose message
// starts with the spec's words and names the place: "type mismatch in func 3
// at offset 0x2a: expected i32, got f64".
absl::Status ValidateModule(const Module& module,
                            validate::Translator* translator);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_VALIDATE_VALIDATOR_H_

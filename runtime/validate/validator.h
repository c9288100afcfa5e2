// Validation (spec 3), driving a translator in the same pass: each function
// body is type-checked with the spec's algorithm (operand and control
// stacks), and every valid instruction goes to a Translator (translator.h),
// one per tier (the interpreter's: runtime/interp/translator.h).
#ifndef WASMRT_RUNTIME_VALIDATE_VALIDATOR_H_
#define WASMRT_RUNTIME_VALIDATE_VALIDATOR_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
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

// The same, with the function bodies validated on parallel threads: part i
// covers the defined functions [starts[i], starts[i + 1]) (the last to the
// end; starts[0] == 0, ascending) and hands them, in order, to
// translators[i], on its own thread. The module-wide checks run first, on
// this thread. The error reported is the one of the first invalid
// function, as ValidateModule reports it.
absl::Status ValidateModuleInParts(const Module& module,
                                   absl::Span<validate::Translator* const> translators,
                                   absl::Span<const uint32_t> starts);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_VALIDATE_VALIDATOR_H_

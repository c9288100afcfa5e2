// The interpreter's handler addresses (labels of its dispatch loop), one per
// internal operation. Private to interp/: only its translator entry point
// (interp_compile.cc) puts them into code words.
#ifndef WASMRT_RUNTIME_INTERP_HANDLERS_H_
#define WASMRT_RUNTIME_INTERP_HANDLERS_H_

#include "runtime/code/code.h"

namespace wasmrt {

// Defined in interpreter.cc, where the labels are.
Handlers InterpreterHandlers();

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_INTERP_HANDLERS_H_

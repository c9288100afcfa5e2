// A text listing of translated code (runtime/code/code.h), for debugging the
// translator and the fuser: one line per operation with its immediates.
#ifndef WASMRT_RUNTIME_CODE_DISASM_H_
#define WASMRT_RUNTIME_CODE_DISASM_H_

#include <cstdint>
#include <string>

#include "runtime/code/code.h"

namespace wasmrt {

/// The name of an internal operation: the wasm text for wasm-named ops
/// ("i32.add"), the ops.def / fused form name otherwise ("I32Add_LC_D").
std::string_view IOpName(IOp op);

/// Immediate words that follow operation `op`; `imms` points at the first
/// of them (needed for JumpTable, whose length is in its first immediate).
uint32_t IOpImmediates(IOp op, const CodeWord* imms);

/// Lists `fn`, whose operation words must hold IOp numbers (translated with
/// null handlers): "  12: I32Add_LC_D 3 8 3".
std::string Disassemble(const CompiledFunction& fn);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_CODE_DISASM_H_

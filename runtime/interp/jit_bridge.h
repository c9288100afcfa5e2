// Where the interpreter and compiled code (runtime/jit) meet: the helpers
// compiled code calls, and the interpreter's call into compiled code. Both
// tiers use the same frame layout, so a call between them hands over the
// frame pointer and the fuel counters, nothing else.
#ifndef WASMRT_RUNTIME_INTERP_JIT_BRIDGE_H_
#define WASMRT_RUNTIME_INTERP_JIT_BRIDGE_H_

#include <cstdint>

#include "runtime/base/trap.h"
#include "runtime/base/value.h"
#include "runtime/jit/abi.h"
#include "runtime/objects/objects.h"

namespace wasmrt {

class ExecContext;
struct Frame;

// Fills ctx.jit's helpers (called by the ExecContext constructor).
void InitJitState(ExecContext& ctx);

// Runs the compiled `callee` with its frame at `fp` (its arguments there,
// its results there on return). `budget` and `fuel_left` are the caller's
// fuel counters, updated. `frames_in_use`: the interpreter's call depth, so
// compiled frames count on top of it. On a trap ctx.trap_func names the
// function that trapped.
TrapCode EnterCompiled(ExecContext& ctx, FunctionInstance* callee, Slot* fp,
                       int64_t& budget, int64_t& fuel_left, uint32_t frames_in_use);

// JitState::bulk: the table, segment and bulk memory instructions of
// compiled code (jit_bulk.cc).
uint32_t JitBulk(jit::JitState* js, Slot* top, uint32_t op, uint32_t a, uint32_t b);

// Interprets the defined function `f` with its frame at `args`, above every
// frame in use (interpreter.cc). The fuel is ctx.fuel, updated.
TrapCode RunInterpreted(ExecContext& ctx, FunctionInstance* f, Slot* args);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_INTERP_JIT_BRIDGE_H_

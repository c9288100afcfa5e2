// The contract between compiled code (runtime/jit/compiler.h) and the rest
// of the engine. Compiled code runs on the interpreter's value stack and
// frame layout (runtime/code/code.h: fp points at the parameters, then the
// declared locals, then the operand stack, one 64-bit slot each), so either
// tier can call the other with nothing to convert.
//
// Entry: uint32_t entry(JitState* js, Slot* fp, uint32_t func_index)
// returns kNone (0) with the results at fp[0..result_slots), or a trap code
// with js->trap_func naming the function that trapped. `func_index` (in
// the instance's function index space) is only read by the trampoline of a
// function the compiler did not compile.
#ifndef WASMRT_RUNTIME_JIT_ABI_H_
#define WASMRT_RUNTIME_JIT_ABI_H_

#include <cstdint>

#include "runtime/base/value.h"

namespace wasmrt {
struct FunctionInstance;
struct InstanceState;
}  // namespace wasmrt

namespace wasmrt::jit {

struct JitState;
using EntryFn = uint32_t (*)(JitState* js, Slot* fp, uint32_t func_index);

// Per thread of execution (one per ExecContext). Compiled code keeps `js`
// in a register and reads these fields at fixed offsets.
struct JitState {
  // The memory of `inst`: reloaded after every call and memory.grow.
  uint8_t* mem_base = nullptr;
  uint64_t mem_size = 0;
  // Fuel, exactly as the interpreter counts it (runtime/code/code.h):
  // `budget` counts down the current slice, `refuel` hands out the next
  // and polls the deadline and the interruption flag.
  int64_t budget = 0;
  int64_t fuel_left = 0;
  // Native stack: compiled code traps "call stack exhausted" when rsp is
  // below this. Value stack: a frame must end at or below `stack_end`.
  uintptr_t stack_limit = 0;
  Slot* stack_end = nullptr;
  // Nesting of compiled frames, bounded like the interpreter's frames.
  uint32_t depth = 0;
  uint32_t max_depth = 0;
  // Set by the innermost frame that traps.
  const FunctionInstance* trap_func = nullptr;
  // The instance whose compiled code runs.
  InstanceState* inst = nullptr;
  void* ctx = nullptr;  // the ExecContext

  // Helpers compiled code calls (runtime/interp/jit_bridge.cc); each returns
  // a TrapCode.
  // The fuel slice ran out (budget < 0).
  uint32_t (*refuel)(JitState* js) = nullptr;
  // Calls function `func_index` of js->inst (an import, or a function the
  // compiler left to the interpreter) with its arguments at `args`.
  uint32_t (*call)(JitState* js, Slot* args, uint32_t func_index) = nullptr;
  // call_indirect of element `elem` of table `table`, checked against
  // module type `type_index`.
  uint32_t (*call_indirect)(JitState* js, Slot* args, uint32_t type_index, uint32_t table,
                            uint32_t elem) = nullptr;
  // memory.grow: the page delta at *top becomes the old size or -1.
  uint32_t (*memory_grow)(JitState* js, Slot* top) = nullptr;
  // The table, segment and bulk memory instructions (opcode `op`, a wasmrt::
  // Opcode, with its immediates `a` and `b`) on the operands ending at
  // *top, exactly as the interpreter runs them: the results replace the
  // operands in their slots.
  uint32_t (*bulk)(JitState* js, Slot* top, uint32_t op, uint32_t a, uint32_t b) = nullptr;
};

}  // namespace wasmrt::jit

#endif  // WASMRT_RUNTIME_JIT_ABI_H_

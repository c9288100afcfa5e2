// The translated ("internal") code of a function: what the validator emits in
// the same pass that checks a body, and what the interpreter runs.
//
// Machine model
// - A flat array of 64-bit slots holds locals and operands; a v128 takes two
//   consecutive slots. `fp` points at the first slot of the current frame:
//   parameters, then declared locals (zeroed on entry), then the operand stack.
//   `sp` points at the topmost occupied slot (sp[0] is the top of the stack).
// - Code is an array of CodeWord. Each instruction is one word naming the
//   operation (the interpreter's handler address, see Handlers) followed by its
//   immediates, one word each.
// - Calls never recurse on the native stack. A call leaves the arguments on
//   top of the caller's stack; they become the first slots of the callee's
//   frame (callee fp = sp - param_slots + 1). `ReturnN n` copies the top n
//   slots to fp[0..n) and resumes the caller with sp = fp + n - 1.
//
// Which operations the translator emits, and their immediates
// - Every wasm instruction with a fixed signature and no immediate (numeric,
//   comparison, conversion): the same-named op, no immediate. Pops operands,
//   pushes the result.
// - I32Const/I64Const/F32Const/F64Const: one word, the value's bits (zero
//   extended). RefNull: no immediate, pushes 0. RefIsNull: no immediate.
//   RefFunc: [function index].
// - Loads and stores (kMemarg): one word, the static offset (the alignment
//   hint is dropped). The address operand is an i32; accesses are checked.
// - SIMD (0xFD): a v128 operand or result takes two slots, low 8 bytes in
//   the lower slot, so a v128 on top of the stack is sp[-1] (low), sp[0]
//   (high). V128Const: [low 8 bytes][high 8 bytes]. I8x16Shuffle: the 16
//   lane bytes (each < 32, validated) in the same two-word layout.
//   Extract/replace lane (kLane): [lane]. Load/store lane (kMemargLane):
//   [offset][lane]. Every other SIMD instruction: no immediate.
// - LocalGet/LocalSet/LocalTee: [slot index relative to fp].
//   GlobalGet/GlobalSet: [global index in the module's global index space].
// - Drop: no immediate, drops one slot (a v128 gets two Drops). Select: no
//   immediate, one-slot values; Select128 for v128 operands.
// - Call: [function index][fuel] (an imported function). A defined function
//   of the same module is called with CallDirect (ops.def). CallIndirect:
//   [type index][table index][fuel].
// - MemorySize, MemoryGrow, MemoryFill, MemoryCopy: no immediate.
//   MemoryInit: [data index]. DataDrop: [data index].
// - TableGet/TableSet/TableSize/TableGrow/TableFill: [table index].
//   TableCopy: [dst table][src table]. TableInit: [elem index][table index].
//   ElemDrop: [elem index].
// - Unreachable: no immediate (traps "unreachable").
// - Control flow uses only the ops of ops.def. `offset` is a signed word
//   count relative to the index of the branch's own operation word.
//   `keepdrop` = keep | (uint64_t(drop) << 32): the top `keep` slots move
//   down by `drop` slots and sp drops by `drop`.
//   Block/Loop/If/Else/End/Br/BrIf/BrTable/Return/Nop are never emitted:
//   they become Jump, JumpAdjust, JumpIf, JumpIfAdjust, JumpUnless, JumpTable,
//   ReturnN and Charge (ops.def; the wasm-named Br/BrIf are not used).
// - Fuel: one unit per wasm instruction executed (spec abstract syntax: a
//   block, loop or if counts once; `else` and `end` are delimiters, not
//   instructions; instructions of dead code never run and never count). It is
//   charged in bulk at the end of each straight-line run: every branch, call
//   and return carries a [fuel] immediate, the instructions from the start of
//   its run up to and including itself, and charges it whether or not a
//   conditional branch is taken; a run that falls into a label ends with
//   Charge [fuel]. A completed call has therefore paid exactly the
//   instructions it executed; a trap forfeits its unfinished run.
// - Fused operations (fused.def, chain.def, runtime/interp/fuser.h): each
//   row's forms are listed in forms.h, with where every operand comes from
//   (stack, [local slot], [constant bits], an address local + constant, a
//   memory operand) and where the result goes (pushed, [dst slot], or a
//   branch [offset][fuel]); immediates follow the order of the tokens. A
//   fused op leaves the stack as its unfused sequence would. An
//   i64.extend_i32_u of an i32 result of a fused or binary op emits nothing
//   (every i32 result is stored zero-extended in its slot).
// - Semantics of every numeric and memory operation, in every form:
//   semantics.h.
#ifndef WASMRT_RUNTIME_CODE_CODE_H_
#define WASMRT_RUNTIME_CODE_CODE_H_

#include <cstdint>
#include <vector>

#include "runtime/code/forms.h"

namespace wasmrt {

// Dense numbering of internal operations: every wasm instruction of
// opcodes.def first (same order and names as wasmrt::Opcode), then ops.def,
// then the forms (forms.h) of each row of fused.def, then those of each
// chained pair of chain.def.
enum class IOp : uint16_t {
#define WASM_OP(name, prefix, code, imm, sig, align, text) k##name,
#include "runtime/binary/opcodes.def"
#undef WASM_OP
#define INTERNAL_OP(name, imms, desc) k##name,
#include "runtime/code/ops.def"
#undef INTERNAL_OP
#define WASMRT_FORM_X(n, s, ...) k##n##_##s,
#define WASMRT_CHAIN_FORM_X(o, i, s, ...) k##o##_##i##_##s,
#include "runtime/code/all_forms.inc"
  kCount,
};

union CodeWord {
  const void* handler;
  uint64_t u64;
  int64_t i64;
  uint32_t u32[2];
};
static_assert(sizeof(CodeWord) == 8);

// The interpreter's table mapping IOp -> handler address (direct threading).
// The translator writes handlers[op] into operation words; a null table
// writes the IOp number instead (tests, disassembly).
using Handlers = const void* const*;

inline uint64_t KeepDrop(uint32_t keep, uint32_t drop) {
  return uint64_t(keep) | (uint64_t(drop) << 32);
}

// A function after validation and translation.
struct CompiledFunction {
  std::vector<CodeWord> code;
  uint32_t type_index = 0;
  uint32_t param_slots = 0;   // slots of the parameters
  uint32_t local_slots = 0;   // slots of declared locals
  // Slots [zero_begin, zero_end) (relative to fp) are zeroed on entry: the
  // declared locals that may be read before written (the others are set by
  // the straight-line code the body starts with).
  uint32_t zero_begin = 0;
  uint32_t zero_end = 0;
  uint32_t max_stack_slots = 0;  // highest operand-stack use above the locals
  uint32_t result_slots = 0;
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_CODE_CODE_H_

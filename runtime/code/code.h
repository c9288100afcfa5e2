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
// - Fused operations (fused.def, runtime/interp/fuser.h): an operand form
//   names where each operand comes from: S = the stack, L = [local slot],
//   C = [constant bits]; `_D` adds [dst slot] and writes the result there
//   instead of pushing it; `_BrIf`/`_BrUnless` add [offset][fuel] and branch
//   on the comparison instead of pushing it. Immediates follow the operand
//   order, then the instruction's own (memarg offset), then dst or branch.
//   Loads: _L [a][offset], _S_D [offset][d], _L_D [a][offset][d]. Stores
//   (address, value): _SL [v][offset], _SC [c][offset], _LL [a][v][offset],
//   _LC [a][c][offset], _LS [a][offset] (address from a local, value from
//   the stack). Load address L+C: _LC [a][c][offset], _LC_D [a][c][offset][d]
//   read at u32(local a + c) + offset (the i32.add wraps, as unfused).
// - Memory operands (FUSED_MEM rows): M = a load of T from local [slot] +
//   [offset] as the right operand: _SM [slot][offset], _LM [a][slot][offset];
//   or from u32(local [slot] + c) + [offset]: _SMC [slot][c][offset],
//   _LMC [a][slot][c][offset]; all push the result, or with _D [dst]
//   appended write it to a local.
// - SIMD (FUSED_SIMD rows): v128 operands from a v128 local (L: [slot], two
//   slots) or a constant (C: [low][high]): _SL [b], _SC [low][high],
//   _LL [a][b], _LC [a][low][high]. I32x4ExtractLaneL: [slot][lane]. The load traps exactly as the unfused one.
// - Chained pairs (chain.def): outer(S, inner(L, C)) _SLC [a][c] and
//   outer(S, inner(L, L)) _SLL [a][b], the result replacing the top. An
//   i64.extend_i32_u of an i32 result of a fused or binary op emits nothing
//   (every i32 result is stored zero-extended in its slot).
#ifndef WASMRT_RUNTIME_CODE_CODE_H_
#define WASMRT_RUNTIME_CODE_CODE_H_

#include <cstdint>
#include <vector>

namespace wasmrt {

// The fused operations derived from one row of fused.def, in IOp order (the
// translator relies on it: see runtime/interp/fuser.cc).
#define WASMRT_ARITH_FORMS(X, n)                                          \
  X(n##_SL) X(n##_SC) X(n##_LL) X(n##_LC) X(n##_SS_D) X(n##_SL_D)       \
  X(n##_SC_D) X(n##_LL_D) X(n##_LC_D)
#define WASMRT_BRANCH_FORMS(X, n)                                         \
  X(n##_SS_BrIf) X(n##_SL_BrIf) X(n##_SC_BrIf) X(n##_LL_BrIf)           \
  X(n##_LC_BrIf) X(n##_SS_BrUnless) X(n##_SL_BrUnless)                  \
  X(n##_SC_BrUnless) X(n##_LL_BrUnless) X(n##_LC_BrUnless)
#define WASMRT_LOAD_FORMS(X, n) \
  X(n##_L) X(n##_S_D) X(n##_L_D) X(n##_LC) X(n##_LC_D)
#define WASMRT_STORE_FORMS(X, n) \
  X(n##_SL) X(n##_SC) X(n##_LL) X(n##_LC) X(n##_LS)
#define WASMRT_SIMD_FORMS(X, n) X(n##_SL) X(n##_SC) X(n##_LL) X(n##_LC)
#define WASMRT_MEM_FORMS(X, n)                                  \
  X(n##_SM) X(n##_LM) X(n##_SMC) X(n##_LMC) X(n##_SM_D) X(n##_LM_D) \
  X(n##_SMC_D) X(n##_LMC_D)

// Dense numbering of internal operations: every wasm instruction of
// opcodes.def first (same order and names as wasmrt::Opcode), then ops.def,
// then the fused forms of fused.def, then the chained pairs of chain.def.
enum class IOp : uint16_t {
#define WASM_OP(name, prefix, code, imm, sig, align, text) k##name,
#include "runtime/binary/opcodes.def"
#undef WASM_OP
#define INTERNAL_OP(name, imms, desc) k##name,
#include "runtime/code/ops.def"
#undef INTERNAL_OP
#define WASMRT_IOP_NAME(name) k##name,
#define FUSED_ARITH(name, T, R, expr) WASMRT_ARITH_FORMS(WASMRT_IOP_NAME, name)
#define FUSED_CMP(name, T, expr)                  \
  WASMRT_ARITH_FORMS(WASMRT_IOP_NAME, name)       \
  WASMRT_BRANCH_FORMS(WASMRT_IOP_NAME, name)
#define FUSED_LOAD(name, T, field, conv) WASMRT_LOAD_FORMS(WASMRT_IOP_NAME, name)
#define FUSED_STORE(name, T, field) WASMRT_STORE_FORMS(WASMRT_IOP_NAME, name)
#define FUSED_MEM(name, T, R, expr) WASMRT_MEM_FORMS(WASMRT_IOP_NAME, name)
#define FUSED_SIMD(name, expr) WASMRT_SIMD_FORMS(WASMRT_IOP_NAME, name)
#include "runtime/code/fused.def"
#undef FUSED_SIMD
#undef FUSED_MEM
#undef FUSED_ARITH
#undef FUSED_CMP
#undef FUSED_LOAD
#undef FUSED_STORE
#undef WASMRT_IOP_NAME
#define FUSED_CHAIN(outer, inner) k##outer##_##inner##_SLC, k##outer##_##inner##_SLL,
#include "runtime/code/chain.def"
#undef FUSED_CHAIN
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

// The dispatch loop. Conventions (see runtime/code/code.h):
//   pc  points at the first immediate of the current op (the op word is pc[-1])
//   sp  points at the topmost occupied slot; fp at the frame's first slot
// Each handler reads its immediates, advances pc past them, and dispatches
// the next op with NEXT(). Handlers stay a few lines; helpers do the rest.
#include "runtime/interp/interpreter.h"
#include "runtime/interp/handlers.h"
#include "runtime/interp/jit_bridge.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "runtime/code/semantics.h"
#include "runtime/interp/bulk_ops.h"
#include "runtime/interp/simd.h"

namespace wasmrt {
namespace {

inline uint32_t Keep(uint64_t kd) { return uint32_t(kd); }
inline uint32_t Drop(uint64_t kd) { return uint32_t(kd >> 32); }

// Moves the top `keep` slots down by `drop` slots; returns the new sp.
inline Slot* AdjustStack(Slot* sp, uint64_t kd) {
  uint32_t keep = Keep(kd), drop = Drop(kd);
  Slot* src = sp - keep + 1;
  if (keep == 1) {
    src[-int64_t(drop)] = src[0];
  } else {
    std::memmove(src - drop, src, keep * sizeof(Slot));
  }
  return sp - drop;
}

inline float F32Bits(uint32_t b) { return std::bit_cast<float>(b); }
inline double F64Bits(uint64_t b) { return std::bit_cast<double>(b); }

// Calls a host function with its arguments at `args`; writes results there.
inline TrapCode CallHost(ExecContext& ctx, FunctionInstance* f, InstanceState* caller,
                         Slot* args) {
  uint8_t t = f->host(caller, args, args);
  return TrapCode(t);
}

// Slot access by C type: an i32 (also a bool or signed result) is stored
// zero-extended, an f32 as its bits zero-extended (code.h).
template <class T>
inline T Get(Slot s) {
  if constexpr (std::is_same_v<T, float>) {
    return s.f32;
  } else if constexpr (std::is_same_v<T, double>) {
    return s.f64;
  } else if constexpr (sizeof(T) == 4) {
    return T(s.i32);
  } else {
    return T(s.i64);
  }
}
inline void Put(Slot& s, bool v) { s.i64 = uint32_t(v); }
inline void Put(Slot& s, uint32_t v) { s.i64 = v; }
inline void Put(Slot& s, int32_t v) { s.i64 = uint32_t(v); }
inline void Put(Slot& s, uint64_t v) { s.i64 = v; }
inline void Put(Slot& s, int64_t v) { s.i64 = uint64_t(v); }
inline void Put(Slot& s, float v) { s.i64 = std::bit_cast<uint32_t>(v); }
inline void Put(Slot& s, double v) { s.f64 = v; }
inline Slot ImmSlot(const CodeWord& w) {
  Slot s;
  s.i64 = w.u64;
  return s;
}

TrapCode Run(ExecContext* ctx_ptr, FunctionInstance* entry, Slot* entry_fp,
             Handlers* handlers_out) {
  static const void* const kHandlers[] = {
#define WASM_OP(name, prefix, code, imm, sig, align, text) &&L_##name,
#include "runtime/binary/opcodes.def"
#undef WASM_OP
#define INTERNAL_OP(name, imms, desc) &&L_##name,
#include "runtime/code/ops.def"
#undef INTERNAL_OP
#define WASMRT_FORM_X(n, s, ...) &&L_##n##_##s,
#define WASMRT_CHAIN_FORM_X(o, i, s, ...) &&L_##o##_##i##_##s,
#include "runtime/code/all_forms.inc"
  };
  static_assert(sizeof(kHandlers) / sizeof(kHandlers[0]) == size_t(IOp::kCount));
  if (handlers_out != nullptr) {
    *handlers_out = kHandlers;
    return TrapCode::kNone;
  }

  ExecContext& ctx = *ctx_ptr;
  Frame* frame = ctx.frame_top;
  Frame* const frames_end = ctx.frames_end();
  Slot* const stack_end = ctx.stack_end();
  const CodeWord* pc = nullptr;  // return address of the entry frame
  Slot* fp = nullptr;
  Slot* sp = entry_fp + entry->param_slots - 1;
  FunctionInstance* func = nullptr;
  FunctionInstance* callee = entry;
  InstanceState* inst = nullptr;
  uint8_t* mem_base = nullptr;
  uint64_t mem_size = 0;
  TrapCode trap = TrapCode::kNone;

  // Fuel is handed out in slices of at most kPollInterval; `budget` counts
  // down within a slice so the hot path is one decrement and one branch.
  int64_t fuel_left = ctx.fuel;
  int64_t budget = std::min(fuel_left, ExecContext::kPollInterval);
  fuel_left -= budget;

#define NEXT() goto*(pc++)->handler
#define TRAP(code)          \
  do {                      \
    trap = TrapCode::code;  \
    goto trap_exit;         \
  } while (0)
#define TRAP_CODE(value) \
  do {                   \
    trap = (value);      \
    goto trap_exit;      \
  } while (0)
// Stores the result of a semantics helper (runtime/code/semantics.h) into
// slot `dst`, or traps with the helper's trap.
#define PUT_RESULT(dst, expr)                                         \
  do {                                                                \
    auto r_ = (expr);                                                 \
    if (__builtin_expect(sem::TrapOf(r_) != TrapCode::kNone, 0)) {    \
      trap = sem::TrapOf(r_);                                         \
      goto trap_exit;                                                 \
    }                                                                 \
    Put(dst, sem::ValueOf(r_));                                       \
  } while (0)
#define RELOAD_MEMORY()                      \
  do {                                       \
    if (inst->memory != nullptr) {           \
      mem_base = inst->memory->data();       \
      mem_size = inst->memory->size_bytes(); \
    }                                        \
  } while (0)
// Pays `n` units of fuel (code.h: the instructions of the run just ended).
#define CHARGE(n)                                     \
  do {                                                \
    budget -= int64_t(n);                             \
    if (__builtin_expect(budget < 0, 0)) {            \
      Refill r = Refuel(ctx, fuel_left, budget);      \
      if (r.trap != TrapCode::kNone) {                \
        budget = 0;                                   \
        fuel_left = r.fuel_left;                      \
        trap = r.trap;                                \
        goto trap_exit;                               \
      }                                               \
      budget = r.budget;                              \
      fuel_left = r.fuel_left;                        \
    }                                                 \
  } while (0)
#define BRANCH_TO(off) pc = pc - 1 + (off)

  goto do_call;

  // ---- control -----------------------------------------------------------
L_Jump:
  CHARGE(pc[1].u64);
  BRANCH_TO(pc->i64);
  NEXT();
L_JumpAdjust:
  CHARGE(pc[2].u64);
  sp = AdjustStack(sp, pc[1].u64);
  BRANCH_TO(pc->i64);
  NEXT();
L_JumpIf:
  CHARGE(pc[1].u64);
  if ((sp--)->i32 != 0) {
    BRANCH_TO(pc->i64);
  } else {
    pc += 2;
  }
  NEXT();
L_JumpIfAdjust:
  CHARGE(pc[2].u64);
  if ((sp--)->i32 != 0) {
    sp = AdjustStack(sp, pc[1].u64);
    BRANCH_TO(pc->i64);
  } else {
    pc += 3;
  }
  NEXT();
L_JumpUnless:
  CHARGE(pc[1].u64);
  if ((sp--)->i32 == 0) {
    BRANCH_TO(pc->i64);
  } else {
    pc += 2;
  }
  NEXT();
L_JumpIfL:
  CHARGE(pc[2].u64);
  if (fp[pc[0].u64].i32 != 0) {
    BRANCH_TO(pc[1].i64);
  } else {
    pc += 3;
  }
  NEXT();
L_JumpUnlessL:
  CHARGE(pc[2].u64);
  if (fp[pc[0].u64].i32 == 0) {
    BRANCH_TO(pc[1].i64);
  } else {
    pc += 3;
  }
  NEXT();
L_JumpTable: {
  CHARGE(pc[1].u64);
  uint64_t index = (sp--)->i32;
  uint64_t count = pc->u64;
  const CodeWord* e = pc + 2 + 2 * std::min(index, count);
  uint64_t kd = e[1].u64;
  if (Drop(kd) != 0) sp = AdjustStack(sp, kd);
  BRANCH_TO(e[0].i64);
  NEXT();
}
L_Charge:
  CHARGE(pc->u64);
  pc += 1;
  NEXT();
L_Unreachable:
  TRAP(kUnreachable);
L_Trap:
  trap = TrapCode(pc->u64);
  goto trap_exit;

L_ReturnN: {
  CHARGE(pc[1].u64);
  uint32_t n = uint32_t(pc->u64);
  Slot* src = sp - n + 1;
  if (n == 1) {
    fp[0] = src[0];
  } else if (src != fp) {
    std::memmove(fp, src, n * sizeof(Slot));
  }
  sp = fp + n - 1;
  --frame;
  pc = frame->ret_pc;
  if (pc == nullptr) goto done;
  fp = frame->fp;
  func = frame->func;
  // Memory only changes under this frame through memory.grow (which
  // reloads) or another instance's code (which returns through here).
  if (func->instance != inst) {
    inst = func->instance;
    RELOAD_MEMORY();
  }
  NEXT();
}

L_Call:
  CHARGE(pc[1].u64);
  callee = inst->funcs[pc->u64];
  pc += 2;
  goto do_call;

// Same instance, a defined function: no host or instance check, the frame
// sizes and entry are immediates (LinkDirectCalls).
L_CallDirect: {
  CHARGE(pc[1].u64);
  Slot* new_fp = sp - pc[3].u32[0] + 1;
  Slot* locals_end = new_fp + pc[3].u32[0] + pc[3].u32[1];
  if (frame == frames_end || locals_end + pc[5].u64 > stack_end) {
    TRAP(kCallStackExhausted);
  }
  frame->ret_pc = pc + 6;
  frame->fp = fp;
  frame->func = func;
  ++frame;
  func = inst->funcs[pc[0].u64];
  for (Slot* p = new_fp + pc[4].u32[0], *e = new_fp + pc[4].u32[1]; p < e; ++p) {
    p->i64 = 0;
  }
  fp = new_fp;
  sp = locals_end - 1;
  pc = static_cast<const CodeWord*>(pc[2].handler);
  NEXT();
}

// A direct call of a compiled function: the generic path, which enters its
// machine code (or its interpreter code, when the instance turned that off).
L_CallCompiled:
  CHARGE(pc[1].u64);
  callee = inst->funcs[pc->u64];
  pc += 6;
  goto do_call;

L_CallIndirect: {
  CHARGE(pc[2].u64);
  uint32_t index = (sp--)->i32;
  const TableInstance* table = inst->tables[pc[1].u64];
  if (index >= table->elems.size()) TRAP(kUndefinedElement);
  callee = static_cast<FunctionInstance*>(const_cast<void*>(table->elems[index]));
  if (callee == nullptr) TRAP(kUninitializedElement);
  if (callee->type_id != inst->type_ids[pc[0].u64]) TRAP(kIndirectCallTypeMismatch);
  pc += 3;
  goto do_call;
}

do_call: {
  if (callee->code == nullptr) {
    Slot* args = sp - callee->param_slots + 1;
    if (args + callee->result_slots > stack_end) TRAP(kCallStackExhausted);
    ctx.sp_top = sp;
    ctx.frame_top = frame;
    // A host function may call back into wasm, which runs on ctx.fuel.
    ctx.fuel = fuel_left + std::max<int64_t>(budget, 0);
    trap = CallHost(ctx, callee, inst, args);
    // The slice keeps counting down across the host call (a fresh slice
    // here would let a loop that calls the host every few instructions
    // never reach the poll of the deadline and the interruption flag).
    budget = std::min(std::max<int64_t>(budget, 0), ctx.fuel);
    fuel_left = ctx.fuel - budget;
    if (trap != TrapCode::kNone) {
      func = callee;
      goto trap_exit_keep_func;
    }
    sp = args + callee->result_slots - 1;
    if (pc == nullptr) goto done;  // the host entered a host function
    RELOAD_MEMORY();
    NEXT();
  }
  if (callee->jit_entry != nullptr) {
    // Compiled code runs on this stack and returns here.
    Slot* new_fp = sp - callee->param_slots + 1;
    ctx.sp_top = sp;
    ctx.frame_top = frame;
    trap = EnterCompiled(ctx, callee, new_fp, budget, fuel_left,
                         uint32_t(frame - ctx.frames_begin()));
    if (trap != TrapCode::kNone) {
      func = const_cast<FunctionInstance*>(ctx.trap_func);
      goto trap_exit_keep_func;
    }
    sp = new_fp + callee->result_slots - 1;
    if (pc == nullptr) goto done;
    RELOAD_MEMORY();
    NEXT();
  }
  const CompiledFunction* code = callee->code;
  Slot* new_fp = sp - code->param_slots + 1;
  Slot* locals_end = new_fp + code->param_slots + code->local_slots;
  if (frame == frames_end ||
      locals_end + code->max_stack_slots > stack_end) {
    TRAP(kCallStackExhausted);
  }
  frame->ret_pc = pc;
  frame->fp = fp;
  frame->func = func;
  ++frame;
  for (Slot* p = new_fp + code->zero_begin, *e = new_fp + code->zero_end; p < e; ++p) {
    p->i64 = 0;
  }
  fp = new_fp;
  sp = locals_end - 1;
  func = callee;
  if (callee->instance != inst) {
    inst = callee->instance;
    RELOAD_MEMORY();
  }
  pc = code->code.data();
  NEXT();
}

  // ---- parametric, variables -------------------------------------------
L_Drop:
  --sp;
  NEXT();
L_Select: {
  uint32_t c = sp[0].i32;
  sp -= 2;
  if (c == 0) sp[0] = sp[1];
  NEXT();
}
L_Select_SL: {
  uint32_t c = sp[0].i32;
  --sp;
  if (c == 0) sp[0] = fp[pc[0].u64];
  pc += 1;
  NEXT();
}
L_Select_SC: {
  uint32_t c = sp[0].i32;
  --sp;
  if (c == 0) sp[0].i64 = pc[0].u64;
  pc += 1;
  NEXT();
}
L_Select_LL: {
  uint32_t c = sp[0].i32;
  sp[0] = fp[pc[c == 0 ? 1 : 0].u64];
  pc += 2;
  NEXT();
}
L_Select_LC: {
  uint32_t c = sp[0].i32;
  if (c != 0) {
    sp[0] = fp[pc[0].u64];
  } else {
    sp[0].i64 = pc[1].u64;
  }
  pc += 2;
  NEXT();
}
L_Select128: {
  uint32_t c = sp[0].i32;
  sp -= 3;
  if (c == 0) {
    sp[-1] = sp[1];
    sp[0] = sp[2];
  }
  NEXT();
}
L_LocalGet:
  *++sp = fp[pc->u64];
  pc += 1;
  NEXT();
L_LocalSet:
  fp[pc->u64] = *sp--;
  pc += 1;
  NEXT();
L_LocalTee:
  fp[pc->u64] = *sp;
  pc += 1;
  NEXT();
L_LocalCopy:
  fp[pc[1].u64] = fp[pc[0].u64];
  pc += 2;
  NEXT();
L_LocalSetConst:
  fp[pc[1].u64].i64 = pc[0].u64;
  pc += 2;
  NEXT();
L_I32EqzL:
  (++sp)->i64 = fp[pc->u64].i32 == 0 ? 1 : 0;
  pc += 1;
  NEXT();
L_LocalGet128:
  sp[1] = fp[pc->u64];
  sp[2] = fp[pc->u64 + 1];
  sp += 2;
  pc += 1;
  NEXT();
L_LocalSet128:
  fp[pc->u64] = sp[-1];
  fp[pc->u64 + 1] = sp[0];
  sp -= 2;
  pc += 1;
  NEXT();
L_LocalTee128:
  fp[pc->u64] = sp[-1];
  fp[pc->u64 + 1] = sp[0];
  pc += 1;
  NEXT();
L_GlobalGet:
  *++sp = inst->globals[pc->u64]->value[0];
  pc += 1;
  NEXT();
L_GlobalSet:
  inst->globals[pc->u64]->value[0] = *sp--;
  pc += 1;
  NEXT();
L_GlobalGet128: {
  const GlobalInstance* g = inst->globals[pc->u64];
  sp[1] = g->value[0];
  sp[2] = g->value[1];
  sp += 2;
  pc += 1;
  NEXT();
}
L_GlobalSet128: {
  GlobalInstance* g = inst->globals[pc->u64];
  g->value[0] = sp[-1];
  g->value[1] = sp[0];
  sp -= 2;
  pc += 1;
  NEXT();
}

  // ---- references and tables ------------------------------------------
L_RefNull:
  (++sp)->ref = nullptr;
  NEXT();
L_RefIsNull:
  sp->i64 = sp->ref == nullptr ? 1 : 0;
  NEXT();
L_RefFunc:
  (++sp)->ref = inst->funcs[pc->u64];
  pc += 1;
  NEXT();
L_TableGet: {
  TrapCode t = bulk::TableGet(*inst->tables[pc->u64], sp->i32, sp->ref);
  if (t != TrapCode::kNone) TRAP_CODE(t);
  pc += 1;
  NEXT();
}
L_TableSet: {
  TrapCode t = bulk::TableSet(*inst->tables[pc->u64], sp[-1].i32, sp[0].ref);
  if (t != TrapCode::kNone) TRAP_CODE(t);
  sp -= 2;
  pc += 1;
  NEXT();
}
L_TableSize:
  (++sp)->i64 = inst->tables[pc->u64]->elems.size();
  pc += 1;
  NEXT();
L_TableGrow: {
  uint64_t old = bulk::TableGrow(*inst->tables[pc->u64], sp[-1].ref, sp[0].i32);
  (--sp)->i64 = old;
  pc += 1;
  NEXT();
}
L_TableFill: {
  TrapCode t = bulk::TableFill(*inst->tables[pc->u64], sp[-2].i32, sp[-1].ref, sp[0].i32);
  sp -= 3;
  if (t != TrapCode::kNone) TRAP_CODE(t);
  pc += 1;
  NEXT();
}
L_TableCopy: {
  TrapCode t = bulk::TableCopy(*inst->tables[pc[0].u64], *inst->tables[pc[1].u64], sp[-2].i32,
                               sp[-1].i32, sp[0].i32);
  sp -= 3;
  if (t != TrapCode::kNone) TRAP_CODE(t);
  pc += 2;
  NEXT();
}
L_TableInit: {
  TrapCode t = bulk::TableInit(*inst->tables[pc[1].u64], (*inst->elem_segments)[pc[0].u64],
                               sp[-2].i32, sp[-1].i32, sp[0].i32);
  sp -= 3;
  if (t != TrapCode::kNone) TRAP_CODE(t);
  pc += 2;
  NEXT();
}
L_ElemDrop:
  bulk::ElemDrop((*inst->elem_segments)[pc->u64]);
  pc += 1;
  NEXT();

  // ---- memory -------------------------------------------------------------
  // Semantics: sem::op::<Name> (runtime/code/semantics.h).
#define LOAD(name, M, V)                                               \
  L_##name: {                                                          \
    uint64_t ea = uint64_t(sp->i32) + pc->u64;                         \
    if (__builtin_expect(ea + sizeof(M) > mem_size, 0)) TRAP(kMemoryOutOfBounds); \
    M v;                                                               \
    std::memcpy(&v, mem_base + ea, sizeof(M));                         \
    Put(*sp, sem::op::name::Apply(v));                                 \
    pc += 1;                                                           \
    NEXT();                                                            \
  }
#define STORE(name, M)                                                 \
  L_##name: {                                                          \
    uint64_t ea = uint64_t(sp[-1].i32) + pc->u64;                      \
    if (__builtin_expect(ea + sizeof(M) > mem_size, 0)) TRAP(kMemoryOutOfBounds); \
    M v = sem::op::name::Apply(sp[0].i64);                             \
    std::memcpy(mem_base + ea, &v, sizeof(M));                         \
    sp -= 2;                                                           \
    pc += 1;                                                           \
    NEXT();                                                            \
  }
  WASMRT_SEM_LOAD_OPS(LOAD)
  WASMRT_SEM_STORE_OPS(STORE)
#undef LOAD
#undef STORE

L_MemorySize:
  (++sp)->i64 = mem_size / kPageSize;
  NEXT();
L_MemoryGrow:
  // The call's memory cap is below the memory's own maximum: growing past
  // it fails like any refused growth (-1), as the spec allows.
  if (uint64_t(inst->memory->pages()) + sp->i32 > ctx.memory_limit_pages) {
    sp->i64 = 0xFFFFFFFFu;
  } else {
    sp->i64 = uint32_t(inst->memory->Grow(sp->i32));
  }
  RELOAD_MEMORY();
  NEXT();
L_MemoryFill: {
  TrapCode t = bulk::MemoryFill(mem_base, mem_size, sp[-2].i32, uint8_t(sp[-1].i32), sp[0].i32);
  sp -= 3;
  if (t != TrapCode::kNone) TRAP_CODE(t);
  NEXT();
}
L_MemoryCopy: {
  TrapCode t = bulk::MemoryCopy(mem_base, mem_size, sp[-2].i32, sp[-1].i32, sp[0].i32);
  sp -= 3;
  if (t != TrapCode::kNone) TRAP_CODE(t);
  NEXT();
}
L_MemoryInit: {
  TrapCode t = bulk::MemoryInit(mem_base, mem_size, (*inst->data_segments)[pc->u64], sp[-2].i32,
                                sp[-1].i32, sp[0].i32);
  sp -= 3;
  if (t != TrapCode::kNone) TRAP_CODE(t);
  pc += 1;
  NEXT();
}
L_DataDrop:
  bulk::DataDrop((*inst->data_segments)[pc->u64]);
  pc += 1;
  NEXT();

  // ---- constants ----------------------------------------------------------
L_I32Const:
L_I64Const:
L_F32Const:
L_F64Const:
  (++sp)->i64 = pc->u64;
  pc += 1;
  NEXT();

  // ---- numeric and conversions ---------------------------------------------
#include "runtime/interp/numeric_handlers.inc"

  // ---- fixed-width SIMD ------------------------------------------------------
#include "runtime/interp/simd_handlers.inc"

  // ---- fused operations ----------------------------------------------------
#include "runtime/interp/fused_handlers.inc"

  // Instructions the translator never emits (structured control is lowered
  // to branches; typed select becomes Select/Select128).
L_Nop:
L_Block:
L_Loop:
L_If:
L_Else:
L_End:
L_BrTable:
L_Br:
L_BrIf:
L_Return:
L_SelectT:
  TRAP(kHostError);

trap_exit:
trap_exit_keep_func:
  ctx.trap = trap;
  ctx.trap_func = func != nullptr ? func : callee;
  ctx.fuel = fuel_left + std::max<int64_t>(budget, 0);
  ctx.frame_top = frame;
  return trap;

done:
  ctx.fuel = fuel_left + std::max<int64_t>(budget, 0);
  ctx.frame_top = frame;
  return TrapCode::kNone;

#undef NEXT
#undef TRAP
#undef TRAP_CODE
#undef CHARGE
#undef BRANCH_TO
}

}  // namespace

Handlers InterpreterHandlers() {
  static Handlers handlers = [] {
    Handlers h = nullptr;
    Run(nullptr, nullptr, nullptr, &h);
    return h;
  }();
  return handlers;
}

TrapCode RunInterpreted(ExecContext& ctx, FunctionInstance* f, Slot* args) {
  Frame* saved_frame = ctx.frame_top;
  Slot* saved_top = ctx.sp_top;
  TrapCode trap = Run(&ctx, f, args, nullptr);
  ctx.frame_top = saved_frame;
  ctx.sp_top = saved_top;
  return trap;
}

TrapCode Invoke(ExecContext& ctx, FunctionInstance* func, Slot* args) {
  ctx.trap = TrapCode::kNone;
  ctx.trap_func = nullptr;
  Slot* base = ctx.sp_top + 1;
  uint32_t slots = std::max(func->param_slots, func->result_slots);
  if (base + slots > ctx.stack_end() || ctx.frame_top == ctx.frames_end()) {
    ctx.trap = TrapCode::kCallStackExhausted;
    ctx.trap_func = func;
    return ctx.trap;
  }
  std::memcpy(base, args, func->param_slots * sizeof(Slot));
  Slot* saved_top = ctx.sp_top;
  Frame* saved_frame = ctx.frame_top;
  TrapCode trap = Run(&ctx, func, base, nullptr);
  ctx.sp_top = saved_top;
  ctx.frame_top = saved_frame;
  if (trap == TrapCode::kNone) {
    std::memcpy(args, base, func->result_slots * sizeof(Slot));
  }
  return trap;
}

}  // namespace wasmrt

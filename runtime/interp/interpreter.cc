// The dispatch loop. Conventions (see runtime/code/code.h):
//   pc  points at the first immediate of the current op (the op word is pc[-1])
//   sp  points at the topmost occupied slot; fp at the frame's first slot
// Each handler reads its immediates, advances pc past them, and dispatches
// the next op with NEXT(). Handlers stay a few lines; helpers do the rest.
#include "runtime/interp/interpreter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "runtime/interp/numeric.h"
#include "runtime/interp/simd.h"

namespace wasmrt {
namespace {

using numeric::TruncInRange;
using numeric::TruncSat;

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

// Whether [start, start+len) lies inside [0, size).
inline bool InRange(uint64_t start, uint64_t len, uint64_t size) {
  return start + len <= size;
}

// Calls a host function with its arguments at `args`; writes results there.
inline TrapCode CallHost(ExecContext& ctx, FunctionInstance* f, InstanceState* caller,
                         Slot* args) {
  uint8_t t = f->host(caller, args, args);
  return TrapCode(t);
}

// A fuel slice ran out: check the interruption flag and the deadline, then
// hand out the next slice. Out of line: it runs once per kPollInterval ticks.
struct Refill {
  TrapCode trap;
  int64_t budget;
  int64_t fuel_left;
};
[[gnu::noinline]] Refill Refuel(ExecContext& ctx, int64_t fuel_left) {
  if (ctx.interrupt != nullptr && ctx.interrupt->load(std::memory_order_relaxed)) {
    return {TrapCode::kInterrupted, 0, fuel_left};
  }
  if (ctx.has_deadline && std::chrono::steady_clock::now() >= ctx.deadline) {
    return {TrapCode::kTimeout, 0, fuel_left};
  }
  if (fuel_left == 0) return {TrapCode::kFuelExhausted, 0, 0};
  int64_t budget = std::min(fuel_left, ExecContext::kPollInterval);
  return {TrapCode::kNone, budget, fuel_left - budget};
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
#define RELOAD_MEMORY()                      \
  do {                                       \
    if (inst->memory != nullptr) {           \
      mem_base = inst->memory->data();       \
      mem_size = inst->memory->size_bytes(); \
    }                                        \
  } while (0)
#define TICK()                                        \
  do {                                                \
    if (__builtin_expect(--budget < 0, 0)) {          \
      Refill r = Refuel(ctx, fuel_left);              \
      if (r.trap != TrapCode::kNone) {                \
        budget = 0;                                   \
        fuel_left = 0;                                \
        trap = r.trap;                                \
        goto trap_exit;                               \
      }                                               \
      budget = r.budget - 1;                          \
      fuel_left = r.fuel_left;                        \
    }                                                 \
  } while (0)

  goto do_call;

  // ---- control -----------------------------------------------------------
L_Jump:
  pc = pc - 1 + pc->i64;
  NEXT();
L_JumpAdjust:
  sp = AdjustStack(sp, pc[1].u64);
  pc = pc - 1 + pc->i64;
  NEXT();
L_JumpIf:
  if ((sp--)->i32 != 0) {
    pc = pc - 1 + pc->i64;
  } else {
    pc += 1;
  }
  NEXT();
L_JumpIfAdjust:
  if ((sp--)->i32 != 0) {
    sp = AdjustStack(sp, pc[1].u64);
    pc = pc - 1 + pc->i64;
  } else {
    pc += 2;
  }
  NEXT();
L_JumpUnless:
  if ((sp--)->i32 == 0) {
    pc = pc - 1 + pc->i64;
  } else {
    pc += 1;
  }
  NEXT();
L_JumpTable: {
  uint64_t index = (sp--)->i32;
  uint64_t count = pc->u64;
  const CodeWord* e = pc + 1 + 2 * std::min(index, count);
  uint64_t kd = e[1].u64;
  if (Drop(kd) != 0) sp = AdjustStack(sp, kd);
  pc = pc - 1 + e[0].i64;
  NEXT();
}
L_LoopCheck:
  TICK();
  NEXT();
L_Unreachable:
  TRAP(kUnreachable);
L_Trap:
  trap = TrapCode(pc->u64);
  goto trap_exit;

L_ReturnN: {
  uint32_t n = uint32_t(pc->u64);
  Slot* src = sp - n + 1;
  if (src != fp) std::memmove(fp, src, n * sizeof(Slot));
  sp = fp + n - 1;
  --frame;
  pc = frame->ret_pc;
  if (pc == nullptr) goto done;
  fp = frame->fp;
  func = frame->func;
  inst = func->instance;
  RELOAD_MEMORY();
  NEXT();
}

L_Call:
  callee = inst->funcs[pc->u64];
  pc += 1;
  goto do_call;

L_CallIndirect: {
  uint32_t index = (sp--)->i32;
  const TableInstance* table = inst->tables[pc[1].u64];
  if (index >= table->elems.size()) TRAP(kUndefinedElement);
  callee = static_cast<FunctionInstance*>(const_cast<void*>(table->elems[index]));
  if (callee == nullptr) TRAP(kUninitializedElement);
  if (callee->type_id != inst->type_ids[pc[0].u64]) TRAP(kIndirectCallTypeMismatch);
  pc += 2;
  goto do_call;
}

do_call: {
  TICK();
  if (callee->code == nullptr) {
    Slot* args = sp - callee->param_slots + 1;
    if (args + callee->result_slots > stack_end) TRAP(kCallStackExhausted);
    ctx.sp_top = sp;
    ctx.frame_top = frame;
    trap = CallHost(ctx, callee, inst, args);
    if (trap != TrapCode::kNone) {
      func = callee;
      goto trap_exit_keep_func;
    }
    sp = args + callee->result_slots - 1;
    if (pc == nullptr) goto done;  // the host entered a host function
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
  for (Slot* p = new_fp + code->param_slots; p < locals_end; ++p) p->i64 = 0;
  fp = new_fp;
  sp = locals_end - 1;
  func = callee;
  inst = callee->instance;
  RELOAD_MEMORY();
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
  const TableInstance* t = inst->tables[pc->u64];
  uint32_t i = sp->i32;
  if (i >= t->elems.size()) TRAP(kTableOutOfBounds);
  sp->ref = t->elems[i];
  pc += 1;
  NEXT();
}
L_TableSet: {
  TableInstance* t = inst->tables[pc->u64];
  uint32_t i = sp[-1].i32;
  if (i >= t->elems.size()) TRAP(kTableOutOfBounds);
  t->elems[i] = sp[0].ref;
  sp -= 2;
  pc += 1;
  NEXT();
}
L_TableSize:
  (++sp)->i64 = inst->tables[pc->u64]->elems.size();
  pc += 1;
  NEXT();
L_TableGrow: {
  TableInstance* t = inst->tables[pc->u64];
  uint64_t n = sp[0].i32;
  const void* init = sp[-1].ref;
  --sp;
  uint64_t old = t->elems.size();
  uint64_t max = t->type.limits.has_max ? t->type.limits.max : 0xFFFFFFFFull;
  max = std::min<uint64_t>(max, 10000000);  // limits::kMaxTableSize
  if (old + n > max) {
    sp->i64 = 0xFFFFFFFFu;
  } else {
    t->elems.resize(old + n, init);
    sp->i64 = old;
  }
  pc += 1;
  NEXT();
}
L_TableFill: {
  TableInstance* t = inst->tables[pc->u64];
  uint64_t n = sp[0].i32, i = sp[-2].i32;
  const void* v = sp[-1].ref;
  sp -= 3;
  if (!InRange(i, n, t->elems.size())) TRAP(kTableOutOfBounds);
  std::fill_n(t->elems.begin() + i, n, v);
  pc += 1;
  NEXT();
}
L_TableCopy: {
  TableInstance* dst = inst->tables[pc[0].u64];
  const TableInstance* src = inst->tables[pc[1].u64];
  uint64_t n = sp[0].i32, s = sp[-1].i32, d = sp[-2].i32;
  sp -= 3;
  if (!InRange(s, n, src->elems.size()) || !InRange(d, n, dst->elems.size())) {
    TRAP(kTableOutOfBounds);
  }
  if (n != 0) {
    std::memmove(dst->elems.data() + d, src->elems.data() + s, n * sizeof(void*));
  }
  pc += 2;
  NEXT();
}
L_TableInit: {
  const std::vector<const void*>& seg = (*inst->elem_segments)[pc[0].u64];
  TableInstance* t = inst->tables[pc[1].u64];
  uint64_t n = sp[0].i32, s = sp[-1].i32, d = sp[-2].i32;
  sp -= 3;
  if (!InRange(s, n, seg.size()) || !InRange(d, n, t->elems.size())) {
    TRAP(kTableOutOfBounds);
  }
  if (n != 0) std::memcpy(t->elems.data() + d, seg.data() + s, n * sizeof(void*));
  pc += 2;
  NEXT();
}
L_ElemDrop: {
  std::vector<const void*>& seg = (*inst->elem_segments)[pc->u64];
  seg.clear();
  seg.shrink_to_fit();
  pc += 1;
  NEXT();
}

  // ---- memory -------------------------------------------------------------
#define LOAD(name, T, field, conv)                                     \
  L_##name: {                                                          \
    uint64_t ea = uint64_t(sp->i32) + pc->u64;                         \
    if (__builtin_expect(ea + sizeof(T) > mem_size, 0)) TRAP(kMemoryOutOfBounds); \
    T v;                                                               \
    std::memcpy(&v, mem_base + ea, sizeof(T));                         \
    sp->field = conv(v);                                               \
    pc += 1;                                                           \
    NEXT();                                                            \
  }
#define STORE(name, T, field)                                          \
  L_##name: {                                                          \
    uint64_t ea = uint64_t(sp[-1].i32) + pc->u64;                      \
    if (__builtin_expect(ea + sizeof(T) > mem_size, 0)) TRAP(kMemoryOutOfBounds); \
    T v = T(sp[0].field);                                              \
    std::memcpy(mem_base + ea, &v, sizeof(T));                         \
    sp -= 2;                                                           \
    pc += 1;                                                           \
    NEXT();                                                            \
  }
#define AS_U32(v) uint32_t(v)
#define AS_U64(v) uint64_t(v)
#define SX32(v) uint32_t(int32_t(v))
#define SX64(v) uint64_t(int64_t(v))
  LOAD(I32Load, uint32_t, i32, AS_U32)
  LOAD(I64Load, uint64_t, i64, AS_U64)
  LOAD(F32Load, uint32_t, i64, AS_U64)
  LOAD(F64Load, uint64_t, i64, AS_U64)
  LOAD(I32Load8S, int8_t, i32, SX32)
  LOAD(I32Load8U, uint8_t, i32, AS_U32)
  LOAD(I32Load16S, int16_t, i32, SX32)
  LOAD(I32Load16U, uint16_t, i32, AS_U32)
  LOAD(I64Load8S, int8_t, i64, SX64)
  LOAD(I64Load8U, uint8_t, i64, AS_U64)
  LOAD(I64Load16S, int16_t, i64, SX64)
  LOAD(I64Load16U, uint16_t, i64, AS_U64)
  LOAD(I64Load32S, int32_t, i64, SX64)
  LOAD(I64Load32U, uint32_t, i64, AS_U64)
  STORE(I32Store, uint32_t, i32)
  STORE(I64Store, uint64_t, i64)
  STORE(F32Store, uint32_t, i32)
  STORE(F64Store, uint64_t, i64)
  STORE(I32Store8, uint8_t, i32)
  STORE(I32Store16, uint16_t, i32)
  STORE(I64Store8, uint8_t, i64)
  STORE(I64Store16, uint16_t, i64)
  STORE(I64Store32, uint32_t, i64)

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
  uint64_t n = sp[0].i32, d = sp[-2].i32;
  uint8_t v = uint8_t(sp[-1].i32);
  sp -= 3;
  if (!InRange(d, n, mem_size)) TRAP(kMemoryOutOfBounds);
  std::memset(mem_base + d, v, n);
  NEXT();
}
L_MemoryCopy: {
  uint64_t n = sp[0].i32, s = sp[-1].i32, d = sp[-2].i32;
  sp -= 3;
  if (!InRange(s, n, mem_size) || !InRange(d, n, mem_size)) TRAP(kMemoryOutOfBounds);
  std::memmove(mem_base + d, mem_base + s, n);
  NEXT();
}
L_MemoryInit: {
  const auto& seg = (*inst->data_segments)[pc->u64];
  uint64_t n = sp[0].i32, s = sp[-1].i32, d = sp[-2].i32;
  sp -= 3;
  if (!InRange(s, n, seg.second) || !InRange(d, n, mem_size)) TRAP(kMemoryOutOfBounds);
  if (n != 0) std::memcpy(mem_base + d, seg.first + s, n);
  pc += 1;
  NEXT();
}
L_DataDrop:
  (*inst->data_segments)[pc->u64].second = 0;
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

  // ---- numeric --------------------------------------------------------------
  // Binary op on the top two slots: a = sp[-1], b = sp[0], result in sp[-1].
#define BINOP(name, type, field, expr) \
  L_##name: {                          \
    type a = type(sp[-1].field);       \
    type b = type(sp[0].field);        \
    --sp;                              \
    expr;                              \
    NEXT();                            \
  }
#define UNOP(name, type, field, expr) \
  L_##name: {                         \
    type a = type(sp->field);         \
    expr;                             \
    NEXT();                           \
  }
#define PUT_I32(v) (sp->i64 = uint32_t(v))
#define PUT_I64(v) (sp->i64 = uint64_t(v))
#define PUT_F32(v) (sp->i64 = std::bit_cast<uint32_t>(float(v)))
#define PUT_F64(v) (sp->f64 = (v))

  UNOP(I32Eqz, uint32_t, i32, PUT_I32(a == 0))
  BINOP(I32Eq, uint32_t, i32, PUT_I32(a == b))
  BINOP(I32Ne, uint32_t, i32, PUT_I32(a != b))
  BINOP(I32LtS, int32_t, i32, PUT_I32(a < b))
  BINOP(I32LtU, uint32_t, i32, PUT_I32(a < b))
  BINOP(I32GtS, int32_t, i32, PUT_I32(a > b))
  BINOP(I32GtU, uint32_t, i32, PUT_I32(a > b))
  BINOP(I32LeS, int32_t, i32, PUT_I32(a <= b))
  BINOP(I32LeU, uint32_t, i32, PUT_I32(a <= b))
  BINOP(I32GeS, int32_t, i32, PUT_I32(a >= b))
  BINOP(I32GeU, uint32_t, i32, PUT_I32(a >= b))
  UNOP(I64Eqz, uint64_t, i64, PUT_I32(a == 0))
  BINOP(I64Eq, uint64_t, i64, PUT_I32(a == b))
  BINOP(I64Ne, uint64_t, i64, PUT_I32(a != b))
  BINOP(I64LtS, int64_t, i64, PUT_I32(a < b))
  BINOP(I64LtU, uint64_t, i64, PUT_I32(a < b))
  BINOP(I64GtS, int64_t, i64, PUT_I32(a > b))
  BINOP(I64GtU, uint64_t, i64, PUT_I32(a > b))
  BINOP(I64LeS, int64_t, i64, PUT_I32(a <= b))
  BINOP(I64LeU, uint64_t, i64, PUT_I32(a <= b))
  BINOP(I64GeS, int64_t, i64, PUT_I32(a >= b))
  BINOP(I64GeU, uint64_t, i64, PUT_I32(a >= b))
  BINOP(F32Eq, float, f32, PUT_I32(a == b))
  BINOP(F32Ne, float, f32, PUT_I32(a != b))
  BINOP(F32Lt, float, f32, PUT_I32(a < b))
  BINOP(F32Gt, float, f32, PUT_I32(a > b))
  BINOP(F32Le, float, f32, PUT_I32(a <= b))
  BINOP(F32Ge, float, f32, PUT_I32(a >= b))
  BINOP(F64Eq, double, f64, PUT_I32(a == b))
  BINOP(F64Ne, double, f64, PUT_I32(a != b))
  BINOP(F64Lt, double, f64, PUT_I32(a < b))
  BINOP(F64Gt, double, f64, PUT_I32(a > b))
  BINOP(F64Le, double, f64, PUT_I32(a <= b))
  BINOP(F64Ge, double, f64, PUT_I32(a >= b))

  UNOP(I32Clz, uint32_t, i32, PUT_I32(std::countl_zero(a)))
  UNOP(I32Ctz, uint32_t, i32, PUT_I32(std::countr_zero(a)))
  UNOP(I32Popcnt, uint32_t, i32, PUT_I32(std::popcount(a)))
  BINOP(I32Add, uint32_t, i32, PUT_I32(a + b))
  BINOP(I32Sub, uint32_t, i32, PUT_I32(a - b))
  BINOP(I32Mul, uint32_t, i32, PUT_I32(a * b))
  BINOP(I32DivS, int32_t, i32, {
    if (b == 0) TRAP(kIntegerDivideByZero);
    if (a == INT32_MIN && b == -1) TRAP(kIntegerOverflow);
    PUT_I32(a / b);
  })
  BINOP(I32DivU, uint32_t, i32, {
    if (b == 0) TRAP(kIntegerDivideByZero);
    PUT_I32(a / b);
  })
  BINOP(I32RemS, int32_t, i32, {
    if (b == 0) TRAP(kIntegerDivideByZero);
    PUT_I32(b == -1 ? 0 : a % b);
  })
  BINOP(I32RemU, uint32_t, i32, {
    if (b == 0) TRAP(kIntegerDivideByZero);
    PUT_I32(a % b);
  })
  BINOP(I32And, uint32_t, i32, PUT_I32(a & b))
  BINOP(I32Or, uint32_t, i32, PUT_I32(a | b))
  BINOP(I32Xor, uint32_t, i32, PUT_I32(a ^ b))
  BINOP(I32Shl, uint32_t, i32, PUT_I32(a << (b & 31)))
  BINOP(I32ShrS, int32_t, i32, PUT_I32(a >> (b & 31)))
  BINOP(I32ShrU, uint32_t, i32, PUT_I32(a >> (b & 31)))
  BINOP(I32Rotl, uint32_t, i32, PUT_I32(std::rotl(a, int(b & 31))))
  BINOP(I32Rotr, uint32_t, i32, PUT_I32(std::rotr(a, int(b & 31))))

  UNOP(I64Clz, uint64_t, i64, PUT_I64(std::countl_zero(a)))
  UNOP(I64Ctz, uint64_t, i64, PUT_I64(std::countr_zero(a)))
  UNOP(I64Popcnt, uint64_t, i64, PUT_I64(std::popcount(a)))
  BINOP(I64Add, uint64_t, i64, PUT_I64(a + b))
  BINOP(I64Sub, uint64_t, i64, PUT_I64(a - b))
  BINOP(I64Mul, uint64_t, i64, PUT_I64(a * b))
  BINOP(I64DivS, int64_t, i64, {
    if (b == 0) TRAP(kIntegerDivideByZero);
    if (a == INT64_MIN && b == -1) TRAP(kIntegerOverflow);
    PUT_I64(a / b);
  })
  BINOP(I64DivU, uint64_t, i64, {
    if (b == 0) TRAP(kIntegerDivideByZero);
    PUT_I64(a / b);
  })
  BINOP(I64RemS, int64_t, i64, {
    if (b == 0) TRAP(kIntegerDivideByZero);
    PUT_I64(b == -1 ? 0 : a % b);
  })
  BINOP(I64RemU, uint64_t, i64, {
    if (b == 0) TRAP(kIntegerDivideByZero);
    PUT_I64(a % b);
  })
  BINOP(I64And, uint64_t, i64, PUT_I64(a & b))
  BINOP(I64Or, uint64_t, i64, PUT_I64(a | b))
  BINOP(I64Xor, uint64_t, i64, PUT_I64(a ^ b))
  BINOP(I64Shl, uint64_t, i64, PUT_I64(a << (b & 63)))
  BINOP(I64ShrS, int64_t, i64, PUT_I64(a >> (b & 63)))
  BINOP(I64ShrU, uint64_t, i64, PUT_I64(a >> (b & 63)))
  BINOP(I64Rotl, uint64_t, i64, PUT_I64(std::rotl(a, int(b & 63))))
  BINOP(I64Rotr, uint64_t, i64, PUT_I64(std::rotr(a, int(b & 63))))

  // Sign-bit operations work on the bits so NaN payloads pass unchanged.
  UNOP(F32Abs, uint32_t, i32, PUT_I32(a & 0x7FFFFFFFu))
  UNOP(F32Neg, uint32_t, i32, PUT_I32(a ^ 0x80000000u))
  UNOP(F32Ceil, float, f32, PUT_F32(numeric::Ceil(a)))
  UNOP(F32Floor, float, f32, PUT_F32(numeric::Floor(a)))
  UNOP(F32Trunc, float, f32, PUT_F32(numeric::Trunc(a)))
  UNOP(F32Nearest, float, f32, PUT_F32(numeric::Nearest(a)))
  UNOP(F32Sqrt, float, f32, PUT_F32(std::sqrt(a)))
  BINOP(F32Add, float, f32, PUT_F32(a + b))
  BINOP(F32Sub, float, f32, PUT_F32(a - b))
  BINOP(F32Mul, float, f32, PUT_F32(a * b))
  BINOP(F32Div, float, f32, PUT_F32(a / b))
  BINOP(F32Min, float, f32, PUT_F32(numeric::Min(a, b)))
  BINOP(F32Max, float, f32, PUT_F32(numeric::Max(a, b)))
  BINOP(F32Copysign, uint32_t, i32, PUT_I32((a & 0x7FFFFFFFu) | (b & 0x80000000u)))
  UNOP(F64Abs, uint64_t, i64, PUT_I64(a & 0x7FFFFFFFFFFFFFFFull))
  UNOP(F64Neg, uint64_t, i64, PUT_I64(a ^ 0x8000000000000000ull))
  UNOP(F64Ceil, double, f64, PUT_F64(numeric::Ceil(a)))
  UNOP(F64Floor, double, f64, PUT_F64(numeric::Floor(a)))
  UNOP(F64Trunc, double, f64, PUT_F64(numeric::Trunc(a)))
  UNOP(F64Nearest, double, f64, PUT_F64(numeric::Nearest(a)))
  UNOP(F64Sqrt, double, f64, PUT_F64(std::sqrt(a)))
  BINOP(F64Add, double, f64, PUT_F64(a + b))
  BINOP(F64Sub, double, f64, PUT_F64(a - b))
  BINOP(F64Mul, double, f64, PUT_F64(a * b))
  BINOP(F64Div, double, f64, PUT_F64(a / b))
  BINOP(F64Min, double, f64, PUT_F64(numeric::Min(a, b)))
  BINOP(F64Max, double, f64, PUT_F64(numeric::Max(a, b)))
  BINOP(F64Copysign, uint64_t, i64,
        PUT_I64((a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull)))

  // ---- conversions ----------------------------------------------------------
#define TRUNC(name, I, F, field, put)                 \
  UNOP(name, F, field, {                              \
    if (std::isnan(a)) TRAP(kInvalidConversion);      \
    if (!TruncInRange<I>(a)) TRAP(kIntegerOverflow);  \
    put(I(a));                                        \
  })
  UNOP(I32WrapI64, uint64_t, i64, PUT_I32(a))
  TRUNC(I32TruncF32S, int32_t, float, f32, PUT_I32)
  TRUNC(I32TruncF32U, uint32_t, float, f32, PUT_I32)
  TRUNC(I32TruncF64S, int32_t, double, f64, PUT_I32)
  TRUNC(I32TruncF64U, uint32_t, double, f64, PUT_I32)
  UNOP(I64ExtendI32S, int32_t, i32, PUT_I64(int64_t(a)))
  UNOP(I64ExtendI32U, uint32_t, i32, PUT_I64(a))
  TRUNC(I64TruncF32S, int64_t, float, f32, PUT_I64)
  TRUNC(I64TruncF32U, uint64_t, float, f32, PUT_I64)
  TRUNC(I64TruncF64S, int64_t, double, f64, PUT_I64)
  TRUNC(I64TruncF64U, uint64_t, double, f64, PUT_I64)
  UNOP(F32ConvertI32S, int32_t, i32, PUT_F32(float(a)))
  UNOP(F32ConvertI32U, uint32_t, i32, PUT_F32(float(a)))
  UNOP(F32ConvertI64S, int64_t, i64, PUT_F32(float(a)))
  UNOP(F32ConvertI64U, uint64_t, i64, PUT_F32(float(a)))
  UNOP(F32DemoteF64, double, f64, PUT_F32(float(a)))
  UNOP(F64ConvertI32S, int32_t, i32, PUT_F64(double(a)))
  UNOP(F64ConvertI32U, uint32_t, i32, PUT_F64(double(a)))
  UNOP(F64ConvertI64S, int64_t, i64, PUT_F64(double(a)))
  UNOP(F64ConvertI64U, uint64_t, i64, PUT_F64(double(a)))
  UNOP(F64PromoteF32, float, f32, PUT_F64(double(a)))
  // Reinterpretations: the slot already holds the bits; clear the high half
  // of a 32-bit value for determinism.
  UNOP(I32ReinterpretF32, uint32_t, i32, PUT_I32(a))
  UNOP(I64ReinterpretF64, uint64_t, i64, PUT_I64(a))
  UNOP(F32ReinterpretI32, uint32_t, i32, PUT_I32(a))
  UNOP(F64ReinterpretI64, uint64_t, i64, PUT_I64(a))
  UNOP(I32Extend8S, uint32_t, i32, PUT_I32(int32_t(int8_t(a))))
  UNOP(I32Extend16S, uint32_t, i32, PUT_I32(int32_t(int16_t(a))))
  UNOP(I64Extend8S, uint64_t, i64, PUT_I64(int64_t(int8_t(a))))
  UNOP(I64Extend16S, uint64_t, i64, PUT_I64(int64_t(int16_t(a))))
  UNOP(I64Extend32S, uint64_t, i64, PUT_I64(int64_t(int32_t(a))))
  UNOP(I32TruncSatF32S, float, f32, PUT_I32(TruncSat<int32_t>(a)))
  UNOP(I32TruncSatF32U, float, f32, PUT_I32(TruncSat<uint32_t>(a)))
  UNOP(I32TruncSatF64S, double, f64, PUT_I32(TruncSat<int32_t>(a)))
  UNOP(I32TruncSatF64U, double, f64, PUT_I32(TruncSat<uint32_t>(a)))
  UNOP(I64TruncSatF32S, float, f32, PUT_I64(TruncSat<int64_t>(a)))
  UNOP(I64TruncSatF32U, float, f32, PUT_I64(TruncSat<uint64_t>(a)))
  UNOP(I64TruncSatF64S, double, f64, PUT_I64(TruncSat<int64_t>(a)))
  UNOP(I64TruncSatF64U, double, f64, PUT_I64(TruncSat<uint64_t>(a)))

  // ---- fixed-width SIMD ------------------------------------------------------
#include "runtime/interp/simd_handlers.inc"

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
#undef TICK
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

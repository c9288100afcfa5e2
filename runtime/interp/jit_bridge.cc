#include "runtime/interp/jit_bridge.h"

#include <pthread.h>

#include <algorithm>
#include <cstdint>

#include "runtime/interp/exec_context.h"
#include "runtime/objects/linear_memory.h"

namespace wasmrt {
namespace {

using jit::JitState;

ExecContext& Ctx(JitState* js) { return *static_cast<ExecContext*>(js->ctx); }

// Compiled code stops this far above the bottom of the thread's stack, so
// host functions and nested interpretation still have room.
constexpr uintptr_t kNativeStackReserve = 256 * 1024;

uintptr_t ThreadStackLimit() {
  thread_local uintptr_t limit = [] {
    pthread_attr_t attr;
    void* low = nullptr;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      pthread_attr_getstack(&attr, &low, &size);
      pthread_attr_destroy(&attr);
    }
    if (low == nullptr || size <= 2 * kNativeStackReserve) {
      // Unknown: allow 1 MiB below the current frame.
      uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
      return here - (uintptr_t(1) << 20);
    }
    return reinterpret_cast<uintptr_t>(low) + kNativeStackReserve;
  }();
  return limit;
}

void LoadMemory(JitState* js, InstanceState* inst) {
  js->inst = inst;
  if (inst->memory != nullptr) {
    js->mem_base = inst->memory->data();
    js->mem_size = inst->memory->size_bytes();
  } else {
    js->mem_base = nullptr;
    js->mem_size = 0;
  }
}

// Fuel crosses into code that counts on ctx.fuel (host functions,
// interpretation) and back into the slice.
void FuelToContext(JitState* js) {
  Ctx(js).fuel = js->fuel_left + std::max<int64_t>(js->budget, 0);
}
void FuelFromContext(JitState* js) {
  int64_t total = Ctx(js).fuel;
  js->budget = std::min(std::max<int64_t>(js->budget, 0), total);
  js->fuel_left = total - js->budget;
}

uint32_t Refuel(JitState* js) {
  Refill r = Refuel(Ctx(js), js->fuel_left, js->budget);
  if (r.trap != TrapCode::kNone) {
    js->budget = 0;
    js->fuel_left = r.fuel_left;
    return uint32_t(r.trap);
  }
  js->budget = r.budget;
  js->fuel_left = r.fuel_left;
  return 0;
}

// Any function, called from compiled code of js->inst with its arguments
// at `args`; js->inst and its memory are the caller's again on return.
uint32_t CallFunction(JitState* js, FunctionInstance* f, Slot* args) {
  InstanceState* caller = js->inst;
  ExecContext& ctx = Ctx(js);
  TrapCode trap;
  if (f->jit_entry != nullptr) {
    LoadMemory(js, f->instance);
    trap = TrapCode(reinterpret_cast<jit::EntryFn>(const_cast<void*>(f->jit_entry))(js, args, 0));
  } else {
    Slot* saved_top = ctx.sp_top;
    ctx.sp_top = args + std::max(f->param_slots, f->result_slots) - 1;
    FuelToContext(js);
    if (f->code == nullptr) {
      if (args + f->result_slots > ctx.stack_end()) {
        trap = TrapCode::kCallStackExhausted;
      } else {
        trap = TrapCode(f->host(caller, args, args));
      }
      if (trap != TrapCode::kNone && js->trap_func == nullptr) js->trap_func = f;
    } else {
      // Interpreted frames count on top of the compiled ones, so the call
      // depth is bounded the same whichever tier runs each function.
      Frame* saved_frame = ctx.frame_top;
      ctx.frame_top = std::max(ctx.frame_top,
                               ctx.frames_begin() + std::min(js->depth, js->max_depth));
      trap = RunInterpreted(ctx, f, args);
      ctx.frame_top = saved_frame;
      if (trap != TrapCode::kNone && js->trap_func == nullptr) js->trap_func = ctx.trap_func;
    }
    FuelFromContext(js);
    ctx.sp_top = saved_top;
  }
  LoadMemory(js, caller);
  return uint32_t(trap);
}

uint32_t Call(JitState* js, Slot* args, uint32_t func_index) {
  return CallFunction(js, js->inst->funcs[func_index], args);
}

// A failed check is the caller's trap: the compiled caller names itself.
uint32_t CallIndirect(JitState* js, Slot* args, uint32_t type_index, uint32_t table,
                      uint32_t elem) {
  const TableInstance* t = js->inst->tables[table];
  if (elem >= t->elems.size()) return uint32_t(TrapCode::kUndefinedElement);
  auto* callee = static_cast<FunctionInstance*>(const_cast<void*>(t->elems[elem]));
  if (callee == nullptr) return uint32_t(TrapCode::kUninitializedElement);
  if (callee->type_id != js->inst->type_ids[type_index]) {
    return uint32_t(TrapCode::kIndirectCallTypeMismatch);
  }
  return CallFunction(js, callee, args);
}

// As the interpreter's memory.grow: the call's memory cap is below the
// memory's own maximum, so growing past it fails (-1).
uint32_t MemoryGrow(JitState* js, Slot* top) {
  LinearMemory* memory = js->inst->memory;
  uint32_t delta = top->i32;
  if (uint64_t(memory->pages()) + delta > Ctx(js).memory_limit_pages) {
    top->i64 = 0xFFFFFFFFu;
  } else {
    top->i64 = uint32_t(memory->Grow(delta));
  }
  LoadMemory(js, js->inst);
  return 0;
}

}  // namespace

void InitJitState(ExecContext& ctx) {
  JitState& js = ctx.jit;
  js.ctx = &ctx;
  js.refuel = &Refuel;
  js.call = &Call;
  js.call_indirect = &CallIndirect;
  js.memory_grow = &MemoryGrow;
  js.bulk = &JitBulk;
}

TrapCode EnterCompiled(ExecContext& ctx, FunctionInstance* callee, Slot* fp,
                       int64_t& budget, int64_t& fuel_left, uint32_t frames_in_use) {
  JitState& js = ctx.jit;
  JitState saved = js;
  LoadMemory(&js, callee->instance);
  js.budget = budget;
  js.fuel_left = fuel_left;
  js.trap_func = nullptr;
  js.stack_limit = ThreadStackLimit();
  js.stack_end = ctx.stack_end();
  js.max_depth = uint32_t(ctx.frames_end() - ctx.frames_begin());
  js.depth = std::max(js.depth, frames_in_use);
  auto entry = reinterpret_cast<jit::EntryFn>(const_cast<void*>(callee->jit_entry));
  TrapCode trap = TrapCode(entry(&js, fp, 0));
  budget = js.budget;
  fuel_left = js.fuel_left;
  if (trap != TrapCode::kNone) ctx.trap_func = js.trap_func;
  // An outer compiled frame continues with its own instance and nesting.
  js.inst = saved.inst;
  js.mem_base = saved.mem_base;
  js.mem_size = saved.mem_size;
  js.depth = saved.depth;
  js.trap_func = saved.trap_func;
  if (js.inst != nullptr) LoadMemory(&js, js.inst);
  return trap;
}

}  // namespace wasmrt

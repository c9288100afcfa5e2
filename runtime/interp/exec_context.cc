#include "runtime/interp/exec_context.h"

#include <algorithm>

#include "runtime/interp/jit_bridge.h"

namespace wasmrt {

ExecContext::ExecContext(uint32_t value_stack_slots, uint32_t max_call_depth)
    : stack_(new Slot[value_stack_slots]),
      frames_(new Frame[max_call_depth + 1]),
      stack_slots_(value_stack_slots),
      max_frames_(max_call_depth) {
  sp_top = stack_.get() - 1;
  frame_top = frames_.get();
  InitJitState(*this);
}

// Out of line: it runs once per kPollInterval units.
[[gnu::noinline]] Refill Refuel(ExecContext& ctx, int64_t fuel_left, int64_t budget) {
  if (ctx.interrupt != nullptr && ctx.interrupt->load(std::memory_order_relaxed)) {
    return {TrapCode::kInterrupted, 0, fuel_left};
  }
  if (ctx.has_deadline && std::chrono::steady_clock::now() >= ctx.deadline) {
    return {TrapCode::kTimeout, 0, fuel_left};
  }
  int64_t left = fuel_left + budget;  // budget < 0: the overdraft
  if (left < 0) return {TrapCode::kFuelExhausted, 0, 0};
  int64_t slice = std::min(left, ExecContext::kPollInterval);
  return {TrapCode::kNone, slice, left - slice};
}

}  // namespace wasmrt

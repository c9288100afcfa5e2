// The state of one thread of execution: value stack, call frames, fuel and
// deadline, and where a trap is reported. One per Store (or per pooled
// instance); reused across calls, so calls allocate nothing.
#ifndef WASMRT_RUNTIME_INTERP_EXEC_CONTEXT_H_
#define WASMRT_RUNTIME_INTERP_EXEC_CONTEXT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>

#include "runtime/base/trap.h"
#include "runtime/base/value.h"
#include "runtime/code/code.h"
#include "runtime/jit/abi.h"
#include "runtime/objects/objects.h"

namespace wasmrt {

struct Frame {
  const CodeWord* ret_pc;  // null marks the frame the host entered from
  Slot* fp;
  FunctionInstance* func;
};

// What a fuel slice that ran out (`budget` < 0 after a charge) turns into:
// the interruption flag and the deadline are checked, the overdraft paid
// from the remaining fuel and the next slice handed out, or a trap.
struct Refill {
  TrapCode trap;
  int64_t budget;
  int64_t fuel_left;
};
class ExecContext;
Refill Refuel(ExecContext& ctx, int64_t fuel_left, int64_t budget);

class ExecContext {
 public:
  ExecContext(uint32_t value_stack_slots, uint32_t max_call_depth);

  // Fuel: one unit per wasm instruction executed, charged per straight-line
  // run (runtime/code/code.h). kUnlimited disables it.
  static constexpr int64_t kUnlimited = std::numeric_limits<int64_t>::max();
  int64_t fuel = kUnlimited;
  // Checked every kPollInterval units of work; either ends the call with a
  // trap (kTimeout / kInterrupted).
  bool has_deadline = false;
  std::chrono::steady_clock::time_point deadline;
  const std::atomic<bool>* interrupt = nullptr;
  // memory.grow fails (-1) beyond this many pages, whatever the maximum.
  uint64_t memory_limit_pages = UINT64_MAX;

  // The outcome of the last trap.
  TrapCode trap = TrapCode::kNone;
  const FunctionInstance* trap_func = nullptr;
  int32_t exit_code = 0;

  // Stack bounds. `sp_top` is the highest slot in use by running frames:
  // a host function that calls back into wasm starts above it.
  Slot* stack_begin() const { return stack_.get(); }
  Slot* stack_end() const { return stack_.get() + stack_slots_; }
  Slot* sp_top = nullptr;
  Frame* frames_begin() const { return frames_.get(); }
  Frame* frames_end() const { return frames_.get() + max_frames_; }
  Frame* frame_top = nullptr;

  static constexpr int64_t kPollInterval = 10000;

  // The state compiled code runs with (runtime/jit/abi.h), its helpers
  // filled in by the constructor (jit_bridge.cc).
  jit::JitState jit;

 private:
  std::unique_ptr<Slot[]> stack_;
  std::unique_ptr<Frame[]> frames_;
  uint32_t stack_slots_;
  uint32_t max_frames_;
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_INTERP_EXEC_CONTEXT_H_

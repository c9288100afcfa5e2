#include "runtime/interp/exec_context.h"

namespace wasmrt {

ExecContext::ExecContext(uint32_t value_stack_slots, uint32_t max_call_depth)
    : stack_(new Slot[value_stack_slots]),
      frames_(new Frame[max_call_depth + 1]),
      stack_slots_(value_stack_slots),
      max_frames_(max_call_depth) {
  sp_top = stack_.get() - 1;
  frame_top = frames_.get();
}

}  // namespace wasmrt

#include "runtime/interp/code_builder.h"

#include <cstddef>

namespace wasmrt::interp {

uint32_t CodeBuilder::Op(IOp op) {
  uint32_t at = pos();
  code_.emplace_back();
  SetOp(at, op);
  return at;
}

void CodeBuilder::SetOp(uint32_t index, IOp op) {
  if (handlers_ != nullptr) {
    code_[index].handler = handlers_[size_t(op)];
  } else {
    code_[index].u64 = uint64_t(op);
  }
}

// A pending offset word temporarily holds its operation's index so Patch
// can compute the relative offset without a side table.
uint32_t CodeBuilder::ForwardOffset(uint32_t op_pos) {
  uint32_t at = pos();
  Imm(op_pos);
  return at;
}

void CodeBuilder::Patch(uint32_t fixup, uint32_t target) {
  int64_t op_pos = int64_t(code_[fixup].u64);
  code_[fixup].i64 = int64_t(target) - op_pos;
}

}  // namespace wasmrt::interp

// The interpreter's translator: structured control and branches. Forward
// branches are chained per label (fixups_) and patched when its end is
// reached; a loop's label is its first body word.
#include "runtime/binary/opcode.h"
#include "runtime/interp/translator.h"

namespace wasmrt::interp {

// block, loop and if: the frame is open on the validator's side.
// Nothing is emitted for a frame opened in unreachable code.
void InterpTranslator::Open(const wasmrt::Instr& in, bool reachable) {
  Label l;
  if (in.op == Opcode::kLoop && reachable) {
    PlaceLabel(/*reachable=*/true);
    l.loop_pos = code_.pos();
  }
  if (in.op == Opcode::kIf && reachable) {
    uint32_t op = fuser_.CondBranch(/*when_true=*/false);
    l.else_fixup = int32_t(code_.ForwardOffset(op));
    code_.Imm(TakeFuel());
  }
  labels_.push_back(l);
}

// `reachable`: the then-branch falls through.
void InterpTranslator::Else(bool reachable) {
  Label& l = labels_.back();
  if (reachable) {
    // Jump over the else-branch.
    uint32_t op = code_.Op(IOp::kJump);
    AddFixup(&l, code_.ForwardOffset(op));
    code_.Imm(TakeFuel());
  }
  pending_fuel_ = 0;
  fuser_.Barrier();
  if (l.else_fixup >= 0) {
    code_.Patch(uint32_t(l.else_fixup), code_.pos());
    l.else_fixup = -1;
  }
}

// `reachable`: the frame's last instructions fall through to its end.
void InterpTranslator::End(bool reachable) {
  const Label& l = labels_.back();
  bool has_fixups = l.fixups >= 0;
  // Branches land here: the run falling through pays before the label.
  if (has_fixups || l.else_fixup >= 0) PlaceLabel(reachable);
  fuser_.Barrier();
  uint32_t target = code_.pos();
  PatchFixups(l, target);
  if (l.else_fixup >= 0) code_.Patch(uint32_t(l.else_fixup), target);
  if (labels_.size() == 1 && (reachable || has_fixups)) {  // the function's
    code_.Op(IOp::kReturnN);
    code_.Imm(result_slots_);
    code_.Imm(TakeFuel());
  }
  labels_.pop_back();
}

// br and br_if, reachable. `height`: the operand stack in slots with the
// label's values still on it.
void InterpTranslator::Br(uint32_t depth, uint32_t height, bool conditional,
                          absl::Span<const ControlFrame> frames) {
  const ControlFrame& f = frames[frames.size() - 1 - depth];
  uint32_t keep = Slots(validate::LabelTypes(module_, f));
  if (f.is_func && !conditional) {
    // A branch to the function's label is a return (spec 3.3.8.7).
    code_.Op(IOp::kReturnN);
    code_.Imm(keep);
    code_.Imm(TakeFuel());
    return;
  }
  bool adjust = height - f.slot_base - keep != 0;
  IOp kind = conditional ? (adjust ? IOp::kJumpIfAdjust : IOp::kJumpIf)
                         : (adjust ? IOp::kJumpAdjust : IOp::kJump);
  uint32_t op = kind == IOp::kJumpIf ? fuser_.CondBranch(/*when_true=*/true)
                                     : code_.Op(kind);
  BranchTarget(depth, frames, op, height, adjust);
  code_.Imm(TakeFuel());
}

void InterpTranslator::BrTable(const InstrTypes& types,
                               absl::Span<const ControlFrame> frames) {
  uint32_t height = types.slots_before - 1;  // the index popped
  uint32_t op = code_.Op(IOp::kJumpTable);
  code_.Imm(types.br_table.size());
  code_.Imm(TakeFuel());
  for (uint32_t depth : types.br_table) {
    BranchTarget(depth, frames, op, height, /*with_keepdrop=*/true);
  }
  BranchTarget(types.br_default, frames, op, height, /*with_keepdrop=*/true);
}

void InterpTranslator::Return() {
  code_.Op(IOp::kReturnN);
  code_.Imm(result_slots_);
  code_.Imm(TakeFuel());
}

uint32_t InterpTranslator::Slots(absl::Span<const ValType> types) const {
  uint32_t n = 0;
  for (ValType t : types) n += SlotCount(t);
  return n;
}

void InterpTranslator::AddFixup(Label* l, uint32_t word) {
  fixups_.push_back(Fixup{word, l->fixups});
  l->fixups = int32_t(fixups_.size() - 1);
}

void InterpTranslator::PatchFixups(const Label& l, uint32_t target) {
  for (int32_t i = l.fixups; i >= 0; i = fixups_[i].next) {
    code_.Patch(fixups_[i].word, target);
  }
}

void InterpTranslator::BranchTarget(uint32_t depth,
                                    absl::Span<const ControlFrame> frames,
                                    uint32_t op, uint32_t height,
                                    bool with_keepdrop) {
  const ControlFrame& f = frames[frames.size() - 1 - depth];
  Label& l = labels_[labels_.size() - 1 - depth];
  if (f.kind == Opcode::kLoop) {
    code_.Offset(op, l.loop_pos);
  } else {
    AddFixup(&l, code_.ForwardOffset(op));
  }
  if (with_keepdrop) {
    uint32_t keep = Slots(validate::LabelTypes(module_, f));
    code_.Imm(KeepDrop(keep, height - f.slot_base - keep));
  }
}

void InterpTranslator::PlaceLabel(bool reachable) {
  if (reachable && pending_fuel_ != 0) {
    code_.Op(IOp::kCharge);
    code_.Imm(TakeFuel());
  }
  pending_fuel_ = 0;
  fuser_.Barrier();
}

}  // namespace wasmrt::interp

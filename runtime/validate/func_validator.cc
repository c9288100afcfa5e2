// Function bodies: the driver, the operand and control stacks, and control
// instructions (spec 3.3.8 and the appendix's validation algorithm). The
// other instructions are in func_instrs.cc.
#include "runtime/validate/func_validator.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "runtime/binary/opcode.h"

namespace wasmrt::validate {

absl::StatusOr<CompiledFunction> FuncValidator::Run(uint32_t defined_index) {
  const Module& m = *ctx_.module;
  const FunctionBody& body = m.functions[defined_index];
  func_index_ = m.num_imported_funcs + defined_index;
  defined_index_ = defined_index;
  entry_run_ = true;
  where_ = absl::StrCat("func ", func_index_);
  const FuncType& ft = m.types[body.type];

  CompiledFunction out;
  out.type_index = body.type;
  out.param_slots = Slots(ft.params);
  out.local_slots = Slots(body.locals);
  out.result_slots = Slots(ft.results);

  code_ = CodeBuilder(handlers_);
  fuser_.Reset();
  pending_fuel_ = 0;
  stack_.clear();
  ctrls_.clear();
  fixups_.clear();
  slots_ = 0;
  max_slots_ = 0;
  locals_.clear();
  locals_.insert(locals_.end(), ft.params.begin(), ft.params.end());
  locals_.insert(locals_.end(), body.locals.begin(), body.locals.end());
  local_slot_.resize(locals_.size());
  local_state_.assign(locals_.size(), 0);
  uint32_t slot = 0;
  for (size_t i = 0; i < locals_.size(); ++i) {
    local_slot_[i] = slot;
    slot += SlotCount(locals_[i]);
  }

  Frame func;
  func.is_func = true;
  func.type.kind = BlockType::Kind::kTypeIndex;
  func.type.type_index = body.type;
  ctrls_.push_back(func);

  const uint8_t* begin = body.code.data();
  InstrReader reader(begin, begin + body.code.size(), body.code_offset);
  reader_ = &reader;
  while (!reader.AtEnd()) {
    if (ctrls_.empty()) {
      return InvalidAt("operators remaining after end of function", where_,
                       reader.offset());
    }
    WASMRT_VALIDATE_RETURN_IF_ERROR(reader.Next(&cur_));
    WASMRT_VALIDATE_RETURN_IF_ERROR(Step());
  }
  if (!ctrls_.empty()) {
    return InvalidAt("END opcode expected", where_, reader.offset());
  }
  out.max_stack_slots = max_slots_;
  out.code = code_.Take();
  // Zero the declared locals' slots from the first to the last one that
  // may be read before written.
  out.zero_begin = out.zero_end = out.param_slots;
  bool any = false;
  for (size_t i = ft.params.size(); i < locals_.size(); ++i) {
    if (local_state_[i] == kWrittenFirst) continue;
    uint32_t end = local_slot_[i] + SlotCount(locals_[i]);
    if (!any) out.zero_begin = local_slot_[i];
    out.zero_end = end;
    any = true;
  }
  return out;
}

void LinkDirectCalls(const std::vector<FuncValidator::DirectCall>& calls,
                     uint32_t num_imported_funcs, bool with_handlers,
                     std::vector<CompiledFunction>* code) {
  for (const FuncValidator::DirectCall& c : calls) {
    CodeWord* w = (*code)[c.caller].code.data() + c.pos;
    const CompiledFunction& callee = (*code)[w[1].u64 - num_imported_funcs];
    // Without handlers (tests, listings) the entry stays 0: deterministic.
    w[3].handler = with_handlers ? callee.code.data() : nullptr;
    w[4].u64 = KeepDrop(callee.param_slots, callee.local_slots);
    w[5].u64 = KeepDrop(callee.zero_begin, callee.zero_end);
    w[6].u64 = callee.max_stack_slots;
  }
}

absl::Status FuncValidator::Step() {
  // Any control instruction ends the straight entry run (the zeroing
  // analysis in Local()).
  if (entry_run_ && cur_.op <= Opcode::kReturn) {  // unreachable ... return
    entry_run_ = false;
  }
  // `else` and `end` delimit instructions (spec 2.4.8) and cost nothing.
  if (Live() && cur_.op != Opcode::kElse && cur_.op != Opcode::kEnd) {
    ++pending_fuel_;
  }
  switch (cur_.op) {
    case Opcode::kUnreachable:
      if (Live()) code_.Op(IOp::kUnreachable);
      SetUnreachable();
      return absl::OkStatus();
    case Opcode::kNop: return absl::OkStatus();
    case Opcode::kBlock: return Block(Opcode::kBlock);
    case Opcode::kLoop: return Block(Opcode::kLoop);
    case Opcode::kIf: return If();
    case Opcode::kElse: return Else();
    case Opcode::kEnd: return End();
    case Opcode::kBr: return Br();
    case Opcode::kBrIf: return BrIf();
    case Opcode::kBrTable: return BrTable();
    case Opcode::kReturn: return Return();
    case Opcode::kCall: return Call();
    case Opcode::kCallIndirect: return CallIndirect();
    case Opcode::kDrop: return Drop();
    case Opcode::kSelect: return Select(false);
    case Opcode::kSelectT: return Select(true);
    case Opcode::kLocalGet:
    case Opcode::kLocalSet:
    case Opcode::kLocalTee: return Local();
    case Opcode::kGlobalGet:
    case Opcode::kGlobalSet: return Global();
    case Opcode::kTableGet:
    case Opcode::kTableSet:
    case Opcode::kTableSize:
    case Opcode::kTableGrow:
    case Opcode::kTableFill:
    case Opcode::kTableCopy:
    case Opcode::kTableInit:
    case Opcode::kElemDrop: return Table();
    case Opcode::kRefNull:
    case Opcode::kRefIsNull:
    case Opcode::kRefFunc: return Ref();
    case Opcode::kMemorySize:
    case Opcode::kMemoryGrow:
    case Opcode::kMemoryFill:
    case Opcode::kMemoryCopy:
    case Opcode::kMemoryInit:
    case Opcode::kDataDrop: return Memory();
    default: break;
  }
  const OpcodeInfo& info = GetOpcodeInfo(cur_.op);
  if (info.prefix == 0xFD) return Simd();
  if (info.imm == ImmKind::kMemarg) return Memory();
  return FixedSignature();
}

// ---- Operand stack ---------------------------------------------------------

void FuncValidator::Push(ValType t) {
  stack_.push_back(t);
  slots_ += t == kUnknown ? 1 : SlotCount(t);
  if (slots_ > max_slots_ && Live()) max_slots_ = slots_;
}

void FuncValidator::PushVals(absl::Span<const ValType> types) {
  for (ValType t : types) Push(t);
}

absl::Status FuncValidator::PopAny(ValType* got) {
  const Frame& f = ctrls_.back();
  if (stack_.size() == f.height) {
    if (f.unreachable) {
      *got = kUnknown;
      return absl::OkStatus();
    }
    return Error("type mismatch", "expected a value, got nothing");
  }
  ValType t = stack_.back();
  stack_.pop_back();
  slots_ -= t == kUnknown ? 1 : SlotCount(t);
  *got = t;
  return absl::OkStatus();
}

absl::Status FuncValidator::Pop(ValType expected, ValType* got) {
  const Frame& f = ctrls_.back();
  if (stack_.size() == f.height && !f.unreachable) {
    return Mismatch(expected, kUnknown);
  }
  ValType t = kUnknown;
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopAny(&t));
  if (t != expected && t != kUnknown && expected != kUnknown) {
    return Mismatch(expected, t);
  }
  if (got != nullptr) *got = t == kUnknown ? expected : t;
  return absl::OkStatus();
}

absl::Status FuncValidator::PopVals(absl::Span<const ValType> types) {
  for (size_t i = types.size(); i-- > 0;) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(types[i]));
  }
  return absl::OkStatus();
}

// Same check as PopVals followed by pushing the popped values back, without
// touching the stack (br_table checks every label against the same values).
absl::Status FuncValidator::PeekVals(absl::Span<const ValType> types) {
  const Frame& f = ctrls_.back();
  size_t n = types.size();
  for (size_t i = 0; i < n; ++i) {
    ValType expected = types[n - 1 - i];
    if (stack_.size() - f.height <= i) {
      if (f.unreachable) return absl::OkStatus();
      return Mismatch(expected, kUnknown);
    }
    ValType t = stack_[stack_.size() - 1 - i];
    if (t != expected && t != kUnknown) return Mismatch(expected, t);
  }
  return absl::OkStatus();
}

void FuncValidator::SetUnreachable() {
  Frame& f = ctrls_.back();
  stack_.resize(f.height);
  slots_ = f.slot_base;
  f.unreachable = true;
  pending_fuel_ = 0;  // the run ended with its branch (or traps)
}

void FuncValidator::PlaceLabel() {
  if (Live() && pending_fuel_ != 0) {
    code_.Op(IOp::kCharge);
    code_.Imm(TakeFuel());
  }
  pending_fuel_ = 0;
  fuser_.Barrier();
}

// ---- Control stack ---------------------------------------------------------

absl::Status FuncValidator::CheckBlockType(const BlockType& bt) {
  if (bt.kind == BlockType::Kind::kTypeIndex &&
      bt.type_index >= ctx_.module->types.size()) {
    return Error(absl::StrCat("unknown type ", bt.type_index));
  }
  return absl::OkStatus();
}

absl::Span<const ValType> FuncValidator::Params(const BlockType& bt) const {
  if (bt.kind != BlockType::Kind::kTypeIndex) return {};
  return ctx_.module->types[bt.type_index].params;
}

absl::Span<const ValType> FuncValidator::Results(const BlockType& bt) const {
  switch (bt.kind) {
    case BlockType::Kind::kEmpty: return {};
    case BlockType::Kind::kValue: return absl::Span<const ValType>(&bt.value, 1);
    case BlockType::Kind::kTypeIndex:
      return ctx_.module->types[bt.type_index].results;
  }
  return {};
}

absl::Status FuncValidator::Label(uint32_t depth, Frame** frame) {
  if (depth >= ctrls_.size()) {
    return Error(absl::StrCat("unknown label ", depth));
  }
  *frame = &ctrls_[ctrls_.size() - 1 - depth];
  return absl::OkStatus();
}

// block and loop: pop the parameters, open the frame, push them back.
absl::Status FuncValidator::Block(Opcode kind) {
  WASMRT_VALIDATE_RETURN_IF_ERROR(CheckBlockType(cur_.block_type));
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(Params(cur_.block_type)));
  Frame f;
  f.kind = kind;
  f.type = cur_.block_type;
  f.dead = !Live();
  f.height = uint32_t(stack_.size());
  f.slot_base = slots_;
  if (kind == Opcode::kLoop && !f.dead) {
    PlaceLabel();
    f.loop_pos = code_.pos();
  }
  ctrls_.push_back(f);
  PushVals(Params(cur_.block_type));
  return absl::OkStatus();
}

absl::Status FuncValidator::If() {
  WASMRT_VALIDATE_RETURN_IF_ERROR(CheckBlockType(cur_.block_type));
  WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(ValType::kI32));
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(Params(cur_.block_type)));
  Frame f;
  f.kind = Opcode::kIf;
  f.type = cur_.block_type;
  f.dead = !Live();
  f.height = uint32_t(stack_.size());
  f.slot_base = slots_;
  if (!f.dead) {
    uint32_t op = fuser_.CondBranch(/*when_true=*/false);
    f.else_fixup = int32_t(code_.ForwardOffset(op));
    code_.Imm(TakeFuel());
  }
  ctrls_.push_back(f);
  PushVals(Params(cur_.block_type));
  return absl::OkStatus();
}

absl::Status FuncValidator::Else() {
  Frame& f = ctrls_.back();
  if (f.kind != Opcode::kIf) return Error("else without matching if");
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(Results(f.type)));
  if (stack_.size() != f.height) {
    return Error("type mismatch",
                 absl::StrCat(stack_.size() - f.height,
                              " extra value(s) at end of if true branch"));
  }
  if (Live()) {
    // The then-branch falls through: jump over the else-branch.
    uint32_t op = code_.Op(IOp::kJump);
    AddFixup(&f, code_.ForwardOffset(op));
    code_.Imm(TakeFuel());
  }
  pending_fuel_ = 0;
  fuser_.Barrier();
  if (f.else_fixup >= 0) {
    code_.Patch(uint32_t(f.else_fixup), code_.pos());
    f.else_fixup = -1;
  }
  f.kind = Opcode::kElse;
  f.unreachable = false;
  slots_ = f.slot_base;
  PushVals(Params(f.type));
  return absl::OkStatus();
}

absl::Status FuncValidator::End() {
  Frame& f = ctrls_.back();
  absl::Span<const ValType> results = Results(f.type);
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(results));
  if (stack_.size() != f.height) {
    return Error("type mismatch",
                 absl::StrCat(stack_.size() - f.height,
                              " extra value(s) at end of block"));
  }
  // An if without else passes its parameters through the missing branch.
  if (f.kind == Opcode::kIf) {
    absl::Span<const ValType> params = Params(f.type);
    if (!std::equal(params.begin(), params.end(), results.begin(),
                    results.end())) {
      return Error("type mismatch", "if without else must produce its inputs");
    }
  }
  bool has_fixups = f.fixups >= 0;
  // Branches land here: the run falling through pays before the label.
  if (has_fixups || f.else_fixup >= 0) PlaceLabel();
  fuser_.Barrier();
  uint32_t target = code_.pos();
  PatchFixups(f, target);
  if (f.else_fixup >= 0) code_.Patch(uint32_t(f.else_fixup), target);
  if (f.is_func) {
    if (!f.unreachable || has_fixups) {
      code_.Op(IOp::kReturnN);
      code_.Imm(Slots(results));
      code_.Imm(TakeFuel());
    }
    ctrls_.pop_back();
    return absl::OkStatus();
  }
  BlockType type = f.type;  // f dies with pop_back
  ctrls_.pop_back();
  PushVals(Results(type));
  return absl::OkStatus();
}

// ---- Branches --------------------------------------------------------------

absl::Status FuncValidator::Br() {
  Frame* target;
  WASMRT_VALIDATE_RETURN_IF_ERROR(Label(cur_.a, &target));
  uint32_t height = slots_;
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(LabelTypes(*target)));
  if (Live()) EmitBranch(target, height, /*conditional=*/false);
  SetUnreachable();
  return absl::OkStatus();
}

absl::Status FuncValidator::BrIf() {
  Frame* target;
  WASMRT_VALIDATE_RETURN_IF_ERROR(Label(cur_.a, &target));
  WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(ValType::kI32));
  uint32_t height = slots_;
  absl::Span<const ValType> types = LabelTypes(*target);
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(types));
  PushVals(types);
  if (Live()) EmitBranch(target, height, /*conditional=*/true);
  return absl::OkStatus();
}

absl::Status FuncValidator::BrTable() {
  const std::vector<uint32_t>& labels = reader_->br_table_targets();
  WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(ValType::kI32));
  Frame* def;
  WASMRT_VALIDATE_RETURN_IF_ERROR(Label(reader_->br_table_default(), &def));
  size_t arity = LabelTypes(*def).size();
  for (uint32_t depth : labels) {
    Frame* f;
    WASMRT_VALIDATE_RETURN_IF_ERROR(Label(depth, &f));
    absl::Span<const ValType> types = LabelTypes(*f);
    if (types.size() != arity) {
      return Error("type mismatch",
                   absl::StrCat("br_table label ", depth, " has arity ",
                                types.size(), ", default has ", arity));
    }
    WASMRT_VALIDATE_RETURN_IF_ERROR(PeekVals(types));
  }
  uint32_t height = slots_;
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(LabelTypes(*def)));
  if (Live()) {
    uint32_t op = code_.Op(IOp::kJumpTable);
    code_.Imm(labels.size());
    code_.Imm(TakeFuel());
    for (uint32_t depth : labels) {
      BranchTarget(&ctrls_[ctrls_.size() - 1 - depth], op, height, true);
    }
    BranchTarget(def, op, height, true);
  }
  SetUnreachable();
  return absl::OkStatus();
}

absl::Status FuncValidator::Return() {
  const Frame& func = ctrls_.front();
  absl::Span<const ValType> results = Results(func.type);
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(results));
  if (Live()) {
    code_.Op(IOp::kReturnN);
    code_.Imm(Slots(results));
    code_.Imm(TakeFuel());
  }
  SetUnreachable();
  return absl::OkStatus();
}

// ---- Translation helpers ---------------------------------------------------

uint32_t FuncValidator::Slots(absl::Span<const ValType> types) const {
  uint32_t n = 0;
  for (ValType t : types) n += SlotCount(t);
  return n;
}

void FuncValidator::AddFixup(Frame* f, uint32_t word) {
  fixups_.push_back(Fixup{word, f->fixups});
  f->fixups = int32_t(fixups_.size() - 1);
}

void FuncValidator::PatchFixups(const Frame& f, uint32_t target) {
  for (int32_t i = f.fixups; i >= 0; i = fixups_[i].next) {
    code_.Patch(fixups_[i].word, target);
  }
}

void FuncValidator::BranchTarget(Frame* f, uint32_t op, uint32_t height,
                                 bool with_keepdrop) {
  if (f->kind == Opcode::kLoop) {
    code_.Offset(op, f->loop_pos);
  } else {
    AddFixup(f, code_.ForwardOffset(op));
  }
  if (with_keepdrop) {
    uint32_t keep = Slots(LabelTypes(*f));
    code_.Imm(KeepDrop(keep, height - f->slot_base - keep));
  }
}

// `height`: the operand stack in slots with the label's values still on it.
void FuncValidator::EmitBranch(Frame* f, uint32_t height, bool conditional) {
  uint32_t keep = Slots(LabelTypes(*f));
  if (f->is_func && !conditional) {
    // A branch to the function's label is a return (spec 3.3.8.7).
    code_.Op(IOp::kReturnN);
    code_.Imm(keep);
    code_.Imm(TakeFuel());
    return;
  }
  bool adjust = height - f->slot_base - keep != 0;
  IOp kind = conditional ? (adjust ? IOp::kJumpIfAdjust : IOp::kJumpIf)
                         : (adjust ? IOp::kJumpAdjust : IOp::kJump);
  uint32_t op = kind == IOp::kJumpIf ? fuser_.CondBranch(/*when_true=*/true)
                                     : code_.Op(kind);
  BranchTarget(f, op, height, adjust);
  code_.Imm(TakeFuel());
}

// ---- Errors ----------------------------------------------------------------

absl::Status FuncValidator::Error(absl::string_view words,
                                  absl::string_view detail) const {
  return InvalidAt(words, where_, cur_.offset, detail);
}

absl::Status FuncValidator::Mismatch(ValType expected, ValType got) const {
  return Error("type mismatch",
               absl::StrCat("expected ", TypeName(expected), ", got ",
                            got == kUnknown ? "nothing" : TypeName(got)));
}

}  // namespace wasmrt::validate

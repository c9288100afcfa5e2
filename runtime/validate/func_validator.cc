// Function bodies: the driver, the operand and control stacks, and control
// instructions (spec 3.3.8 and the appendix's validation algorithm). The
// other instructions are in func_instrs.cc. Each valid instruction goes to
// the translator (translator.h); nothing here emits code.
#include "runtime/validate/func_validator.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "runtime/binary/opcode.h"

namespace wasmrt::validate {

absl::Status FuncValidator::Run(uint32_t defined_index) {
  const Module& m = *ctx_.module;
  const FunctionBody& body = m.functions[defined_index];
  func_index_ = m.num_imported_funcs + defined_index;
  where_ = absl::StrCat("func ", func_index_);
  const FuncType& ft = m.types[body.type];

  stack_.clear();
  ctrls_.clear();
  slots_ = 0;
  max_slots_ = 0;
  locals_.clear();
  locals_.insert(locals_.end(), ft.params.begin(), ft.params.end());
  locals_.insert(locals_.end(), body.locals.begin(), body.locals.end());

  Frame func;
  func.is_func = true;
  func.type.kind = BlockType::Kind::kTypeIndex;
  func.type.type_index = body.type;
  ctrls_.push_back(func);
  translator_->BeginFunction(
      FuncInfo{defined_index, func_index_, &ft, locals_}, ctrls_);

  const uint8_t* begin = body.code.data();
  InstrReader reader(begin, begin + body.code.size(), body.code_offset);
  reader_ = &reader;
  while (!reader.AtEnd()) {
    if (ctrls_.empty()) {
      return InvalidAt("operators remaining after end of function", where_,
                       reader.offset());
    }
    WASMRT_VALIDATE_RETURN_IF_ERROR(reader.Next(&cur_));
    bool reachable = Live();
    uint32_t slots_before = slots_;
    popped_.clear();
    pushed_.clear();
    WASMRT_VALIDATE_RETURN_IF_ERROR(Step());
    Translate(reachable, slots_before);
  }
  if (!ctrls_.empty()) {
    return InvalidAt("END opcode expected", where_, reader.offset());
  }
  return translator_->EndFunction(max_slots_);
}

void FuncValidator::Translate(bool reachable, uint32_t slots_before) {
  std::reverse(popped_.begin(), popped_.end());  // bottom of the stack first
  InstrTypes types;
  types.reachable = reachable;
  types.params = popped_;
  types.results = pushed_;
  types.slots_before = slots_before;
  types.slots_after = slots_;
  if (cur_.op == Opcode::kBrTable) {
    types.br_table = reader_->br_table_targets();
    types.br_default = reader_->br_table_default();
  }
  translator_->Instr(cur_, types, ctrls_);
}

absl::Status FuncValidator::Step() {
  switch (cur_.op) {
    case Opcode::kUnreachable:
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
  pushed_.push_back(t);
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
      popped_.push_back(kUnknown);
      return absl::OkStatus();
    }
    return Error("type mismatch", "expected a value, got nothing");
  }
  ValType t = stack_.back();
  stack_.pop_back();
  slots_ -= t == kUnknown ? 1 : SlotCount(t);
  popped_.push_back(t);
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
  if (t == kUnknown) popped_.back() = expected;  // the translator's view
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
}

// ---- Control stack ---------------------------------------------------------

absl::Status FuncValidator::CheckBlockType(const BlockType& bt) {
  if (bt.kind == BlockType::Kind::kTypeIndex &&
      bt.type_index >= ctx_.module->types.size()) {
    return Error(absl::StrCat("unknown type ", bt.type_index));
  }
  return absl::OkStatus();
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
  if (f.is_func) {
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
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(LabelTypes(*target)));
  SetUnreachable();
  return absl::OkStatus();
}

absl::Status FuncValidator::BrIf() {
  Frame* target;
  WASMRT_VALIDATE_RETURN_IF_ERROR(Label(cur_.a, &target));
  WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(ValType::kI32));
  absl::Span<const ValType> types = LabelTypes(*target);
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(types));
  PushVals(types);
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
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(LabelTypes(*def)));
  SetUnreachable();
  return absl::OkStatus();
}

absl::Status FuncValidator::Return() {
  const Frame& func = ctrls_.front();
  absl::Span<const ValType> results = Results(func.type);
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(results));
  SetUnreachable();
  return absl::OkStatus();
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

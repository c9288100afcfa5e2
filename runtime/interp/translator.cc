// The interpreter's translator: function boundaries, the per-instruction
// dispatch and the straight-line instructions. Control instructions and
// branches are in translate_control.cc.
#include "runtime/interp/translator.h"

#include <cstring>

#include "runtime/binary/opcode.h"
#include "runtime/validate/validator.h"

namespace wasmrt::interp {
namespace {

// Wasm instructions and their internal operations share names and order.
IOp SameOp(Opcode op) { return IOp(uint16_t(op)); }

}  // namespace

void InterpTranslator::BeginFunction(const validate::FuncInfo& func,
                                     absl::Span<const ControlFrame> frames) {
  const FunctionBody& body = module_.functions[func.defined_index];
  defined_index_ = func.defined_index;
  out_ = CompiledFunction();
  out_.type_index = body.type;
  out_.param_slots = Slots(func.type->params);
  out_.local_slots = Slots(body.locals);
  out_.result_slots = result_slots_ = Slots(func.type->results);
  code_ = CodeBuilder(handlers_);
  fuser_.Reset();
  pending_fuel_ = 0;
  labels_.assign(frames.size(), Label());
  fixups_.clear();
  entry_run_ = true;
  locals_.assign(func.locals.begin(), func.locals.end());
  local_slot_.resize(locals_.size());
  local_state_.assign(locals_.size(), kUntouched);
  uint32_t slot = 0;
  for (size_t i = 0; i < locals_.size(); ++i) {
    local_slot_[i] = slot;
    slot += SlotCount(locals_[i]);
  }
}

absl::Status InterpTranslator::EndFunction(uint32_t max_slots) {
  out_.max_stack_slots = max_slots;
  out_.code = code_.Take();
  // Zero the declared locals' slots from the first to the last one that
  // may be read before written.
  out_.zero_begin = out_.zero_end = out_.param_slots;
  bool any = false;
  size_t num_params = module_.types[out_.type_index].params.size();
  for (size_t i = num_params; i < locals_.size(); ++i) {
    if (local_state_[i] == kWrittenFirst) continue;
    uint32_t end = local_slot_[i] + SlotCount(locals_[i]);
    if (!any) out_.zero_begin = local_slot_[i];
    out_.zero_end = end;
    any = true;
  }
  done_.push_back(std::move(out_));
  return absl::OkStatus();
}

void InterpTranslator::Instr(const wasmrt::Instr& in, const InstrTypes& types,
                             absl::Span<const ControlFrame> frames) {
  // Any control instruction ends the straight entry run (the zeroing
  // analysis in Local()).
  if (entry_run_ && in.op <= Opcode::kReturn) {  // unreachable ... return
    entry_run_ = false;
  }
  bool live = types.reachable;
  // `else` and `end` delimit instructions (spec 2.4.8) and cost nothing.
  if (live && in.op != Opcode::kElse && in.op != Opcode::kEnd) {
    ++pending_fuel_;
  }
  switch (in.op) {
    case Opcode::kBlock:
    case Opcode::kLoop:
    case Opcode::kIf: return Open(in, live);
    case Opcode::kElse: return Else(live);
    case Opcode::kEnd: return End(live);
    case Opcode::kBrIf:
      if (live) Br(in.a, types.slots_before - 1, /*conditional=*/true, frames);
      return;
    // The branches take the run's fuel; in unreachable code there is none
    // (fuel only counts reachable instructions).
    case Opcode::kBr:
      if (live) Br(in.a, types.slots_before, /*conditional=*/false, frames);
      return;
    case Opcode::kBrTable:
      if (live) BrTable(types, frames);
      return;
    case Opcode::kReturn:
      if (live) Return();
      return;
    case Opcode::kUnreachable:
      if (live) code_.Op(IOp::kUnreachable);
      pending_fuel_ = 0;  // the run ends in a trap: nothing to charge
      return;
    case Opcode::kLocalGet:
    case Opcode::kLocalSet:
    case Opcode::kLocalTee: return Local(in, live);
    default:
      if (live) Straight(in, types);
      return;
  }
}

// Every reachable instruction that neither branches nor opens or closes a
// frame, nor accesses a local.
void InterpTranslator::Straight(const wasmrt::Instr& in, const InstrTypes& types) {
  switch (in.op) {
    case Opcode::kNop: return;
    case Opcode::kCall: return Call(in);
    case Opcode::kCallIndirect:
      code_.Op(IOp::kCallIndirect);
      code_.Imm(in.a);
      code_.Imm(in.b);
      code_.Imm(TakeFuel());
      return;
    case Opcode::kDrop:
      for (uint32_t i = 0; i < SlotCount(types.params[0]); ++i) code_.Op(IOp::kDrop);
      return;
    case Opcode::kSelect:
    case Opcode::kSelectT:
      if (types.results[0] == ValType::kV128) {
        code_.Op(IOp::kSelect128);
      } else {
        fuser_.Select();
      }
      return;
    case Opcode::kGlobalGet:
      code_.Op(types.results[0] == ValType::kV128 ? IOp::kGlobalGet128 : IOp::kGlobalGet);
      code_.Imm(in.a);
      return;
    case Opcode::kGlobalSet:
      code_.Op(types.params[0] == ValType::kV128 ? IOp::kGlobalSet128 : IOp::kGlobalSet);
      code_.Imm(in.a);
      return;
    case Opcode::kTableCopy:
    case Opcode::kTableInit:
      code_.Op(SameOp(in.op));
      code_.Imm(in.a);
      code_.Imm(in.b);
      return;
    case Opcode::kTableGet:
    case Opcode::kTableSet:
    case Opcode::kTableSize:
    case Opcode::kTableGrow:
    case Opcode::kTableFill:
    case Opcode::kElemDrop:
    case Opcode::kMemoryInit:
    case Opcode::kDataDrop:
    case Opcode::kRefFunc:
      code_.Op(SameOp(in.op));
      code_.Imm(in.a);
      return;
    case Opcode::kRefNull:
    case Opcode::kRefIsNull: code_.Op(SameOp(in.op)); return;
    default: return Fixed(in, types);
  }
}

// Instructions typed by their opcodes.def signature: the same-named
// operation with the instruction's value immediate, if any (constants,
// memarg offsets), fused where fused.def has a form.
void InterpTranslator::Fixed(const wasmrt::Instr& in, const InstrTypes& types) {
  if (in.op == Opcode::kV128Const) {
    uint64_t half[2];
    std::memcpy(half, in.v128.bytes, 16);
    fuser_.V128Const(half[0], half[1]);
    return;
  }
  if (in.op == Opcode::kI32x4ExtractLane) {
    fuser_.I32x4ExtractLane(in.a);
    return;
  }
  if (fuser_.Emit(SameOp(in.op), in.u64)) return;
  uint32_t at = code_.Op(SameOp(in.op));
  switch (GetOpcodeInfo(in.op).imm) {
    case ImmKind::kI32:
    case ImmKind::kI64:
    case ImmKind::kF32:
    case ImmKind::kF64:
    case ImmKind::kMemarg:
      code_.Imm(in.u64);
      break;
    case ImmKind::kMemargLane:  // [offset][lane]
      code_.Imm(in.u64);
      code_.Imm(in.b);
      break;
    case ImmKind::kLane:  // [lane]
      code_.Imm(in.a);
      break;
    case ImmKind::kV128:     // [low 8 bytes][high 8 bytes]
    case ImmKind::kShuffle:  // the 16 lane bytes, same layout
      for (int half = 0; half < 2; ++half) {
        uint64_t word;
        std::memcpy(&word, in.v128.bytes + 8 * half, 8);
        code_.Imm(word);
      }
      break;
    default:
      break;
  }
  fuser_.Other(at, uint8_t(Slots(types.params)), uint8_t(Slots(types.results)));
}

void InterpTranslator::Local(const wasmrt::Instr& in, bool live) {
  if (local_state_[in.a] == kUntouched) {
    // After the entry run every local may be read before written.
    local_state_[in.a] =
        entry_run_ && in.op != Opcode::kLocalGet ? kWrittenFirst : kReadFirst;
  }
  if (!live) return;
  uint32_t slot = local_slot_[in.a];
  if (locals_[in.a] != ValType::kV128) {
    switch (in.op) {
      case Opcode::kLocalGet: return fuser_.LocalGet(slot);
      case Opcode::kLocalSet: return fuser_.LocalSet(slot);
      default: return fuser_.LocalTee(slot);
    }
  }
  if (in.op == Opcode::kLocalGet) return fuser_.LocalGet128(slot);
  code_.Op(in.op == Opcode::kLocalSet ? IOp::kLocalSet128 : IOp::kLocalTee128);
  code_.Imm(slot);
}

void InterpTranslator::Call(const wasmrt::Instr& in) {
  if (in.a >= module_.num_imported_funcs) {
    // Same module: LinkDirectCalls fills [entry][slots][zero][max stack].
    uint32_t at = code_.Op(IOp::kCallDirect);
    code_.Imm(in.a);
    code_.Imm(TakeFuel());
    for (int i = 0; i < 4; ++i) code_.Imm(0);
    direct_calls_.push_back({defined_index_, at});
    return;
  }
  code_.Op(IOp::kCall);
  code_.Imm(in.a);
  code_.Imm(TakeFuel());
}

std::vector<CompiledFunction> InterpTranslator::TakeCode(
    const std::function<bool(uint32_t)>& compiled) {
  LinkDirectCalls(compiled);
  direct_calls_.clear();
  return std::move(done_);
}

void InterpTranslator::LinkDirectCalls(const std::function<bool(uint32_t)>& compiled) {
  for (const DirectCall& c : direct_calls_) {
    CodeWord* w = done_[c.caller].code.data() + c.pos;
    uint32_t defined = uint32_t(w[1].u64 - module_.num_imported_funcs);
    const CompiledFunction& callee = done_[defined];
    if (compiled != nullptr && compiled(defined)) {
      if (handlers_ != nullptr) {
        w[0].handler = handlers_[size_t(IOp::kCallCompiled)];
      } else {
        w[0].u64 = uint64_t(IOp::kCallCompiled);
      }
    }
    // Without handlers (tests, listings) the entry stays 0: deterministic.
    w[3].handler = handlers_ != nullptr ? callee.code.data() : nullptr;
    w[4].u64 = KeepDrop(callee.param_slots, callee.local_slots);
    w[5].u64 = KeepDrop(callee.zero_begin, callee.zero_end);
    w[6].u64 = callee.max_stack_slots;
  }
}

absl::StatusOr<std::vector<CompiledFunction>> TranslateModule(
    const Module& module, Handlers handlers) {
  InterpTranslator translator(module, handlers);
  absl::Status s = ValidateModule(module, &translator);
  if (!s.ok()) return s;
  return translator.TakeCode();
}

}  // namespace wasmrt::interp

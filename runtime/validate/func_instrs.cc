// Function bodies: every non-control instruction (spec 3.3.1-3.3.7, 3.3.9):
// fixed-signature instructions typed from opcodes.def, and the hand-typed
// parametric, variable, table, memory, reference and call instructions.
#include <array>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/binary/opcode.h"
#include "runtime/validate/func_validator.h"

namespace wasmrt::validate {
namespace {

// The signature column of opcodes.def ("ii:i"), parsed once.
struct Signature {
  bool fixed = false;
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  std::array<ValType, 3> params{};
  std::array<ValType, 1> results{};
  uint8_t param_slots = 0;  // operand stack slots (a v128 takes two)
  uint8_t result_slots = 0;
};

ValType SigChar(char c) {
  switch (c) {
    case 'i': return ValType::kI32;
    case 'I': return ValType::kI64;
    case 'f': return ValType::kF32;
    case 'F': return ValType::kF64;
    case 'v': return ValType::kV128;
  }
  return kUnknown;
}

Signature ParseSignature(const char* s) {
  Signature sig;
  if (*s == '\0') return sig;
  sig.fixed = true;
  for (; *s != ':'; ++s) {
    sig.params[sig.num_params++] = SigChar(*s);
    sig.param_slots += *s == 'v' ? 2 : 1;
  }
  for (++s; *s != '\0'; ++s) {
    sig.results[sig.num_results++] = SigChar(*s);
    sig.result_slots += *s == 'v' ? 2 : 1;
  }
  return sig;
}

const Signature& SignatureOf(Opcode op) {
  static const auto* const table = [] {
    auto* t = new std::array<Signature, size_t(Opcode::kCount)>();
    for (size_t i = 0; i < t->size(); ++i) {
      (*t)[i] = ParseSignature(GetOpcodeInfo(Opcode(i)).sig);
    }
    return t;
  }();
  return (*table)[size_t(op)];
}

// Wasm instructions and their internal operations share names and order.
IOp SameOp(Opcode op) { return IOp(uint16_t(op)); }

}  // namespace

// Pops the operands and pushes the results of the instruction's fixed
// signature; emits the same-named operation with the instruction's value
// immediate, if any (constants, memarg offsets).
absl::Status FuncValidator::FixedSignature() {
  const Signature& sig = SignatureOf(cur_.op);
  if (!sig.fixed) {
    return Error("unsupported instruction", GetOpcodeInfo(cur_.op).text);
  }
  for (size_t i = sig.num_params; i-- > 0;) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(sig.params[i]));
  }
  bool live = Live();
  for (size_t i = 0; i < sig.num_results; ++i) Push(sig.results[i]);
  if (!live || cur_.op == Opcode::kNop) return absl::OkStatus();
  if (cur_.op == Opcode::kV128Const) {
    uint64_t half[2];
    std::memcpy(half, cur_.v128.bytes, 16);
    fuser_.V128Const(half[0], half[1]);
    return absl::OkStatus();
  }
  if (cur_.op == Opcode::kI32x4ExtractLane) {
    fuser_.I32x4ExtractLane(cur_.a);
    return absl::OkStatus();
  }
  if (fuser_.Emit(SameOp(cur_.op), cur_.u64)) return absl::OkStatus();
  uint32_t at = code_.Op(SameOp(cur_.op));
  switch (GetOpcodeInfo(cur_.op).imm) {
    case ImmKind::kI32:
    case ImmKind::kI64:
    case ImmKind::kF32:
    case ImmKind::kF64:
    case ImmKind::kMemarg:
      code_.Imm(cur_.u64);
      break;
    case ImmKind::kMemargLane:  // [offset][lane]
      code_.Imm(cur_.u64);
      code_.Imm(cur_.b);
      break;
    case ImmKind::kLane:  // [lane]
      code_.Imm(cur_.a);
      break;
    case ImmKind::kV128:     // [low 8 bytes][high 8 bytes]
    case ImmKind::kShuffle:  // the 16 lane bytes, same layout
      for (int half = 0; half < 2; ++half) {
        uint64_t word;
        std::memcpy(&word, cur_.v128.bytes + 8 * half, 8);
        code_.Imm(word);
      }
      break;
    default:
      break;
  }
  fuser_.Other(at, sig.param_slots, sig.result_slots);
  return absl::OkStatus();
}

absl::Status FuncValidator::Call() {
  if (cur_.a >= ctx_.func_types.size()) {
    return Error(absl::StrCat("unknown function ", cur_.a));
  }
  const FuncType& ft = ctx_.FuncTypeOf(cur_.a);
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(ft.params));
  if (Live() && cur_.a >= ctx_.module->num_imported_funcs) {
    // Same module: LinkDirectCalls fills [entry][slots][zero][max stack].
    uint32_t at = code_.Op(IOp::kCallDirect);
    code_.Imm(cur_.a);
    code_.Imm(TakeFuel());
    for (int i = 0; i < 4; ++i) code_.Imm(0);
    direct_calls_.push_back({defined_index_, at});
  } else if (Live()) {
    code_.Op(IOp::kCall);
    code_.Imm(cur_.a);
    code_.Imm(TakeFuel());
  }
  PushVals(ft.results);
  return absl::OkStatus();
}

absl::Status FuncValidator::CallIndirect() {
  uint32_t type_index = cur_.a, table = cur_.b;
  if (table >= ctx_.tables.size()) {
    return Error(absl::StrCat("unknown table ", table));
  }
  if (type_index >= ctx_.module->types.size()) {
    return Error(absl::StrCat("unknown type ", type_index));
  }
  if (ctx_.tables[table].elem != ValType::kFuncRef) {
    return Error("type mismatch",
                 absl::StrCat("call_indirect needs a funcref table, table ",
                              table, " holds ",
                              ValTypeName(ctx_.tables[table].elem)));
  }
  const FuncType& ft = ctx_.module->types[type_index];
  WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(ValType::kI32));
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(ft.params));
  if (Live()) {
    code_.Op(IOp::kCallIndirect);
    code_.Imm(type_index);
    code_.Imm(table);
    code_.Imm(TakeFuel());
  }
  PushVals(ft.results);
  return absl::OkStatus();
}

absl::Status FuncValidator::Drop() {
  ValType t = kUnknown;
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopAny(&t));
  if (Live()) {
    for (uint32_t i = 0; i < SlotCount(t); ++i) code_.Op(IOp::kDrop);
  }
  return absl::OkStatus();
}

// select: untyped only on numeric or vector operands (spec 3.3.2); typed
// select names its one operand type.
absl::Status FuncValidator::Select(bool typed) {
  ValType t = kUnknown;
  WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(ValType::kI32));
  if (typed) {
    t = cur_.type;
    WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(t));
    WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(t));
  } else {
    ValType t1, t2;
    WASMRT_VALIDATE_RETURN_IF_ERROR(PopAny(&t1));
    WASMRT_VALIDATE_RETURN_IF_ERROR(PopAny(&t2));
    if (IsRefType(t1) || IsRefType(t2)) {
      return Error("type mismatch",
                   "select without a type needs numeric or vector operands");
    }
    if (t1 != t2 && t1 != kUnknown && t2 != kUnknown) return Mismatch(t1, t2);
    t = t1 == kUnknown ? t2 : t1;
  }
  if (Live()) {
    if (t == ValType::kV128) {
      code_.Op(IOp::kSelect128);
    } else {
      fuser_.Select();
    }
  }
  Push(t);
  return absl::OkStatus();
}

absl::Status FuncValidator::Local() {
  if (cur_.a >= locals_.size()) {
    return Error(absl::StrCat("unknown local ", cur_.a));
  }
  ValType t = locals_[cur_.a];
  bool wide = t == ValType::kV128;
  IOp op;
  switch (cur_.op) {
    case Opcode::kLocalGet:
      Push(t);
      op = wide ? IOp::kLocalGet128 : IOp::kLocalGet;
      break;
    case Opcode::kLocalSet:
      WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(t));
      op = wide ? IOp::kLocalSet128 : IOp::kLocalSet;
      break;
    default:  // local.tee
      WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(t));
      Push(t);
      op = wide ? IOp::kLocalTee128 : IOp::kLocalTee;
      break;
  }
  if (local_state_[cur_.a] == kUntouched) {
    // After the entry run every local may be read before written.
    local_state_[cur_.a] =
        entry_run_ && cur_.op != Opcode::kLocalGet ? kWrittenFirst : kReadFirst;
  }
  if (!Live()) return absl::OkStatus();
  uint32_t slot = local_slot_[cur_.a];
  switch (op) {
    case IOp::kLocalGet: fuser_.LocalGet(slot); break;
    case IOp::kLocalSet: fuser_.LocalSet(slot); break;
    case IOp::kLocalTee: fuser_.LocalTee(slot); break;
    case IOp::kLocalGet128: fuser_.LocalGet128(slot); break;
    default:
      code_.Op(op);
      code_.Imm(slot);
      break;
  }
  return absl::OkStatus();
}

absl::Status FuncValidator::Global() {
  if (cur_.a >= ctx_.globals.size()) {
    return Error(absl::StrCat("unknown global ", cur_.a));
  }
  const GlobalType& g = ctx_.globals[cur_.a];
  bool wide = g.type == ValType::kV128;
  IOp op;
  if (cur_.op == Opcode::kGlobalGet) {
    Push(g.type);
    op = wide ? IOp::kGlobalGet128 : IOp::kGlobalGet;
  } else {
    if (!g.is_mutable) {
      return Error("global is immutable", absl::StrCat("global ", cur_.a));
    }
    WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(g.type));
    op = wide ? IOp::kGlobalSet128 : IOp::kGlobalSet;
  }
  if (Live()) {
    code_.Op(op);
    code_.Imm(cur_.a);
  }
  return absl::OkStatus();
}

// Loads, stores and the memory instructions (spec 3.3.7). Only memory 0
// exists in 2.0.
absl::Status FuncValidator::Memory() {
  const OpcodeInfo& info = GetOpcodeInfo(cur_.op);
  if (cur_.op != Opcode::kDataDrop && ctx_.memories.empty()) {
    return Error("unknown memory 0");
  }
  if (info.imm == ImmKind::kMemarg && cur_.a > info.max_align) {
    return Error("alignment must not be larger than natural",
                 absl::StrCat(info.text, " has natural alignment 2^",
                              info.max_align, ", got 2^", cur_.a));
  }
  if (cur_.op != Opcode::kMemoryInit && cur_.op != Opcode::kDataDrop) {
    return FixedSignature();  // loads/stores emit their offset
  }
  if (cur_.a >= ctx_.num_datas) {
    return Error(absl::StrCat("unknown data segment ", cur_.a));
  }
  bool live = Live();
  if (cur_.op == Opcode::kMemoryInit) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(
        PopVals({ValType::kI32, ValType::kI32, ValType::kI32}));
  }
  if (live) {
    code_.Op(SameOp(cur_.op));
    code_.Imm(cur_.a);
  }
  return absl::OkStatus();
}

absl::Status FuncValidator::Table() {
  // table.init names (elem, table); every other one names its table first.
  uint32_t table = cur_.op == Opcode::kTableInit ? cur_.b : cur_.a;
  if (cur_.op != Opcode::kElemDrop && table >= ctx_.tables.size()) {
    return Error(absl::StrCat("unknown table ", table));
  }
  if (cur_.op == Opcode::kTableCopy && cur_.b >= ctx_.tables.size()) {
    return Error(absl::StrCat("unknown table ", cur_.b));
  }
  if ((cur_.op == Opcode::kTableInit || cur_.op == Opcode::kElemDrop) &&
      cur_.a >= ctx_.elem_types.size()) {
    return Error(absl::StrCat("unknown elem segment ", cur_.a));
  }
  ValType elem = cur_.op == Opcode::kElemDrop ? kUnknown
                                              : ctx_.tables[table].elem;
  constexpr ValType kI32 = ValType::kI32;
  bool live = Live();
  switch (cur_.op) {
    case Opcode::kTableGet:
      WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(kI32));
      Push(elem);
      break;
    case Opcode::kTableSet:
      WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals({kI32, elem}));
      break;
    case Opcode::kTableSize:
      Push(kI32);
      break;
    case Opcode::kTableGrow:
      WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals({elem, kI32}));
      Push(kI32);
      break;
    case Opcode::kTableFill:
      WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals({kI32, elem, kI32}));
      break;
    case Opcode::kTableCopy:
    case Opcode::kTableInit: {
      ValType src = cur_.op == Opcode::kTableCopy ? ctx_.tables[cur_.b].elem
                                                  : ctx_.elem_types[cur_.a];
      if (src != elem) {
        return Error("type mismatch",
                     absl::StrCat("table holds ", ValTypeName(elem),
                                  ", source holds ", ValTypeName(src)));
      }
      WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals({kI32, kI32, kI32}));
      break;
    }
    default:  // elem.drop
      break;
  }
  if (live) {
    code_.Op(SameOp(cur_.op));
    code_.Imm(cur_.a);
    if (cur_.op == Opcode::kTableCopy || cur_.op == Opcode::kTableInit) {
      code_.Imm(cur_.b);
    }
  }
  return absl::OkStatus();
}

absl::Status FuncValidator::Ref() {
  bool live = Live();
  switch (cur_.op) {
    case Opcode::kRefNull:
      Push(cur_.type);
      if (live) code_.Op(IOp::kRefNull);
      return absl::OkStatus();
    case Opcode::kRefIsNull: {
      ValType t = kUnknown;
      WASMRT_VALIDATE_RETURN_IF_ERROR(PopAny(&t));
      if (t != kUnknown && !IsRefType(t)) {
        return Error("type mismatch",
                     absl::StrCat("expected a reference, got ", TypeName(t)));
      }
      Push(ValType::kI32);
      if (live) code_.Op(IOp::kRefIsNull);
      return absl::OkStatus();
    }
    default: {  // ref.func
      if (cur_.a >= ctx_.func_types.size()) {
        return Error(absl::StrCat("unknown function ", cur_.a));
      }
      if (!ctx_.declared_funcs[cur_.a]) {
        return Error("undeclared function reference",
                     absl::StrCat("function ", cur_.a));
      }
      Push(ValType::kFuncRef);
      if (live) {
        code_.Op(IOp::kRefFunc);
        code_.Imm(cur_.a);
      }
      return absl::OkStatus();
    }
  }
}

}  // namespace wasmrt::validate

// Function bodies: every non-control instruction (spec 3.3.1-3.3.7, 3.3.9):
// fixed-signature instructions typed from opcodes.def, and the hand-typed
// parametric, variable, table, memory, reference and call instructions.
// Only types are checked here; the translator sees the result (translator.h).
#include <array>

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
  for (; *s != ':'; ++s) sig.params[sig.num_params++] = SigChar(*s);
  for (++s; *s != '\0'; ++s) sig.results[sig.num_results++] = SigChar(*s);
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

}  // namespace

// Pops the operands and pushes the results of the instruction's fixed
// signature.
absl::Status FuncValidator::FixedSignature() {
  const Signature& sig = SignatureOf(cur_.op);
  if (!sig.fixed) {
    return Error("unsupported instruction", GetOpcodeInfo(cur_.op).text);
  }
  for (size_t i = sig.num_params; i-- > 0;) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(sig.params[i]));
  }
  for (size_t i = 0; i < sig.num_results; ++i) Push(sig.results[i]);
  return absl::OkStatus();
}

absl::Status FuncValidator::Call() {
  if (cur_.a >= ctx_.func_types.size()) {
    return Error(absl::StrCat("unknown function ", cur_.a));
  }
  const FuncType& ft = ctx_.FuncTypeOf(cur_.a);
  WASMRT_VALIDATE_RETURN_IF_ERROR(PopVals(ft.params));
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
  PushVals(ft.results);
  return absl::OkStatus();
}

absl::Status FuncValidator::Drop() {
  ValType t = kUnknown;
  return PopAny(&t);
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
  Push(t);
  return absl::OkStatus();
}

absl::Status FuncValidator::Local() {
  if (cur_.a >= locals_.size()) {
    return Error(absl::StrCat("unknown local ", cur_.a));
  }
  ValType t = locals_[cur_.a];
  if (cur_.op != Opcode::kLocalGet) {  // local.set, local.tee
    WASMRT_VALIDATE_RETURN_IF_ERROR(Pop(t));
  }
  if (cur_.op != Opcode::kLocalSet) Push(t);  // local.get, local.tee
  return absl::OkStatus();
}

absl::Status FuncValidator::Global() {
  if (cur_.a >= ctx_.globals.size()) {
    return Error(absl::StrCat("unknown global ", cur_.a));
  }
  const GlobalType& g = ctx_.globals[cur_.a];
  if (cur_.op == Opcode::kGlobalGet) {
    Push(g.type);
    return absl::OkStatus();
  }
  if (!g.is_mutable) {
    return Error("global is immutable", absl::StrCat("global ", cur_.a));
  }
  return Pop(g.type);
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
    return FixedSignature();
  }
  if (cur_.a >= ctx_.num_datas) {
    return Error(absl::StrCat("unknown data segment ", cur_.a));
  }
  // Malformed (spec 5.5.13), so DecodeModule reports it first; checked
  // again here for modules decoded without reading their bodies.
  if (!ctx_.module->data_count) return Error("data count section required");
  if (cur_.op == Opcode::kMemoryInit) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(
        PopVals({ValType::kI32, ValType::kI32, ValType::kI32}));
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
  return absl::OkStatus();
}

absl::Status FuncValidator::Ref() {
  switch (cur_.op) {
    case Opcode::kRefNull:
      Push(cur_.type);
      return absl::OkStatus();
    case Opcode::kRefIsNull: {
      ValType t = kUnknown;
      WASMRT_VALIDATE_RETURN_IF_ERROR(PopAny(&t));
      if (t != kUnknown && !IsRefType(t)) {
        return Error("type mismatch",
                     absl::StrCat("expected a reference, got ", TypeName(t)));
      }
      Push(ValType::kI32);
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
      return absl::OkStatus();
    }
  }
}

}  // namespace wasmrt::validate

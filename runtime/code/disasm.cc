#include "runtime/code/disasm.h"

#include <cinttypes>
#include <cstdio>
#include <string_view>
#include <vector>

#include "runtime/binary/opcode.h"

namespace wasmrt {
namespace {

struct OpInfo {
  std::string_view name;
  uint32_t imms = 0;
};

// Immediate words the translator emits for a wasm-named op (code.h).
uint32_t WasmImmediates(Opcode op) {
  switch (op) {
    case Opcode::kCall: return 2;
    case Opcode::kCallIndirect: return 3;
    case Opcode::kTableCopy:
    case Opcode::kTableInit: return 2;
    case Opcode::kMemoryInit: return 1;
    default: break;
  }
  switch (GetOpcodeInfo(op).imm) {
    case ImmKind::kI32: case ImmKind::kI64: case ImmKind::kF32: case ImmKind::kF64:
    case ImmKind::kMemarg: case ImmKind::kLane: case ImmKind::kIndex:
      return 1;
    case ImmKind::kMemargLane: case ImmKind::kV128: case ImmKind::kShuffle:
      return 2;
    default:
      return 0;
  }
}

const std::vector<OpInfo>& Table() {
  static const auto* const table = [] {
    auto* t = new std::vector<OpInfo>();
    t->reserve(size_t(IOp::kCount));
    for (size_t i = 0; i < size_t(Opcode::kCount); ++i) {
      t->push_back({GetOpcodeInfo(Opcode(i)).text, WasmImmediates(Opcode(i))});
    }
#define INTERNAL_OP(name, imms, desc) t->push_back({#name, imms});
#include "runtime/code/ops.def"
#undef INTERNAL_OP
    // Immediate counts per form, in the order of code.h's *_FORMS macros.
#define F(name, n) t->push_back({name, n});
#define ARITH(n)                                                             \
  F(#n "_SL", 1) F(#n "_SC", 1) F(#n "_LL", 2) F(#n "_LC", 2) F(#n "_SS_D", 1) \
  F(#n "_SL_D", 2) F(#n "_SC_D", 2) F(#n "_LL_D", 3) F(#n "_LC_D", 3)
#define BRANCH(n, s)                                                         \
  F(#n "_SS_" s, 2) F(#n "_SL_" s, 3) F(#n "_SC_" s, 3) F(#n "_LL_" s, 4)     \
  F(#n "_LC_" s, 4)
#define FUSED_ARITH(n, T, R, expr) ARITH(n)
#define FUSED_CMP(n, T, expr) ARITH(n) BRANCH(n, "BrIf") BRANCH(n, "BrUnless")
#define FUSED_LOAD(n, T, field, conv) \
  F(#n "_L", 2) F(#n "_S_D", 2) F(#n "_L_D", 3) F(#n "_LC", 3) F(#n "_LC_D", 4)
#define FUSED_STORE(n, T, field) \
  F(#n "_SL", 2) F(#n "_SC", 2) F(#n "_LL", 3) F(#n "_LC", 3) F(#n "_LS", 2)
#define FUSED_MEM(n, T, R, expr) \
  F(#n "_SM", 2) F(#n "_LM", 3) F(#n "_SMC", 3) F(#n "_LMC", 4) F(#n "_SM_D", 3) \
  F(#n "_LM_D", 4) F(#n "_SMC_D", 4) F(#n "_LMC_D", 5)
#define FUSED_SIMD(n, expr) F(#n "_SL", 1) F(#n "_SC", 2) F(#n "_LL", 2) F(#n "_LC", 3)
#include "runtime/code/fused.def"
#undef FUSED_SIMD
#undef FUSED_ARITH
#undef FUSED_CMP
#undef FUSED_LOAD
#undef FUSED_STORE
#undef FUSED_MEM
#define FUSED_CHAIN(o, i) F(#o "_" #i "_SLC", 2) F(#o "_" #i "_SLL", 2)
#include "runtime/code/chain.def"
#undef FUSED_CHAIN
#undef BRANCH
#undef ARITH
#undef F
    return t;
  }();
  return *table;
}

}  // namespace

std::string_view IOpName(IOp op) {
  return size_t(op) < Table().size() ? Table()[size_t(op)].name : "?";
}

uint32_t IOpImmediates(IOp op, const CodeWord* imms) {
  if (op == IOp::kJumpTable) return 2 + 2 * uint32_t(imms[0].u64 + 1);
  return size_t(op) < Table().size() ? Table()[size_t(op)].imms : 0;
}

std::string Disassemble(const CompiledFunction& fn) {
  std::string out;
  char buf[64];
  const std::vector<CodeWord>& code = fn.code;
  for (size_t i = 0; i < code.size();) {
    IOp op = IOp(code[i].u64);
    uint32_t n = IOpImmediates(op, &code[i + 1]);
    std::snprintf(buf, sizeof(buf), "%6zu: ", i);
    out += buf;
    out += IOpName(op);
    for (uint32_t k = 1; k <= n && i + k < code.size(); ++k) {
      std::snprintf(buf, sizeof(buf), " %" PRId64, code[i + k].i64);
      out += buf;
    }
    out += '\n';
    i += 1 + n;
  }
  return out;
}

}  // namespace wasmrt

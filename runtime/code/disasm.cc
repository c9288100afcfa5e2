#include "runtime/code/disasm.h"

#include <cassert>
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
    // Names and immediate counts of the fused forms (forms.h).
#define WASMRT_FORM_X(n, s, imms, ...) t->push_back({#n "_" #s, imms});
#define WASMRT_CHAIN_FORM_X(o, i, s, imms, ...) t->push_back({#o "_" #i "_" #s, imms});
#include "runtime/code/all_forms.inc"
    assert(t->size() == size_t(IOp::kCount));
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

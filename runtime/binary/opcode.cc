#include "runtime/binary/opcode.h"

#include <cstddef>

namespace wasmrt {
namespace {

constexpr OpcodeInfo kInfos[] = {
#define WASM_OP(name, prefix, code, imm, sig, align, text) \
  {prefix, code, ImmKind::imm, sig, align, text},
#include "runtime/binary/opcodes.def"
#undef WASM_OP
};
static_assert(sizeof(kInfos) / sizeof(kInfos[0]) == std::size_t(Opcode::kCount));

}  // namespace

const OpcodeInfo& GetOpcodeInfo(Opcode op) { return kInfos[std::size_t(op)]; }

}  // namespace wasmrt

#include "runtime/jit/x86_disasm.h"

#include <capstone/capstone.h>


#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace wasmrt::jit {

absl::StatusOr<std::vector<X86Instr>> DisassembleX86(absl::Span<const uint8_t> code) {
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
    return absl::InternalError("capstone: cannot open an x86-64 disassembler");
  }
  cs_insn* insn = cs_malloc(handle);
  std::vector<X86Instr> out;
  const uint8_t* at = code.data();
  size_t left = code.size();
  uint64_t address = 0;
  while (left > 0) {
    if (cs_disasm_iter(handle, &at, &left, &address, insn)) {
      out.push_back({uint32_t(insn->address), insn->size, insn->mnemonic, insn->op_str});
      continue;
    }
    // Not an instruction Capstone knows: show the byte, go on after it.
    out.push_back({uint32_t(address), 1, ".byte", absl::StrFormat("0x%02x", *at)});
    ++at;
    --left;
    ++address;
  }
  cs_free(insn, 1);
  cs_close(&handle);
  return out;
}

std::string FormatX86(absl::Span<const uint8_t> code, const std::vector<X86Instr>& instrs) {
  std::string out;
  for (const X86Instr& in : instrs) {
    std::string hex;
    for (uint32_t i = 0; i < in.size && in.offset + i < code.size(); ++i) {
      absl::StrAppendFormat(&hex, "%02x", code[in.offset + i]);
    }
    absl::StrAppendFormat(&out, "  %6x  %-24s %s%s%s\n", in.offset, hex, in.mnemonic,
                          in.operands.empty() ? "" : " ", in.operands);
  }
  return out;
}

}  // namespace wasmrt::jit

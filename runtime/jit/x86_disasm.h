// The x86-64 disassembly of compiled code (Capstone), for looking at what
// the compiler emitted: wasmrt_dump --jit prints it, jit_test asserts on it.
// Not used while code runs.
#ifndef WASMRT_RUNTIME_JIT_X86_DISASM_H_
#define WASMRT_RUNTIME_JIT_X86_DISASM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace wasmrt::jit {

struct X86Instr {
  uint32_t offset = 0;        // from the start of the code
  uint32_t size = 0;          // bytes
  std::string mnemonic;       // "mov"; ".byte" for a byte Capstone cannot decode
  std::string operands;       // Intel syntax: "eax, dword ptr [r12 + rax]"
};

// Every instruction of `code`, in order. A byte that does not decode becomes
// a one-byte ".byte" entry and decoding resumes after it, so the listing
// always covers the whole range.
absl::StatusOr<std::vector<X86Instr>> DisassembleX86(absl::Span<const uint8_t> code);

// One line per instruction: "  offset  hex bytes  mnemonic operands".
std::string FormatX86(absl::Span<const uint8_t> code, const std::vector<X86Instr>& instrs);

}  // namespace wasmrt::jit

#endif  // WASMRT_RUNTIME_JIT_X86_DISASM_H_

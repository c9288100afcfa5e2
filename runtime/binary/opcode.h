// Opcodes of the binary format, generated from opcodes.def.
#ifndef WASMRT_RUNTIME_BINARY_OPCODE_H_
#define WASMRT_RUNTIME_BINARY_OPCODE_H_

#include <cstdint>

namespace wasmrt {

// Immediate layouts an instruction can carry (column 4 of opcodes.def).
enum class ImmKind : uint8_t {
  kNone,
  kBlockType,     // block type: empty, a value type, or a type index (s33)
  kIndex,         // one u32 index (label, func, local, global, table, elem, data)
  kBrTable,       // vec(label) + default label
  kCallIndirect,  // type index, table index
  kSelectT,       // vec(valtype), must hold exactly one type
  kMemarg,        // align (u32), offset (u32)
  kMemoryIndex,   // a single 0x00 byte (memory.size/grow/fill)
  kI32,           // s32
  kI64,           // s64
  kF32,           // 4 bytes
  kF64,           // 8 bytes
  kRefType,       // one reference-type byte
  kMemoryInit,    // data index, then a 0x00 byte
  kMemoryCopy,    // two 0x00 bytes
  kTableInit,     // elem index, table index
  kTableCopy,     // dst table index, src table index
  kV128,          // 16 bytes (v128.const)
  kLane,          // one lane-index byte (extract/replace lane)
  kMemargLane,    // memarg, then one lane-index byte (load/store lane)
  kShuffle,       // 16 lane-index bytes (i8x16.shuffle)
};

// Dense numbering of every instruction, in the order of opcodes.def.
enum class Opcode : uint16_t {
#define WASM_OP(name, prefix, code, imm, sig, align, text) k##name,
#include "runtime/binary/opcodes.def"
#undef WASM_OP
  kCount,
};

struct OpcodeInfo {
  uint8_t prefix;      // 0, 0xFC or 0xFD
  uint32_t code;       // byte or sub-opcode
  ImmKind imm;
  const char* sig;     // "params:results" or "" (typed by hand)
  uint8_t max_align;   // natural alignment exponent for memory accesses
  const char* text;    // "i32.add"
};

const OpcodeInfo& GetOpcodeInfo(Opcode op);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BINARY_OPCODE_H_

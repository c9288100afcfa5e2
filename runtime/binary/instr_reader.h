// Reads one instruction at a time from a function body or constant
// expression: opcode plus decoded immediates. Used by the decoder (constant
// expressions) and by the validator/translator (function bodies).
#ifndef WASMRT_RUNTIME_BINARY_INSTR_READER_H_
#define WASMRT_RUNTIME_BINARY_INSTR_READER_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "runtime/base/types.h"
#include "runtime/base/value.h"
#include "runtime/binary/opcode.h"

namespace wasmrt {

struct BlockType {
  enum class Kind : uint8_t { kEmpty, kValue, kTypeIndex };
  Kind kind = Kind::kEmpty;
  ValType value = ValType::kI32;  // kValue
  uint32_t type_index = 0;        // kTypeIndex
};

struct Instr {
  Opcode op = Opcode::kNop;
  uint32_t offset = 0;  // byte offset of the opcode in the module binary
  // Index immediates: kIndex -> a; kCallIndirect -> a=type, b=table;
  // kMemarg -> a=align exponent; kMemargLane -> a=align, b=lane; kLane ->
  // a=lane; kMemoryInit -> a=data; kTableInit -> a=elem,
  // b=table; kTableCopy -> a=dst, b=src.
  uint32_t a = 0;
  uint32_t b = 0;
  // kMemarg: the offset. kI32/kI64: the value (i32 zero-extended).
  // kF32/kF64: the bits.
  uint64_t u64 = 0;
  BlockType block_type;                 // kBlockType
  ValType type = ValType::kI32;         // kSelectT (the one type), kRefType
  V128 v128{};                          // v128.const, i8x16.shuffle (SIMD)
};

class InstrReader {
 public:
  // `base_offset` is the module offset of `begin`, used in error messages.
  InstrReader(const uint8_t* begin, const uint8_t* end, uint32_t base_offset);

  bool AtEnd() const { return pos_ == end_; }
  uint32_t offset() const;  // module offset of the next byte

  // Decodes the next instruction. Malformed input (unknown opcode, bad LEB128,
  // truncation, a non-zero reserved byte) gives InvalidArgument naming the
  // offset, e.g. "illegal opcode 0xff at offset 0x2a".
  absl::Status Next(Instr* out);

  // The label vector of the last br_table read (default label excluded);
  // storage is reused between instructions.
  const std::vector<uint32_t>& br_table_targets() const { return targets_; }
  uint32_t br_table_default() const { return default_target_; }

 private:
  const uint8_t* const begin_;
  const uint8_t* pos_;
  const uint8_t* const end_;
  const uint32_t base_offset_;
  std::vector<uint32_t> targets_;
  uint32_t default_target_ = 0;
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BINARY_INSTR_READER_H_

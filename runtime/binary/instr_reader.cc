#include "runtime/binary/instr_reader.h"

#include <array>
#include <cstring>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/strings/str_format.h"
#include "runtime/base/limits.h"
#include "runtime/binary/leb128.h"
#include "runtime/binary/malformed.h"

namespace wasmrt {
namespace {

constexpr uint16_t kNoOpcode = uint16_t(Opcode::kCount);

// (prefix, code) -> Opcode, built once from opcodes.def. One-byte opcodes
// use a flat array; each prefix (0xFC, 0xFD) gets a dense array over
// its sub-opcodes, so SIMD rows need no change here.
class OpcodeTable {
 public:
  OpcodeTable() {
    single_.fill(kNoOpcode);
    for (uint16_t i = 0; i < uint16_t(Opcode::kCount); ++i) {
      const OpcodeInfo& info = GetOpcodeInfo(Opcode(i));
      if (info.prefix == 0) {
        single_[info.code] = i;
        continue;
      }
      std::vector<uint16_t>& sub = prefixed_[info.prefix];
      if (sub.size() <= info.code) sub.resize(info.code + 1, kNoOpcode);
      sub[info.code] = i;
    }
  }

  // True if `byte` starts a prefixed opcode known to the table.
  bool IsPrefix(uint8_t byte) const { return !prefixed_[byte].empty(); }

  uint16_t Single(uint8_t byte) const { return single_[byte]; }

  uint16_t Prefixed(uint8_t prefix, uint32_t code) const {
    const std::vector<uint16_t>& sub = prefixed_[prefix];
    return code < sub.size() ? sub[code] : kNoOpcode;
  }

 private:
  std::array<uint16_t, 256> single_;
  std::array<std::vector<uint16_t>, 256> prefixed_;
};

const OpcodeTable& Table() {
  static const OpcodeTable* const table = new OpcodeTable();
  return *table;
}

}  // namespace

InstrReader::InstrReader(const uint8_t* begin, const uint8_t* end,
                         uint32_t base_offset)
    : begin_(begin), pos_(begin), end_(end), base_offset_(base_offset) {}

uint32_t InstrReader::offset() const {
  return base_offset_ + uint32_t(pos_ - begin_);
}

// Immediate readers work on a small cursor over the reader's position, so
// the public header needs no private helper declarations. Lane indexes are
// plain bytes here; the validator checks them against the lane count.
namespace {

struct Cursor {
  const uint8_t*& pos;
  const uint8_t* end;
  const uint8_t* begin;
  uint32_t base = 0;

  uint32_t Offset(const uint8_t* p) const { return base + uint32_t(p - begin); }

  absl::Status LebError(LebStatus s) const {
    return Malformed(LebStatusText(s), Offset(pos));
  }
  absl::Status U32(uint32_t* out) {
    LebStatus s = ReadU32(&pos, end, out);
    return s == LebStatus::kOk ? absl::OkStatus() : LebError(s);
  }
  absl::Status Byte(uint8_t* out) {
    if (pos == end) return Malformed("unexpected end", Offset(pos));
    *out = *pos++;
    return absl::OkStatus();
  }
  // A reserved byte that 2.0 fixes to zero (memory index before multi-memory).
  absl::Status ZeroByte() {
    const uint8_t* at = pos;
    uint8_t b = 0;
    if (absl::Status s = Byte(&b); !s.ok()) return s;
    return b == 0 ? absl::OkStatus() : Malformed("zero byte expected", Offset(at));
  }
  absl::Status Bytes(size_t n, uint8_t* out) {
    if (size_t(end - pos) < n) return Malformed("unexpected end", Offset(pos));
    std::memcpy(out, pos, n);
    pos += n;
    return absl::OkStatus();
  }
  absl::Status Fixed(size_t n, uint64_t* out) {
    if (size_t(end - pos) < n) return Malformed("unexpected end", Offset(pos));
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= uint64_t(pos[i]) << (8 * i);
    pos += n;
    *out = v;
    return absl::OkStatus();
  }
};

absl::Status ReadBlockType(Cursor& c, BlockType* bt) {
  if (c.pos == c.end) return Malformed("unexpected end", c.Offset(c.pos));
  const uint8_t b = *c.pos;
  if (b == 0x40) {
    ++c.pos;
    bt->kind = BlockType::Kind::kEmpty;
    return absl::OkStatus();
  }
  if (IsValidValTypeByte(b)) {
    ++c.pos;
    bt->kind = BlockType::Kind::kValue;
    bt->value = ValType(b);
    return absl::OkStatus();
  }
  // Spec 5.4.1: otherwise an s33 that must be a non-negative type index; a
  // negative one is an unknown value-type byte.
  const uint8_t* at = c.pos;
  int64_t index = 0;
  LebStatus s = ReadS33(&c.pos, c.end, &index);
  if (s != LebStatus::kOk) return c.LebError(s);
  if (index < 0) return Malformed("malformed value type", c.Offset(at));
  bt->kind = BlockType::Kind::kTypeIndex;
  bt->type_index = uint32_t(index);
  return absl::OkStatus();
}

absl::Status ReadBrTable(Cursor& c, std::vector<uint32_t>* targets,
                         uint32_t* default_target) {
  const uint8_t* at = c.pos;
  uint32_t count = 0;
  if (absl::Status s = c.U32(&count); !s.ok()) return s;
  // Every label takes at least one byte: reject impossible counts before
  // reserving anything.
  if (count > limits::kMaxBrTableSize) {
    return Malformed("br_table too large", c.Offset(at));
  }
  if (count > uint32_t(c.end - c.pos)) {
    return Malformed("unexpected end", c.Offset(c.pos));
  }
  targets->clear();
  targets->reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t label = 0;
    if (absl::Status s = c.U32(&label); !s.ok()) return s;
    targets->push_back(label);
  }
  return c.U32(default_target);
}

absl::Status ReadSelectT(Cursor& c, ValType* type) {
  const uint8_t* at = c.pos;
  uint32_t count = 0;
  if (absl::Status s = c.U32(&count); !s.ok()) return s;
  if (count != 1) return Malformed("invalid result arity", c.Offset(at));
  const uint8_t* tpos = c.pos;
  uint8_t b = 0;
  if (absl::Status s = c.Byte(&b); !s.ok()) return s;
  if (!IsValidValTypeByte(b)) {
    return Malformed("malformed value type", c.Offset(tpos));
  }
  *type = ValType(b);
  return absl::OkStatus();
}

absl::Status ReadMemarg(Cursor& c, Instr* out) {
  const uint8_t* at = c.pos;
  if (absl::Status s = c.U32(&out->a); !s.ok()) return s;
  // An exponent of 32 or more cannot describe a 32-bit alignment; the spec
  // suite (align.wast) treats it as malformed, smaller ones as invalid.
  if (out->a >= 32) return Malformed("malformed memop flags", c.Offset(at));
  uint32_t offset = 0;
  if (absl::Status s = c.U32(&offset); !s.ok()) return s;
  out->u64 = offset;
  return absl::OkStatus();
}

absl::Status ReadRefType(Cursor& c, ValType* type) {
  const uint8_t* at = c.pos;
  uint8_t b = 0;
  if (absl::Status s = c.Byte(&b); !s.ok()) return s;
  if (b != uint8_t(ValType::kFuncRef) && b != uint8_t(ValType::kExternRef)) {
    return Malformed("malformed reference type", c.Offset(at));
  }
  *type = ValType(b);
  return absl::OkStatus();
}

absl::Status ReadConstI32(Cursor& c, Instr* out) {
  int32_t v = 0;
  LebStatus s = ReadS32(&c.pos, c.end, &v);
  if (s != LebStatus::kOk) return c.LebError(s);
  out->u64 = uint32_t(v);
  return absl::OkStatus();
}

absl::Status ReadConstI64(Cursor& c, Instr* out) {
  int64_t v = 0;
  LebStatus s = ReadS64(&c.pos, c.end, &v);
  if (s != LebStatus::kOk) return c.LebError(s);
  out->u64 = uint64_t(v);
  return absl::OkStatus();
}

ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD absl::Status IllegalOpcode(uint8_t first,
                                                                      uint32_t offset) {
  return Malformed(absl::StrFormat("illegal opcode 0x%02x", first), offset);
}

ABSL_ATTRIBUTE_NOINLINE ABSL_ATTRIBUTE_COLD absl::Status IllegalPrefixedOpcode(
    uint8_t prefix, uint32_t code, uint32_t offset) {
  return Malformed(absl::StrFormat("illegal opcode 0x%02x 0x%x", prefix, code), offset);
}

// Reads the (prefix, code) pair at the cursor and maps it to an Opcode.
absl::Status ReadOpcode(Cursor& c, Opcode* op) {
  const uint8_t* at = c.pos;
  uint8_t first = 0;
  if (absl::Status s = c.Byte(&first); !s.ok()) return s;
  const OpcodeTable& table = Table();
  uint16_t found;
  if (table.IsPrefix(first)) {
    uint32_t code = 0;
    if (absl::Status s = c.U32(&code); !s.ok()) return s;
    found = table.Prefixed(first, code);
    if (found == kNoOpcode) return IllegalPrefixedOpcode(first, code, c.Offset(at));
  } else {
    found = table.Single(first);
    if (found == kNoOpcode) return IllegalOpcode(first, c.Offset(at));
  }
  *op = Opcode(found);
  return absl::OkStatus();
}

}  // namespace

absl::Status InstrReader::Next(Instr* out) {
  const uint8_t* pos = pos_;
  Cursor c{pos, end_, begin_, base_offset_};
  // Copied from a constant: a fresh Instr() is built on the stack in pieces
  // and read back whole, which stalls on store forwarding every call.
  static constexpr Instr kEmpty{};
  *out = kEmpty;
  out->offset = c.Offset(pos);
  if (absl::Status s = ReadOpcode(c, &out->op); !s.ok()) return s;
  absl::Status s;
  uint8_t lane = 0;  // lane-index byte of kLane / kMemargLane
  switch (GetOpcodeInfo(out->op).imm) {
    case ImmKind::kNone: break;
    case ImmKind::kBlockType: s = ReadBlockType(c, &out->block_type); break;
    case ImmKind::kIndex: s = c.U32(&out->a); break;
    case ImmKind::kBrTable: s = ReadBrTable(c, &targets_, &default_target_); break;
    case ImmKind::kCallIndirect:
      // 2.0 (reference types): the table index is a real u32, not a 0x00.
      s = c.U32(&out->a);
      if (s.ok()) s = c.U32(&out->b);
      break;
    case ImmKind::kSelectT: s = ReadSelectT(c, &out->type); break;
    case ImmKind::kMemarg: s = ReadMemarg(c, out); break;
    case ImmKind::kMemoryIndex: s = c.ZeroByte(); break;
    case ImmKind::kI32: s = ReadConstI32(c, out); break;
    case ImmKind::kI64: s = ReadConstI64(c, out); break;
    case ImmKind::kF32: s = c.Fixed(4, &out->u64); break;
    case ImmKind::kF64: s = c.Fixed(8, &out->u64); break;
    case ImmKind::kRefType: s = ReadRefType(c, &out->type); break;
    case ImmKind::kMemoryInit:
      s = c.U32(&out->a);
      if (s.ok()) s = c.ZeroByte();
      break;
    case ImmKind::kMemoryCopy:
      s = c.ZeroByte();
      if (s.ok()) s = c.ZeroByte();
      break;
    case ImmKind::kTableInit:
    case ImmKind::kTableCopy:
      s = c.U32(&out->a);
      if (s.ok()) s = c.U32(&out->b);
      break;
    case ImmKind::kV128:
    case ImmKind::kShuffle: s = c.Bytes(16, out->v128.bytes); break;
    case ImmKind::kLane:
      s = c.Byte(&lane);
      out->a = lane;
      break;
    case ImmKind::kMemargLane:
      s = ReadMemarg(c, out);
      if (s.ok()) s = c.Byte(&lane);
      out->b = lane;
      break;
  }
  if (!s.ok()) return s;
  pos_ = pos;  // commit only complete instructions
  return absl::OkStatus();
}

}  // namespace wasmrt

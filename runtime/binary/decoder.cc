#include "runtime/binary/decoder.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime/base/limits.h"
#include "runtime/binary/instr_reader.h"
#include "runtime/binary/leb128.h"
#include "runtime/binary/malformed.h"
#include "runtime/binary/name_section.h"
#include "runtime/binary/utf8.h"

namespace wasmrt {
namespace {

#define WASMRT_TRY(expr)                           \
  do {                                             \
    if (absl::Status s_ = (expr); !s_.ok()) return s_; \
  } while (0)

constexpr char kEndOfModule[] = "unexpected end";
constexpr char kEndOfSection[] = "unexpected end of section or function";

enum SectionId : uint8_t {
  kCustomId = 0, kTypeId = 1, kImportId = 2, kFunctionId = 3, kTableId = 4,
  kMemoryId = 5, kGlobalId = 6, kExportId = 7, kStartId = 8, kElemId = 9,
  kCodeId = 10, kDataId = 11, kDataCountId = 12,
};

// Rank of each non-custom section in the required order (spec 5.5.2):
// datacount sits between element and code. 0 for ids that are not sections.
int SectionRank(uint8_t id) {
  switch (id) {
    case kDataCountId: return 10;
    case kCodeId: return 11;
    case kDataId: return 12;
    default: return (id >= kTypeId && id <= kElemId) ? id : 0;
  }
}

ConstInstr ToConstInstr(const Instr& in) {
  ConstInstr c;
  c.opcode = uint16_t(in.op);
  c.offset = in.offset;
  switch (in.op) {
    case Opcode::kI32Const:
      c.kind = ConstInstr::Kind::kI32Const;
      c.value = Value::I32(uint32_t(in.u64));
      break;
    case Opcode::kI64Const:
      c.kind = ConstInstr::Kind::kI64Const;
      c.value = Value::I64(in.u64);
      break;
    case Opcode::kF32Const:
      c.kind = ConstInstr::Kind::kF32Const;
      c.value = Value::F32Bits(uint32_t(in.u64));
      break;
    case Opcode::kF64Const:
      c.kind = ConstInstr::Kind::kF64Const;
      c.value = Value::F64Bits(in.u64);
      break;
    case Opcode::kV128Const:
      c.kind = ConstInstr::Kind::kV128Const;
      c.value = Value::Vec(in.v128);
      break;
    case Opcode::kRefNull:
      c.kind = ConstInstr::Kind::kRefNull;
      c.ref_type = in.type;
      break;
    case Opcode::kRefFunc:
      c.kind = ConstInstr::Kind::kRefFunc;
      c.index = in.a;
      break;
    case Opcode::kGlobalGet:
      c.kind = ConstInstr::Kind::kGlobalGet;
      c.index = in.a;
      break;
    default:
      c.kind = ConstInstr::Kind::kOther;
      break;
  }
  return c;
}

class Decoder {
 public:
  Decoder(absl::Span<const uint8_t> bytes, bool scan_bodies)
      : scan_bodies_(scan_bodies),
        data_(bytes.data()),
        pos_(bytes.data()),
        end_(bytes.data() + bytes.size()),
        file_end_(end_) {}

  absl::StatusOr<Module> Decode();

 private:
  uint32_t Off(const uint8_t* p) const { return uint32_t(p - data_); }
  size_t Left() const { return size_t(end_ - pos_); }
  absl::Status Eof() const { return Malformed(eof_text_, Off(pos_)); }

  // Primitive readers over [pos_, end_); each advances only on success.
  absl::Status Byte(uint8_t* out);
  absl::Status U32(uint32_t* out);
  absl::Status Length(uint32_t* out);
  absl::Status Count(uint32_t* out, uint32_t limit, const char* what);
  absl::Status Name(std::string* out);
  absl::Status ValueType(ValType* out);
  absl::Status RefType(ValType* out);
  absl::Status LimitsOf(Limits* out);
  absl::Status TableTypeOf(TableType* out);
  absl::Status GlobalTypeOf(GlobalType* out);
  absl::Status ConstExprOf(ConstExpr* out);

  absl::Status Header();
  absl::Status NextSection(int* last_rank);
  absl::Status SectionContents(uint8_t id);
  absl::Status TypeSection();
  absl::Status ImportSection();
  absl::Status FunctionSection();
  absl::Status TableSection();
  absl::Status MemorySection();
  absl::Status GlobalSection();
  absl::Status ExportSection();
  absl::Status StartSection();
  absl::Status ElemSection();
  absl::Status ElemSegmentOf(ElemSegment* out);
  absl::Status DataCountSection();
  absl::Status CodeSection();
  absl::Status CodeEntry(FunctionBody* out);
  absl::Status Locals(FunctionBody* out);
  absl::Status BodyInstrs(const uint8_t* body_end);
  absl::Status DataSection();
  absl::Status DataSegmentOf(DataSegment* out);
  absl::Status CustomSectionOf();
  absl::Status Finish();

  const bool scan_bodies_;  // BodyInstrs on every body (DecodeModule)
  const uint8_t* const data_;
  const uint8_t* pos_;
  const uint8_t* end_;  // the current section's end while inside one
  const uint8_t* const file_end_;
  const char* eof_text_ = kEndOfModule;
  std::optional<uint32_t> code_count_;  // set by the code section
  bool has_data_section_ = false;
  Module m_;
};

// ---------------------------------------------------------------------------
// Primitives

absl::Status Decoder::Byte(uint8_t* out) {
  if (pos_ == end_) return Eof();
  *out = *pos_++;
  return absl::OkStatus();
}

absl::Status Decoder::U32(uint32_t* out) {
  LebStatus s = ReadU32(&pos_, end_, out);
  if (s == LebStatus::kOk) return absl::OkStatus();
  if (s == LebStatus::kUnexpectedEnd) {
    // Cut by the section end: if the bytes after it show the number itself
    // is bad, that is the more specific error (and the one the spec suite
    // expects).
    const uint8_t* p = pos_;
    uint32_t ignored = 0;
    s = ReadU32(&p, file_end_, &ignored);
    if (s == LebStatus::kOk || s == LebStatus::kUnexpectedEnd) return Eof();
  }
  return Malformed(LebStatusText(s), Off(pos_));
}

// A length (section size, vector count, name or byte-string size) may not
// exceed the bytes left. Like the reference interpreter we count from the
// start of the length field, so a length that overshoots by at most the
// field's own size surfaces later as a truncation ("unexpected end").
absl::Status Decoder::Length(uint32_t* out) {
  const uint8_t* at = pos_;
  WASMRT_TRY(U32(out));
  if (*out > size_t(end_ - at)) return Malformed("length out of bounds", Off(at));
  return absl::OkStatus();
}

// A vector count: bounded by the bytes left (every element takes at least
// one byte, so nothing is reserved for counts the input cannot back) and by
// the implementation limit.
absl::Status Decoder::Count(uint32_t* out, uint32_t limit, const char* what) {
  const uint8_t* at = pos_;
  WASMRT_TRY(Length(out));
  if (*out > limit) return Malformed(absl::StrCat("too many ", what), Off(at));
  return absl::OkStatus();
}

absl::Status Decoder::Name(std::string* out) {
  uint32_t len = 0;
  WASMRT_TRY(Length(&len));
  if (len > Left()) return Eof();
  if (!IsValidUtf8(pos_, len)) return Malformed("malformed UTF-8 encoding", Off(pos_));
  out->assign(reinterpret_cast<const char*>(pos_), len);
  pos_ += len;
  return absl::OkStatus();
}

absl::Status Decoder::ValueType(ValType* out) {
  const uint8_t* at = pos_;
  uint8_t b = 0;
  WASMRT_TRY(Byte(&b));
  if (!IsValidValTypeByte(b)) return Malformed("malformed value type", Off(at));
  *out = ValType(b);
  return absl::OkStatus();
}

absl::Status Decoder::RefType(ValType* out) {
  const uint8_t* at = pos_;
  uint8_t b = 0;
  WASMRT_TRY(Byte(&b));
  if (b != uint8_t(ValType::kFuncRef) && b != uint8_t(ValType::kExternRef)) {
    return Malformed("malformed reference type", Off(at));
  }
  *out = ValType(b);
  return absl::OkStatus();
}

absl::Status Decoder::LimitsOf(Limits* out) {
  const uint8_t* at = pos_;
  uint8_t flags = 0;
  WASMRT_TRY(Byte(&flags));
  // The flag is a one-byte LEB128 in the spec suite's eyes: a continuation
  // bit makes it too long, any value but 0/1 too large.
  if (flags & 0x80) return Malformed("integer representation too long", Off(at));
  if (flags > 1) return Malformed("integer too large", Off(at));
  WASMRT_TRY(U32(&out->min));
  out->has_max = flags == 1;
  if (out->has_max) WASMRT_TRY(U32(&out->max));
  return absl::OkStatus();
}

absl::Status Decoder::TableTypeOf(TableType* out) {
  WASMRT_TRY(RefType(&out->elem));
  return LimitsOf(&out->limits);
}

absl::Status Decoder::GlobalTypeOf(GlobalType* out) {
  WASMRT_TRY(ValueType(&out->type));
  const uint8_t* at = pos_;
  uint8_t mut = 0;
  WASMRT_TRY(Byte(&mut));
  if (mut > 1) return Malformed("malformed mutability", Off(at));
  out->is_mutable = mut == 1;
  return absl::OkStatus();
}

// Reads instructions up to the `end` closing the expression. Nested blocks
// are tracked only so that an inner `end` is not taken for the last one.
absl::Status Decoder::ConstExprOf(ConstExpr* out) {
  out->offset = Off(pos_);
  InstrReader reader(pos_, end_, Off(pos_));
  uint32_t depth = 0;
  for (;;) {
    if (reader.AtEnd()) return Malformed(eof_text_, reader.offset());
    Instr in;
    WASMRT_TRY(reader.Next(&in));
    if (in.op == Opcode::kEnd && depth-- == 0) break;
    if (in.op == Opcode::kBlock || in.op == Opcode::kLoop || in.op == Opcode::kIf) ++depth;
    out->instrs.push_back(ToConstInstr(in));
  }
  pos_ = data_ + reader.offset();
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Module structure

absl::Status Decoder::Header() {
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  static constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
  // Both fields are fixed 4-byte words: a shorter input is a truncation.
  if (Left() < 4) return Eof();
  if (!std::equal(kMagic, kMagic + 4, pos_)) return Malformed("magic header not detected", 0);
  pos_ += 4;
  if (Left() < 4) return Eof();
  if (!std::equal(kVersion, kVersion + 4, pos_)) return Malformed("unknown binary version", 4);
  pos_ += 4;
  return absl::OkStatus();
}

absl::Status Decoder::NextSection(int* last_rank) {
  const uint8_t* start = pos_;
  eof_text_ = kEndOfModule;
  uint8_t id = 0;
  WASMRT_TRY(Byte(&id));
  if (id != kCustomId) {
    const int rank = SectionRank(id);
    if (rank == 0) return Malformed("malformed section id", Off(start));
    // A repeated or out-of-order section: the module "ended" before it.
    if (rank <= *last_rank) {
      return Malformed("unexpected content after last section", Off(start));
    }
    *last_rank = rank;
  }
  uint32_t size = 0;
  WASMRT_TRY(Length(&size));
  // Length() allows a few bytes of overshoot (see there): clamp the section
  // to the input so readers stop at the real end.
  const uint64_t section_end = uint64_t(Off(pos_)) + size;
  end_ = data_ + std::min<uint64_t>(section_end, Off(file_end_));
  eof_text_ = kEndOfSection;
  WASMRT_TRY(id == kCustomId ? CustomSectionOf() : SectionContents(id));
  if (Off(pos_) != section_end) return Malformed("section size mismatch", Off(pos_));
  end_ = file_end_;
  eof_text_ = kEndOfModule;
  return absl::OkStatus();
}

absl::Status Decoder::SectionContents(uint8_t id) {
  switch (id) {
    case kTypeId: return TypeSection();
    case kImportId: return ImportSection();
    case kFunctionId: return FunctionSection();
    case kTableId: return TableSection();
    case kMemoryId: return MemorySection();
    case kGlobalId: return GlobalSection();
    case kExportId: return ExportSection();
    case kStartId: return StartSection();
    case kElemId: return ElemSection();
    case kDataCountId: return DataCountSection();
    case kCodeId: return CodeSection();
    case kDataId: return DataSection();
    default: return Malformed("malformed section id", Off(pos_));
  }
}

absl::StatusOr<Module> Decoder::Decode() {
  if (uint64_t(file_end_ - data_) > UINT32_MAX) {
    return Malformed("length out of bounds", 0);  // offsets are 32-bit
  }
  WASMRT_TRY(Header());
  int last_rank = 0;
  while (pos_ != file_end_) WASMRT_TRY(NextSection(&last_rank));
  WASMRT_TRY(Finish());
  return std::move(m_);
}

// Cross-section checks that can only be made once every section is seen.
absl::Status Decoder::Finish() {
  if (m_.functions.size() != code_count_.value_or(0)) {
    return Malformed("function and code section have inconsistent lengths", Off(pos_));
  }
  if (m_.data_count && *m_.data_count != 0 && !has_data_section_) {
    return Malformed("data count and data section have inconsistent lengths", Off(pos_));
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Sections 1..9

absl::Status Decoder::TypeSection() {
  uint32_t n = 0;
  WASMRT_TRY(Count(&n, limits::kMaxTypes, "types"));
  m_.types.resize(n);
  for (FuncType& type : m_.types) {
    const uint8_t* at = pos_;
    uint8_t form = 0;
    WASMRT_TRY(Byte(&form));
    // The form is a one-byte signed LEB128 (-0x20) to the spec suite.
    if (form & 0x80) return Malformed("integer representation too long", Off(at));
    if (form != 0x60) return Malformed("malformed function type", Off(at));
    uint32_t count = 0;
    WASMRT_TRY(Count(&count, limits::kMaxParams, "params"));
    type.params.resize(count);
    for (ValType& t : type.params) WASMRT_TRY(ValueType(&t));
    WASMRT_TRY(Count(&count, limits::kMaxResults, "results"));
    type.results.resize(count);
    for (ValType& t : type.results) WASMRT_TRY(ValueType(&t));
  }
  return absl::OkStatus();
}

absl::Status Decoder::ImportSection() {
  uint32_t n = 0;
  WASMRT_TRY(Count(&n, limits::kMaxImports, "imports"));
  m_.imports.resize(n);
  for (Import& im : m_.imports) {
    WASMRT_TRY(Name(&im.module));
    WASMRT_TRY(Name(&im.name));
    const uint8_t* at = pos_;
    uint8_t kind = 0;
    WASMRT_TRY(Byte(&kind));
    switch (kind) {
      case 0: WASMRT_TRY(U32(&im.func_type)); ++m_.num_imported_funcs; break;
      case 1: WASMRT_TRY(TableTypeOf(&im.table)); ++m_.num_imported_tables; break;
      case 2: WASMRT_TRY(LimitsOf(&im.memory.limits)); ++m_.num_imported_memories; break;
      case 3: WASMRT_TRY(GlobalTypeOf(&im.global)); ++m_.num_imported_globals; break;
      default: return Malformed("malformed import kind", Off(at));
    }
    im.kind = ExternKind(kind);
  }
  return absl::OkStatus();
}

absl::Status Decoder::FunctionSection() {
  uint32_t n = 0;
  WASMRT_TRY(Count(&n, limits::kMaxFunctions, "functions"));
  m_.functions.resize(n);
  for (FunctionBody& f : m_.functions) WASMRT_TRY(U32(&f.type));
  return absl::OkStatus();
}

absl::Status Decoder::TableSection() {
  uint32_t n = 0;
  WASMRT_TRY(Count(&n, limits::kMaxTables, "tables"));
  m_.tables.resize(n);
  for (TableType& t : m_.tables) WASMRT_TRY(TableTypeOf(&t));
  return absl::OkStatus();
}

absl::Status Decoder::MemorySection() {
  uint32_t n = 0;
  // No separate memory limit: the validator rejects more than one memory.
  WASMRT_TRY(Count(&n, limits::kMaxTables, "memories"));
  m_.memories.resize(n);
  for (MemoryType& mem : m_.memories) WASMRT_TRY(LimitsOf(&mem.limits));
  return absl::OkStatus();
}

absl::Status Decoder::GlobalSection() {
  uint32_t n = 0;
  WASMRT_TRY(Count(&n, limits::kMaxGlobals, "globals"));
  m_.globals.resize(n);
  for (Global& g : m_.globals) {
    WASMRT_TRY(GlobalTypeOf(&g.type));
    WASMRT_TRY(ConstExprOf(&g.init));
  }
  return absl::OkStatus();
}

absl::Status Decoder::ExportSection() {
  uint32_t n = 0;
  WASMRT_TRY(Count(&n, limits::kMaxExports, "exports"));
  m_.exports.resize(n);
  for (Export& ex : m_.exports) {
    WASMRT_TRY(Name(&ex.name));
    const uint8_t* at = pos_;
    uint8_t kind = 0;
    WASMRT_TRY(Byte(&kind));
    if (kind > 3) return Malformed("malformed export kind", Off(at));
    ex.kind = ExternKind(kind);
    WASMRT_TRY(U32(&ex.index));
  }
  return absl::OkStatus();
}

absl::Status Decoder::StartSection() {
  uint32_t index = 0;
  WASMRT_TRY(U32(&index));
  m_.start = index;
  return absl::OkStatus();
}

absl::Status Decoder::ElemSection() {
  uint32_t n = 0;
  WASMRT_TRY(Count(&n, limits::kMaxElemSegments, "element segments"));
  m_.elems.resize(n);
  for (ElemSegment& seg : m_.elems) WASMRT_TRY(ElemSegmentOf(&seg));
  return absl::OkStatus();
}

// Spec 5.5.12: the flags' bit 0 = passive/declarative, bit 1 = explicit
// table index (active) or declarative (otherwise), bit 2 = elements given as
// expressions rather than function indices.
absl::Status Decoder::ElemSegmentOf(ElemSegment* out) {
  const uint8_t* at = pos_;
  uint32_t flags = 0;
  WASMRT_TRY(U32(&flags));
  if (flags > 7) return Malformed("malformed elements segment kind", Off(at));
  const bool exprs = flags & 4;
  if ((flags & 1) == 0) {
    out->mode = ElemSegment::Mode::kActive;
    if (flags & 2) WASMRT_TRY(U32(&out->table));
    WASMRT_TRY(ConstExprOf(&out->offset));
  } else {
    out->mode = (flags & 2) ? ElemSegment::Mode::kDeclarative : ElemSegment::Mode::kPassive;
  }
  out->type = ValType::kFuncRef;
  if (flags & 3) {  // forms 0 and 4 imply funcref; the others spell it out
    if (exprs) {
      WASMRT_TRY(RefType(&out->type));
    } else {
      const uint8_t* kind_at = pos_;
      uint8_t elem_kind = 0;
      WASMRT_TRY(Byte(&elem_kind));
      if (elem_kind != 0x00) return Malformed("malformed element kind", Off(kind_at));
    }
  }
  uint32_t count = 0;
  WASMRT_TRY(Count(&count, limits::kMaxTableSize, "elements"));
  out->init.resize(count);
  for (ConstExpr& e : out->init) {
    if (exprs) {
      WASMRT_TRY(ConstExprOf(&e));
      continue;
    }
    // Function-index form: becomes `ref.func i` so later stages see one shape.
    ConstInstr ref;
    ref.kind = ConstInstr::Kind::kRefFunc;
    ref.opcode = uint16_t(Opcode::kRefFunc);
    ref.offset = e.offset = Off(pos_);
    WASMRT_TRY(U32(&ref.index));
    e.instrs.push_back(ref);
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Sections 10..12

absl::Status Decoder::DataCountSection() {
  uint32_t n = 0;
  WASMRT_TRY(U32(&n));
  m_.data_count = n;
  return absl::OkStatus();
}

absl::Status Decoder::CodeSection() {
  uint32_t n;
  WASMRT_TRY(Count(&n, limits::kMaxFunctions, "functions"));
  code_count_ = n;
  // A count that disagrees with the function section is reported by
  // Finish(), after later sections had their say (a repeated section is the
  // more specific error); the bodies are still decoded to check them.
  std::vector<FunctionBody> scratch;
  std::vector<FunctionBody>& bodies = n == m_.functions.size() ? m_.functions : scratch;
  bodies.resize(n);
  for (FunctionBody& f : bodies) WASMRT_TRY(CodeEntry(&f));
  return absl::OkStatus();
}

absl::Status Decoder::CodeEntry(FunctionBody* out) {
  const uint8_t* at = pos_;
  uint32_t size = 0;
  WASMRT_TRY(Length(&size));
  if (size > limits::kMaxFunctionSize) return Malformed("function too large", Off(at));
  if (size > Left()) return Eof();
  const uint8_t* body_end = pos_ + size;
  const uint8_t* section_end = end_;
  end_ = body_end;  // locals and instructions may not read past the body
  WASMRT_TRY(Locals(out));
  out->code_offset = Off(pos_);
  out->code_size = uint32_t(body_end - pos_);
  if (scan_bodies_) WASMRT_TRY(BodyInstrs(body_end));
  out->code.assign(data_ + out->code_offset, body_end);
  pos_ = body_end;
  end_ = section_end;
  return absl::OkStatus();
}

absl::Status Decoder::Locals(FunctionBody* out) {
  uint32_t groups = 0;
  WASMRT_TRY(Length(&groups));
  uint64_t total = 0;
  for (uint32_t i = 0; i < groups; ++i) {
    const uint8_t* at = pos_;
    uint32_t n = 0;
    WASMRT_TRY(U32(&n));
    ValType type = ValType::kI32;
    WASMRT_TRY(ValueType(&type));
    // Checked before expanding so a huge count allocates nothing.
    total += n;
    if (total > limits::kMaxLocals) return Malformed("too many locals", Off(at));
    out->locals.insert(out->locals.end(), n, type);
  }
  return absl::OkStatus();
}

// Scans a body to its final `end`: catches malformed instructions here (the
// spec puts them in the binary format) and the data-count requirement of
// spec 5.5.13, which needs the instructions.
absl::Status Decoder::BodyInstrs(const uint8_t* body_end) {
  InstrReader reader(pos_, body_end, Off(pos_));
  uint32_t depth = 0;
  for (;;) {
    if (reader.AtEnd()) {
      // Ran out before the final `end`: at the end of the input it is a
      // truncation, otherwise the body itself lacks its END.
      const char* what = body_end == file_end_ ? kEndOfSection : "END opcode expected";
      return Malformed(what, reader.offset());
    }
    Instr in;
    WASMRT_TRY(reader.Next(&in));
    switch (in.op) {
      case Opcode::kBlock:
      case Opcode::kLoop:
      case Opcode::kIf:
        ++depth;
        break;
      case Opcode::kEnd:
        if (depth-- == 0) {
          if (!reader.AtEnd()) return Malformed("section size mismatch", reader.offset());
          return absl::OkStatus();
        }
        break;
      case Opcode::kMemoryInit:
      case Opcode::kDataDrop:
        if (!m_.data_count) return Malformed("data count section required", in.offset);
        break;
      default:
        break;
    }
  }
}

absl::Status Decoder::DataSection() {
  const uint8_t* at = pos_;
  uint32_t n = 0;
  WASMRT_TRY(Count(&n, limits::kMaxDataSegments, "data segments"));
  if (m_.data_count && *m_.data_count != n) {
    return Malformed("data count and data section have inconsistent lengths", Off(at));
  }
  has_data_section_ = true;
  m_.datas.resize(n);
  for (DataSegment& seg : m_.datas) WASMRT_TRY(DataSegmentOf(&seg));
  return absl::OkStatus();
}

// Spec 5.5.14: 0 = active in memory 0, 1 = passive, 2 = active, explicit memory.
absl::Status Decoder::DataSegmentOf(DataSegment* out) {
  const uint8_t* at = pos_;
  uint32_t flags = 0;
  WASMRT_TRY(U32(&flags));
  if (flags > 2) return Malformed("malformed data segment kind", Off(at));
  if (flags == 1) {
    out->mode = DataSegment::Mode::kPassive;
  } else {
    out->mode = DataSegment::Mode::kActive;
    if (flags == 2) WASMRT_TRY(U32(&out->memory));
    WASMRT_TRY(ConstExprOf(&out->offset));
  }
  uint32_t len = 0;
  WASMRT_TRY(Length(&len));
  if (len > Left()) return Eof();
  out->data_offset = Off(pos_);
  out->bytes.assign(pos_, pos_ + len);
  pos_ += len;
  return absl::OkStatus();
}

absl::Status Decoder::CustomSectionOf() {
  CustomSection custom;
  WASMRT_TRY(Name(&custom.name));
  custom.offset = Off(pos_);  // where `bytes` starts in the module
  custom.bytes.assign(pos_, end_);
  pos_ = end_;
  if (custom.name == "name") {
    ParseNameSection(custom.bytes, &m_.module_name, &m_.function_names);
  }
  m_.customs.push_back(std::move(custom));
  return absl::OkStatus();
}

#undef WASMRT_TRY

}  // namespace

absl::StatusOr<Module> DecodeModule(absl::Span<const uint8_t> bytes) {
  return Decoder(bytes, /*scan_bodies=*/true).Decode();
}

absl::StatusOr<Module> DecodeModuleLeavingBodies(absl::Span<const uint8_t> bytes) {
  return Decoder(bytes, /*scan_bodies=*/false).Decode();
}

}  // namespace wasmrt

#include "runtime/binary/decoder.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/binary/opcode.h"

namespace wasmrt {
namespace {

using Bytes = std::vector<uint8_t>;

// "\0asm" version 1 followed by `rest`; sections start at offset 0x8.
Bytes Wasm(const Bytes& rest) {
  Bytes b = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  b.insert(b.end(), rest.begin(), rest.end());
  return b;
}

// A section with a one-byte size (payloads here are all < 128 bytes).
Bytes Sec(uint8_t id, const Bytes& payload) {
  Bytes b = {id, uint8_t(payload.size())};
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes b;
  for (const Bytes& p : parts) b.insert(b.end(), p.begin(), p.end());
  return b;
}

void ExpectMalformed(const Bytes& bytes, const std::string& message) {
  absl::StatusOr<Module> m = DecodeModule(bytes);
  ASSERT_FALSE(m.ok()) << message;
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(m.status().message()), message);
}

// (type (func (param i32) (result i32)))
const Bytes kTypeI32ToI32 = Sec(1, {0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F});
// (type (func))
const Bytes kTypeVoid = Sec(1, {0x01, 0x60, 0x00, 0x00});
// (func (type 0)) declarations
const Bytes kOneFunc = Sec(3, {0x01, 0x00});
// Body of one empty function: size 2, no locals, end.
const Bytes kOneEmptyBody = Sec(10, {0x01, 0x02, 0x00, 0x0B});

TEST(DecoderTest, EmptyModule) {
  absl::StatusOr<Module> m = DecodeModule(Wasm({}));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(m->types.empty());
  EXPECT_FALSE(m->start.has_value());
}

TEST(DecoderTest, FunctionWithLocalsAndExport) {
  // (module
  //   (func (export "inc") (param i32) (result i32) (local i64 i64 f32)
  //     local.get 0 i32.const 1 i32.add))
  const Bytes bytes = Wasm(Cat({
      kTypeI32ToI32, kOneFunc,
      Sec(7, {0x01, 0x03, 'i', 'n', 'c', 0x00, 0x00}),
      Sec(10, {0x01, 0x0B, 0x02, 0x02, 0x7E, 0x01, 0x7D,  // locals
               0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B}),
  }));
  absl::StatusOr<Module> m = DecodeModule(bytes);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->types.size(), 1u);
  EXPECT_EQ(m->types[0], (FuncType{{ValType::kI32}, {ValType::kI32}}));
  ASSERT_EQ(m->functions.size(), 1u);
  const FunctionBody& f = m->functions[0];
  EXPECT_EQ(f.locals, (std::vector<ValType>{ValType::kI64, ValType::kI64, ValType::kF32}));
  EXPECT_EQ(f.code, (Bytes{0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B}));
  EXPECT_EQ(f.code_size, 6u);
  EXPECT_EQ(bytes[f.code_offset], 0x20);
  ASSERT_EQ(m->exports.size(), 1u);
  EXPECT_EQ(m->exports[0].name, "inc");
  EXPECT_EQ(m->exports[0].kind, ExternKind::kFunc);
}

TEST(DecoderTest, Imports) {
  // (import "m" "f" (func (type 0)))  (import "m" "t" (table 1 2 externref))
  // (import "m" "g" (global (mut f64)))  (import "m" "mem" (memory 1))
  absl::StatusOr<Module> m = DecodeModule(Wasm(Cat({
      kTypeVoid,
      Sec(2, {0x04,
              0x01, 'm', 0x01, 'f', 0x00, 0x00,
              0x01, 'm', 0x01, 't', 0x01, 0x6F, 0x01, 0x01, 0x02,
              0x01, 'm', 0x01, 'g', 0x03, 0x7C, 0x01,
              0x01, 'm', 0x03, 'm', 'e', 'm', 0x02, 0x00, 0x01}),
  })));
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->imports.size(), 4u);
  EXPECT_EQ(m->imports[1].table.elem, ValType::kExternRef);
  EXPECT_EQ(m->imports[1].table.limits.max, 2u);
  EXPECT_TRUE(m->imports[2].global.is_mutable);
  EXPECT_EQ(m->imports[3].memory.limits.min, 1u);
  EXPECT_FALSE(m->imports[3].memory.limits.has_max);
  EXPECT_EQ(m->NumFuncs(), 1u);
  EXPECT_EQ(m->NumTables(), 1u);
  EXPECT_EQ(m->NumGlobals(), 1u);
  EXPECT_EQ(m->NumMemories(), 1u);
}

TEST(DecoderTest, HeaderErrors) {
  ExpectMalformed({}, "unexpected end at offset 0x0");
  ExpectMalformed({0x00, 0x61, 0x73}, "unexpected end at offset 0x0");
  ExpectMalformed({0x00, 0x61, 0x73, 0x6E, 0x01, 0, 0, 0},
                  "magic header not detected at offset 0x0");
  ExpectMalformed({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00},
                  "unexpected end at offset 0x4");
  ExpectMalformed({0x00, 0x61, 0x73, 0x6D, 0x02, 0, 0, 0},
                  "unknown binary version at offset 0x4");
}

TEST(DecoderTest, SectionIdAndOrder) {
  ExpectMalformed(Wasm({0x0D, 0x00}), "malformed section id at offset 0x8");
  // function section before type section
  ExpectMalformed(Wasm(Cat({kOneFunc, kTypeVoid})),
                  "unexpected content after last section at offset 0xc");
  // duplicate type section
  ExpectMalformed(Wasm(Cat({kTypeVoid, kTypeVoid})),
                  "unexpected content after last section at offset 0xe");
  // datacount (12) goes before code (10): after it is out of order
  ExpectMalformed(Wasm(Cat({kTypeVoid, kOneFunc, kOneEmptyBody, Sec(12, {0x00})})),
                  "unexpected content after last section at offset 0x18");
  // ... while before code it is fine; custom sections go anywhere.
  absl::StatusOr<Module> m = DecodeModule(Wasm(Cat(
      {Sec(0, {0x01, 'a'}), kTypeVoid, kOneFunc, Sec(12, {0x00}), Sec(0, {0x01, 'b'}),
       kOneEmptyBody, Sec(0, {0x01, 'c', 0x7F})})));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->data_count, 0u);
  ASSERT_EQ(m->customs.size(), 3u);
  EXPECT_EQ(m->customs[2].name, "c");
  EXPECT_EQ(m->customs[2].bytes, Bytes{0x7F});
}

TEST(DecoderTest, SectionSizeMismatch) {
  // type section declares 5 bytes but its content is 4
  ExpectMalformed(Wasm({0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00}),
                  "section size mismatch at offset 0xe");
  // content longer than declared: the last read runs into the section end
  ExpectMalformed(Wasm({0x01, 0x03, 0x01, 0x60, 0x00, 0x00}),
                  "unexpected end of section or function at offset 0xd");
}

TEST(DecoderTest, SectionLargerThanInput) {
  ExpectMalformed(Wasm({0x01, 0x7F, 0x00}), "length out of bounds at offset 0x9");
  ExpectMalformed(Wasm({0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}),
                  "length out of bounds at offset 0x9");
}

TEST(DecoderTest, HugeCountsFailFast) {
  // (type) count 0xFFFFFFFF in a 6-byte section: rejected before reserving.
  ExpectMalformed(Wasm({0x01, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x60}),
                  "length out of bounds at offset 0xa");
  // an export name claiming 0x7FFFFFFF bytes
  ExpectMalformed(Wasm({0x07, 0x06, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07}),
                  "length out of bounds at offset 0xb");
  // 0xFFFFFFFF + 2 locals of i32 in an otherwise tiny body
  ExpectMalformed(Wasm(Cat({kTypeVoid, kOneFunc,
                            Sec(10, {0x01, 0x0A, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F,
                                     0x02, 0x7F, 0x0B})})),
                  "too many locals at offset 0x17");
}

TEST(DecoderTest, TruncationAtEveryPoint) {
  // (module (func (export "f") (param i32) (result i32) local.get 0)
  //         (data "hi"))
  const Bytes code = Sec(10, {0x01, 0x04, 0x00, 0x20, 0x00, 0x0B});
  const Bytes head = Cat({kTypeI32ToI32, kOneFunc, Sec(7, {0x01, 0x01, 'f', 0x00, 0x00})});
  const Bytes full = Wasm(Cat({head, code, Sec(11, {0x01, 0x01, 0x02, 'h', 'i'})}));
  ASSERT_TRUE(DecodeModule(full).ok());
  const size_t type_end = 8 + kTypeI32ToI32.size();
  const size_t code_end = 8 + head.size() + code.size();
  for (size_t n = 0; n < full.size(); ++n) {
    absl::StatusOr<Module> m = DecodeModule(absl::MakeConstSpan(full.data(), n));
    // Cut at these section ends the rest is a whole module.
    if (n == 8 || n == type_end || n == code_end) {
      EXPECT_TRUE(m.ok()) << n;
      continue;
    }
    ASSERT_FALSE(m.ok()) << n;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << n;
  }
}

TEST(DecoderTest, BadUtf8) {
  // (export "\c0\80" ...): overlong encoding of NUL
  ExpectMalformed(Wasm(Cat({kTypeVoid, kOneFunc,
                            Sec(7, {0x01, 0x02, 0xC0, 0x80, 0x00, 0x00}), kOneEmptyBody})),
                  "malformed UTF-8 encoding at offset 0x16");
  // custom section named "\ed\a0\80" (a surrogate)
  ExpectMalformed(Wasm(Sec(0, {0x03, 0xED, 0xA0, 0x80})),
                  "malformed UTF-8 encoding at offset 0xb");
  // a truncated 4-byte sequence in an import module name
  ExpectMalformed(Wasm(Sec(2, {0x01, 0x02, 0xF0, 0x9F, 0x00, 0x00, 0x00})),
                  "malformed UTF-8 encoding at offset 0xc");
}

TEST(DecoderTest, MalformedBytes) {
  ExpectMalformed(Wasm(Sec(2, {0x01, 0x00, 0x00, 0x04, 0x00})),
                  "malformed import kind at offset 0xd");
  ExpectMalformed(Wasm(Sec(6, {0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B})),
                  "malformed mutability at offset 0xc");
  ExpectMalformed(Wasm(Sec(5, {0x01, 0x02, 0x00})), "integer too large at offset 0xb");
  ExpectMalformed(Wasm(Sec(5, {0x01, 0x81, 0x00})),
                  "integer representation too long at offset 0xb");
  ExpectMalformed(Wasm(Sec(4, {0x01, 0x7F, 0x00, 0x00})),
                  "malformed reference type at offset 0xb");
  ExpectMalformed(Wasm(Sec(1, {0x01, 0x60, 0x01, 0x40, 0x00})),
                  "malformed value type at offset 0xd");
  ExpectMalformed(Wasm(Sec(1, {0x01, 0x5F, 0x00, 0x00})),
                  "malformed function type at offset 0xb");
  ExpectMalformed(Wasm(Sec(7, {0x01, 0x01, 'x', 0x04, 0x00})),
                  "malformed export kind at offset 0xd");
}

TEST(DecoderTest, OverlongLebInSection) {
  // function section: type index written with 6 bytes
  ExpectMalformed(Wasm(Cat({kTypeVoid, Sec(3, {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})})),
                  "integer representation too long at offset 0x11");
  // ... and with bits beyond 32
  ExpectMalformed(Wasm(Cat({kTypeVoid, Sec(3, {0x01, 0x80, 0x80, 0x80, 0x80, 0x10})})),
                  "integer too large at offset 0x11");
}

TEST(DecoderTest, FunctionAndCodeCounts) {
  ExpectMalformed(Wasm(Cat({kTypeVoid, kOneFunc})),
                  "function and code section have inconsistent lengths at offset 0x12");
  ExpectMalformed(Wasm(Cat({kTypeVoid, kOneEmptyBody})),
                  "function and code section have inconsistent lengths at offset 0x14");
}

TEST(DecoderTest, BodyErrors) {
  // body without its final end, followed by another body
  ExpectMalformed(Wasm(Cat({kTypeVoid, Sec(3, {0x02, 0x00, 0x00}),
                            Sec(10, {0x02, 0x02, 0x00, 0x01, 0x02, 0x00, 0x0B})})),
                  "END opcode expected at offset 0x19");
  // bytes after the final end inside the body
  ExpectMalformed(Wasm(Cat({kTypeVoid, kOneFunc, Sec(10, {0x01, 0x03, 0x00, 0x0B, 0x01})})),
                  "section size mismatch at offset 0x18");
  // an unknown opcode
  ExpectMalformed(Wasm(Cat({kTypeVoid, kOneFunc, Sec(10, {0x01, 0x03, 0x00, 0xFF, 0x0B})})),
                  "illegal opcode 0xff at offset 0x17");
  // block ... end end: the inner end does not close the body
  absl::StatusOr<Module> m = DecodeModule(Wasm(Cat(
      {kTypeVoid, kOneFunc, Sec(10, {0x01, 0x05, 0x00, 0x02, 0x40, 0x0B, 0x0B})})));
  EXPECT_TRUE(m.ok()) << m.status();
}

TEST(DecoderTest, DataCount) {
  // (func (data.drop 0)) without a datacount section
  const Bytes drop_body = Sec(10, {0x01, 0x05, 0x00, 0xFC, 0x09, 0x00, 0x0B});
  ExpectMalformed(Wasm(Cat({kTypeVoid, kOneFunc, drop_body})),
                  "data count section required at offset 0x17");
  const Bytes passive_data = Sec(11, {0x01, 0x01, 0x00});  // (data "")
  absl::StatusOr<Module> m =
      DecodeModule(Wasm(Cat({kTypeVoid, kOneFunc, Sec(12, {0x01}), drop_body, passive_data})));
  ASSERT_TRUE(m.ok()) << m.status();
  ExpectMalformed(Wasm(Cat({Sec(12, {0x02}), passive_data})),
                  "data count and data section have inconsistent lengths at offset 0xd");
  ExpectMalformed(Wasm(Sec(12, {0x01})),
                  "data count and data section have inconsistent lengths at offset 0xb");
}

TEST(DecoderTest, GlobalConstExpr) {
  // (global i32 (i32.const -2)) (global (mut i64) (i32.const 1) (i32.const 2) i32.add)
  absl::StatusOr<Module> m = DecodeModule(Wasm(Sec(6, {0x02,
      0x7F, 0x00, 0x41, 0x7E, 0x0B,
      0x7E, 0x01, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B})));
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->globals.size(), 2u);
  ASSERT_EQ(m->globals[0].init.instrs.size(), 1u);
  const ConstInstr& c = m->globals[0].init.instrs[0];
  EXPECT_EQ(c.kind, ConstInstr::Kind::kI32Const);
  EXPECT_EQ(c.value.i32, 0xFFFFFFFEu);
  EXPECT_EQ(c.offset, 0xDu);
  ASSERT_EQ(m->globals[1].init.instrs.size(), 3u);
  EXPECT_EQ(m->globals[1].init.instrs[2].kind, ConstInstr::Kind::kOther);
  EXPECT_EQ(m->globals[1].init.instrs[2].opcode, uint16_t(Opcode::kI32Add));
  // missing end
  ExpectMalformed(Wasm(Sec(6, {0x01, 0x7F, 0x00, 0x41, 0x00})),
                  "unexpected end of section or function at offset 0xf");
}

TEST(DecoderTest, AllElemSegmentForms) {
  // (table 1 funcref) (func) and one segment of each of the 8 encodings.
  const Bytes seg = {0x08,
      0x00, 0x41, 0x00, 0x0B, 0x01, 0x00,              // 0: (elem (i32.const 0) func 0)
      0x01, 0x00, 0x01, 0x00,                          // 1: (elem func 0)
      0x02, 0x00, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x00,  // 2: (elem (table 0) (i32.const 0) func 0)
      0x03, 0x00, 0x01, 0x00,                          // 3: (elem declare func 0)
      0x04, 0x41, 0x00, 0x0B, 0x01, 0xD2, 0x00, 0x0B,  // 4: (elem (i32.const 0) (ref.func 0))
      0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,              // 5: (elem externref (ref.null extern))
      0x06, 0x00, 0x41, 0x00, 0x0B, 0x70, 0x00,        // 6: (elem (table 0) (i32.const 0) funcref)
      0x07, 0x70, 0x01, 0xD0, 0x70, 0x0B};             // 7: (elem declare funcref (ref.null func))
  absl::StatusOr<Module> m = DecodeModule(Wasm(Cat(
      {kTypeVoid, kOneFunc, Sec(4, {0x01, 0x70, 0x00, 0x01}), Sec(9, seg), kOneEmptyBody})));
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->elems.size(), 8u);
  using Mode = ElemSegment::Mode;
  const Mode modes[8] = {Mode::kActive, Mode::kPassive, Mode::kActive, Mode::kDeclarative,
                         Mode::kActive, Mode::kPassive, Mode::kActive, Mode::kDeclarative};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(m->elems[i].mode, modes[i]) << i;
  const ConstInstr& f = m->elems[1].init[0].instrs[0];
  EXPECT_EQ(f.kind, ConstInstr::Kind::kRefFunc);
  EXPECT_EQ(f.index, 0u);
  EXPECT_EQ(m->elems[5].type, ValType::kExternRef);
  EXPECT_EQ(m->elems[5].init[0].instrs[0].kind, ConstInstr::Kind::kRefNull);
  EXPECT_TRUE(m->elems[6].init.empty());
  EXPECT_EQ(m->elems[0].offset.instrs.size(), 1u);
  ExpectMalformed(Wasm(Sec(9, {0x01, 0x08})), "malformed elements segment kind at offset 0xb");
  ExpectMalformed(Wasm(Sec(9, {0x01, 0x01, 0x01, 0x00})),
                  "malformed element kind at offset 0xc");
  ExpectMalformed(Wasm(Sec(9, {0x01, 0x05, 0x7F, 0x00})),
                  "malformed reference type at offset 0xc");
}

TEST(DecoderTest, DataSegmentForms) {
  // (memory 1) (data (i32.const 8) "a") (data "bc") (data (memory 0) (i32.const 0) "")
  const Bytes bytes = Wasm(Cat({Sec(5, {0x01, 0x00, 0x01}),
                                Sec(11, {0x03, 0x00, 0x41, 0x08, 0x0B, 0x01, 'a',
                                         0x01, 0x02, 'b', 'c',
                                         0x02, 0x00, 0x41, 0x00, 0x0B, 0x00})}));
  absl::StatusOr<Module> m = DecodeModule(bytes);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->datas.size(), 3u);
  EXPECT_EQ(m->datas[0].mode, DataSegment::Mode::kActive);
  EXPECT_EQ(m->datas[0].bytes, Bytes{'a'});
  EXPECT_EQ(bytes[m->datas[0].data_offset], 'a');
  EXPECT_EQ(m->datas[1].mode, DataSegment::Mode::kPassive);
  EXPECT_EQ(m->datas[1].bytes, (Bytes{'b', 'c'}));
  EXPECT_EQ(m->datas[2].mode, DataSegment::Mode::kActive);
  EXPECT_TRUE(m->datas[2].bytes.empty());
  ExpectMalformed(Wasm(Sec(11, {0x01, 0x03})), "malformed data segment kind at offset 0xb");
  // data claiming more bytes than the section holds
  ExpectMalformed(Wasm(Sec(11, {0x01, 0x01, 0x03, 'a'})),
                  "length out of bounds at offset 0xc");
}

TEST(DecoderTest, StartSection) {
  absl::StatusOr<Module> m =
      DecodeModule(Wasm(Cat({kTypeVoid, kOneFunc, Sec(8, {0x00}), kOneEmptyBody})));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->start, 0u);
}

// The `name` section: module name "m", function 0 named "f".
const Bytes kNameSection = Sec(0, {0x04, 'n', 'a', 'm', 'e',
                                   0x00, 0x02, 0x01, 'm',
                                   0x01, 0x04, 0x01, 0x00, 0x01, 'f'});

TEST(DecoderTest, NameSection) {
  absl::StatusOr<Module> m =
      DecodeModule(Wasm(Cat({kTypeVoid, kOneFunc, kOneEmptyBody, kNameSection})));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->module_name, "m");
  ASSERT_EQ(m->function_names.size(), 1u);
  EXPECT_EQ(m->function_names[0], (std::pair<uint32_t, std::string>{0, "f"}));
}

TEST(DecoderTest, MalformedNameSectionIsIgnored) {
  // function-names subsection whose name length overruns it
  absl::StatusOr<Module> m = DecodeModule(Wasm(Sec(0, {0x04, 'n', 'a', 'm', 'e',
                                                       0x00, 0x02, 0x01, 'm',
                                                       0x01, 0x03, 0x01, 0x00, 0x09})));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->module_name, "");
  EXPECT_TRUE(m->function_names.empty());
  EXPECT_EQ(m->customs.size(), 1u);
}

}  // namespace
}  // namespace wasmrt

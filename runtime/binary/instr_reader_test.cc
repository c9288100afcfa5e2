#include "runtime/binary/instr_reader.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace wasmrt {
namespace {

// Base offset 0x100 so the tests see that offsets are module offsets.
constexpr uint32_t kBase = 0x100;

// Reads one instruction from `bytes` and keeps the reader for inspection.
struct ReadOne {
  explicit ReadOne(std::vector<uint8_t> b)
      : bytes(std::move(b)),
        reader(bytes.data(), bytes.data() + bytes.size(), kBase),
        status(reader.Next(&in)) {}
  std::vector<uint8_t> bytes;
  InstrReader reader;
  Instr in;
  absl::Status status;
};

// Reads one instruction that must decode.
Instr Must(std::vector<uint8_t> bytes) {
  ReadOne r(std::move(bytes));
  EXPECT_TRUE(r.status.ok()) << r.status;
  return r.in;
}

void ExpectError(const std::vector<uint8_t>& bytes, const std::string& msg) {
  ReadOne r(bytes);
  EXPECT_EQ(r.status.code(), absl::StatusCode::kInvalidArgument) << msg;
  EXPECT_EQ(r.status.message(), msg);
}

TEST(InstrReaderTest, SimpleSequence) {
  // i32.const -1  i32.const 42  i32.add  end
  const std::vector<uint8_t> code = {0x41, 0x7F, 0x41, 0x2A, 0x6A, 0x0B};
  InstrReader r(code.data(), code.data() + code.size(), kBase);
  Instr in;
  ASSERT_TRUE(r.Next(&in).ok());
  EXPECT_EQ(in.op, Opcode::kI32Const);
  EXPECT_EQ(in.u64, 0xFFFFFFFFu);  // zero-extended
  EXPECT_EQ(in.offset, kBase);
  ASSERT_TRUE(r.Next(&in).ok());
  EXPECT_EQ(in.u64, 42u);
  EXPECT_EQ(in.offset, kBase + 2);
  ASSERT_TRUE(r.Next(&in).ok());
  EXPECT_EQ(in.op, Opcode::kI32Add);
  ASSERT_TRUE(r.Next(&in).ok());
  EXPECT_EQ(in.op, Opcode::kEnd);
  EXPECT_TRUE(r.AtEnd());
  EXPECT_EQ(r.offset(), kBase + 6);
}

TEST(InstrReaderTest, BlockTypes) {
  Instr in;
  in = Must({0x02, 0x40});  // block
  EXPECT_EQ(in.block_type.kind, BlockType::Kind::kEmpty);
  in = Must({0x03, 0x7E});  // loop (result i64)
  EXPECT_EQ(in.block_type.kind, BlockType::Kind::kValue);
  EXPECT_EQ(in.block_type.value, ValType::kI64);
  in = Must({0x04, 0x85, 0x01});  // if (type 133)
  EXPECT_EQ(in.block_type.kind, BlockType::Kind::kTypeIndex);
  EXPECT_EQ(in.block_type.type_index, 133u);
  ExpectError({0x02, 0x7A}, "malformed value type at offset 0x101");
  ExpectError({0x02}, "unexpected end at offset 0x101");
}

TEST(InstrReaderTest, BrTable) {
  // br_table 1 2 0 (default 0)
  ReadOne r({0x0E, 0x02, 0x01, 0x02, 0x00});
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.in.op, Opcode::kBrTable);
  EXPECT_EQ(r.reader.br_table_targets(), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(r.reader.br_table_default(), 0u);
}

TEST(InstrReaderTest, BrTableHugeCountFailsFast) {
  // br_table with 0xFFFFFFFF labels but 1 byte left: no allocation.
  ExpectError({0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00},
              "br_table too large at offset 0x101");
  ExpectError({0x0E, 0x05, 0x00}, "unexpected end at offset 0x102");
}

TEST(InstrReaderTest, IllegalOpcodes) {
  ExpectError({0xFF}, "illegal opcode 0xff at offset 0x100");
  ExpectError({0x06}, "illegal opcode 0x06 at offset 0x100");
  ExpectError({0xFC, 0x12}, "illegal opcode 0xfc 0x12 at offset 0x100");
  ExpectError({0xFD, 0x9A, 0x01}, "illegal opcode 0xfd 0x9a at offset 0x100");  // reserved
  ExpectError({0xFD, 0x80, 0x02}, "illegal opcode 0xfd 0x100 at offset 0x100");
  ExpectError({}, "unexpected end at offset 0x100");
}

TEST(InstrReaderTest, PrefixedSubOpcodeIsLeb) {
  Instr in;
  // memory.fill written with a 2-byte sub-opcode 0x8B 0x00 (= 11).
  in = Must({0xFC, 0x8B, 0x00, 0x00});
  EXPECT_EQ(in.op, Opcode::kMemoryFill);
  in = Must({0xFC, 0x00});
  EXPECT_EQ(in.op, Opcode::kI32TruncSatF32S);
}

TEST(InstrReaderTest, ReservedZeroBytes) {
  ExpectError({0x40, 0x01}, "zero byte expected at offset 0x101");        // memory.grow
  ExpectError({0x3F, 0x80, 0x00}, "zero byte expected at offset 0x101");  // memory.size
  ExpectError({0xFC, 0x08, 0x00, 0x01}, "zero byte expected at offset 0x103");  // memory.init
  ExpectError({0xFC, 0x0A, 0x00, 0x01}, "zero byte expected at offset 0x103");  // memory.copy
  ExpectError({0xFC, 0x0B, 0x01}, "zero byte expected at offset 0x102");  // memory.fill
  Instr in;
  in = Must({0xFC, 0x08, 0x03, 0x00});
  EXPECT_EQ(in.a, 3u);
}

TEST(InstrReaderTest, CallIndirectTableIsIndex) {
  Instr in;
  in = Must({0x11, 0x02, 0x81, 0x01});  // call_indirect 129 (type 2)
  EXPECT_EQ(in.a, 2u);
  EXPECT_EQ(in.b, 129u);
}

TEST(InstrReaderTest, SelectT) {
  Instr in;
  in = Must({0x1C, 0x01, 0x7D});  // select (result f32)
  EXPECT_EQ(in.type, ValType::kF32);
  ExpectError({0x1C, 0x02, 0x7F, 0x7F}, "invalid result arity at offset 0x101");
  ExpectError({0x1C, 0x00}, "invalid result arity at offset 0x101");
  ExpectError({0x1C, 0x01, 0x40}, "malformed value type at offset 0x102");
}

TEST(InstrReaderTest, RefNull) {
  Instr in;
  in = Must({0xD0, 0x6F});
  EXPECT_EQ(in.type, ValType::kExternRef);
  ExpectError({0xD0, 0x7F}, "malformed reference type at offset 0x101");
}

TEST(InstrReaderTest, Memarg) {
  Instr in;
  in = Must({0x28, 0x02, 0x80, 0x80, 0x04});  // i32.load offset=65536
  EXPECT_EQ(in.a, 2u);
  EXPECT_EQ(in.u64, 65536u);
  ExpectError({0x28, 0x20, 0x00}, "malformed memop flags at offset 0x101");
}

TEST(InstrReaderTest, Constants) {
  Instr in;
  in = Must({0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F});
  EXPECT_EQ(in.u64, 0x8000000000000000ull);
  in = Must({0x43, 0x00, 0x00, 0x80, 0x3F});  // f32.const 1.0
  EXPECT_EQ(in.u64, 0x3F800000u);
  in = Must({0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F});
  EXPECT_EQ(in.u64, 0x3FF0000000000000ull);
  ExpectError({0x44, 0x00, 0x00}, "unexpected end at offset 0x101");
  ExpectError({0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
              "integer representation too long at offset 0x101");
  ExpectError({0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, "integer too large at offset 0x101");
}

TEST(InstrReaderTest, SimdImmediates) {
  Instr in;
  std::vector<uint8_t> bytes = {0xFD, 0x0C};  // v128.const, 16 raw bytes
  for (int i = 0; i < 16; ++i) bytes.push_back(uint8_t(0xF0 + i));
  in = Must(bytes);
  EXPECT_EQ(in.op, Opcode::kV128Const);
  EXPECT_EQ(in.v128.bytes[0], 0xF0);
  EXPECT_EQ(in.v128.bytes[15], 0xFF);
  bytes[1] = 0x0D;  // i8x16.shuffle: 16 lane bytes, range checked later
  in = Must(bytes);
  EXPECT_EQ(in.op, Opcode::kI8x16Shuffle);
  EXPECT_EQ(in.v128.bytes[3], 0xF3);
  in = Must({0xFD, 0x15, 0xFF});  // i8x16.extract_lane_s 255: a byte
  EXPECT_EQ(in.op, Opcode::kI8x16ExtractLaneS);
  EXPECT_EQ(in.a, 255u);
  in = Must({0xFD, 0x54, 0x00, 0x90, 0x03, 0x0F});  // v128.load8_lane offset=400 15
  EXPECT_EQ(in.op, Opcode::kV128Load8Lane);
  EXPECT_EQ(in.a, 0u);
  EXPECT_EQ(in.u64, 400u);
  EXPECT_EQ(in.b, 15u);
  ExpectError({0xFD, 0x0C, 0x00}, "unexpected end at offset 0x102");
  ExpectError({0xFD, 0x1B}, "unexpected end at offset 0x102");
  ExpectError({0xFD, 0x58, 0x00, 0x00}, "unexpected end at offset 0x104");
}

TEST(InstrReaderTest, FailureDoesNotAdvance) {
  const std::vector<uint8_t> code = {0x41};  // truncated i32.const
  InstrReader r(code.data(), code.data() + code.size(), 0);
  Instr in;
  EXPECT_FALSE(r.Next(&in).ok());
  EXPECT_EQ(r.offset(), 0u);
}

}  // namespace
}  // namespace wasmrt

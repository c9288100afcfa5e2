// Invalid function bodies: the spec's words first, then the function index
// and the module offset of the offending instruction.
#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/validate/test_util.h"
#include "runtime/validate/validator.h"

namespace wasmrt::testing {
namespace {

void ExpectInvalid(const ModuleBuilder& b, const std::string& message) {
  absl::Status r = ValidateModule(b.m, nullptr);
  ASSERT_FALSE(r.ok()) << "expected: " << message;
  EXPECT_EQ(r.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.message(), message);
}

// One function of type `params -> results` with `code` as its body.
ModuleBuilder OneFunc(std::vector<ValType> params, std::vector<ValType> results,
                      std::vector<uint8_t> code,
                      std::vector<ValType> locals = {}) {
  ModuleBuilder b;
  b.Func(b.Type(std::move(params), std::move(results)), std::move(code),
         std::move(locals));
  return b;
}

TEST(ValidateErrorsTest, BinaryOperandMismatch) {
  // (func i32.const 0 f64.const 1 i32.add drop)
  ExpectInvalid(OneFunc({}, {}, {0x41, 0x00, 0x44, 0, 0, 0, 0, 0, 0, 0xF0,
                                 0x3F, 0x6A, 0x1A, 0x0B}),
                "type mismatch in func 0 at offset 0x2b: expected i32, got f64");
}

TEST(ValidateErrorsTest, FunctionIndexCountsImports) {
  // (import "env" "f" (func)) (func i64.const 0)   ;; func 1
  ModuleBuilder b;
  uint32_t t = b.Type({}, {});
  Import im;
  im.kind = ExternKind::kFunc;
  im.func_type = t;
  b.m.imports.push_back(im);
  b.m.num_imported_funcs = 1;
  b.Func(t, {0x42, 0x00, 0x0B});
  ExpectInvalid(b,
                "type mismatch in func 1 at offset 0x22: 1 extra value(s) at "
                "end of block");
}

TEST(ValidateErrorsTest, MissingOperand) {
  // (func (result i32) i32.eqz)
  ExpectInvalid(OneFunc({}, {I32}, {0x45, 0x0B}),
                "type mismatch in func 0 at offset 0x20: expected i32, got "
                "nothing");
}

TEST(ValidateErrorsTest, WrongResult) {
  // (func (result i32) f32.const 0)
  ExpectInvalid(OneFunc({}, {I32}, {0x43, 0, 0, 0, 0, 0x0B}),
                "type mismatch in func 0 at offset 0x25: expected i32, got f32");
}

TEST(ValidateErrorsTest, UnknownLocalAndLabel) {
  // (func (param i32) local.get 1)
  ExpectInvalid(OneFunc({I32}, {}, {0x20, 0x01, 0x1A, 0x0B}),
                "unknown local 1 in func 0 at offset 0x20");
  // (func block br 2 end)
  ExpectInvalid(OneFunc({}, {}, {0x02, 0x40, 0x0C, 0x02, 0x0B, 0x0B}),
                "unknown label 2 in func 0 at offset 0x22");
}

TEST(ValidateErrorsTest, ImmutableGlobal) {
  // (global i32 (i32.const 0)) (func i32.const 1 global.set 0)
  ModuleBuilder b = OneFunc({}, {}, {0x41, 0x01, 0x24, 0x00, 0x0B});
  b.Global(I32, false, I32ConstExpr(0));
  ExpectInvalid(b, "global is immutable in func 0 at offset 0x22: global 0");
}

TEST(ValidateErrorsTest, MemoryInstructions) {
  // (func i32.const 0 i32.load drop) without a memory
  ExpectInvalid(OneFunc({}, {}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B}),
                "unknown memory 0 in func 0 at offset 0x22");
  // (memory 1) (func i32.const 0 i32.load align=8 drop)
  ModuleBuilder b = OneFunc({}, {}, {0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B});
  b.Memory(1);
  ExpectInvalid(b,
                "alignment must not be larger than natural in func 0 at offset "
                "0x22: i32.load has natural alignment 2^2, got 2^3");
  // (memory 1) (func data.drop 0) without data segments
  ModuleBuilder d = OneFunc({}, {}, {0xFC, 0x09, 0x00, 0x0B});
  d.Memory(1);
  ExpectInvalid(d, "unknown data segment 0 in func 0 at offset 0x20");
}

TEST(ValidateErrorsTest, UndeclaredFunctionReference) {
  // (func ref.func 0 drop)
  ExpectInvalid(OneFunc({}, {}, {0xD2, 0x00, 0x1A, 0x0B}),
                "undeclared function reference in func 0 at offset 0x20: "
                "function 0");
  // Declared by an export: valid.
  ModuleBuilder b = OneFunc({}, {}, {0xD2, 0x00, 0x1A, 0x0B});
  b.m.exports.push_back(Export{"f", ExternKind::kFunc, 0});
  EXPECT_TRUE(ValidateModule(b.m, nullptr).ok());
}

TEST(ValidateErrorsTest, UntypedSelectOfReferences) {
  // (func (param externref externref i32) local.get 0 local.get 1 local.get 2
  //   select drop)
  ExpectInvalid(
      OneFunc({ExternRef, ExternRef, I32}, {},
              {0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x1B, 0x1A, 0x0B}),
      "type mismatch in func 0 at offset 0x26: select without a type needs "
      "numeric or vector operands");
}

TEST(ValidateErrorsTest, BrTableArity) {
  // (func block (result i32) block i32.const 0 i32.const 0 br_table 0 1 end
  //   i32.const 0 end drop)
  ExpectInvalid(
      OneFunc({}, {}, {0x02, 0x7F, 0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0E,
                       0x01, 0x00, 0x01, 0x0B, 0x41, 0x00, 0x0B, 0x1A, 0x0B}),
      "type mismatch in func 0 at offset 0x28: br_table label 0 has arity 0, "
      "default has 1");
}

TEST(ValidateErrorsTest, IfWithoutElseMustKeepItsType) {
  // (func (result i32) i32.const 1 if (result i32) i32.const 2 end)
  ExpectInvalid(OneFunc({}, {I32}, {0x41, 0x01, 0x04, 0x7F, 0x41, 0x02, 0x0B,
                                    0x0B}),
                "type mismatch in func 0 at offset 0x26: if without else must "
                "produce its inputs");
}

TEST(ValidateErrorsTest, UnreachableStackIsPolymorphic) {
  // (func (result i32) unreachable i32.add)  ;; valid
  ModuleBuilder ok = OneFunc({}, {I32}, {0x00, 0x6A, 0x0B});
  EXPECT_TRUE(ValidateModule(ok.m, nullptr).ok());
  // (func (result i32) unreachable f32.const 0 i32.add): the known f32 still
  // has to match.
  ExpectInvalid(OneFunc({}, {I32}, {0x00, 0x43, 0, 0, 0, 0, 0x6A, 0x0B}),
                "type mismatch in func 0 at offset 0x26: expected i32, got f32");
}

TEST(ValidateErrorsTest, CallAndCallIndirect) {
  // (func call 5)
  ExpectInvalid(OneFunc({}, {}, {0x10, 0x05, 0x0B}),
                "unknown function 5 in func 0 at offset 0x20");
  // (func i32.const 0 call_indirect (type 0)) without a table
  ExpectInvalid(OneFunc({}, {}, {0x41, 0x00, 0x11, 0x00, 0x00, 0x0B}),
                "unknown table 0 in func 0 at offset 0x22");
  // (table 1 externref) (func i32.const 0 call_indirect (type 0))
  ModuleBuilder b = OneFunc({}, {}, {0x41, 0x00, 0x11, 0x00, 0x00, 0x0B});
  b.m.tables.push_back(TableType{ExternRef, {1, false, 0}});
  ExpectInvalid(b,
                "type mismatch in func 0 at offset 0x22: call_indirect needs "
                "a funcref table, table 0 holds externref");
}

TEST(ValidateErrorsTest, TableAndElemIndices) {
  // (func elem.drop 4)
  ExpectInvalid(OneFunc({}, {}, {0xFC, 0x0D, 0x04, 0x0B}),
                "unknown elem segment 4 in func 0 at offset 0x20");
  // (func i32.const 0 table.get 0 drop)
  ExpectInvalid(OneFunc({}, {}, {0x41, 0x00, 0x25, 0x00, 0x1A, 0x0B}),
                "unknown table 0 in func 0 at offset 0x22");
}

// v128.const 0 (16 zero bytes).
std::vector<uint8_t> V128Zero() {
  std::vector<uint8_t> v = {0xFD, 0x0C};
  v.resize(18, 0);
  return v;
}

std::vector<uint8_t> Cat(std::vector<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(ValidateErrorsTest, SimdLaneIndexBeyondShape) {
  // (func v128.const 0 i16x8.extract_lane_s 8 drop)
  ExpectInvalid(OneFunc({}, {}, Cat({V128Zero(), {0xFD, 0x18, 0x08, 0x1A, 0x0B}})),
                "invalid lane index in func 0 at offset 0x32: "
                "i16x8.extract_lane_s has 8 lanes, got 8");
  // (func v128.const 0 f64x2.replace_lane 2 ...) checks the lane first.
  ExpectInvalid(OneFunc({}, {}, Cat({V128Zero(), {0xFD, 0x22, 0x02, 0x0B}})),
                "invalid lane index in func 0 at offset 0x32: "
                "f64x2.replace_lane has 2 lanes, got 2");
}

TEST(ValidateErrorsTest, SimdShuffleIndexMustBeBelow32) {
  // (func v128.const 0 v128.const 0 i8x16.shuffle 0 ... 0 32 drop)
  std::vector<uint8_t> shuffle = {0xFD, 0x0D};
  shuffle.resize(17, 0);
  shuffle.push_back(32);
  ExpectInvalid(OneFunc({}, {}, Cat({V128Zero(), V128Zero(), shuffle, {0x1A, 0x0B}})),
                "invalid lane index in func 0 at offset 0x44: "
                "i8x16.shuffle lane 15 selects 32, must be < 32");
}

TEST(ValidateErrorsTest, SimdLoadLaneAlignmentAndLane) {
  // (memory 1) (func i32.const 0 v128.const 0 v128.load32_lane align=8 0 drop)
  ModuleBuilder b = OneFunc(
      {}, {}, Cat({{0x41, 0x00}, V128Zero(), {0xFD, 0x56, 0x03, 0x00, 0x00, 0x1A, 0x0B}}));
  b.Memory(1);
  ExpectInvalid(b,
                "alignment must not be larger than natural in func 0 at offset "
                "0x34: v128.load32_lane has natural alignment 2^2, got 2^3");
  // ... v128.store64_lane 2
  b = OneFunc({}, {},
              Cat({{0x41, 0x00}, V128Zero(), {0xFD, 0x5B, 0x03, 0x00, 0x02, 0x0B}}));
  b.Memory(1);
  ExpectInvalid(b,
                "invalid lane index in func 0 at offset 0x34: "
                "v128.store64_lane has 2 lanes, got 2");
}

TEST(ValidateErrorsTest, SimdOperandTypes) {
  // (func i32.const 0 i32x4.neg drop)
  ExpectInvalid(OneFunc({}, {}, {0x41, 0x00, 0xFD, 0xA1, 0x01, 0x1A, 0x0B}),
                "type mismatch in func 0 at offset 0x22: expected v128, got i32");
}

}  // namespace
}  // namespace wasmrt::testing

// The internal code emitted for small functions (handlers == nullptr, so
// operation words are IOp numbers).
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/validate/test_util.h"
#include "runtime/validate/validator.h"

namespace wasmrt::testing {
namespace {

using Words_ = std::vector<uint64_t>;

CompiledFunction Translate(const ModuleBuilder& b, size_t index = 0) {
  absl::StatusOr<std::vector<CompiledFunction>> r =
      ValidateModule(b.m, nullptr);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok() || r->size() <= index) return {};
  return (*r)[index];
}

uint64_t Off(int64_t v) { return uint64_t(v); }

TEST(TranslateTest, AddParamAndConstant) {
  // (func (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}), {0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B});
  CompiledFunction f = Translate(b);
  EXPECT_EQ(Words(f), (Words_{W(IOp::kLocalGet), 0, W(IOp::kI32Const), 1,
                              W(IOp::kI32Add), W(IOp::kReturnN), 1}));
  EXPECT_EQ(f.type_index, 0u);
  EXPECT_EQ(f.param_slots, 1u);
  EXPECT_EQ(f.local_slots, 0u);
  EXPECT_EQ(f.result_slots, 1u);
  EXPECT_EQ(f.max_stack_slots, 2u);
}

TEST(TranslateTest, ConstantsAreZeroExtendedBits) {
  // (func (result i32) i32.const -1 i64.const -2 drop f64.const 1.0 drop)
  ModuleBuilder b;
  b.Func(b.Type({}, {I32}),
         {0x41, 0x7F, 0x42, 0x7E, 0x1A, 0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,
          0x1A, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32Const), 0xFFFFFFFFu, W(IOp::kI64Const),
                    0xFFFFFFFFFFFFFFFEu, W(IOp::kDrop), W(IOp::kF64Const),
                    0x3FF0000000000000u, W(IOp::kDrop), W(IOp::kReturnN), 1}));
}

TEST(TranslateTest, LocalSlotsCountV128Twice) {
  // (func (param i32) (local v128 i64)
  //   local.get 2 drop  local.get 1 local.set 1  local.get 1 drop)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}),
         {0x20, 0x02, 0x1A, 0x20, 0x01, 0x21, 0x01, 0x20, 0x01, 0x1A, 0x0B},
         {V128, I64});
  CompiledFunction f = Translate(b);
  EXPECT_EQ(Words(f),
            (Words_{W(IOp::kLocalGet), 3, W(IOp::kDrop), W(IOp::kLocalGet128),
                    1, W(IOp::kLocalSet128), 1, W(IOp::kLocalGet128), 1,
                    W(IOp::kDrop), W(IOp::kDrop), W(IOp::kReturnN), 0}));
  EXPECT_EQ(f.param_slots, 1u);
  EXPECT_EQ(f.local_slots, 3u);
  EXPECT_EQ(f.max_stack_slots, 2u);
}

TEST(TranslateTest, BrIfWithoutAndWithAdjust) {
  // (func (param i32) (result i32)
  //   block (result i32)
  //     i32.const 7 local.get 0 br_if 0        ;; nothing below: JumpIf
  //     drop i32.const 1 i32.const 2 local.get 0 br_if 0  ;; drops one slot
  //     i32.add
  //   end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}),
         {0x02, 0x7F, 0x41, 0x07, 0x20, 0x00, 0x0D, 0x00, 0x1A, 0x41, 0x01,
          0x41, 0x02, 0x20, 0x00, 0x0D, 0x00, 0x6A, 0x0B, 0x0B});
  CompiledFunction f = Translate(b);
  // 0 I32Const 7 | 2 LocalGet 0 | 4 JumpIf +16 | 6 Drop | 7 I32Const 1 |
  // 9 I32Const 2 | 11 LocalGet 0 | 13 JumpIfAdjust +7 (1,1) | 16 I32Add |
  // 17 (end) ReturnN 1
  EXPECT_EQ(Words(f),
            (Words_{W(IOp::kI32Const), 7, W(IOp::kLocalGet), 0,
                    W(IOp::kJumpIf), Off(17 - 4), W(IOp::kDrop),
                    W(IOp::kI32Const), 1, W(IOp::kI32Const), 2,
                    W(IOp::kLocalGet), 0, W(IOp::kJumpIfAdjust), Off(17 - 13),
                    KeepDrop(1, 1), W(IOp::kI32Add), W(IOp::kReturnN), 1}));
  EXPECT_EQ(f.max_stack_slots, 3u);
}

TEST(TranslateTest, LoopBranchesBackToLoopCheck) {
  // (func (param i32) loop local.get 0 br_if 0 end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}), {0x03, 0x40, 0x20, 0x00, 0x0D, 0x00, 0x0B, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLoopCheck), W(IOp::kLocalGet), 0, W(IOp::kJumpIf),
                    Off(-3), W(IOp::kReturnN), 0}));
}

TEST(TranslateTest, LoopWithParamKeepsThemOnBackwardBranch) {
  // (type (func (param i32)))
  // (func (param i32)
  //   i32.const 9 local.get 0 loop (type 1) i32.const 1 br 0 end drop)
  // br 0 passes the top i32 as the loop's parameter and drops the previous
  // parameter below it; the i32.const 9 under the loop stays.
  ModuleBuilder b;
  uint32_t t = b.Type({I32}, {});
  uint32_t loop_t = b.Type({I32}, {});
  ASSERT_EQ(loop_t, 1u);
  b.Func(t, {0x41, 0x09, 0x20, 0x00, 0x03, 0x01, 0x41, 0x01, 0x0C, 0x00, 0x0B,
             0x1A, 0x0B});
  CompiledFunction f = Translate(b);
  // 0 I32Const 9 | 2 LocalGet 0 | 4 LoopCheck | 5 I32Const 1 |
  // 7 JumpAdjust -3 (1,1) | 10 Drop | 11 ReturnN 0
  EXPECT_EQ(Words(f),
            (Words_{W(IOp::kI32Const), 9, W(IOp::kLocalGet), 0,
                    W(IOp::kLoopCheck), W(IOp::kI32Const), 1,
                    W(IOp::kJumpAdjust), Off(4 - 7), KeepDrop(1, 1),
                    W(IOp::kDrop), W(IOp::kReturnN), 0}));
}

TEST(TranslateTest, BrTableEntriesRelativeToTheTableOp) {
  // (func (param i32) (result i32)
  //   block (result i32)
  //     i32.const 5 i32.const 9 local.get 0 br_table 0 1
  //   end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}), {0x02, 0x7F, 0x41, 0x05, 0x41, 0x09, 0x20, 0x00,
                                0x0E, 0x01, 0x00, 0x01, 0x0B, 0x0B});
  CompiledFunction f = Translate(b);
  // 0 I32Const 5 | 2 I32Const 9 | 4 LocalGet 0 | 6 JumpTable [1]
  // 8 [+6][1,1] | 10 [+6][1,1] | 12 ReturnN 1
  EXPECT_EQ(Words(f),
            (Words_{W(IOp::kI32Const), 5, W(IOp::kI32Const), 9,
                    W(IOp::kLocalGet), 0, W(IOp::kJumpTable), 1, Off(6),
                    KeepDrop(1, 1), Off(6), KeepDrop(1, 1), W(IOp::kReturnN),
                    1}));
  EXPECT_EQ(f.max_stack_slots, 3u);
}

TEST(TranslateTest, BrTableToLoopAndBlocks) {
  // (func (param i32) loop block local.get 0 br_table 1 0 end end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}), {0x03, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0E, 0x01,
                             0x01, 0x00, 0x0B, 0x0B, 0x0B});
  // 0 LoopCheck | 1 LocalGet 0 | 3 JumpTable [1] 5 [-3][0] 7 [+4][0] |
  // 9 ReturnN 0
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLoopCheck), W(IOp::kLocalGet), 0,
                    W(IOp::kJumpTable), 1, Off(-3), 0, Off(9 - 3), 0,
                    W(IOp::kReturnN), 0}));
}

TEST(TranslateTest, IfElse) {
  // (func (param i32) (result i32)
  //   local.get 0 if (result i32) i32.const 1 else i32.const 2 end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}), {0x20, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05,
                                0x41, 0x02, 0x0B, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalGet), 0, W(IOp::kJumpUnless), Off(8 - 2),
                    W(IOp::kI32Const), 1, W(IOp::kJump), Off(10 - 6),
                    W(IOp::kI32Const), 2, W(IOp::kReturnN), 1}));
}

TEST(TranslateTest, IfWithoutElseJumpsToEnd) {
  // (func (param i32) local.get 0 if nop end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}), {0x20, 0x00, 0x04, 0x40, 0x01, 0x0B, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalGet), 0, W(IOp::kJumpUnless), Off(2),
                    W(IOp::kReturnN), 0}));
}

TEST(TranslateTest, IfWithParams) {
  // (type 1 (func (param i32) (result i32)))
  // (func (param i32) (result i32)
  //   local.get 0 local.get 0
  //   if (type 1) i32.const 1 i32.add else i32.const 2 i32.sub end)
  ModuleBuilder b;
  uint32_t t = b.Type({I32}, {I32});
  b.Type({I32}, {I32});
  b.Func(t, {0x20, 0x00, 0x20, 0x00, 0x04, 0x01, 0x41, 0x01, 0x6A, 0x05, 0x41,
             0x02, 0x6B, 0x0B, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalGet), 0, W(IOp::kLocalGet), 0,
                    W(IOp::kJumpUnless), Off(11 - 4), W(IOp::kI32Const), 1,
                    W(IOp::kI32Add), W(IOp::kJump), Off(14 - 9),
                    W(IOp::kI32Const), 2, W(IOp::kI32Sub), W(IOp::kReturnN),
                    1}));
}

TEST(TranslateTest, TableAndBulkMemoryImmediates) {
  // (memory 1) (table 2 funcref) (table 2 funcref)
  // (elem funcref) (elem funcref) (data "")   ;; passive, data count 1
  // (func (param i32)
  //   local.get 0 table.get 0 drop
  //   local.get 0 ref.null func table.set 0
  //   ref.null func local.get 0 table.grow 0 drop
  //   local.get 0 ref.null func local.get 0 table.fill 0
  //   local.get 0 local.get 0 local.get 0 table.copy 0 1
  //   local.get 0 local.get 0 local.get 0 table.init 0 1   ;; table 0, elem 1
  //   elem.drop 0
  //   local.get 0 local.get 0 local.get 0 memory.init 0
  //   data.drop 0)
  ModuleBuilder b;
  b.Memory(1);
  b.m.tables.push_back(TableType{FuncRef, {2, false, 0}});
  b.m.tables.push_back(TableType{FuncRef, {2, false, 0}});
  b.m.elems.resize(2);
  b.m.datas.resize(1);
  b.m.data_count = 1;
  b.Func(b.Type({I32}, {}),
         {0x20, 0x00, 0x25, 0x00, 0x1A,                    //
          0x20, 0x00, 0xD0, 0x70, 0x26, 0x00,              //
          0xD0, 0x70, 0x20, 0x00, 0xFC, 0x0F, 0x00, 0x1A,  //
          0x20, 0x00, 0xD0, 0x70, 0x20, 0x00, 0xFC, 0x11, 0x00,
          0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0xFC, 0x0E, 0x00, 0x01,
          0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0xFC, 0x0C, 0x01, 0x00,
          0xFC, 0x0D, 0x00,                                //
          0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0xFC, 0x08, 0x00, 0x00,
          0xFC, 0x09, 0x00, 0x0B});
  const uint64_t kGet = W(IOp::kLocalGet);
  EXPECT_EQ(Words(Translate(b)),
            (Words_{kGet, 0, W(IOp::kTableGet), 0, W(IOp::kDrop),
                    kGet, 0, W(IOp::kRefNull), W(IOp::kTableSet), 0,
                    W(IOp::kRefNull), kGet, 0, W(IOp::kTableGrow), 0,
                    W(IOp::kDrop),
                    kGet, 0, W(IOp::kRefNull), kGet, 0, W(IOp::kTableFill), 0,
                    kGet, 0, kGet, 0, kGet, 0, W(IOp::kTableCopy), 0, 1,
                    kGet, 0, kGet, 0, kGet, 0, W(IOp::kTableInit), 1, 0,
                    W(IOp::kElemDrop), 0,
                    kGet, 0, kGet, 0, kGet, 0, W(IOp::kMemoryInit), 0,
                    W(IOp::kDataDrop), 0, W(IOp::kReturnN), 0}));
}

TEST(TranslateTest, DeadCodeIsValidatedButNotEmitted) {
  // (func (result i32)
  //   i32.const 1 return
  //   i32.const 2 drop block loop end end unreachable)
  ModuleBuilder b;
  b.Func(b.Type({}, {I32}), {0x41, 0x01, 0x0F, 0x41, 0x02, 0x1A, 0x02, 0x40,
                             0x03, 0x40, 0x0B, 0x0B, 0x00, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32Const), 1, W(IOp::kReturnN), 1}));
}

TEST(TranslateTest, CodeAfterDeadBlockEndIsLiveAgain) {
  // (func (result i32)
  //   block br 0 i32.const 3 drop end   ;; dead after br, live after end
  //   i32.const 4)
  ModuleBuilder b;
  b.Func(b.Type({}, {I32}), {0x02, 0x40, 0x0C, 0x00, 0x41, 0x03, 0x1A, 0x0B,
                             0x41, 0x04, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kJump), Off(2), W(IOp::kI32Const), 4,
                    W(IOp::kReturnN), 1}));
}

TEST(TranslateTest, BranchToFunctionLabelReturns) {
  // (func (param i32) (result i32)
  //   i32.const 1 local.get 0 br_if 0 drop i32.const 2 br 0)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}), {0x41, 0x01, 0x20, 0x00, 0x0D, 0x00, 0x1A, 0x41,
                                0x02, 0x0C, 0x00, 0x0B});
  // The br_if jumps to the final ReturnN; the br is a return itself.
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32Const), 1, W(IOp::kLocalGet), 0,
                    W(IOp::kJumpIf), Off(11 - 4), W(IOp::kDrop),
                    W(IOp::kI32Const), 2, W(IOp::kReturnN), 1,
                    W(IOp::kReturnN), 1}));
}

TEST(TranslateTest, BlockWithParams) {
  // (type 1 (func (param i32 i32) (result i32)))
  // (func (result i32) i32.const 1 i32.const 2 block (type 1) br 0 end)
  ModuleBuilder b;
  uint32_t t = b.Type({}, {I32});
  b.Type({I32, I32}, {I32});
  b.Func(t, {0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x0C, 0x00, 0x0B, 0x0B});
  // br 0 keeps the top i32 and drops the other block parameter.
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32Const), 1, W(IOp::kI32Const), 2,
                    W(IOp::kJumpAdjust), Off(3), KeepDrop(1, 1),
                    W(IOp::kReturnN), 1}));
}

TEST(TranslateTest, CallsMemoryTablesAndRefs) {
  // (memory 1) (table 1 funcref) (elem declare func 0)
  // (func (param i32)
  //   local.get 0 i32.load offset=8 call 0
  //   ref.func 0 drop  local.get 0 i32.const 0 call_indirect (type 0)
  //   memory.size drop  table.size 0 drop)
  ModuleBuilder b;
  b.Memory(1);
  b.m.tables.push_back(TableType{FuncRef, {1, false, 0}});
  ElemSegment e;
  e.mode = ElemSegment::Mode::kDeclarative;
  e.init.push_back(ConstExpr{{RefFuncExpr(0)}, 0});
  b.m.elems.push_back(e);
  b.Func(b.Type({I32}, {}),
         {0x20, 0x00, 0x28, 0x02, 0x08, 0x10, 0x00, 0xD2, 0x00, 0x1A, 0x20,
          0x00, 0x41, 0x00, 0x11, 0x00, 0x00, 0x3F, 0x00, 0x1A, 0xFC, 0x10, 0x00, 0x1A,
          0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalGet), 0, W(IOp::kI32Load), 8, W(IOp::kCall),
                    0, W(IOp::kRefFunc), 0, W(IOp::kDrop), W(IOp::kLocalGet),
                    0, W(IOp::kI32Const),
                    0, W(IOp::kCallIndirect), 0, 0, W(IOp::kMemorySize),
                    W(IOp::kDrop), W(IOp::kTableSize), 0, W(IOp::kDrop),
                    W(IOp::kReturnN), 0}));
}

TEST(TranslateTest, HandlersFillOperationWords) {
  // (func nop)
  std::vector<const void*> table(size_t(IOp::kCount));
  static int target;
  table[size_t(IOp::kReturnN)] = &target;
  ModuleBuilder b;
  b.Func(b.Type({}, {}), {0x01, 0x0B});
  absl::StatusOr<std::vector<CompiledFunction>> r =
      ValidateModule(b.m, table.data());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ((*r)[0].code.size(), 2u);
  EXPECT_EQ((*r)[0].code[0].handler, &target);
  EXPECT_EQ((*r)[0].code[1].u64, 0u);
}

TEST(TranslateTest, DeepNestingValidatesInLinearTime) {
  // 200000 nested blocks, each with a br_if to the outermost label.
  constexpr int kDepth = 200000;
  std::vector<uint8_t> code;
  for (int i = 0; i < kDepth; ++i) {
    code.insert(code.end(), {0x02, 0x40, 0x41, 0x00, 0x0D});
    // br_if i  (LEB128 u32)
    uint32_t v = uint32_t(i);
    do {
      uint8_t byte = v & 0x7F;
      v >>= 7;
      code.push_back(byte | (v ? 0x80 : 0));
    } while (v);
  }
  code.insert(code.end(), kDepth + 1, 0x0B);
  ModuleBuilder b;
  b.Func(b.Type({}, {}), std::move(code));
  CompiledFunction f = Translate(b);
  EXPECT_EQ(f.code.size(), size_t(kDepth) * 4 + 2);
}

TEST(TranslateTest, SimdImmediates) {
  // (func (result i32) v128.const i8x16 0 1 ... 15
  //   v128.const i8x16 0 ... 0 i8x16.shuffle 16 0 16 0 ... i8x16.extract_lane_u 1)
  std::vector<uint8_t> code = {0xFD, 0x0C};
  for (int i = 0; i < 16; ++i) code.push_back(uint8_t(i));
  code.push_back(0xFD);
  code.push_back(0x0C);
  code.resize(code.size() + 16, 0);
  code.push_back(0xFD);
  code.push_back(0x0D);
  for (int i = 0; i < 16; ++i) code.push_back(i % 2 == 0 ? 16 : 0);
  for (uint8_t byte : {0xFD, 0x16, 0x01, 0x0B}) code.push_back(byte);
  ModuleBuilder b;
  b.Func(b.Type({}, {I32}), code);
  CompiledFunction f = Translate(b);
  EXPECT_EQ(Words(f),
            (Words_{W(IOp::kV128Const), 0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull,
                    W(IOp::kV128Const), 0, 0,
                    W(IOp::kI8x16Shuffle), 0x0010001000100010ull, 0x0010001000100010ull,
                    W(IOp::kI8x16ExtractLaneU), 1, W(IOp::kReturnN), 1}));
  EXPECT_EQ(f.max_stack_slots, 4u);
}

TEST(TranslateTest, SimdLoadLaneCarriesOffsetAndLane) {
  // (memory 1) (func (param i32 v128) (result v128)
  //   local.get 0 local.get 1 v128.load16_lane offset=6 7)
  ModuleBuilder b;
  b.Memory(1);
  b.Func(b.Type({I32, V128}, {V128}),
         {0x20, 0x00, 0x20, 0x01, 0xFD, 0x55, 0x01, 0x06, 0x07, 0x0B});
  CompiledFunction f = Translate(b);
  EXPECT_EQ(Words(f), (Words_{W(IOp::kLocalGet), 0, W(IOp::kLocalGet128), 1,
                              W(IOp::kV128Load16Lane), 6, 7, W(IOp::kReturnN), 2}));
}

}  // namespace
}  // namespace wasmrt::testing

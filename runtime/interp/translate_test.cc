// The internal code emitted for small functions (handlers == nullptr, so
// operation words are IOp numbers).
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/validate/test_util.h"
#include "runtime/interp/translator.h"

namespace wasmrt::testing {
namespace {

using Words_ = std::vector<uint64_t>;

CompiledFunction Translate(const ModuleBuilder& b, size_t index = 0) {
  absl::StatusOr<std::vector<CompiledFunction>> r =
      interp::TranslateModule(b.m, nullptr);
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
  // Fused: local + constant operands; the return pays 3 instructions.
  EXPECT_EQ(Words(f), (Words_{W(IOp::kI32Add_LC), 0, 1, W(IOp::kReturnN), 1, 3}));
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
                    0x3FF0000000000000u, W(IOp::kDrop), W(IOp::kReturnN), 1, 5}));
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
                    W(IOp::kDrop), W(IOp::kDrop), W(IOp::kReturnN), 0, 6}));
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
  // 0 I32Const 7 | 2 JumpIfL [0] +18 fuel 4 (block i32.const local.get
  // br_if) | 6 Drop | 7 I32Const 1 | 9 I32Const 2 | 11 LocalGet 0 |
  // 13 JumpIfAdjust +7 (1,1) fuel 5 | 17 I32Add | 18 Charge 1 (the i32.add
  // falling into the label) | 20 (end) ReturnN 1 fuel 0
  EXPECT_EQ(Words(f),
            (Words_{W(IOp::kI32Const), 7, W(IOp::kJumpIfL), 0, Off(20 - 2), 4,
                    W(IOp::kDrop), W(IOp::kI32Const), 1, W(IOp::kI32Const), 2,
                    W(IOp::kLocalGet), 0, W(IOp::kJumpIfAdjust), Off(20 - 13),
                    KeepDrop(1, 1), 5, W(IOp::kI32Add), W(IOp::kCharge), 1,
                    W(IOp::kReturnN), 1, 0}));
  EXPECT_EQ(f.max_stack_slots, 3u);
}

TEST(TranslateTest, LoopBranchesBackToItsFirstWord) {
  // (func (param i32) loop local.get 0 br_if 0 end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}), {0x03, 0x40, 0x20, 0x00, 0x0D, 0x00, 0x0B, 0x0B});
  // 0 Charge 1 (the loop instruction) | 2 JumpIfL [0] +0 fuel 2 | 6 ReturnN
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kCharge), 1, W(IOp::kJumpIfL), 0, Off(0), 2,
                    W(IOp::kReturnN), 0, 0}));
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
  // 0 I32Const 9 | 2 LocalGet 0 | 4 Charge 3 | 6 I32Const 1 |
  // 8 JumpAdjust -2 (1,1) fuel 2 | 12 Drop | 13 ReturnN 0 fuel 1
  EXPECT_EQ(Words(f),
            (Words_{W(IOp::kI32Const), 9, W(IOp::kLocalGet), 0,
                    W(IOp::kCharge), 3, W(IOp::kI32Const), 1,
                    W(IOp::kJumpAdjust), Off(6 - 8), KeepDrop(1, 1), 2,
                    W(IOp::kDrop), W(IOp::kReturnN), 0, 1}));
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
  // 0 I32Const 5 | 2 I32Const 9 | 4 LocalGet 0 | 6 JumpTable [1] fuel 5
  // 9 [+7][1,1] | 11 [+7][1,1] | 13 ReturnN 1
  EXPECT_EQ(Words(f),
            (Words_{W(IOp::kI32Const), 5, W(IOp::kI32Const), 9,
                    W(IOp::kLocalGet), 0, W(IOp::kJumpTable), 1, 5, Off(7),
                    KeepDrop(1, 1), Off(7), KeepDrop(1, 1), W(IOp::kReturnN),
                    1, 0}));
  EXPECT_EQ(f.max_stack_slots, 3u);
}

TEST(TranslateTest, BrTableToLoopAndBlocks) {
  // (func (param i32) loop block local.get 0 br_table 1 0 end end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}), {0x03, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0E, 0x01,
                             0x01, 0x00, 0x0B, 0x0B, 0x0B});
  // 0 Charge 1 | 2 LocalGet 0 | 4 JumpTable [1] fuel 3 7 [-2][0]
  // 9 [+7][0] | 11 ReturnN 0
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kCharge), 1, W(IOp::kLocalGet), 0,
                    W(IOp::kJumpTable), 1, 3, Off(-2), 0, Off(11 - 4), 0,
                    W(IOp::kReturnN), 0, 0}));
}

TEST(TranslateTest, IfElse) {
  // (func (param i32) (result i32)
  //   local.get 0 if (result i32) i32.const 1 else i32.const 2 end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}), {0x20, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05,
                                0x41, 0x02, 0x0B, 0x0B});
  // 0 JumpUnlessL [0] +9 fuel 2 | 4 I32Const 1 | 6 Jump +7 fuel 1 |
  // 9 I32Const 2 | 11 Charge 1 | 13 ReturnN 1
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kJumpUnlessL), 0, Off(9), 2, W(IOp::kI32Const), 1,
                    W(IOp::kJump), Off(13 - 6), 1, W(IOp::kI32Const), 2,
                    W(IOp::kCharge), 1, W(IOp::kReturnN), 1, 0}));
}

TEST(TranslateTest, IfWithoutElseJumpsToEnd) {
  // (func (param i32) local.get 0 if nop end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}), {0x20, 0x00, 0x04, 0x40, 0x01, 0x0B, 0x0B});
  // The nop runs on the then-path only: it pays with Charge.
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kJumpUnlessL), 0, Off(6), 2, W(IOp::kCharge), 1,
                    W(IOp::kReturnN), 0, 0}));
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
  // 0 LocalGet 0 | 2 JumpUnlessL [0] +9 fuel 3 | 6 I32Add_SC [1] |
  // 8 Jump +7 fuel 2 | 11 I32Sub_SC [2] | 13 Charge 2 | 15 ReturnN 1
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalGet), 0, W(IOp::kJumpUnlessL), 0, Off(9), 3,
                    W(IOp::kI32Add_SC), 1, W(IOp::kJump), Off(15 - 8), 2,
                    W(IOp::kI32Sub_SC), 2, W(IOp::kCharge), 2,
                    W(IOp::kReturnN), 1, 0}));
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
                    W(IOp::kDataDrop), 0, W(IOp::kReturnN), 0, 28}));
}

TEST(TranslateTest, DeadCodeIsValidatedButNotEmitted) {
  // (func (result i32)
  //   i32.const 1 return
  //   i32.const 2 drop block loop end end unreachable)
  ModuleBuilder b;
  b.Func(b.Type({}, {I32}), {0x41, 0x01, 0x0F, 0x41, 0x02, 0x1A, 0x02, 0x40,
                             0x03, 0x40, 0x0B, 0x0B, 0x00, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32Const), 1, W(IOp::kReturnN), 1, 2}));
}

TEST(TranslateTest, CodeAfterDeadBlockEndIsLiveAgain) {
  // (func (result i32)
  //   block br 0 i32.const 3 drop end   ;; dead after br, live after end
  //   i32.const 4)
  ModuleBuilder b;
  b.Func(b.Type({}, {I32}), {0x02, 0x40, 0x0C, 0x00, 0x41, 0x03, 0x1A, 0x0B,
                             0x41, 0x04, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kJump), Off(3), 2, W(IOp::kI32Const), 4,
                    W(IOp::kReturnN), 1, 1}));
}

TEST(TranslateTest, BranchToFunctionLabelReturns) {
  // (func (param i32) (result i32)
  //   i32.const 1 local.get 0 br_if 0 drop i32.const 2 br 0)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}), {0x41, 0x01, 0x20, 0x00, 0x0D, 0x00, 0x1A, 0x41,
                                0x02, 0x0C, 0x00, 0x0B});
  // The br_if jumps to the final ReturnN; the br is a return itself.
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32Const), 1, W(IOp::kJumpIfL), 0, Off(12 - 2), 3,
                    W(IOp::kDrop), W(IOp::kI32Const), 2, W(IOp::kReturnN), 1, 3,
                    W(IOp::kReturnN), 1, 0}));
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
                    W(IOp::kJumpAdjust), Off(4), KeepDrop(1, 1), 4,
                    W(IOp::kReturnN), 1, 0}));
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
            (Words_{W(IOp::kI32Load_L), 0, 8,
                    // A same-module call: CallDirect [func][fuel], then the
                    // callee's entry (0 without handlers), param|local
                    // slots, zero range [1, 1) and max stack.
                    W(IOp::kCallDirect), 0, 3, 0, KeepDrop(1, 0), KeepDrop(1, 1), 2,
                    W(IOp::kRefFunc), 0, W(IOp::kDrop), W(IOp::kLocalGet), 0,
                    W(IOp::kI32Const), 0, W(IOp::kCallIndirect), 0, 0, 5,
                    W(IOp::kMemorySize), W(IOp::kDrop), W(IOp::kTableSize), 0,
                    W(IOp::kDrop), W(IOp::kReturnN), 0, 4}));
}

TEST(TranslateTest, HandlersFillOperationWords) {
  // (func nop)
  std::vector<const void*> table(size_t(IOp::kCount));
  static int target;
  table[size_t(IOp::kReturnN)] = &target;
  ModuleBuilder b;
  b.Func(b.Type({}, {}), {0x01, 0x0B});
  absl::StatusOr<std::vector<CompiledFunction>> r =
      interp::TranslateModule(b.m, table.data());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ((*r)[0].code.size(), 3u);
  EXPECT_EQ((*r)[0].code[0].handler, &target);
  EXPECT_EQ((*r)[0].code[1].u64, 0u);
  EXPECT_EQ((*r)[0].code[2].u64, 1u);  // fuel: the nop
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
  // I32Const 0, JumpIf [offset][fuel] per level; ReturnN [0][0].
  EXPECT_EQ(f.code.size(), size_t(kDepth) * 5 + 3);
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
                    W(IOp::kI8x16ExtractLaneU), 1, W(IOp::kReturnN), 1, 4}));
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
                              W(IOp::kV128Load16Lane), 6, 7, W(IOp::kReturnN), 2, 3}));
}


// ---- fusion (runtime/interp/fuser.h) -------------------------------------

TEST(TranslateTest, FusesBinaryOperandForms) {
  // (func (param i32 i32) (result i32)
  //   local.get 0 local.get 1 i32.sub      ;; LL
  //   local.get 1 i32.mul                  ;; SL
  //   i32.const 3 i32.shl                  ;; SC
  //   i32.const 5 local.get 0 i32.add      ;; the constant stays: SL
  //   i32.xor)                             ;; SS (unfused)
  ModuleBuilder b;
  b.Func(b.Type({I32, I32}, {I32}),
         {0x20, 0x00, 0x20, 0x01, 0x6B, 0x20, 0x01, 0x6C, 0x41, 0x03, 0x74,
          0x41, 0x05, 0x20, 0x00, 0x6A, 0x73, 0x0B});
  CompiledFunction f = Translate(b);
  EXPECT_EQ(Words(f), (Words_{W(IOp::kI32Sub_LL), 0, 1, W(IOp::kI32Mul_SL), 1,
                              W(IOp::kI32Shl_SC), 3, W(IOp::kI32Const), 5,
                              W(IOp::kI32Add_SL), 0, W(IOp::kI32Xor),
                              W(IOp::kReturnN), 1, 11}));
  EXPECT_EQ(f.max_stack_slots, 3u);  // as unfused: the stack model is wasm's
}

TEST(TranslateTest, FusesResultIntoLocalSetAndTee) {
  // (func (param i64 i64) (local i64 f64)
  //   local.get 0 i64.const 7 i64.add local.set 2     ;; LC_D
  //   local.get 1 f64.convert_i64_s                   ;; (unfusable)
  //   f64.const 2 f64.mul local.set 3                 ;; SC_D
  //   local.get 0 local.get 1 i64.mul local.tee 2     ;; LL_D, then a get
  //   local.get 1 i64.lt_u drop)                      ;; ... that fuses: LL
  ModuleBuilder b;
  b.Func(b.Type({I64, I64}, {}),
         {0x20, 0x00, 0x42, 0x07, 0x7C, 0x21, 0x02, 0x20, 0x01, 0xB9, 0x44,
          0, 0, 0, 0, 0, 0, 0, 0x40, 0xA2, 0x21, 0x03, 0x20, 0x00, 0x20, 0x01,
          0x7E, 0x22, 0x02, 0x20, 0x01, 0x54, 0x1A, 0x0B},
         {I64, F64});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI64Add_LC_D), 0, 7, 2, W(IOp::kLocalGet), 1,
                    W(IOp::kF64ConvertI64S), W(IOp::kF64Mul_SC_D),
                    0x4000000000000000u, 3, W(IOp::kI64Mul_LL_D), 0, 1, 2,
                    W(IOp::kI64LtU_LL), 2, 1, W(IOp::kDrop), W(IOp::kReturnN),
                    0, 16}));
}

TEST(TranslateTest, FusesCompareIntoBranches) {
  // (func (param i32)
  //   loop
  //     local.get 0 i32.const -1 i32.add local.tee 0
  //     i32.const 10 i32.gt_u br_if 0                 ;; LC_BrIf
  //   end
  //   local.get 0 i32.eqz if nop end                  ;; eqz of a local, if
  //   local.get 0 i32.const 3 i32.lt_s if nop end)    ;; LC_BrUnless
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}),
         {0x03, 0x40, 0x20, 0x00, 0x41, 0x7F, 0x6A, 0x22, 0x00, 0x41, 0x0A,
          0x4B, 0x0D, 0x00, 0x0B, 0x20, 0x00, 0x45, 0x04, 0x40, 0x01, 0x0B,
          0x20, 0x00, 0x41, 0x03, 0x48, 0x04, 0x40, 0x01, 0x0B, 0x0B});
  // 0 Charge 1 | 2 I32IncJumpIfGtU [0][-1][10] +0 fuel 7 (the counter step,
  // compare and branch: fuser_test.cc) | 8 JumpIfL [0] +6 fuel 3 (local.get
  // i32.eqz if: eqz inverts) | 12 Charge 1 | 14 I32LtS_LC_BrUnless [0][3] +7
  // fuel 4 | 19 Charge 1 | 21 ReturnN
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kCharge), 1, W(IOp::kI32IncJumpIfGtU), 0, 0xFFFFFFFFu,
                    10, Off(0), 7,
                    W(IOp::kJumpIfL), 0, Off(14 - 8), 3, W(IOp::kCharge), 1,
                    W(IOp::kI32LtS_LC_BrUnless), 0, 3, Off(21 - 14), 4,
                    W(IOp::kCharge), 1, W(IOp::kReturnN), 0, 0}));
}

TEST(TranslateTest, FusesEqzOnTheStackByInvertingTheBranch) {
  // (func (param i32 i32)
  //   block local.get 0 local.get 1 i32.and i32.eqz br_if 0 end)
  ModuleBuilder b;
  b.Func(b.Type({I32, I32}, {}),
         {0x02, 0x40, 0x20, 0x00, 0x20, 0x01, 0x71, 0x45, 0x0D, 0x00, 0x0B,
          0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32And_LL), 0, 1, W(IOp::kJumpUnless), Off(3), 6,
                    W(IOp::kReturnN), 0, 0}));
}

TEST(TranslateTest, FusesLocalCopiesConstantsLoadsAndStores) {
  // (memory 1) (func (param i32 i32) (local i32)
  //   local.get 0 local.set 2                         ;; LocalCopy
  //   i32.const 9 local.set 1                         ;; LocalSetConst
  //   local.get 0 i32.load offset=4 local.set 2       ;; load _L_D
  //   local.get 0 local.get 1 i32.store offset=8      ;; store _LL
  //   local.get 0 i32.const 5 i32.store8              ;; store _LC
  //   i32.const 0 local.get 2 i64.extend_i32_u i64.store offset=16   ;; S
  //   local.get 0 i32.load16_s local.get 1 i32.store) ;; load _L, store _SL
  ModuleBuilder b;
  b.Memory(1);
  b.Func(b.Type({I32, I32}, {}),
         {0x20, 0x00, 0x21, 0x02, 0x41, 0x09, 0x21, 0x01, 0x20, 0x00, 0x28,
          0x02, 0x04, 0x21, 0x02, 0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x08,
          0x20, 0x00, 0x41, 0x05, 0x3A, 0x00, 0x00, 0x41, 0x00, 0x20, 0x02,
          0xAD, 0x37, 0x03, 0x10, 0x20, 0x00, 0x2E, 0x01, 0x00, 0x20, 0x01,
          0x36, 0x02, 0x00, 0x0B},
         {I32});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalCopy), 0, 2, W(IOp::kLocalSetConst), 9, 1,
                    W(IOp::kI32Load_L_D), 0, 4, 2, W(IOp::kI32Store_LL), 0, 1,
                    8, W(IOp::kI32Store8_LC), 0, 5, 0, W(IOp::kI32Const), 0,
                    W(IOp::kLocalGet), 2, W(IOp::kI64ExtendI32U),
                    W(IOp::kI64Store), 16, W(IOp::kI32Load16S_L), 0, 0,
                    W(IOp::kI32Store_SL), 1, 0, W(IOp::kReturnN), 0, 21}));
}

TEST(TranslateTest, NothingFusesAcrossALabel) {
  // (type 1 (func (param i32) (result i32)))
  // (func (param i32) (result i32)
  //   local.get 0 loop (type 1) i32.const 1 i32.add end)
  // The loop label sits between the local.get and the add: the add takes
  // its left operand from the stack.
  ModuleBuilder b;
  uint32_t t = b.Type({I32}, {I32});
  b.Type({I32}, {I32});
  b.Func(t, {0x20, 0x00, 0x03, 0x01, 0x41, 0x01, 0x6A, 0x0B, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalGet), 0, W(IOp::kCharge), 2,
                    W(IOp::kI32Add_SC), 1, W(IOp::kReturnN), 1, 2}));
}

TEST(TranslateTest, DeadCodeIsNeitherFusedNorCharged) {
  // (func (param i32) (result i32)
  //   local.get 0 return local.get 0 i32.const 1 i32.add)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}),
         {0x20, 0x00, 0x0F, 0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalGet), 0, W(IOp::kReturnN), 1, 2}));
}

}  // namespace
}  // namespace wasmrt::testing

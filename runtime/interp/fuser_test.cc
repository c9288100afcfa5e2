// Round-2 and round-3 fusions (runtime/interp/fuser.h): memory operands, operands
// reached below later values, L+C addresses, SIMD local/constant operands,
// direct calls and the entry-zeroing range; chained pairs (chain.def). Exact code words, handlers ==
// nullptr (operation words are IOp numbers).
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/validate/test_util.h"
#include "runtime/interp/translator.h"

namespace wasmrt::testing {
namespace {

using Words_ = std::vector<uint64_t>;

CompiledFunction Translate(const ModuleBuilder& b, size_t index = 0) {
  absl::StatusOr<std::vector<CompiledFunction>> r = interp::TranslateModule(b.m, nullptr);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok() || r->size() <= index) return {};
  return (*r)[index];
}

TEST(FuserTest, MatmulShapeUsesMemoryOperandsAndStoreToLocalAddress) {
  // (memory 1) (func (param i32 i32 i32) (local f64)
  //   local.get 0 local.get 1 i32.add local.tee 2    ;; I32Add_LL_D; get 2 (addr)
  //   local.get 3                                    ;; a (reached back)
  //   local.get 1 i32.const 8 i32.add f64.load       ;; L+C address
  //   f64.mul                                        ;; F64Mul_LMC
  //   local.get 2 f64.load offset=16 f64.add         ;; F64Add_SM
  //   f64.store offset=24)                           ;; F64Store_LS: the get 2
  ModuleBuilder b;
  b.Memory(1);
  b.Func(b.Type({I32, I32, I32}, {}),
         {0x20, 0x00, 0x20, 0x01, 0x6A, 0x22, 0x02, 0x20, 0x03, 0x20, 0x01,
          0x41, 0x08, 0x6A, 0x2B, 0x03, 0x00, 0xA2, 0x20, 0x02, 0x2B, 0x03,
          0x10, 0xA0, 0x39, 0x03, 0x18, 0x0B},
         {F64});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32Add_LL_D), 0, 1, 2, W(IOp::kF64Mul_LMC), 3, 1, 8, 0,
                    W(IOp::kF64Add_SM), 2, 16, W(IOp::kF64Store_LS), 2, 24,
                    W(IOp::kReturnN), 0, 14}));
}

TEST(FuserTest, MemoryOperandToLocalAndAGetWhoseLocalIsWrittenStays) {
  // (memory 1) (func (param i32 i32) (local f64)
  //   local.get 2 local.get 0 f64.load f64.sub local.set 2   ;; F64Sub_LM_D
  //   local.get 0                     ;; the address: the old local 0
  //   local.get 1 local.set 0         ;; LocalCopy writes local 0 ...
  //   local.get 2 f64.store)          ;; ... so the store keeps its get: _SL
  ModuleBuilder b;
  b.Memory(1);
  b.Func(b.Type({I32, I32}, {}),
         {0x20, 0x02, 0x20, 0x00, 0x2B, 0x03, 0x00, 0xA1, 0x21, 0x02, 0x20,
          0x00, 0x20, 0x01, 0x21, 0x00, 0x20, 0x02, 0x39, 0x03, 0x00, 0x0B},
         {F64});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kF64Sub_LM_D), 2, 0, 0, 2, W(IOp::kLocalGet), 0,
                    W(IOp::kLocalCopy), 1, 0, W(IOp::kF64Store_SL), 2, 0,
                    W(IOp::kReturnN), 0, 10}));
}

TEST(FuserTest, LoadWithLocalPlusConstantAddressAndMemoryAdd) {
  // (memory 1) (func (param i32 i32) (result i32)
  //   local.get 0 i32.const 4 i32.add i32.load offset=2 local.set 1  ;; _LC_D
  //   local.get 1
  //   local.get 0 i32.const -4 i32.add i32.load i32.add)             ;; I32Add_LMC
  ModuleBuilder b;
  b.Memory(1);
  b.Func(b.Type({I32, I32}, {I32}),
         {0x20, 0x00, 0x41, 0x04, 0x6A, 0x28, 0x02, 0x02, 0x21, 0x01, 0x20,
          0x01, 0x20, 0x00, 0x41, 0x7C, 0x6A, 0x28, 0x02, 0x00, 0x6A, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32Load_LC_D), 0, 4, 2, 1, W(IOp::kI32Add_LMC), 1, 0,
                    0xFFFFFFFCu, 0, W(IOp::kReturnN), 1, 11}));
}

TEST(FuserTest, SimdLocalAndConstantOperandsExtractLaneAndLoadAddress) {
  // (memory 1) (func (param i32) (result i32) (local v128)
  //   local.get 0 i32.const 16 i32.add v128.load     ;; V128Load_LC
  //   local.get 1 i32x4.add local.set 1              ;; I32x4Add_SL
  //   local.get 1 v128.const i32x4 1 1 1 1 i32x4.mul ;; I32x4Mul_LC
  //   local.set 1
  //   local.get 1 i32x4.extract_lane 2)              ;; I32x4ExtractLaneL
  ModuleBuilder b;
  b.Memory(1);
  std::vector<uint8_t> code = {0x20, 0x00, 0x41, 0x10, 0x6A, 0xFD, 0x00, 0x04, 0x00,
                               0x20, 0x01, 0xFD, 0xAE, 0x01, 0x21, 0x01, 0x20, 0x01,
                               0xFD, 0x0C};
  for (int lane = 0; lane < 4; ++lane) code.insert(code.end(), {1, 0, 0, 0});
  code.insert(code.end(), {0xFD, 0xB5, 0x01, 0x21, 0x01, 0x20, 0x01, 0xFD, 0x1B, 0x02, 0x0B});
  b.Func(b.Type({I32}, {I32}), code, {V128});
  const uint64_t kOnes = 0x0000000100000001u;
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kV128Load_LC), 0, 16, 0, W(IOp::kI32x4Add_SL), 1,
                    W(IOp::kLocalSet128), 1, W(IOp::kI32x4Mul_LC), 1, kOnes, kOnes,
                    W(IOp::kLocalSet128), 1, W(IOp::kI32x4ExtractLaneL), 1, 2,
                    W(IOp::kReturnN), 1, 13}));
}

TEST(FuserTest, EntryZeroingSkipsLocalsWrittenBeforeAnyRead) {
  // (func (param i32) (result i32) (local i32 i32 i32)
  //   i32.const 5 local.set 1        ;; written first: not zeroed
  //   local.get 2 local.get 1 i32.add local.set 3   ;; 2 read first: zeroed;
  //                                                 ;; 3 written first
  //   local.get 3)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}),
         {0x41, 0x05, 0x21, 0x01, 0x20, 0x02, 0x20, 0x01, 0x6A, 0x21, 0x03,
          0x20, 0x03, 0x0B},
         {I32, I32, I32});
  // (func (local i64 i64) block end local.get 1 drop)  ;; control first: all
  b.Func(b.Type({}, {}), {0x02, 0x40, 0x0B, 0x20, 0x01, 0x1A, 0x0B}, {I64, I64});
  // (func (param i32) (local i32) i32.const 1 local.set 1)  ;; none
  b.Func(b.Type({I32}, {}), {0x41, 0x01, 0x21, 0x01, 0x0B}, {I32});
  CompiledFunction f = Translate(b, 0);
  EXPECT_EQ(f.zero_begin, 2u);
  EXPECT_EQ(f.zero_end, 3u);
  f = Translate(b, 1);
  EXPECT_EQ(f.zero_begin, 0u);
  EXPECT_EQ(f.zero_end, 2u);
  f = Translate(b, 2);
  EXPECT_EQ(f.zero_begin, f.zero_end);
}

TEST(FuserTest, SameModuleCallsAreDirectImportedOnesAreNot) {
  // (import "env" "f" (func)) (func call 0 call 1) -- func 1 calls itself.
  ModuleBuilder b;
  uint32_t t = b.Type({}, {});
  Import im;
  im.module = "env";
  im.name = "f";
  im.kind = ExternKind::kFunc;
  im.func_type = t;
  b.m.imports.push_back(im);
  b.m.num_imported_funcs = 1;
  b.Func(t, {0x10, 0x00, 0x10, 0x01, 0x0B}, {I64});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kCall), 0, 1, W(IOp::kCallDirect), 1, 1, 0,
                    KeepDrop(0, 1), KeepDrop(0, 1), 0, W(IOp::kReturnN), 0, 0}));
}

TEST(FuserTest, LoopCounterStepCompareAndBranchIsOneOp) {
  // (func (param i32)
  //   loop
  //     local.get 0 i32.const 4 i32.add local.tee 0
  //     i32.const 64 i32.ne br_if 0            ;; I32IncJumpIfNe
  //   end
  //   loop
  //     local.get 0 i32.const 1 i32.add local.set 0
  //     local.get 0 i32.const 9 i32.le_u br_if 0)  ;; le_u: no counter op
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}),
         {0x03, 0x40, 0x20, 0x00, 0x41, 0x04, 0x6A, 0x22, 0x00, 0x41, 0xC0,
          0x00, 0x47, 0x0D, 0x00, 0x0B, 0x03, 0x40, 0x20, 0x00, 0x41, 0x01,
          0x6A, 0x21, 0x00, 0x20, 0x00, 0x41, 0x09, 0x4D, 0x0D, 0x00, 0x0B,
          0x0B});
  // 0 Charge 1 | 2 I32IncJumpIfNe [0][4][64] -> 2, fuel 7 | 8 Charge 1 |
  // 10 I32Add_LC_D [0][1][0] | 14 I32LeU_LC_BrIf [0][9] -> 10, fuel 8 |
  // 19 ReturnN
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kCharge), 1, W(IOp::kI32IncJumpIfNe), 0, 4, 64,
                    uint64_t(int64_t(0)), 7, W(IOp::kCharge), 1,
                    W(IOp::kI32Add_LC_D), 0, 1, 0, W(IOp::kI32LeU_LC_BrIf), 0, 9,
                    uint64_t(int64_t(10 - 14)), 8, W(IOp::kReturnN), 0, 0}));
}

TEST(FuserTest, ChainedPairsZeroExtensionAndSelfCopy) {
  // (func (param i32 i32) (result i64)
  //   local.get 0 i32.const 7 i32.rotl                  ;; I32Rotl_LC
  //   local.get 0 i32.const 9 i32.rotr i32.xor          ;; I32Xor_I32Rotr_SLC
  //   local.get 0 local.get 1 i32.and i32.add           ;; I32Add_I32And_SLL
  //   i64.extend_i32_u                                  ;; nothing
  //   local.get 1 i32.const 3 i32.shr_u i64.extend_i32_u
  //   i64.xor                                           ;; I64Xor_I32ShrU_SLC
  //   local.get 1 local.set 1                           ;; nothing
  //   local.get 1 i64.extend_i32_u i64.xor)             ;; a local: unchanged
  ModuleBuilder b;
  b.Func(b.Type({I32, I32}, {I64}),
         {0x20, 0x00, 0x41, 0x07, 0x77, 0x20, 0x00, 0x41, 0x09, 0x78, 0x73,
          0x20, 0x00, 0x20, 0x01, 0x71, 0x6A, 0xAD, 0x20, 0x01, 0x41, 0x03,
          0x76, 0xAD, 0x85, 0x20, 0x01, 0x21, 0x01, 0x20, 0x01, 0xAD, 0x85,
          0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kI32Rotl_LC), 0, 7, W(IOp::kI32Xor_I32Rotr_SLC), 0, 9,
                    W(IOp::kI32Add_I32And_SLL), 0, 1, W(IOp::kI64Xor_I32ShrU_SLC), 1,
                    3, W(IOp::kLocalGet), 1, W(IOp::kI64ExtendI32U),
                    W(IOp::kI64Xor), W(IOp::kReturnN), 1, 22}));
}

TEST(FuserTest, NoChainAcrossWidthsWithoutExtensionNorForComparisons) {
  // (func (param i32 i64) (result i64)
  //   local.get 1
  //   local.get 0 i32.const 5 i32.lt_u i64.extend_i32_u   ;; I32LtU_LC, zext
  //   i64.or                                               ;; no chain: SS
  //   local.get 1 local.get 1 i64.shr_s i64.and)           ;; I64And_I64ShrS_SLL
  ModuleBuilder b;
  b.Func(b.Type({I32, I64}, {I64}),
         {0x20, 0x01, 0x20, 0x00, 0x41, 0x05, 0x49, 0xAD, 0x84, 0x20, 0x01,
          0x20, 0x01, 0x87, 0x83, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalGet), 1, W(IOp::kI32LtU_LC), 0, 5, W(IOp::kI64Or),
                    W(IOp::kI64And_I64ShrS_SLL), 1, 1, W(IOp::kReturnN), 1, 10}));
}

TEST(FuserTest, SelectTakesValuesFromLocalsAndConstants) {
  // (func (param i32 i32) (result i32)
  //   local.get 0 i32.const 5 local.get 1 select        ;; Select_LC
  //   local.get 0 i32.const 1 i32.add
  //   local.get 1 local.get 0 select                    ;; Select_SL
  //   i32.add)
  ModuleBuilder b;
  b.Func(b.Type({I32, I32}, {I32}),
         {0x20, 0x00, 0x41, 0x05, 0x20, 0x01, 0x1B, 0x20, 0x00, 0x41, 0x01,
          0x6A, 0x20, 0x01, 0x20, 0x00, 0x1B, 0x6A, 0x0B});
  EXPECT_EQ(Words(Translate(b)),
            (Words_{W(IOp::kLocalGet), 1, W(IOp::kSelect_LC), 0, 5,
                    W(IOp::kI32Add_LC), 0, 1, W(IOp::kLocalGet), 0,
                    W(IOp::kSelect_SL), 1, W(IOp::kI32Add), W(IOp::kReturnN), 1,
                    11}));
}

}  // namespace
}  // namespace wasmrt::testing

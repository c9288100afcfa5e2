#include "runtime/code/disasm.h"

#include <set>
#include <string_view>

#include "gtest/gtest.h"
#include "runtime/binary/opcode.h"
#include "runtime/interp/translator.h"
#include "runtime/validate/test_util.h"

namespace wasmrt::testing {
namespace {

TEST(DisasmTest, NamesOpsAndListsTheirImmediates) {
  EXPECT_EQ(IOpName(IOp::kI32Add), "i32.add");
  EXPECT_EQ(IOpName(IOp::kI32Add_LC_D), "I32Add_LC_D");
  EXPECT_EQ(IOpName(IOp::kF64Mul_LMC), "F64Mul_LMC");
  EXPECT_EQ(IOpName(IOp::kI32x4Add_SC), "I32x4Add_SC");
  EXPECT_EQ(IOpImmediates(IOp::kF64Mul_LMC, nullptr), 4u);
  EXPECT_EQ(IOpImmediates(IOp::kCallDirect, nullptr), 6u);
  CodeWord table[] = {{.u64 = 2}};  // JumpTable: 2 + 2 * (count + 1)
  EXPECT_EQ(IOpImmediates(IOp::kJumpTable, table), 8u);

  // (func (param i32) (result i32) local.get 0 i32.const 3 i32.add)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}), {0x20, 0x00, 0x41, 0x03, 0x6A, 0x0B});
  auto code = interp::TranslateModule(b.m, nullptr);
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(Disassemble((*code)[0]),
            "     0: I32Add_LC 0 3\n"
            "     3: ReturnN 1 3\n");
}

// Every internal operation has its own name (wasm-named ones keep the
// spec's text, where `select` names two opcodes): the tables generate each
// one exactly once, so a form listed twice shows here.
TEST(DisasmTest, EveryOperationHasOneDistinctName) {
  std::set<std::string_view> names;
  for (size_t i = 0; i < size_t(IOp::kCount); ++i) {
    std::string_view name = IOpName(IOp(i));
    EXPECT_NE(name, "?") << i;
    if (i >= size_t(Opcode::kCount)) {
      EXPECT_TRUE(names.insert(name).second) << "duplicate " << name;
    }
  }
  EXPECT_EQ(IOpName(IOp::kCount), "?");
  EXPECT_EQ(IOpName(IOp::kI64Xor_I32Rotl_SLL), "I64Xor_I32Rotl_SLL");
  EXPECT_EQ(IOpImmediates(IOp::kI32LtS_LC_BrUnless, nullptr), 4u);
  EXPECT_EQ(IOpImmediates(IOp::kI64Load8S_LC_D, nullptr), 4u);
}

}  // namespace
}  // namespace wasmrt::testing

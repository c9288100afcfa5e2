// Module-level validation (spec 3.4) and constant expressions.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/binary/opcode.h"
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

TEST(ModuleValidatorTest, EmptyModuleIsValid) {
  ModuleBuilder b;
  absl::Status r = ValidateModule(b.m, nullptr);
  EXPECT_TRUE(r.ok()) << r;
}

// In parts on parallel threads: the error of the first invalid function,
// whichever part finishes first; valid modules pass whatever the split.
TEST(ModuleValidatorTest, InPartsReportsTheFirstInvalidFunction) {
  ModuleBuilder b;
  uint32_t t = b.Type({}, {});
  for (int i = 0; i < 6; ++i) {
    bool bad = i == 2 || i == 4;  // i32.const 0 left on the stack of a () -> ()
    b.Func(t, bad ? std::vector<uint8_t>{0x41, 0x00, 0x0B} : std::vector<uint8_t>{0x0B});
  }
  absl::Status whole = ValidateModule(b.m, nullptr);
  ASSERT_FALSE(whole.ok());
  EXPECT_NE(whole.message().find("func 2"), std::string::npos) << whole;
  for (std::vector<uint32_t> starts : std::vector<std::vector<uint32_t>>{
           {0}, {0, 3}, {0, 4}, {0, 1, 2, 3, 4, 5}, {0, 5}}) {
    std::vector<validate::Translator*> none(starts.size(), nullptr);
    absl::Status parts = ValidateModuleInParts(b.m, none, starts);
    EXPECT_EQ(parts, whole) << starts.size() << " parts";
  }
  ModuleBuilder ok;
  for (int i = 0; i < 5; ++i) ok.Func(ok.Type({}, {}), {0x0B});
  std::vector<validate::Translator*> none(3, nullptr);
  EXPECT_TRUE(ValidateModuleInParts(ok.m, none, std::vector<uint32_t>{0, 1, 3}).ok());
}

TEST(ModuleValidatorTest, Memories) {
  ModuleBuilder two;
  two.Memory(1);
  two.Memory(1);
  ExpectInvalid(two, "multiple memories: the module has 2");
  ModuleBuilder big;
  big.Memory(65537);
  ExpectInvalid(big,
                "memory size must be at most 65536 pages (4GiB) in memory 0");
  ModuleBuilder inverted;
  inverted.m.memories.push_back(MemoryType{{2, true, 1}});
  ExpectInvalid(inverted,
                "size minimum must not be greater than maximum in memory 0: "
                "2 > 1");
}

TEST(ModuleValidatorTest, TableLimits) {
  ModuleBuilder b;
  b.m.tables.push_back(TableType{FuncRef, {10, true, 0}});
  ExpectInvalid(b,
                "size minimum must not be greater than maximum in table 0: "
                "10 > 0");
}

TEST(ModuleValidatorTest, Exports) {
  ModuleBuilder b;
  b.Func(b.Type({}, {}), {0x0B});
  b.m.exports.push_back(Export{"a", ExternKind::kFunc, 0});
  b.m.exports.push_back(Export{"a", ExternKind::kFunc, 0});
  ExpectInvalid(b, "duplicate export name in export \"a\"");
  b.m.exports.pop_back();
  b.m.exports.push_back(Export{"g", ExternKind::kGlobal, 0});
  ExpectInvalid(b, "unknown global 0 in export \"g\"");
}

TEST(ModuleValidatorTest, StartFunction) {
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}), {0x0B});
  b.m.start = 0;
  ExpectInvalid(b,
                "start function in start section: function 0 must have type "
                "() -> (), has (i32) -> ()");
  b.m.start = 3;
  ExpectInvalid(b, "unknown function 3 in start section");
}

TEST(ModuleValidatorTest, GlobalInitialisers) {
  ModuleBuilder ok;
  ok.ImportGlobal(I32, false);
  ok.Global(I32, false, GlobalGetExpr(0));
  EXPECT_TRUE(ValidateModule(ok.m, nullptr).ok());

  // 2.0: only imported globals are visible in constant expressions.
  ModuleBuilder defined;
  defined.Global(I32, false, I32ConstExpr(0));
  defined.Global(I32, false, GlobalGetExpr(0));
  ExpectInvalid(defined, "unknown global 0 in global 1 at offset 0x0");

  ModuleBuilder mut;
  mut.ImportGlobal(I32, true);
  mut.Global(I32, false, GlobalGetExpr(0));
  ExpectInvalid(mut,
                "constant expression required in global 1 at offset 0x0: "
                "global 0 is mutable");

  ModuleBuilder wrong;
  wrong.Global(I64, false, I32ConstExpr(0));
  ExpectInvalid(wrong,
                "type mismatch in global 0 at offset 0x0: expected i64, got "
                "i32");

  ModuleBuilder other;
  ConstInstr add;
  add.opcode = uint16_t(Opcode::kI32Add);
  add.offset = 0x40;
  other.m.globals.push_back(
      Global{GlobalType{I32, false}, {{I32ConstExpr(1), I32ConstExpr(2), add}}});
  ExpectInvalid(other,
                "constant expression required in global 0 at offset 0x40: "
                "i32.add");

  ModuleBuilder two;
  two.m.globals.push_back(
      Global{GlobalType{I32, false}, {{I32ConstExpr(1), I32ConstExpr(2)}}});
  ExpectInvalid(two,
                "type mismatch in global 0 at offset 0x0: expected one i32 "
                "value, got 2");
}

TEST(ModuleValidatorTest, ElementSegments) {
  ModuleBuilder b;
  b.Func(b.Type({}, {}), {0x0B});
  b.m.tables.push_back(TableType{ExternRef, {1, false, 0}});
  ElemSegment e;
  e.mode = ElemSegment::Mode::kActive;
  e.type = FuncRef;
  e.table = 0;
  e.offset = ConstExpr{{I32ConstExpr(0)}, 0x30};
  e.init.push_back(ConstExpr{{RefFuncExpr(0)}, 0x33});
  b.m.elems.push_back(e);
  ExpectInvalid(b,
                "type mismatch in elem 0 at offset 0x30: segment of funcref "
                "for a table of externref");
  b.m.tables[0].elem = FuncRef;
  EXPECT_TRUE(ValidateModule(b.m, nullptr).ok());
  b.m.elems[0].init[0] = ConstExpr{{RefFuncExpr(9)}, 0x33};
  ExpectInvalid(b, "unknown function 9 in elem 0 at offset 0x0");
}

TEST(ModuleValidatorTest, DataSegments) {
  ModuleBuilder b;
  DataSegment d;
  d.mode = DataSegment::Mode::kActive;
  d.memory = 0;
  d.offset = ConstExpr{{I32ConstExpr(0)}, 0x30};
  b.m.datas.push_back(d);
  ExpectInvalid(b, "unknown memory 0 in data 0 at offset 0x30");
  b.Memory(1);
  EXPECT_TRUE(ValidateModule(b.m, nullptr).ok());
}

}  // namespace
}  // namespace wasmrt::testing

// A second translator plugs into the validator through translator.h alone:
// a recording one sees every validated instruction, in order, with its
// reachability, operand and result types, stack heights and the control
// frames, and nothing of an invalid body past the error.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "runtime/binary/opcode.h"
#include "runtime/validate/context.h"
#include "runtime/validate/test_util.h"
#include "runtime/validate/translator.h"
#include "runtime/validate/validator.h"

namespace wasmrt::testing {
namespace {

using validate::ControlFrame;
using validate::InstrTypes;

std::string Types(absl::Span<const ValType> types) {
  return absl::StrJoin(types, ",", [](std::string* out, ValType t) {
    out->append(validate::TypeName(t));
  });
}

// One line per event: "<op> <live|dead> [params]->[results] slots a->b
// frames <kinds, innermost last, '!' when unreachable>".
class RecordingTranslator final : public validate::Translator {
 public:
  std::vector<std::string> log;

  void BeginFunction(const validate::FuncInfo& f,
                     absl::Span<const ControlFrame> frames) override {
    log.push_back(absl::StrCat("begin func ", f.func_index, " locals ",
                               Types(f.locals), " frames ", Frames(frames)));
  }
  void Instr(const wasmrt::Instr& in, const InstrTypes& t,
             absl::Span<const ControlFrame> frames) override {
    std::string line = absl::StrCat(
        GetOpcodeInfo(in.op).text, t.reachable ? " live [" : " dead [",
        Types(t.params), "]->[", Types(t.results), "] slots ", t.slots_before,
        "->", t.slots_after, " frames ", Frames(frames));
    if (in.op == Opcode::kBrTable) {
      absl::StrAppend(&line, " labels ", absl::StrJoin(t.br_table, ","),
                      " default ", t.br_default);
    }
    log.push_back(line);
  }
  absl::Status EndFunction(uint32_t max_slots) override {
    log.push_back(absl::StrCat("end max ", max_slots));
    return absl::OkStatus();
  }

 private:
  static std::string Frames(absl::Span<const ControlFrame> frames) {
    std::string s;
    for (const ControlFrame& f : frames) {
      s += f.is_func ? "F" : GetOpcodeInfo(f.kind).text;
      if (f.unreachable) s += "!";
      s += " ";
    }
    return s + "|";
  }
};

TEST(TranslatorTest, SeesEveryInstructionWithTypesAndFrames) {
  // (func (param i32) (result i32)
  //   local.get 0
  //   block (result i32) i32.const 1 br 0 i32.const 2 end
  //   i32.add)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {I32}), {0x20, 0x00, 0x02, 0x7F, 0x41, 0x01, 0x0C,
                                0x00, 0x41, 0x02, 0x0B, 0x6A, 0x0B});
  RecordingTranslator t;
  ASSERT_TRUE(ValidateModule(b.m, &t).ok());
  EXPECT_EQ(t.log, (std::vector<std::string>{
                       "begin func 0 locals i32 frames F |",
                       "local.get live []->[i32] slots 0->1 frames F |",
                       "block live []->[] slots 1->1 frames F block |",
                       "i32.const live []->[i32] slots 1->2 frames F block |",
                       "br live [i32]->[] slots 2->1 frames F block! |",
                       "i32.const dead []->[i32] slots 1->2 frames F block! |",
                       "end dead [i32]->[i32] slots 2->2 frames F |",
                       "i32.add live [i32,i32]->[i32] slots 2->1 frames F |",
                       "end live [i32]->[] slots 1->0 frames |",
                       "end max 2",
                   }));
}

TEST(TranslatorTest, PolymorphicOperandsHaveTheirExpectedTypes) {
  // (func unreachable i32.eqz drop)
  ModuleBuilder b;
  b.Func(b.Type({}, {}), {0x00, 0x45, 0x1A, 0x0B});
  RecordingTranslator t;
  ASSERT_TRUE(ValidateModule(b.m, &t).ok());
  EXPECT_EQ(t.log, (std::vector<std::string>{
                       "begin func 0 locals  frames F |",
                       "unreachable live []->[] slots 0->0 frames F! |",
                       "i32.eqz dead [i32]->[i32] slots 0->1 frames F! |",
                       "drop dead [i32]->[] slots 1->0 frames F! |",
                       "end dead []->[] slots 0->0 frames |",
                       "end max 0",
                   }));
}

TEST(TranslatorTest, BrTableLabelsAndLoopFrames) {
  // (func (param i32) loop block local.get 0 br_table 0 1 1 end end)
  ModuleBuilder b;
  b.Func(b.Type({I32}, {}), {0x03, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0E, 0x02,
                             0x00, 0x01, 0x01, 0x0B, 0x0B, 0x0B});
  RecordingTranslator t;
  ASSERT_TRUE(ValidateModule(b.m, &t).ok());
  ASSERT_EQ(t.log.size(), 9u);  // begin, 7 instructions, end
  EXPECT_EQ(t.log[1], "loop live []->[] slots 0->0 frames F loop |");
  EXPECT_EQ(t.log[4],
            "br_table live [i32]->[] slots 1->0 frames F loop block! | "
            "labels 0,1 default 1");
}

TEST(TranslatorTest, InvalidBodyStopsBeforeTheError) {
  // (func i32.const 0 f32.neg) and a valid function after it.
  ModuleBuilder b;
  uint32_t type = b.Type({}, {});
  b.Func(type, {0x41, 0x00, 0x8C, 0x1A, 0x0B});
  b.Func(type, {0x0B});
  RecordingTranslator t;
  absl::Status s = ValidateModule(b.m, &t);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(t.log, (std::vector<std::string>{
                       "begin func 0 locals  frames F |",
                       "i32.const live []->[i32] slots 0->1 frames F |",
                   }));
}

}  // namespace
}  // namespace wasmrt::testing

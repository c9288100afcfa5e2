// Validation of one function body (spec 3.3, with the algorithm of the
// spec's appendix "Validation Algorithm"). In the same pass it hands every
// validated instruction to a Translator (translator.h).
#ifndef WASMRT_RUNTIME_VALIDATE_FUNC_VALIDATOR_H_
#define WASMRT_RUNTIME_VALIDATE_FUNC_VALIDATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "runtime/base/types.h"
#include "runtime/binary/instr_reader.h"
#include "runtime/validate/context.h"
#include "runtime/validate/translator.h"

namespace wasmrt::validate {

class FuncValidator {
 public:
  /// `ctx` must be complete (every index space, C.refs); `ctx` and
  /// `translator` must outlive this.
  FuncValidator(const Context& ctx, Translator* translator)
      : ctx_(ctx), translator_(translator) {}

  /// Validates the module's defined function `defined_index`, handing each
  /// instruction to the translator.
  absl::Status Run(uint32_t defined_index);

 private:
  using Frame = ControlFrame;

  // Instruction dispatch (func_validator.cc and func_instrs.cc).
  absl::Status Step();
  absl::Status FixedSignature();
  absl::Status Block(Opcode kind);
  absl::Status If();
  absl::Status Else();
  absl::Status End();
  absl::Status Br();
  absl::Status BrIf();
  absl::Status BrTable();
  absl::Status Return();
  absl::Status Call();
  absl::Status CallIndirect();
  absl::Status Drop();
  absl::Status Select(bool typed);
  absl::Status Local();
  absl::Status Global();
  absl::Status Memory();
  absl::Status Table();
  absl::Status Ref();
  absl::Status Simd();  // simd_instrs.cc

  // Operand stack.
  void Push(ValType t);
  void PushVals(absl::Span<const ValType> types);
  absl::Status Pop(ValType expected, ValType* got = nullptr);
  absl::Status PopAny(ValType* got);
  absl::Status PopVals(absl::Span<const ValType> types);
  absl::Status PeekVals(absl::Span<const ValType> types);
  void SetUnreachable();

  // Control stack.
  bool Live() const {
    return !ctrls_.back().unreachable && !ctrls_.back().dead;
  }
  absl::Status CheckBlockType(const BlockType& bt);
  absl::Span<const ValType> Params(const BlockType& bt) const {
    return BlockParams(*ctx_.module, bt);
  }
  absl::Span<const ValType> Results(const BlockType& bt) const {
    return BlockResults(*ctx_.module, bt);
  }
  absl::Span<const ValType> LabelTypes(const Frame& f) const {
    return validate::LabelTypes(*ctx_.module, f);
  }
  absl::Status Label(uint32_t depth, Frame** frame);

  // Hands the instruction just validated to the translator.
  void Translate(bool reachable, uint32_t slots_before);

  // Errors at the current instruction.
  absl::Status Error(absl::string_view words, absl::string_view detail = {}) const;
  absl::Status Mismatch(ValType expected, ValType got) const;

  const Context& ctx_;
  Translator* translator_;
  uint32_t func_index_ = 0;  // in the function index space
  std::string where_;        // "func 3"
  Instr cur_;
  InstrReader* reader_ = nullptr;

  std::vector<ValType> locals_;  // params, then declared locals
  std::vector<ValType> stack_;
  std::vector<Frame> ctrls_;
  uint32_t slots_ = 0;      // operand stack height in slots
  uint32_t max_slots_ = 0;  // in reachable code
  // The current instruction's operand types, in pop order (top first), and
  // result types, for the translator.
  std::vector<ValType> popped_;
  std::vector<ValType> pushed_;
};

}  // namespace wasmrt::validate

#endif  // WASMRT_RUNTIME_VALIDATE_FUNC_VALIDATOR_H_

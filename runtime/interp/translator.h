// The interpreter's translator: turns each instruction the validator hands
// it (runtime/validate/translator.h) into the internal code the interpreter
// runs (runtime/code/code.h), fusing adjacent instructions (fuser.h),
// handing each straight-line run's fuel to the operation that ends it, and
// working out which declared locals need zeroing on entry.
#ifndef WASMRT_RUNTIME_INTERP_TRANSLATOR_H_
#define WASMRT_RUNTIME_INTERP_TRANSLATOR_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "runtime/binary/module.h"
#include "runtime/code/code.h"
#include "runtime/interp/code_builder.h"
#include "runtime/interp/fuser.h"
#include "runtime/validate/translator.h"

namespace wasmrt::interp {

using validate::ControlFrame;
using validate::InstrTypes;

class InterpTranslator final : public validate::Translator {
 public:
  /// `handlers` may be null: operation words then hold IOp numbers (tests,
  /// listings). `module` must outlive this.
  InterpTranslator(const Module& module, Handlers handlers)
      : module_(module), handlers_(handlers), code_(handlers), fuser_(&code_) {}

  void BeginFunction(const validate::FuncInfo& func,
                     absl::Span<const ControlFrame> frames) override;
  void Instr(const wasmrt::Instr& in, const InstrTypes& types,
             absl::Span<const ControlFrame> frames) override;
  absl::Status EndFunction(uint32_t max_slots) override;

  /// Every function translated so far, in order, with the callee
  /// immediates of their CallDirect operations filled in. A call of a
  /// defined function for which `compiled(defined index)` holds becomes
  /// CallCompiled, so it reaches the function's machine code.
  std::vector<CompiledFunction> TakeCode(
      const std::function<bool(uint32_t)>& compiled = nullptr);

 private:
  // The translator's side of a control frame: how branches reach its label.
  struct Label {
    uint32_t loop_pos = 0;    // loop: index of its first body word
    int32_t fixups = -1;      // head of the forward-branch list (fixups_)
    int32_t else_fixup = -1;  // if: the BrUnless offset word to patch
  };
  struct Fixup {
    uint32_t word;
    int32_t next;
  };
  // A CallDirect emitted: the caller's defined index and the index of the
  // operation word, whose callee immediates LinkDirectCalls fills.
  struct DirectCall {
    uint32_t caller;
    uint32_t pos;
  };

  // Instructions (translator.cc, translate_control.cc).
  void Straight(const wasmrt::Instr& in, const InstrTypes& types);
  void Fixed(const wasmrt::Instr& in, const InstrTypes& types);
  void Local(const wasmrt::Instr& in, bool live);
  void Call(const wasmrt::Instr& in);
  void Open(const wasmrt::Instr& in, bool reachable);
  void Else(bool reachable);
  void End(bool reachable);
  void Br(uint32_t depth, uint32_t height, bool conditional,
          absl::Span<const ControlFrame> frames);
  void BrTable(const InstrTypes& types, absl::Span<const ControlFrame> frames);
  void Return();
  void LinkDirectCalls(const std::function<bool(uint32_t)>& compiled);

  // Branches.
  uint32_t Slots(absl::Span<const ValType> types) const;
  void AddFixup(Label* l, uint32_t word);
  void PatchFixups(const Label& l, uint32_t target);
  // Emits the offset (and keepdrop when `with_keepdrop`) of a branch to the
  // label `depth` frames out, for the operation at `op`, with the operand
  // stack `height` slots high.
  void BranchTarget(uint32_t depth, absl::Span<const ControlFrame> frames,
                    uint32_t op, uint32_t height, bool with_keepdrop);
  // Fuel (code.h): the instructions of the current run, handed to the
  // branch, call or return that ends it.
  uint64_t TakeFuel() {
    uint64_t n = pending_fuel_;
    pending_fuel_ = 0;
    return n;
  }
  // A label is placed here: a live run falling into it pays with Charge,
  // and nothing fuses across it.
  void PlaceLabel(bool reachable);

  const Module& module_;
  Handlers handlers_;
  CodeBuilder code_;
  Fuser fuser_;
  uint64_t pending_fuel_ = 0;
  uint32_t defined_index_ = 0;
  CompiledFunction out_;
  std::vector<Label> labels_;  // parallel to the validator's control stack
  std::vector<Fixup> fixups_;
  std::vector<ValType> locals_;       // params, then declared locals
  std::vector<uint32_t> local_slot_;  // slot index of each local
  uint32_t result_slots_ = 0;
  // Entry-zeroing analysis: until the first control instruction the body
  // runs straight; a declared local written there before any read needs no
  // zeroing on entry.
  bool entry_run_ = true;
  enum LocalState : uint8_t { kUntouched, kWrittenFirst, kReadFirst };
  std::vector<uint8_t> local_state_;  // per local
  std::vector<DirectCall> direct_calls_;
  std::vector<CompiledFunction> done_;
};

/// Validates `module` and translates every defined function for the
/// interpreter (null `handlers`: operation words hold IOp numbers). The
/// errors are ValidateModule's.
absl::StatusOr<std::vector<CompiledFunction>> TranslateModule(
    const Module& module, Handlers handlers);

}  // namespace wasmrt::interp

#endif  // WASMRT_RUNTIME_INTERP_TRANSLATOR_H_

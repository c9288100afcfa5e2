// Validation of one function body (spec 3.3, with the algorithm of the
// spec's appendix "Validation Algorithm") and, in the same pass, its
// translation into internal code (runtime/code/code.h).
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
#include "runtime/code/code.h"
#include "runtime/validate/code_builder.h"
#include "runtime/validate/context.h"
#include "runtime/validate/fuser.h"

namespace wasmrt::validate {

// The operand type of the polymorphic stack below an unconditional branch:
// matches every type.
inline constexpr ValType kUnknown = ValType(0);

class FuncValidator {
 public:
  /// `ctx` must be complete (every index space, C.refs) and outlive this.
  FuncValidator(const Context& ctx, Handlers handlers)
      : ctx_(ctx), handlers_(handlers), code_(handlers), fuser_(&code_) {}

  /// Validates and translates the module's defined function `defined_index`.
  absl::StatusOr<CompiledFunction> Run(uint32_t defined_index);

  /// A CallDirect emitted so far: the caller's defined index and the index
  /// of the operation word, whose callee immediates LinkDirectCalls fills.
  struct DirectCall {
    uint32_t caller;
    uint32_t pos;
  };
  const std::vector<DirectCall>& direct_calls() const { return direct_calls_; }

 private:
  // A control frame (spec appendix: ctrl_frame) plus what the translator
  // needs to resolve branches to its label.
  struct Frame {
    Opcode kind = Opcode::kBlock;  // kBlock, kLoop, kIf, kElse; the function
                                   // body is a kBlock with is_func set
    BlockType type;
    bool is_func = false;
    bool unreachable = false;
    bool dead = false;        // opened inside dead code: emits nothing
    uint32_t height = 0;      // operand stack entries below the frame
    uint32_t slot_base = 0;   // operand stack slots below the frame
    uint32_t loop_pos = 0;    // loop: index of its first body word
    int32_t fixups = -1;      // head of the forward-branch list (fixups_)
    int32_t else_fixup = -1;  // if: the BrUnless offset word to patch
  };
  struct Fixup {
    uint32_t word;
    int32_t next;
  };

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
  absl::Span<const ValType> Params(const BlockType& bt) const;
  absl::Span<const ValType> Results(const BlockType& bt) const;
  absl::Span<const ValType> LabelTypes(const Frame& f) const {
    return f.kind == Opcode::kLoop ? Params(f.type) : Results(f.type);
  }
  absl::Status Label(uint32_t depth, Frame** frame);

  // Translation.
  uint32_t Slots(absl::Span<const ValType> types) const;
  void AddFixup(Frame* f, uint32_t word);
  void PatchFixups(const Frame& f, uint32_t target);
  // Emits the offset (and keepdrop when `with_keepdrop`) of a branch to `f`
  // for the operation at `op`, with the operand stack `height` slots high.
  void BranchTarget(Frame* f, uint32_t op, uint32_t height, bool with_keepdrop);
  void EmitBranch(Frame* f, uint32_t height, bool conditional);
  // Fuel (code.h): the instructions of the current run, handed to the
  // branch, call or return that ends it.
  uint64_t TakeFuel() {
    uint64_t n = pending_fuel_;
    pending_fuel_ = 0;
    return n;
  }
  // A label is placed here: a live run falling into it pays with Charge,
  // and nothing fuses across it.
  void PlaceLabel();

  // Errors at the current instruction.
  absl::Status Error(absl::string_view words, absl::string_view detail = {}) const;
  absl::Status Mismatch(ValType expected, ValType got) const;

  const Context& ctx_;
  Handlers handlers_;
  CodeBuilder code_;
  Fuser fuser_;
  uint64_t pending_fuel_ = 0;
  uint32_t func_index_ = 0;  // in the function index space
  std::string where_;        // "func 3"
  Instr cur_;
  InstrReader* reader_ = nullptr;

  std::vector<ValType> locals_;       // params, then declared locals
  std::vector<uint32_t> local_slot_;  // slot index of each local
  std::vector<ValType> stack_;
  std::vector<Frame> ctrls_;
  std::vector<Fixup> fixups_;
  uint32_t slots_ = 0;      // operand stack height in slots
  uint32_t max_slots_ = 0;
  uint32_t defined_index_ = 0;
  std::vector<DirectCall> direct_calls_;  // across every Run
  // Entry-zeroing analysis: until the first control instruction the body
  // runs straight; a declared local written there before any read needs no
  // zeroing on entry.
  bool entry_run_ = true;
  enum LocalState : uint8_t { kUntouched, kWrittenFirst, kReadFirst };
  std::vector<uint8_t> local_state_;  // per local
};

/// Fills the callee immediates of every CallDirect (runtime/code/ops.def)
/// of `code` once all functions are translated.
void LinkDirectCalls(const std::vector<FuncValidator::DirectCall>& calls,
                     uint32_t num_imported_funcs, bool with_handlers,
                     std::vector<CompiledFunction>* code);

}  // namespace wasmrt::validate

#endif  // WASMRT_RUNTIME_VALIDATE_FUNC_VALIDATOR_H_

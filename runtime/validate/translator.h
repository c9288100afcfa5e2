// The interface between validation and a tier's translator. The function
// validator (func_validator.h) walks a body once; after each instruction is
// known valid it hands the translator the instruction, the types it popped
// and pushed, and the control stack. A translator never sees invalid code
// and never type-checks: the interpreter's translator (runtime/interp/
// translator.h) emits internal code, a compiling tier would emit machine code
// through the same calls without any change to the validator.
#ifndef WASMRT_RUNTIME_VALIDATE_TRANSLATOR_H_
#define WASMRT_RUNTIME_VALIDATE_TRANSLATOR_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "runtime/base/types.h"
#include "runtime/binary/instr_reader.h"
#include "runtime/binary/module.h"

namespace wasmrt::validate {

// The operand type of the polymorphic stack below an unconditional branch:
// matches every type.
inline constexpr ValType kUnknown = ValType(0);

// A control frame (spec appendix: ctrl_frame) as the validator keeps it.
struct ControlFrame {
  Opcode kind = Opcode::kBlock;  // kBlock, kLoop, kIf, kElse; the function
                                 // body is a kBlock with is_func set
  BlockType type;
  bool is_func = false;
  bool unreachable = false;  // after an unconditional branch: the rest of
                             // the frame cannot run, its stack is polymorphic
  bool dead = false;         // opened in unreachable code
  uint32_t height = 0;       // operand stack entries below the frame
  uint32_t slot_base = 0;    // operand stack slots below the frame (a v128
                             // takes two slots, every other type one)
};

// What the validator established about one instruction.
struct InstrTypes {
  // The instruction can run: it is not in unreachable code. A translator
  // usually emits nothing for unreachable instructions.
  bool reachable = false;
  // The operand types it popped and the result types it pushed, bottom of
  // the stack first. In unreachable code an operand missing from the
  // polymorphic stack has the expected type, or kUnknown when any would do.
  // Structured instructions pop and push their parameters (block, loop, if)
  // or results (end); br_if pops and pushes the label's values.
  absl::Span<const ValType> params;
  absl::Span<const ValType> results;
  // Operand stack height in slots before and after the instruction.
  uint32_t slots_before = 0;
  uint32_t slots_after = 0;
  // br_table only: the label depths, and the default label's.
  absl::Span<const uint32_t> br_table;
  uint32_t br_default = 0;
};

// The function a translator is about to receive.
struct FuncInfo {
  uint32_t defined_index = 0;  // among the module's defined functions
  uint32_t func_index = 0;     // in the function index space
  const FuncType* type = nullptr;
  absl::Span<const ValType> locals;  // parameters, then declared locals
};

class Translator {
 public:
  virtual ~Translator() = default;

  /// A new function body starts; `frames` holds the function's frame.
  virtual void BeginFunction(const FuncInfo& func,
                             absl::Span<const ControlFrame> frames) = 0;

  /// `in` is valid, and its effect on the operand and control stacks is
  /// applied: `frames` (outermost first) holds a frame block, loop and if
  /// just opened, else just turned into kElse, and no longer the frame end
  /// just closed; after br, br_table, return and unreachable the current
  /// frame is marked unreachable. Called for every instruction, reachable or
  /// not, in order, including the body's final end.
  virtual void Instr(const wasmrt::Instr& in, const InstrTypes& types,
                     absl::Span<const ControlFrame> frames) = 0;

  /// The body is valid and complete. `max_slots`: the highest the operand
  /// stack got in reachable code, in slots.
  virtual absl::Status EndFunction(uint32_t max_slots) = 0;
};

// Drives two translators with one validation pass (the interpreter's,
// which every function needs, and a compiling tier's).
class TranslatorPair final : public Translator {
 public:
  TranslatorPair(Translator* first, Translator* second) : first_(first), second_(second) {}
  void BeginFunction(const FuncInfo& func, absl::Span<const ControlFrame> frames) override {
    first_->BeginFunction(func, frames);
    second_->BeginFunction(func, frames);
  }
  void Instr(const wasmrt::Instr& in, const InstrTypes& types,
             absl::Span<const ControlFrame> frames) override {
    first_->Instr(in, types, frames);
    second_->Instr(in, types, frames);
  }
  absl::Status EndFunction(uint32_t max_slots) override {
    absl::Status s = first_->EndFunction(max_slots);
    if (!s.ok()) return s;
    return second_->EndFunction(max_slots);
  }

 private:
  Translator* first_;
  Translator* second_;
};

// The parameters and results of a block type, in `module`.
inline absl::Span<const ValType> BlockParams(const Module& module,
                                             const BlockType& bt) {
  if (bt.kind != BlockType::Kind::kTypeIndex) return {};
  return module.types[bt.type_index].params;
}
inline absl::Span<const ValType> BlockResults(const Module& module,
                                              const BlockType& bt) {
  switch (bt.kind) {
    case BlockType::Kind::kEmpty: return {};
    case BlockType::Kind::kValue: return absl::Span<const ValType>(&bt.value, 1);
    case BlockType::Kind::kTypeIndex: return module.types[bt.type_index].results;
  }
  return {};
}
// The values a branch to `f` carries: a loop's parameters, else the results.
inline absl::Span<const ValType> LabelTypes(const Module& module,
                                            const ControlFrame& f) {
  return f.kind == Opcode::kLoop ? BlockParams(module, f.type)
                                 : BlockResults(module, f.type);
}

}  // namespace wasmrt::validate

#endif  // WASMRT_RUNTIME_VALIDATE_TRANSLATOR_H_

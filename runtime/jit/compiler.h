// The compiling tier for x86-64: a second implementation of the validator's
// translator interface (runtime/validate/translator.h) that emits machine
// code with xbyak while the module is validated.
//
// Compiled frames use the interpreter's frame layout (runtime/jit/abi.h):
// values live in registers between control instructions and in their home
// slots at every label and call (function_emitter.h), so compiled and
// interpreted frames interleave freely and a trap unwinds through both.
// Fuel is charged at exactly the points the interpreter's translator
// charges it, so fuel_used is the same in both tiers. Memory accesses are
// bounds-checked explicitly, or (guard_pages) by the memory's guard
// reservation and the fault handler of trap_handler.h. References are
// pointers in their slots as in the interpreter (ref.null, ref.is_null and
// ref.func inline); the table, segment and bulk memory instructions call
// the interpreter's own implementation (JitState::bulk). Fixed-width SIMD
// is compiled with SSE up to SSE4.1 (simd_emitter.h: a v128 stays in its
// home slots between instructions), bit for bit as the interpreter
// computes it; on a CPU without SSSE3/SSE4.1 (or SSE4.2 for the i64x2
// orderings) such a function stays interpreted. Calls cross tiers both
// ways.
#ifndef WASMRT_RUNTIME_JIT_COMPILER_H_
#define WASMRT_RUNTIME_JIT_COMPILER_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "runtime/binary/module.h"
#include "runtime/jit/abi.h"
#include "runtime/jit/code_memory.h"
#include "runtime/jit/trap_handler.h"
#include "runtime/validate/translator.h"

namespace wasmrt::jit {

// Whether this machine can run compiled code (x86-64).
bool Supported();

// How the code is made (CompileOptions in engine.h says why).
struct CodeOptions {
  // Memory accesses with an offset below 2^31 are checked by the memory's
  // guard reservation, not by compares.
  bool guard_pages = true;
  // Fuel charged per straight-line run, and with it the deadline and
  // interruption polls. Without: the code cannot be stopped.
  bool fuel_checks = true;
  // Defined functions (indices among the module's defined functions,
  // ascending) left to the interpreter although the compiler handles them:
  // to test calls across the tiers, and to bisect a suspected miscompile.
  absl::Span<const uint32_t> interpreted;
};

// The compiled code of one module: shared by all its instances, read-only,
// freed with the module.
class JitModule {
 public:
  // The entry of defined function `defined_index`, or null when it runs in
  // the interpreter.
  EntryFn entry(uint32_t defined_index) const {
    return compiled_[defined_index] ? reinterpret_cast<EntryFn>(external_[defined_index])
                                    : nullptr;
  }
  uint32_t compiled_count() const;
  size_t code_bytes() const { return memory_ ? memory_->size() : 0; }
  // The machine code of defined function `defined_index` (read-only, for
  // disassembly; the body comes first, the prologue after it), or an empty
  // span when it runs in the interpreter.
  absl::Span<const uint8_t> code(uint32_t defined_index) const {
    if (!compiled_[defined_index]) return {};
    return code_[defined_index];
  }
  // Whether the code accesses memory unchecked, relying on the guard
  // reservation: only a guarded memory (LinearMemory::guarded()) may then
  // be its memory 0.
  bool needs_guarded_memory() const { return !fault_sites_.empty(); }
  // Whether the code charges fuel and polls the deadline and interruption.
  bool fuel_checks() const { return fuel_checks_; }
  ~JitModule();

 private:
  friend class JitTranslator;
  explicit JitModule(size_t num_defined)
      : entries_(num_defined, nullptr),
        external_(num_defined, nullptr),
        compiled_(num_defined, false),
        code_(num_defined) {}
  std::unique_ptr<CodeMemory> memory_;
  // The unchecked accesses (offsets into memory_, ascending), registered
  // with the trap handler while the code exists.
  std::vector<FaultSite> fault_sites_;
  size_t registration_ = 0;
  bool registered_ = false;
  // Per defined function: its internal entry (function_emitter.h), or the
  // trampoline into the interpreter. Compiled calls load their callee from
  // here (the vector never resizes).
  std::vector<void*> entries_;
  // Per compiled function: its EntryFn, a stub that enters the internal
  // convention from C++.
  std::vector<void*> external_;
  std::vector<bool> compiled_;
  std::vector<absl::Span<const uint8_t>> code_;  // per compiled function
  bool fuel_checks_ = true;
};

class JitTranslator final : public validate::Translator {
 public:
  /// `module` must outlive this. With `lead`, this compiles one part of
  /// the module's functions on another thread (validate::
  /// ValidateModuleInParts), for the lead's Finish to take in; its code
  /// calls through the lead's table of entries.
  JitTranslator(const Module& module, CodeOptions options, JitTranslator* lead = nullptr);
  ~JitTranslator() override;

  void BeginFunction(const validate::FuncInfo& func,
                     absl::Span<const validate::ControlFrame> frames) override;
  void Instr(const wasmrt::Instr& in, const validate::InstrTypes& types,
             absl::Span<const validate::ControlFrame> frames) override;
  absl::Status EndFunction(uint32_t max_slots) override;

  /// Whether defined function `defined_index`, already ended, compiled.
  bool compiled(uint32_t defined_index) const;

  /// After the last function: places the code and seals it. `parts`: the
  /// translators of the parts that follow this one's functions, in order.
  absl::StatusOr<std::unique_ptr<JitModule>> Finish(
      absl::Span<JitTranslator* const> parts = {});

 private:
  class Function;  // the emitter of one function (compiler.cc)
  const Module& module_;
  CodeOptions options_;
  std::unique_ptr<JitModule> out_;  // null in a part
  void* const* entries_;            // the lead's out_->entries_
  std::unique_ptr<Function> fn_;
  uint32_t defined_index_ = 0;
  // The module's code as Finish places it: the trampoline, then each
  // compiled function (emitted in place, padded to 16 bytes), `size_`
  // bytes so far; the external stubs follow in Finish.
  CodeBuffer buffer_;
  size_t size_ = 0;
  size_t code_begin_ = 0;  // where the first function goes (after the trampoline)
  absl::Status error_;  // the buffer could not grow
  std::vector<bool> compiled_;
  struct Done {
    uint32_t defined_index;
    size_t offset;        // into buffer_
    size_t size;
    size_t entry_offset;  // the internal entry, from `offset`
    uint32_t oob_stub;    // from `offset`
    size_t sites_begin, sites_end;  // into fault_sites_
  };
  std::vector<Done> done_;
  std::vector<uint32_t> fault_sites_;  // per function, from its offset

  // Appends the code of `part` (already checked) after this one's.
  absl::Status TakeIn(JitTranslator& part);
};

}  // namespace wasmrt::jit

#endif  // WASMRT_RUNTIME_JIT_COMPILER_H_

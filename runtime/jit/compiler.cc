#include "runtime/jit/compiler.h"

#include <cstddef>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/jit/function_emitter.h"

namespace wasmrt::jit {

bool Supported() {
#if defined(__x86_64__)
  return true;
#else
  return false;
#endif
}

JitModule::~JitModule() {
  // Before the code goes: no fault may resume into it afterwards.
  if (registered_) UnregisterCode(registration_);
}

uint32_t JitModule::compiled_count() const {
  uint32_t n = 0;
  for (bool c : compiled_) n += c;
  return n;
}

class JitTranslator::Function : public FunctionEmitter {
 public:
  using FunctionEmitter::FunctionEmitter;
};

struct JitTranslator::Done {
  uint32_t defined_index;
  std::vector<uint8_t> code;
  std::vector<uint32_t> fault_sites;  // offsets into `code`
  uint32_t oob_stub;
};

JitTranslator::JitTranslator(const Module& module, bool guard_pages)
    : module_(module), guard_pages_(guard_pages), out_(new JitModule(module.functions.size())) {}

JitTranslator::~JitTranslator() = default;

void JitTranslator::BeginFunction(const validate::FuncInfo& func,
                                  absl::Span<const validate::ControlFrame> frames) {
  // One scratch buffer for every function (grown, never cleared: xbyak
  // writes what it uses).
  size_t need = FunctionEmitter::BufferSize(module_.functions[func.defined_index]);
  if (scratch_.size() < need) scratch_.resize(need);
  fn_ = std::make_unique<Function>(module_, func, frames, out_->entries_.data(),
                                   absl::MakeSpan(scratch_.data(), need), guard_pages_);
  defined_index_ = func.defined_index;
}

void JitTranslator::Instr(const wasmrt::Instr& in, const validate::InstrTypes& types,
                          absl::Span<const validate::ControlFrame> frames) {
  fn_->Instr(in, types, frames);
}

bool JitTranslator::compiled(uint32_t defined_index) const {
  return defined_index < compiled_.size() && compiled_[defined_index];
}

// A function this version does not compile is dropped here; it runs in the
// interpreter.
absl::Status JitTranslator::EndFunction(uint32_t max_slots) {
  if (fn_->Finish(max_slots)) {
    if (compiled_.size() <= defined_index_) compiled_.resize(defined_index_ + 1, false);
    compiled_[defined_index_] = true;
    done_.push_back(std::make_unique<Done>(
        Done{defined_index_, std::vector<uint8_t>(fn_->code(), fn_->code() + fn_->size()),
             fn_->fault_sites(), fn_->oob_stub()}));
  }
  fn_.reset();
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<JitModule>> JitTranslator::Finish() {
  // The trampoline of the functions left to the interpreter: the entry's
  // arguments (js, fp, func_index) are the call helper's.
  std::vector<uint8_t> trampoline_buffer(64);
  Xbyak::CodeGenerator trampoline(trampoline_buffer.size(), trampoline_buffer.data());
  trampoline.jmp(trampoline.qword[trampoline.rdi + int32_t(offsetof(JitState, call))]);
  struct Piece {
    const uint8_t* code;
    size_t size;
  };
  std::vector<Piece> pieces{{trampoline.getCode(), trampoline.getSize()}};
  for (auto& d : done_) pieces.push_back({d->code.data(), d->code.size()});
  std::vector<size_t> offsets;
  size_t total = 0;
  for (const Piece& p : pieces) {
    offsets.push_back(total);
    total += (p.size + 15) / 16 * 16;
  }
  absl::StatusOr<std::unique_ptr<CodeMemory>> memory = CodeMemory::Allocate(total);
  if (!memory.ok()) return memory.status();
  uint8_t* base = (*memory)->data();
  for (size_t i = 0; i < pieces.size(); ++i) {
    std::memcpy(base + offsets[i], pieces[i].code, pieces[i].size);
  }
  absl::Status sealed = (*memory)->Seal();
  if (!sealed.ok()) return sealed;
  for (void*& e : out_->entries_) e = base;  // the trampoline
  for (size_t i = 0; i < done_.size(); ++i) {
    out_->entries_[done_[i]->defined_index] = base + offsets[i + 1];
    out_->compiled_[done_[i]->defined_index] = true;
    // Pieces are placed in order, so the sites stay ascending.
    uint32_t at = uint32_t(offsets[i + 1]);
    for (uint32_t site : done_[i]->fault_sites) {
      out_->fault_sites_.push_back({at + site, at + done_[i]->oob_stub});
    }
  }
  out_->memory_ = std::move(*memory);
  if (!out_->fault_sites_.empty()) {
    absl::StatusOr<size_t> handle = RegisterCode(base, out_->memory_->size(),
                                                 out_->fault_sites_.data(),
                                                 out_->fault_sites_.size());
    if (!handle.ok()) return handle.status();
    out_->registration_ = *handle;
    out_->registered_ = true;
  }
  done_.clear();
  return std::move(out_);
}

}  // namespace wasmrt::jit

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
  size_t entry_offset;  // the internal entry within `code`
  std::vector<uint32_t> fault_sites;  // offsets into `code`
  uint32_t oob_stub;
};

JitTranslator::JitTranslator(const Module& module, CodeOptions options)
    : module_(module), options_(options), out_(new JitModule(module.functions.size())) {
  out_->fuel_checks_ = options.fuel_checks;
}

JitTranslator::~JitTranslator() = default;

void JitTranslator::BeginFunction(const validate::FuncInfo& func,
                                  absl::Span<const validate::ControlFrame> frames) {
  // One scratch buffer for every function (grown, never cleared: xbyak
  // writes what it uses).
  size_t need = FunctionEmitter::BufferSize(module_.functions[func.defined_index]);
  if (scratch_.size() < need) scratch_.resize(need);
  fn_ = std::make_unique<Function>(module_, func, frames, out_->entries_.data(),
                                   absl::MakeSpan(scratch_.data(), need), options_);
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
             fn_->entry_offset(), fn_->fault_sites(), fn_->oob_stub()}));
  }
  fn_.reset();
  return absl::OkStatus();
}

namespace {

using namespace Xbyak::util;

// The trampoline of the functions left to the interpreter, in the internal
// convention (rsi = the arguments, edx = the function index): the bridge's
// call helper takes exactly these, with js first.
// The budget register goes to JitState around it (the interpreter counts
// on it); r10/r11 (register locals of the caller) are kept; the pad keeps
// rsp 16-aligned at the helper call.
std::vector<uint8_t> Trampoline() {
  std::vector<uint8_t> buffer(64);
  Xbyak::CodeGenerator a(buffer.size(), buffer.data());
  a.push(r10);  // register locals the internal convention keeps
  a.push(r11);
  a.sub(rsp, 8);
  a.mov(qword[r14 + int32_t(offsetof(JitState, budget))], r15);
  a.mov(rdi, r14);
  a.call(qword[r14 + int32_t(offsetof(JitState, call))]);
  a.mov(r15, qword[r14 + int32_t(offsetof(JitState, budget))]);
  a.add(rsp, 8);
  a.pop(r11);
  a.pop(r10);
  a.ret();
  buffer.resize(a.getSize());
  return buffer;
}

// The external entries, for code placed at `base`: one shared part that
// saves the System V callee-saved registers (six pushes and the return
// address: pad rsp to 16), sets up r14/r12/r13 from js and calls the
// internal entry in rax with rsi = the frame as the caller gave it; then
// per function `mov rax, internal; jmp shared`.
std::vector<uint8_t> ExternalStubs(const std::vector<const uint8_t*>& internal,
                                   std::vector<size_t>& offsets) {
  std::vector<uint8_t> buffer(128 + 16 * internal.size());
  Xbyak::CodeGenerator a(buffer.size(), buffer.data());
  Xbyak::Label shared;
  a.L(shared);
  for (const Xbyak::Reg64& r : {rbp, rbx, r12, r13, r14, r15}) a.push(r);
  a.sub(rsp, 8);
  a.mov(r14, rdi);
  a.mov(r12, qword[r14 + int32_t(offsetof(JitState, mem_base))]);
  a.mov(r13, qword[r14 + int32_t(offsetof(JitState, mem_size))]);
  a.mov(r15, qword[r14 + int32_t(offsetof(JitState, budget))]);
  a.call(rax);
  a.mov(qword[r14 + int32_t(offsetof(JitState, budget))], r15);
  a.add(rsp, 8);
  for (const Xbyak::Reg64& r : {r15, r14, r13, r12, rbx, rbp}) a.pop(r);
  a.ret();
  for (const uint8_t* entry : internal) {
    a.align(16);
    offsets.push_back(a.getSize());
    a.mov(rax, uint64_t(entry));
    a.jmp(shared, Xbyak::CodeGenerator::T_NEAR);
  }
  buffer.resize(a.getSize());
  return buffer;
}

}  // namespace

absl::StatusOr<std::unique_ptr<JitModule>> JitTranslator::Finish() {
  // Layout: the trampoline, the functions, the external stubs (last: they
  // need the functions' final addresses).
  std::vector<uint8_t> trampoline = Trampoline();
  auto round = [](size_t n) { return (n + 15) / 16 * 16; };
  std::vector<size_t> offsets;
  size_t total = round(trampoline.size());
  for (auto& d : done_) {
    offsets.push_back(total);
    total += round(d->code.size());
  }
  size_t stubs_at = total;
  total += 128 + 16 * done_.size();
  absl::StatusOr<std::unique_ptr<CodeMemory>> memory = CodeMemory::Allocate(total);
  if (!memory.ok()) return memory.status();
  uint8_t* base = (*memory)->data();
  std::memcpy(base, trampoline.data(), trampoline.size());
  std::vector<const uint8_t*> internal;
  for (size_t i = 0; i < done_.size(); ++i) {
    std::memcpy(base + offsets[i], done_[i]->code.data(), done_[i]->code.size());
    internal.push_back(base + offsets[i] + done_[i]->entry_offset);
  }
  std::vector<size_t> stub_offsets;
  std::vector<uint8_t> stubs = ExternalStubs(internal, stub_offsets);
  std::memcpy(base + stubs_at, stubs.data(), stubs.size());
  absl::Status sealed = (*memory)->Seal();
  if (!sealed.ok()) return sealed;
  for (void*& e : out_->entries_) e = base;  // the trampoline
  for (size_t i = 0; i < done_.size(); ++i) {
    uint32_t f = done_[i]->defined_index;
    out_->entries_[f] = const_cast<uint8_t*>(internal[i]);
    out_->external_[f] = base + stubs_at + stub_offsets[i];
    out_->compiled_[f] = true;
    out_->code_[f] = {base + offsets[i], done_[i]->code.size()};
    // Pieces are placed in order, so the sites stay ascending.
    uint32_t at = uint32_t(offsets[i]);
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

#include "runtime/jit/compiler.h"

#include <algorithm>
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

namespace {
std::vector<uint8_t> Trampoline();
constexpr size_t Round16(size_t n) { return (n + 15) / 16 * 16; }
}  // namespace

JitTranslator::JitTranslator(const Module& module, CodeOptions options, JitTranslator* lead)
    : module_(module),
      options_(options),
      out_(lead == nullptr ? new JitModule(module.functions.size()) : nullptr),
      entries_(lead == nullptr ? out_->entries_.data() : lead->entries_) {
  if (out_ != nullptr) out_->fuel_checks_ = options.fuel_checks;
  size_t wasm_bytes = 0;
  for (const FunctionBody& body : module.functions) wasm_bytes += body.code.size();
  // A guess (machine code is mostly 4-8 times the wasm): only pages written
  // are touched, and the buffer grows without copying.
  error_ = buffer_.Reserve(4096 + 8 * wasm_bytes);
  if (!error_.ok()) return;
  std::vector<uint8_t> trampoline = Trampoline();
  std::memcpy(buffer_.data(), trampoline.data(), trampoline.size());
  size_ = Round16(trampoline.size());
  code_begin_ = size_;
}

JitTranslator::~JitTranslator() = default;

void JitTranslator::BeginFunction(const validate::FuncInfo& func,
                                  absl::Span<const validate::ControlFrame> frames) {
  fn_.reset();
  if (!error_.ok()) return;
  // The function is emitted where it will run (its 16-byte pad included).
  size_t need = FunctionEmitter::BufferSize(module_.functions[func.defined_index]);
  error_ = buffer_.Reserve(size_ + need + 16);
  if (!error_.ok()) return;
  buffer_.Prefault(size_ + 64 * 1024);
  fn_ = std::make_unique<Function>(module_, func, frames, entries_,
                                   absl::MakeSpan(buffer_.data() + size_, need), options_);
  defined_index_ = func.defined_index;
}

void JitTranslator::Instr(const wasmrt::Instr& in, const validate::InstrTypes& types,
                          absl::Span<const validate::ControlFrame> frames) {
  if (fn_ != nullptr) fn_->Instr(in, types, frames);
}

bool JitTranslator::compiled(uint32_t defined_index) const {
  return defined_index < compiled_.size() && compiled_[defined_index];
}

// A function this version does not compile is dropped here; it runs in the
// interpreter.
absl::Status JitTranslator::EndFunction(uint32_t max_slots) {
  if (!error_.ok()) return error_;
  bool keep = !std::binary_search(options_.interpreted.begin(), options_.interpreted.end(),
                                  defined_index_);
  if (fn_->Finish(max_slots) && keep) {
    if (compiled_.size() <= defined_index_) compiled_.resize(defined_index_ + 1, false);
    compiled_[defined_index_] = true;
    size_t sites = fault_sites_.size();
    fault_sites_.insert(fault_sites_.end(), fn_->fault_sites().begin(), fn_->fault_sites().end());
    done_.push_back(Done{defined_index_, size_, fn_->size(), fn_->entry_offset(),
                         fn_->oob_stub(), sites, fault_sites_.size()});
    size_t end = size_ + fn_->size();
    std::memset(buffer_.data() + end, 0, Round16(end) - end);
    size_ = Round16(end);
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

// The functions' code is position independent (calls go through the table
// of entries), so a part's code moves by a copy.
absl::Status JitTranslator::TakeIn(JitTranslator& part) {
  size_t bytes = part.size_ - part.code_begin_;
  absl::Status reserved = buffer_.Reserve(size_ + bytes);
  if (!reserved.ok()) return reserved;
  std::memcpy(buffer_.data() + size_, part.buffer_.data() + part.code_begin_, bytes);
  size_t delta = size_ - part.code_begin_;
  size_t sites = fault_sites_.size();
  fault_sites_.insert(fault_sites_.end(), part.fault_sites_.begin(), part.fault_sites_.end());
  for (Done d : part.done_) {
    d.offset += delta;
    d.sites_begin += sites;
    d.sites_end += sites;
    done_.push_back(d);
  }
  if (compiled_.size() < part.compiled_.size()) compiled_.resize(part.compiled_.size(), false);
  for (size_t i = 0; i < part.compiled_.size(); ++i) {
    if (part.compiled_[i]) compiled_[i] = true;
  }
  size_ += bytes;
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<JitModule>> JitTranslator::Finish(
    absl::Span<JitTranslator* const> parts) {
  // Layout: the trampoline, the functions (both in place already, the
  // parts' copied after them), the external stubs (last: they need the
  // functions' final addresses).
  if (!error_.ok()) return error_;
  for (JitTranslator* part : parts) {
    if (!part->error_.ok()) return part->error_;
    absl::Status taken = TakeIn(*part);
    if (!taken.ok()) return taken;
  }
  size_t stubs_at = size_;
  size_t total = stubs_at + 128 + 16 * done_.size();
  absl::Status reserved = buffer_.Reserve(total);
  if (!reserved.ok()) return reserved;
  uint8_t* base = buffer_.data();  // final: Release does not move it
  std::vector<const uint8_t*> internal;
  internal.reserve(done_.size());
  for (const Done& d : done_) internal.push_back(base + d.offset + d.entry_offset);
  std::vector<size_t> stub_offsets;
  stub_offsets.reserve(done_.size());
  std::vector<uint8_t> stubs = ExternalStubs(internal, stub_offsets);
  std::memcpy(base + stubs_at, stubs.data(), stubs.size());
  // Zeros after them, whatever a function left uncompiled wrote there.
  std::memset(base + stubs_at + stubs.size(), 0, total - stubs_at - stubs.size());
  absl::StatusOr<std::unique_ptr<CodeMemory>> memory = buffer_.Release(total);
  if (!memory.ok()) return memory.status();
  absl::Status sealed = (*memory)->Seal();
  if (!sealed.ok()) return sealed;
  for (void*& e : out_->entries_) e = base;  // the trampoline
  out_->fault_sites_.reserve(fault_sites_.size());
  for (size_t i = 0; i < done_.size(); ++i) {
    const Done& d = done_[i];
    uint32_t f = d.defined_index;
    out_->entries_[f] = const_cast<uint8_t*>(internal[i]);
    out_->external_[f] = base + stubs_at + stub_offsets[i];
    out_->compiled_[f] = true;
    out_->code_[f] = {base + d.offset, d.size};
    // Pieces are placed in order, so the sites stay ascending.
    uint32_t at = uint32_t(d.offset);
    for (size_t k = d.sites_begin; k < d.sites_end; ++k) {
      out_->fault_sites_.push_back({at + fault_sites_[k], at + d.oob_stub});
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
  fault_sites_.clear();
  return std::move(out_);
}

}  // namespace wasmrt::jit

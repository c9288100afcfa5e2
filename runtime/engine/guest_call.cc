#include "runtime/engine/guest_call.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "runtime/base/bounds.h"

namespace wasmrt {

FunctionInstance* FindExportedFunction(const ModuleInstance& instance, const char* name,
                                       const FuncType& type) {
  std::optional<Extern> ext = instance.GetExport(name);
  if (!ext.has_value() || ext->kind != ExternKind::kFunc) return nullptr;
  if (!(FunctionType(ext->func()) == type)) return nullptr;
  return ext->func();
}

bool InGuestMemory(const ModuleInstance& instance, uint64_t address, uint64_t size) {
  LinearMemory* mem = instance.memory();
  return mem != nullptr && InBounds(address, size, MemorySizeBytes(mem));
}

// --- OwnedGuestBuffer ---

OwnedGuestBuffer::OwnedGuestBuffer(OwnedGuestBuffer&& other) noexcept
    : call_(std::exchange(other.call_, nullptr)),
      address_(other.address_),
      size_(other.size_) {}

OwnedGuestBuffer& OwnedGuestBuffer::operator=(OwnedGuestBuffer&& other) noexcept {
  if (this != &other) {
    OwnedGuestBuffer old(std::move(*this));  // frees what this held
    call_ = std::exchange(other.call_, nullptr);
    address_ = other.address_;
    size_ = other.size_;
  }
  return *this;
}

OwnedGuestBuffer::~OwnedGuestBuffer() {
  // Nothing to report to from a destructor: a failed free is ignored, and
  // after a failed call the guest is not run again at all.
  if (owned() && !call_->failed()) (void)Free();
}

absl::Span<uint8_t> OwnedGuestBuffer::bytes() const {
  if (!owned()) return {};
  return {MemoryData(call_->instance().memory()) + address_, size_};
}

bool OwnedGuestBuffer::CopyIn(absl::string_view data) {
  if (!owned() || data.size() > size_) return false;
  if (!data.empty()) std::memcpy(bytes().data(), data.data(), data.size());
  return true;
}

absl::string_view OwnedGuestBuffer::view() const {
  absl::Span<uint8_t> b = bytes();
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

uint32_t OwnedGuestBuffer::Release() {
  call_ = nullptr;
  return address_;
}

absl::StatusOr<ExecResult> OwnedGuestBuffer::Free() {
  GuestCall* call = std::exchange(call_, nullptr);
  if (call == nullptr) return ExecResult{};
  return call->Free(address_);
}

// --- GuestAllocation ---

absl::Status GuestAllocation::status() const {
  switch (error) {
    case Error::kNone:
      return absl::OkStatus();
    case Error::kNoAllocator:
      return absl::FailedPreconditionError(
          "module_malloc: the module has no memory or exports no malloc(i32) -> i32");
    case Error::kTrap:
      return absl::AbortedError(absl::StrCat("module_malloc: ", trap.trap_message));
    case Error::kNull:
      return absl::ResourceExhaustedError(
          absl::StrCat("module_malloc: the guest could not allocate ", size, " bytes"));
    case Error::kOutOfRange:
      return absl::OutOfRangeError(absl::StrCat("module_malloc: the guest returned [", address,
                                                ", +", size, ") outside its memory"));
  }
  return absl::InternalError("module_malloc: unknown outcome");
}

// --- GuestCall ---

GuestCall::GuestCall(Store& store, ModuleInstance& instance, CallOptions options)
    : store_(store), instance_(instance), options_(options) {}

absl::StatusOr<ExecResult> GuestCall::Call(FunctionInstance* func,
                                           absl::Span<const Value> args) {
  absl::StatusOr<ExecResult> r = store_.Call(func, args, options_);
  if (!r.ok()) {
    failed_ = true;
    return r;
  }
  fuel_used_ += r->fuel_used;
  // A negative fuel is unlimited and stays so; a spent budget stays at 0.
  if (options_.fuel >= 0) options_.fuel = std::max<int64_t>(options_.fuel - r->fuel_used, 0);
  if (!r->ok()) failed_ = true;
  return r;
}

absl::StatusOr<GuestAllocation> GuestCall::Malloc(uint32_t size) {
  GuestAllocation a;
  a.size = size;
  FunctionInstance* fn =
      FindExportedFunction(instance_, "malloc", FuncType{{ValType::kI32}, {ValType::kI32}});
  if (instance_.memory() == nullptr || fn == nullptr) {
    a.error = GuestAllocation::Error::kNoAllocator;
    return a;
  }
  Value arg = Value::I32(size);
  absl::StatusOr<ExecResult> r = Call(fn, {&arg, 1});
  if (!r.ok()) return r.status();
  if (!r->ok()) {
    a.error = GuestAllocation::Error::kTrap;
    a.trap = *std::move(r);
    return a;
  }
  a.address = r->results[0].i32;
  if (a.address == 0) {
    a.error = GuestAllocation::Error::kNull;
  } else if (!InGuestMemory(instance_, a.address, size)) {
    a.error = GuestAllocation::Error::kOutOfRange;
  } else {
    a.buffer = OwnedGuestBuffer(this, a.address, size);
  }
  return a;
}

absl::StatusOr<ExecResult> GuestCall::Free(uint32_t address) {
  FunctionInstance* fn = FindExportedFunction(instance_, "free", FuncType{{ValType::kI32}, {}});
  if (fn == nullptr || address == 0) return ExecResult{};
  Value arg = Value::I32(address);
  return Call(fn, {&arg, 1});
}

std::optional<OwnedGuestBuffer> GuestCall::Adopt(uint32_t address, uint32_t size) {
  if (!InGuestMemory(instance_, address, size)) return std::nullopt;
  return OwnedGuestBuffer(this, address, size);
}

}  // namespace wasmrt

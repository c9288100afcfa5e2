// The one path for a host that exchanges data with a guest through the
// guest's own allocator: allocate in the guest (its `malloc(i32) -> i32`),
// copy in, call, check the range the guest hands back, copy out, free (its
// `free(i32)`). Used by the service's payload ABI, the C API's
// module_malloc/module_free/dup_data; its range check is runtime/base/bounds.h.
#ifndef WASMRT_RUNTIME_ENGINE_GUEST_CALL_H_
#define WASMRT_RUNTIME_ENGINE_GUEST_CALL_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "runtime/engine/engine.h"

namespace wasmrt {

class GuestCall;

// The function `instance` exports as `name` when it has exactly `type`, else
// null (the guest allocator is `malloc(i32) -> i32` / `free(i32)`).
FunctionInstance* FindExportedFunction(const ModuleInstance& instance, const char* name,
                                       const FuncType& type);

// Whether [address, address + size) lies inside `instance`'s memory 0
// (false when it has none).
bool InGuestMemory(const ModuleInstance& instance, uint64_t address, uint64_t size);

// A checked range [address, address + size) of memory 0 that the host owns:
// it goes back through the guest's free when the buffer is destroyed, unless
// it was released or freed before, or a call through its GuestCall failed
// (after a trap the guest's heap may be inconsistent; no more of its code
// runs on the host's behalf). Must not outlive its GuestCall.
class OwnedGuestBuffer {
 public:
  OwnedGuestBuffer() = default;
  OwnedGuestBuffer(OwnedGuestBuffer&& other) noexcept;
  OwnedGuestBuffer& operator=(OwnedGuestBuffer&& other) noexcept;
  OwnedGuestBuffer(const OwnedGuestBuffer&) = delete;
  OwnedGuestBuffer& operator=(const OwnedGuestBuffer&) = delete;
  ~OwnedGuestBuffer();

  // False once released or freed (and for a default-constructed buffer).
  bool owned() const { return call_ != nullptr; }
  uint32_t address() const { return address_; }
  uint32_t size() const { return size_; }

  // The buffer's bytes; computed on each use because a memory grow may move
  // the base. Empty when not owned.
  absl::Span<uint8_t> bytes() const;
  // Copies `data` to the start of the buffer; false (nothing written) when
  // it does not fit or the buffer is not owned.
  bool CopyIn(absl::string_view data);
  absl::string_view view() const;

  // Gives up ownership: the address stays allocated and nothing frees it
  // (the C API hands it to the embedder). Returns the address.
  uint32_t Release();
  // Frees the buffer now through the guest's free (nothing to do without a
  // free export, at address 0, or when not owned: an ok, empty result). A
  // trap in free is the returned ExecResult; an error is the engine's.
  absl::StatusOr<ExecResult> Free();

 private:
  friend class GuestCall;
  OwnedGuestBuffer(GuestCall* call, uint32_t address, uint32_t size)
      : call_(call), address_(address), size_(size) {}

  GuestCall* call_ = nullptr;
  uint32_t address_ = 0;
  uint32_t size_ = 0;
};

// What a call of the guest's malloc came to.
struct GuestAllocation {
  enum class Error {
    kNone,
    kNoAllocator,  // no memory 0 or no malloc(i32) -> i32 export
    kTrap,         // malloc trapped (or exited): see `trap`
    kNull,         // malloc returned 0
    kOutOfRange,   // malloc returned a range outside memory 0: see `address`
  };
  Error error = Error::kNone;
  OwnedGuestBuffer buffer;  // the allocation when error == kNone
  uint32_t address = 0;     // what malloc returned (kNone, kNull, kOutOfRange)
  uint32_t size = 0;        // what was asked for
  ExecResult trap;          // kTrap: the allocator's result, its function named

  bool ok() const { return error == Error::kNone; }
  // The failure as a status ("module_malloc: ..."): FailedPrecondition,
  // Aborted with the trap text, ResourceExhausted, OutOfRange; ok if none.
  absl::Status status() const;
};

// A session of guest calls on one instance under ONE budget: the fuel of
// `options` is shared by every call made through it (malloc, the function,
// free) and its deadline and interrupt bound them all. Not thread-safe, like
// the store.
class GuestCall {
 public:
  GuestCall(Store& store, ModuleInstance& instance, CallOptions options = {});
  GuestCall(const GuestCall&) = delete;
  GuestCall& operator=(const GuestCall&) = delete;

  // Runs `func` on what is left of the budget and charges it the fuel used
  // (also when it traps). An error only when the engine refuses the call.
  absl::StatusOr<ExecResult> Call(FunctionInstance* func, absl::Span<const Value> args);

  // Allocates `size` bytes through the guest's malloc. A guest failure is in
  // the result; an error only when the engine refuses the call. A range
  // outside memory 0 is not owned: a guest that returns one is not asked to
  // free it.
  absl::StatusOr<GuestAllocation> Malloc(uint32_t size);
  // Frees `address` through the guest's free(i32); nothing to do (an ok,
  // empty result) without that export or at address 0.
  absl::StatusOr<ExecResult> Free(uint32_t address);

  // Takes ownership of [address, address + size), a buffer the guest
  // allocated and handed to the host (the payload ABI's output); nullopt
  // when the range is outside memory 0.
  std::optional<OwnedGuestBuffer> Adopt(uint32_t address, uint32_t size);

  ModuleInstance& instance() const { return instance_; }
  // The fuel charged to the budget so far.
  int64_t fuel_used() const { return fuel_used_; }
  // What is left of the budget (fuel < 0: unlimited).
  const CallOptions& remaining() const { return options_; }
  // True once a call trapped, exited or was refused by the engine.
  bool failed() const { return failed_; }

 private:
  Store& store_;
  ModuleInstance& instance_;
  CallOptions options_;
  int64_t fuel_used_ = 0;
  bool failed_ = false;
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_ENGINE_GUEST_CALL_H_

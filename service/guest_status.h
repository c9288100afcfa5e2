// The "wasmrt" host module: what a guest tells the service besides its
// output. One function today:
//
//   wasmrt.set_status(code i32, msg_ptr i32, msg_len i32)
//
// Called during a call, it makes the call answer the application error
// `code` (a google.rpc.Code from 1 CANCELLED to 16 UNAUTHENTICATED, never 0
// OK) with the UTF-8 message [msg_ptr, +msg_len) instead of the output the
// function returns (which is still freed, then ignored). A later call
// replaces an earlier one; a trap or WASI exit after it wins.
// A typed method answers that gRPC status; Invoke reports it as the
// response's application_error. Bad arguments trap, so a guest bug is never
// taken for an answer:
//   code outside 1..16                     HOST_ERROR
//   message not inside the guest's memory  MEMORY_OUT_OF_BOUNDS
//   message above kMaxGuestStatusMessage   HOST_ERROR
//   message not valid UTF-8                HOST_ERROR
// and the trap message says which (GuestStatus::fault).
#ifndef WASMRT_SERVICE_GUEST_STATUS_H_
#define WASMRT_SERVICE_GUEST_STATUS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "runtime/engine/engine.h"

namespace wasmrt::service {

inline constexpr char kHostModuleName[] = "wasmrt";
inline constexpr char kSetStatusName[] = "set_status";
// Longer messages trap: a status message is for humans, and gRPC carries
// it in a header.
inline constexpr uint32_t kMaxGuestStatusMessage = 1024;

// One call's application status, kept in the instance's binding.
struct GuestStatus {
  int32_t code = 0;     // 0: the guest set none
  std::string message;  // valid UTF-8, at most kMaxGuestStatusMessage bytes
  std::string fault;    // why the last set_status trapped, or ""

  void Clear() {
    code = 0;
    message.clear();
    fault.clear();
  }
};

// set_status's work on `status`, given the caller's memory: kNone when
// recorded, else the trap code with status->fault explaining it (the
// status is then left as it was).
TrapCode SetGuestStatus(GuestStatus* status, int32_t code, uint32_t msg_ptr, uint32_t msg_len,
                        const uint8_t* memory, uint64_t memory_size);

// Defines wasmrt.set_status in `linker`; `current(call)` yields the calling
// store's GuestStatus.
void DefineGuestStatus(Linker& linker, GuestStatus* (*current)(const HostCall& call));

// True for an import the "wasmrt" host module provides (by name; the type
// is checked when the module is linked).
bool IsGuestStatusImport(absl::string_view module, absl::string_view name);

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates, or
// code points above U+10FFFF), as protobuf string fields require.
bool IsValidUtf8(absl::string_view s);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_GUEST_STATUS_H_

#include "service/guest_status.h"

#include "absl/strings/str_cat.h"
#include "runtime/base/bounds.h"

namespace wasmrt::service {

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto b = uint8_t(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    // The lead byte gives the length and the smallest code point allowed
    // (rejecting overlong forms); continuation bytes are 10xxxxxx.
    size_t n;
    uint32_t cp, min;
    if ((b & 0xe0) == 0xc0) {
      n = 2, cp = b & 0x1f, min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
      n = 3, cp = b & 0x0f, min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
      n = 4, cp = b & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (s.size() - i < n) return false;
    for (size_t k = 1; k < n; ++k) {
      auto c = uint8_t(s[i + k]);
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

TrapCode SetGuestStatus(GuestStatus* status, int32_t code, uint32_t msg_ptr, uint32_t msg_len,
                        const uint8_t* memory, uint64_t memory_size) {
  const char* const fn = "wasmrt.set_status";
  if (code < 1 || code > 16) {
    status->fault = absl::StrCat(fn, ": code ", code,
                                 " is not a gRPC error code (1 CANCELLED .. 16 UNAUTHENTICATED)");
    return TrapCode::kHostError;
  }
  if (!InBounds(msg_ptr, msg_len, memory_size)) {
    status->fault = absl::StrCat(fn, ": message [", msg_ptr, ", +", msg_len,
                                 ") is outside the guest's memory (", memory_size, " bytes)");
    return TrapCode::kMemoryOutOfBounds;
  }
  if (msg_len > kMaxGuestStatusMessage) {
    status->fault = absl::StrCat(fn, ": message of ", msg_len, " bytes is above the cap ",
                                 kMaxGuestStatusMessage);
    return TrapCode::kHostError;
  }
  absl::string_view message(reinterpret_cast<const char*>(memory) + msg_ptr, msg_len);
  if (msg_len == 0) message = absl::string_view();  // `memory` may be null
  if (!IsValidUtf8(message)) {
    status->fault = absl::StrCat(fn, ": message is not valid UTF-8");
    return TrapCode::kHostError;
  }
  status->code = code;
  status->message.assign(message.data(), message.size());
  return TrapCode::kNone;
}

void DefineGuestStatus(Linker& linker, GuestStatus* (*current)(const HostCall& call)) {
  FuncType type{{ValType::kI32, ValType::kI32, ValType::kI32}, {}};
  linker.DefineFunction(
      kHostModuleName, kSetStatusName, type,
      [current](HostCall& call, absl::Span<const Value> args, absl::Span<Value>) {
        LinearMemory* mem = call.caller == nullptr ? nullptr : call.caller->memory();
        const uint8_t* data = mem == nullptr ? nullptr : MemoryData(mem);
        uint64_t size = mem == nullptr ? 0 : MemorySizeBytes(mem);
        return SetGuestStatus(current(call), int32_t(args[0].i32), args[1].i32, args[2].i32, data,
                              size);
      },
      absl::StrCat(kHostModuleName, ".", kSetStatusName));
}

bool IsGuestStatusImport(absl::string_view module, absl::string_view name) {
  return module == kHostModuleName && name == kSetStatusName;
}

}  // namespace wasmrt::service

// A bounds-checked view of the calling instance's linear memory. Every guest
// pointer and length goes through it: the runtime's one range check
// (runtime/base/bounds.h) never forms ptr + len, so nothing wraps, and
// nothing is read or written outside the memory.
#ifndef WASMRT_WASI_GUEST_MEMORY_H_
#define WASMRT_WASI_GUEST_MEMORY_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/base/bounds.h"

namespace wasmrt::wasi {

class GuestMemory {
 public:
  GuestMemory() = default;
  /// `data` may be null only when `size` is 0 (an instance without memory).
  GuestMemory(uint8_t* data, uint64_t size) : data_(data), size_(size) {}

  /// True when [ptr, ptr + len) lies inside the memory.
  bool Valid(uint64_t ptr, uint64_t len) const { return InBounds(ptr, len, size_); }

  /// The host address of a valid range, or null when out of bounds.
  uint8_t* Range(uint64_t ptr, uint64_t len) const {
    return Valid(ptr, len) ? data_ + ptr : nullptr;
  }

  /// Little-endian loads and stores (wasm32 on an x86-64/arm64 host); false
  /// when out of bounds, in which case nothing is written.
  template <typename T>
  bool Load(uint64_t ptr, T* out) const {
    if (!Valid(ptr, sizeof(T))) return false;
    std::memcpy(out, data_ + ptr, sizeof(T));
    return true;
  }
  template <typename T>
  bool Store(uint64_t ptr, T value) {
    if (!Valid(ptr, sizeof(T))) return false;
    std::memcpy(data_ + ptr, &value, sizeof(T));
    return true;
  }

  /// Copies bytes in; false when out of bounds.
  bool Write(uint64_t ptr, const void* src, uint64_t len) {
    uint8_t* p = Range(ptr, len);
    if (p == nullptr) return false;
    if (len != 0) std::memcpy(p, src, len);
    return true;
  }

  /// Copies a guest string (ptr, len) out; false when out of bounds.
  bool ReadString(uint64_t ptr, uint64_t len, std::string* out) const;

  uint64_t size() const { return size_; }

 private:
  uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
};

/// One guest buffer of an iovec/ciovec array, already bounds-checked.
struct GuestBuffer {
  uint8_t* data;
  uint32_t len;
};

/// At most this many entries of an iovec list are read (IOV_MAX).
inline constexpr uint32_t kMaxIovecs = 1024;

/// Reads `count` iovecs at `ptr` (at most kMaxIovecs of them: a longer list
/// makes a short transfer) and checks each buffer. False when the array or
/// any buffer read lies outside the memory.
bool ReadIovecs(const GuestMemory& mem, uint32_t ptr, uint32_t count,
                std::vector<GuestBuffer>* out);

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_GUEST_MEMORY_H_

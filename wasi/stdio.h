// Guest stdio: stdin from a host fd or a byte buffer; stdout/stderr to a host
// fd or to a byte buffer with a size cap (the service keeps its output).
#ifndef WASMRT_WASI_STDIO_H_
#define WASMRT_WASI_STDIO_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace wasmrt::wasi {

/// An output buffer that keeps at most `cap` bytes. Writes beyond the cap are
/// dropped (the guest is told they succeeded, so it does not loop) and
/// `truncated` is set.
class CappedBuffer {
 public:
  explicit CappedBuffer(size_t cap) : cap_(cap) {}
  /// Appends what fits; returns `len` (the guest sees a complete write).
  size_t Append(const void* data, size_t len);
  const std::string& data() const { return data_; }
  bool truncated() const { return truncated_; }
  size_t cap() const { return cap_; }

 private:
  std::string data_;
  size_t cap_;
  bool truncated_ = false;
};

/// An input buffer read from front to back.
class InputBuffer {
 public:
  explicit InputBuffer(std::string bytes) : bytes_(std::move(bytes)) {}
  /// Copies up to `len` unread bytes; returns how many (0 at the end).
  size_t Read(void* out, size_t len);
  size_t remaining() const { return bytes_.size() - pos_; }

 private:
  std::string bytes_;
  size_t pos_ = 0;
};

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_STDIO_H_

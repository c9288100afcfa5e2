#include "wasi/stdio.h"

#include <algorithm>
#include <cstring>

namespace wasmrt::wasi {

size_t CappedBuffer::Append(const void* data, size_t len) {
  size_t room = cap_ - std::min(cap_, data_.size());
  size_t take = std::min(room, len);
  data_.append(static_cast<const char*>(data), take);
  if (take < len) truncated_ = true;
  return len;
}

size_t InputBuffer::Read(void* out, size_t len) {
  size_t take = std::min(len, remaining());
  if (take != 0) std::memcpy(out, bytes_.data() + pos_, take);
  pos_ += take;
  return take;
}

}  // namespace wasmrt::wasi

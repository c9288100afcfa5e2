#include "wasi/guest_memory.h"

#include <algorithm>

#include "wasi/abi.h"

namespace wasmrt::wasi {

bool GuestMemory::ReadString(uint64_t ptr, uint64_t len, std::string* out) const {
  const uint8_t* p = Range(ptr, len);
  if (p == nullptr) return false;
  out->assign(reinterpret_cast<const char*>(p), len);
  return true;
}

bool ReadIovecs(const GuestMemory& mem, uint32_t ptr, uint32_t count,
                std::vector<GuestBuffer>* out) {
  out->clear();
  if (!mem.Valid(ptr, uint64_t{count} * kIovecSize)) return false;
  // Only the first kMaxIovecs entries are used (a longer list makes a short
  // transfer, as with IOV_MAX): a guest cannot make the host allocate in
  // proportion to a huge count.
  count = std::min(count, kMaxIovecs);
  out->reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = ptr + uint64_t{i} * kIovecSize;
    uint32_t buf = 0, len = 0;
    mem.Load(at, &buf);
    mem.Load(at + 4, &len);
    uint8_t* data = mem.Range(buf, len);
    if (data == nullptr) return false;
    out->push_back({data, len});
  }
  return true;
}

}  // namespace wasmrt::wasi

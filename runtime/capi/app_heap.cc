#include "runtime/capi/app_heap.h"

#include <algorithm>
#include <iterator>

namespace wasmrt::capi {
namespace {
constexpr uint32_t kAlign = 8;
}  // namespace

AppHeap::AppHeap(uint32_t begin, uint32_t size) : begin_(begin), size_(size) {
  // Address 0 means failure, so the heap never starts there.
  uint64_t first = std::max<uint64_t>((uint64_t(begin) + kAlign - 1) & ~uint64_t(kAlign - 1),
                                      kAlign);
  uint64_t end = uint64_t(begin) + size;
  if (first < end && end <= (uint64_t(1) << 32)) {
    uint32_t bytes = uint32_t((end - first) & ~uint64_t(kAlign - 1));
    if (bytes != 0) free_[uint32_t(first)] = bytes;
  }
}

uint32_t AppHeap::Allocate(uint32_t size) {
  if (size == 0) size = 1;
  if (size > UINT32_MAX - kAlign) return 0;
  uint32_t need = (size + kAlign - 1) & ~(kAlign - 1);
  for (auto it = free_.begin(); it != free_.end(); ++it) {
    if (it->second < need) continue;
    uint32_t address = it->first;
    uint32_t rest = it->second - need;
    free_.erase(it);
    if (rest != 0) free_[address + need] = rest;
    used_[address] = need;
    return address;
  }
  return 0;
}

bool AppHeap::Free(uint32_t address) {
  auto used = used_.find(address);
  if (used == used_.end()) return false;
  uint32_t size = used->second;
  used_.erase(used);
  auto next = free_.lower_bound(address);
  if (next != free_.end() && next->first == address + size) {  // merge with the next
    size += next->second;
    next = free_.erase(next);
  }
  if (next != free_.begin()) {  // merge with the previous
    auto prev = std::prev(next);
    if (prev->first + prev->second == address) {
      prev->second += size;
      return true;
    }
  }
  free_[address] = size;
  return true;
}

uint64_t AppHeap::free_bytes() const {
  uint64_t n = 0;
  for (const auto& [address, size] : free_) n += size;
  return n;
}

}  // namespace wasmrt::capi

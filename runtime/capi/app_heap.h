// The app heap: a range of an instance's linear memory the runtime hands out
// through wasm_runtime_module_malloc when the module has no allocator of its
// own. First fit over a free list kept on the host side, so nothing the
// guest writes into its memory can confuse the heap (or reach the host).
#ifndef WASMRT_RUNTIME_CAPI_APP_HEAP_H_
#define WASMRT_RUNTIME_CAPI_APP_HEAP_H_

#include <cstdint>
#include <map>

namespace wasmrt::capi {

class AppHeap {
 public:
  /// Manages app addresses [begin, begin + size); begin > 0.
  AppHeap(uint32_t begin, uint32_t size);

  /// An 8-aligned app address of `size` (> 0) bytes, or 0 when none fits.
  uint32_t Allocate(uint32_t size);
  /// Releases a block from Allocate; false (and no effect) for any other
  /// address.
  bool Free(uint32_t address);

  uint32_t begin() const { return begin_; }
  uint32_t size() const { return size_; }
  uint64_t free_bytes() const;

 private:
  uint32_t begin_;
  uint32_t size_;
  std::map<uint32_t, uint32_t> free_;  // address -> size, never adjacent
  std::map<uint32_t, uint32_t> used_;  // address -> size
};

}  // namespace wasmrt::capi

#endif  // WASMRT_RUNTIME_CAPI_APP_HEAP_H_

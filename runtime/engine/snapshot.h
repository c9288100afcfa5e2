// Resetting an instance to its post-instantiation state, so a pooled
// instance can serve the next call with no trace of the previous one.
#ifndef WASMRT_RUNTIME_ENGINE_SNAPSHOT_H_
#define WASMRT_RUNTIME_ENGINE_SNAPSHOT_H_

#include <cstdint>
#include <vector>

#include "runtime/base/value.h"
#include "runtime/engine/engine.h"

namespace wasmrt {

// The mutable state an instance owns: memory 0 (size and the non-zero pages
// of its image), defined globals, defined tables, and passive segments.
// Imported entities belong to someone else and are not captured.
class InstanceSnapshot {
 public:
  // Captures `instance` as it is now (right after instantiation).
  static InstanceSnapshot Capture(const ModuleInstance& instance);

  // Puts `instance` back into the captured state. Cost: zeroing the memory
  // in use plus copying the captured non-zero pages; no allocation when the
  // tables did not grow.
  void Restore(ModuleInstance& instance) const;

  uint64_t image_bytes() const { return image_.size(); }

 private:
  struct Range {
    uint64_t offset;   // in the memory
    uint64_t image;    // in image_
    uint64_t length;
  };
  uint32_t memory_pages_ = 0;
  bool has_memory_ = false;
  std::vector<Range> ranges_;
  std::vector<uint8_t> image_;
  std::vector<std::pair<uint32_t, Slot>> globals_[2];  // [0] low slot, [1] high
  std::vector<std::vector<const void*>> tables_;       // defined tables only
  std::vector<std::vector<const void*>> elem_segments_;
  std::vector<std::pair<const uint8_t*, uint32_t>> data_segments_;
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_ENGINE_SNAPSHOT_H_

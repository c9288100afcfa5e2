#include "runtime/engine/snapshot.h"

#include <cstring>

#include "runtime/engine/instance_data.h"
#include "runtime/objects/linear_memory.h"

namespace wasmrt {
namespace {

constexpr uint64_t kChunk = 4096;

bool IsZero(const uint8_t* p, uint64_t n) {
  for (uint64_t i = 0; i < n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w != 0) return false;
  }
  return true;
}

}  // namespace

InstanceSnapshot InstanceSnapshot::Capture(const ModuleInstance& instance) {
  const ModuleInstance::Data& d = ModuleInstanceAccess::Get(instance);
  const Module& m = d.module->ir();
  InstanceSnapshot s;
  if (!d.memories.empty() && m.num_imported_memories == 0) {
    const LinearMemory* mem = d.memories[0];
    s.has_memory_ = true;
    s.memory_pages_ = mem->pages();
    // Keep only the non-zero 4 KiB chunks, merged into ranges.
    for (uint64_t off = 0; off < mem->size_bytes(); off += kChunk) {
      if (IsZero(mem->data() + off, kChunk)) continue;
      if (!s.ranges_.empty() && s.ranges_.back().offset + s.ranges_.back().length == off) {
        s.ranges_.back().length += kChunk;
      } else {
        s.ranges_.push_back({off, s.image_.size(), kChunk});
      }
      s.image_.insert(s.image_.end(), mem->data() + off, mem->data() + off + kChunk);
    }
  }
  for (uint32_t i = m.num_imported_globals; i < d.globals.size(); ++i) {
    if (!d.globals[i]->type.is_mutable) continue;
    s.globals_[0].emplace_back(i, d.globals[i]->value[0]);
    s.globals_[1].emplace_back(i, d.globals[i]->value[1]);
  }
  for (uint32_t i = m.num_imported_tables; i < d.tables.size(); ++i) {
    s.tables_.push_back(d.tables[i]->elems);
  }
  s.elem_segments_ = d.elem_segments;
  s.data_segments_ = d.data_segments;
  return s;
}

void InstanceSnapshot::Restore(ModuleInstance& instance) const {
  ModuleInstance::Data& d = ModuleInstanceAccess::Get(instance);
  const Module& m = d.module->ir();
  if (has_memory_) {
    LinearMemory* mem = d.memories[0];
    mem->Reset(memory_pages_);
    for (const Range& r : ranges_) {
      std::memcpy(mem->data() + r.offset, image_.data() + r.image, r.length);
    }
  }
  for (size_t i = 0; i < globals_[0].size(); ++i) {
    GlobalInstance* g = d.globals[globals_[0][i].first];
    g->value[0] = globals_[0][i].second;
    g->value[1] = globals_[1][i].second;
  }
  for (size_t i = 0; i < tables_.size(); ++i) {
    d.tables[m.num_imported_tables + i]->elems = tables_[i];
  }
  // Only passive segments can change (by elem.drop / data.drop).
  for (size_t i = 0; i < elem_segments_.size(); ++i) {
    if (d.elem_segments[i].size() != elem_segments_[i].size()) {
      d.elem_segments[i] = elem_segments_[i];
    }
  }
  d.data_segments = data_segments_;
}

}  // namespace wasmrt

// The instructions on tables, element and data segments and bulk memory,
// written once for both tiers: the interpreter's handlers (interpreter.cc)
// and the helper compiled code calls (jit_bulk.cc) both run these, so the
// results and the traps cannot differ. Indices and lengths are the
// instructions' u32 operands widened to 64 bits, so no sum overflows.
// Neither charges fuel: an instruction costs 1 whatever its length
// (runtime/code/code.h).
#ifndef WASMRT_RUNTIME_INTERP_BULK_OPS_H_
#define WASMRT_RUNTIME_INTERP_BULK_OPS_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "runtime/base/trap.h"
#include "runtime/objects/objects.h"

namespace wasmrt::bulk {

// A passive data segment: its bytes and length (0 once dropped).
using DataSegment = std::pair<const uint8_t*, uint32_t>;
using ElemSegment = std::vector<const void*>;

// Whether [start, start+len) lies inside [0, size).
inline bool InRange(uint64_t start, uint64_t len, uint64_t size) {
  return start + len <= size;
}

inline TrapCode TableGet(const TableInstance& t, uint32_t i, const void*& out) {
  if (i >= t.elems.size()) return TrapCode::kTableOutOfBounds;
  out = t.elems[i];
  return TrapCode::kNone;
}

inline TrapCode TableSet(TableInstance& t, uint32_t i, const void* v) {
  if (i >= t.elems.size()) return TrapCode::kTableOutOfBounds;
  t.elems[i] = v;
  return TrapCode::kNone;
}

// The old size, or 0xFFFFFFFF (-1 as an i32) when the table cannot grow by
// `n`: past its maximum, or past limits::kMaxTableSize (10^7).
inline uint64_t TableGrow(TableInstance& t, const void* init, uint32_t n) {
  uint64_t old = t.elems.size();
  uint64_t max = t.type.limits.has_max ? t.type.limits.max : 0xFFFFFFFFull;
  max = std::min<uint64_t>(max, 10000000);
  if (old + n > max) return 0xFFFFFFFFu;
  t.elems.resize(old + n, init);
  return old;
}

inline TrapCode TableFill(TableInstance& t, uint64_t i, const void* v, uint64_t n) {
  if (!InRange(i, n, t.elems.size())) return TrapCode::kTableOutOfBounds;
  std::fill_n(t.elems.begin() + i, n, v);
  return TrapCode::kNone;
}

// `dst` and `src` may be the same table: the ranges may overlap.
inline TrapCode TableCopy(TableInstance& dst, const TableInstance& src, uint64_t d, uint64_t s,
                          uint64_t n) {
  if (!InRange(s, n, src.elems.size()) || !InRange(d, n, dst.elems.size())) {
    return TrapCode::kTableOutOfBounds;
  }
  if (n != 0) std::memmove(dst.elems.data() + d, src.elems.data() + s, n * sizeof(void*));
  return TrapCode::kNone;
}

inline TrapCode TableInit(TableInstance& t, const ElemSegment& seg, uint64_t d, uint64_t s,
                          uint64_t n) {
  if (!InRange(s, n, seg.size()) || !InRange(d, n, t.elems.size())) {
    return TrapCode::kTableOutOfBounds;
  }
  if (n != 0) std::memcpy(t.elems.data() + d, seg.data() + s, n * sizeof(void*));
  return TrapCode::kNone;
}

inline void ElemDrop(ElemSegment& seg) {
  seg.clear();
  seg.shrink_to_fit();
}

// The memory is [base, base + size).
inline TrapCode MemoryFill(uint8_t* base, uint64_t size, uint64_t d, uint8_t v, uint64_t n) {
  if (!InRange(d, n, size)) return TrapCode::kMemoryOutOfBounds;
  std::memset(base + d, v, n);
  return TrapCode::kNone;
}

inline TrapCode MemoryCopy(uint8_t* base, uint64_t size, uint64_t d, uint64_t s, uint64_t n) {
  if (!InRange(s, n, size) || !InRange(d, n, size)) return TrapCode::kMemoryOutOfBounds;
  std::memmove(base + d, base + s, n);
  return TrapCode::kNone;
}

inline TrapCode MemoryInit(uint8_t* base, uint64_t size, const DataSegment& seg, uint64_t d,
                           uint64_t s, uint64_t n) {
  if (!InRange(s, n, seg.second) || !InRange(d, n, size)) return TrapCode::kMemoryOutOfBounds;
  if (n != 0) std::memcpy(base + d, seg.first + s, n);
  return TrapCode::kNone;
}

inline void DataDrop(DataSegment& seg) { seg.second = 0; }

}  // namespace wasmrt::bulk

#endif  // WASMRT_RUNTIME_INTERP_BULK_OPS_H_

// Runtime values: the 64-bit operand-stack slot and the typed Value of the API.
#ifndef WASMRT_RUNTIME_BASE_VALUE_H_
#define WASMRT_RUNTIME_BASE_VALUE_H_

#include <cstdint>
#include <cstring>

#include "runtime/base/types.h"

namespace wasmrt {

// One operand-stack / local / global cell. A v128 occupies two consecutive
// slots (low 8 bytes first). References are pointers: a funcref points to the
// store's function object, an externref is the embedder's non-zero word; 0 is
// null for both.
union Slot {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  const void* ref;
};
static_assert(sizeof(Slot) == 8);

struct V128 {
  uint8_t bytes[16];
  bool operator==(const V128& o) const {
    return std::memcmp(bytes, o.bytes, 16) == 0;
  }
};

// A typed value as the embedding API passes it in and out.
struct Value {
  ValType type = ValType::kI32;
  union {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    V128 v128;
    const void* ref;
  };

  Value() : i64(0) {}
  static Value I32(uint32_t v) { Value x; x.type = ValType::kI32; x.i32 = v; return x; }
  static Value I64(uint64_t v) { Value x; x.type = ValType::kI64; x.i64 = v; return x; }
  static Value F32(float v) { Value x; x.type = ValType::kF32; x.f32 = v; return x; }
  static Value F64(double v) { Value x; x.type = ValType::kF64; x.f64 = v; return x; }
  static Value F32Bits(uint32_t bits) { Value x; x.type = ValType::kF32; x.i32 = bits; return x; }
  static Value F64Bits(uint64_t bits) { Value x; x.type = ValType::kF64; x.i64 = bits; return x; }
  static Value Vec(const V128& v) { Value x; x.type = ValType::kV128; x.v128 = v; return x; }
  static Value Ref(ValType t, const void* r) { Value x; x.type = t; x.ref = r; return x; }
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BASE_VALUE_H_

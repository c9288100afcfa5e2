// What the differential fuzzers (exec_fuzzer, ttf_fuzzer) share: the
// store limits every module runs under, and argument values (zero, then
// edge cases of each type).
#ifndef WASMRT_TESTS_FUZZ_FUZZ_VALUES_H_
#define WASMRT_TESTS_FUZZ_FUZZ_VALUES_H_

#include <cmath>
#include <cstdint>
#include <limits>

#include "runtime/base/value.h"
#include "runtime/engine/engine.h"

namespace wasmrt::fuzz {

// Small enough that a runaway module ends fast in either tier.
inline StoreConfig FuzzStoreConfig() {
  StoreConfig config;
  config.max_call_depth = 200;
  config.value_stack_slots = 1 << 16;
  config.max_memory_pages = 64;
  return config;
}

// The i-th "interesting" value of type `t` (i == 0 is zero).
inline Value Interesting(ValType t, uint32_t i) {
  static const uint64_t kInts[] = {0, 0xFFFFFFFFFFFFFFFFull, 0x80000000u, 0xFFFF,
                                   0x10000, 0x7FFFFFFF, 0x8000000000000000ull, 1};
  static const double kFloats[] = {0.0, -0.0, std::numeric_limits<double>::quiet_NaN(),
                                   INFINITY, -1e300, 2147483648.0, 1.5, -1.0};
  uint64_t n = kInts[i % 8];
  double d = kFloats[i % 8];
  switch (t) {
    case ValType::kI32: return Value::I32(uint32_t(n));
    case ValType::kI64: return Value::I64(n);
    case ValType::kF32: return Value::F32(float(d));
    case ValType::kF64: return Value::F64(d);
    case ValType::kV128: {
      V128 v{};
      for (int b = 0; b < 16; ++b) v.bytes[b] = uint8_t(n >> (8 * (b % 8)));
      return Value::Vec(v);
    }
    case ValType::kFuncRef:
    case ValType::kExternRef: return Value::Ref(t, nullptr);
  }
  return Value();
}

}  // namespace wasmrt::fuzz

#endif  // WASMRT_TESTS_FUZZ_FUZZ_VALUES_H_

#include "runtime/capi/native_abi.h"

#include <cstring>

namespace wasmrt::capi {
namespace {

double AsDouble(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// The expansion of one call through a prototype returning R: every integer
// register, every floating-point register, then the stack slots.
template <typename R>
R Dispatch(void* fn, const uint64_t* i, const uint64_t* f, const uint64_t* s) {
#if defined(__x86_64__)
  using Fn = R (*)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,  //
                   double, double, double, double, double, double, double, double,
                   uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                   uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                   uint64_t, uint64_t);
  return reinterpret_cast<Fn>(fn)(
      i[0], i[1], i[2], i[3], i[4], i[5],  //
#else
  using Fn = R (*)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                   uint64_t,  //
                   double, double, double, double, double, double, double, double,
                   uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                   uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                   uint64_t, uint64_t);
  return reinterpret_cast<Fn>(fn)(
      i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7],  //
#endif
      AsDouble(f[0]), AsDouble(f[1]), AsDouble(f[2]), AsDouble(f[3]), AsDouble(f[4]),
      AsDouble(f[5]), AsDouble(f[6]), AsDouble(f[7]),  //
      s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13],
      s[14], s[15]);
}
static_assert(kStackSlots == 16, "Dispatch passes 16 stack slots");

}  // namespace

bool NativeArgs::AddStack(uint64_t bits) {
  if (n_stack_ == kStackSlots) return false;
  stack_[n_stack_++] = bits;
  return true;
}

bool NativeArgs::AddInt(uint64_t v) {
  if (n_int_ < kIntRegs) {
    ints_[n_int_++] = v;
    return true;
  }
  return AddStack(v);
}

bool NativeArgs::AddFloatBits(uint64_t bits) {
  if (n_float_ < kFloatRegs) {
    floats_[n_float_++] = bits;
    return true;
  }
  return AddStack(bits);
}

bool NativeArgs::AddF32(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return AddFloatBits(bits);
}

bool NativeArgs::AddF64(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return AddFloatBits(bits);
}

uint64_t NativeArgs::CallReturningInt(void* fn) const {
  return Dispatch<uint64_t>(fn, ints_, floats_, stack_);
}
float NativeArgs::CallReturningF32(void* fn) const {
  return Dispatch<float>(fn, ints_, floats_, stack_);
}
double NativeArgs::CallReturningF64(void* fn) const {
  return Dispatch<double>(fn, ints_, floats_, stack_);
}

}  // namespace wasmrt::capi

// Calls a C function whose parameter list is known only at run time (a
// native registered with a signature string), through the platform's C
// calling convention: integer-class and floating-point arguments are
// assigned to their own register files in order, the rest to 8-byte stack
// slots in order (System V x86-64 and AAPCS64 alike). A call through a
// prototype that fills every register of both files plus a run of stack
// slots therefore reaches any such function; unused registers and slots are
// ignored by the callee, and the caller pops the stack.
#ifndef WASMRT_RUNTIME_CAPI_NATIVE_ABI_H_
#define WASMRT_RUNTIME_CAPI_NATIVE_ABI_H_

#include <cstdint>

namespace wasmrt::capi {

#if defined(__x86_64__)
inline constexpr int kIntRegs = 6;
#elif defined(__aarch64__)
inline constexpr int kIntRegs = 8;
#else
#error "native calls support x86-64 and AArch64"
#endif
inline constexpr int kFloatRegs = 8;
inline constexpr int kStackSlots = 16;

class NativeArgs {
 public:
  /// Each returns false when the arguments no longer fit.
  bool AddInt(uint64_t v);
  bool AddF32(float v);
  bool AddF64(double v);

  uint64_t CallReturningInt(void* fn) const;
  float CallReturningF32(void* fn) const;
  double CallReturningF64(void* fn) const;

 private:
  bool AddFloatBits(uint64_t bits);
  bool AddStack(uint64_t bits);
  uint64_t ints_[kIntRegs] = {};
  uint64_t floats_[kFloatRegs] = {};  // bit patterns; a float in the low half
  uint64_t stack_[kStackSlots] = {};
  int n_int_ = 0;
  int n_float_ = 0;
  int n_stack_ = 0;
};

}  // namespace wasmrt::capi

#endif  // WASMRT_RUNTIME_CAPI_NATIVE_ABI_H_

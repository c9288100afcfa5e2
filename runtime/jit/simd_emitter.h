// The compiled form of fixed-width SIMD (private to runtime/jit). A v128
// value lives in its two home slots (or its local's slots, or its global's
// cell), never in a register between instructions: each instruction loads
// its v128 operands into xmm0-xmm7 with unaligned moves (slots are only
// 8-byte aligned, and legacy SSE memory operands must be 16-byte aligned),
// computes and stores the result into the first operand's slots. Scalar
// operands (lane values, shift counts, addresses) come off the abstract
// stack like any integer. Results equal runtime/interp/simd.h lane for lane,
// NaN bits included (emit_simd_arith.cc says how, op by op).
//
// Needs SSSE3 and SSE4.1 (pshufb, pmovsx, pminsd, roundps, ptest...), and
// SSE4.2 for the signed i64x2 orderings (pcmpgtq); without them the
// function stays interpreted.
#ifndef WASMRT_RUNTIME_JIT_SIMD_EMITTER_H_
#define WASMRT_RUNTIME_JIT_SIMD_EMITTER_H_

#include <cstdint>

#include "runtime/jit/function_emitter.h"

namespace wasmrt::jit {

// For the SIMD emitters' tables (emit_simd_*.cc).
using G = Xbyak::CodeGenerator;
// One SSE instruction x = x op y (xbyak declares some on Mmx, some on Xmm:
// a function pointer type fits both).
using SseOp = void (*)(G&, const Xbyak::Xmm&, const Xbyak::Xmm&);
#define SSE(name) \
  static_cast<SseOp>([](G& a, const Xbyak::Xmm& x, const Xbyak::Xmm& y) { a.name(x, y); })

class SimdEmitter {
 public:
  SimdEmitter(FunctionEmitter& f, const wasmrt::Instr& in, const validate::InstrTypes& types)
      : f_(f), a_(f.a_), in_(in), types_(types) {}
  // False when the instruction (or this CPU) is not supported.
  bool Emit();

 private:
  // emit_simd.cc: data movement, memory, lanes, tests.
  bool Generic();  // drop, select, locals and globals of type v128
  bool Select();
  bool Memory();
  bool LoadLane(uint32_t size);
  bool StoreLane(uint32_t size);
  bool Constant();
  bool Splat();
  bool ExtractLane();
  bool ReplaceLane();
  void StoreConstant(uint32_t h, uint64_t lo, uint64_t hi);
  bool Shuffle();
  bool Test();
  // emit_simd_arith.cc: lane arithmetic, v128 operands only (the result
  // replaces the first), and shifts.
  bool Arith();
  bool Unary(Opcode op);
  bool Binary(Opcode op);
  bool Compare(Opcode op);
  bool FloatUnary(Opcode op);
  bool FloatBinary(Opcode op);
  bool Convert(Opcode op);
  bool Shift();

  // The v128 whose first slot is at operand-stack height `h`.
  Xbyak::Address V(uint32_t h) const;
  // `size` bytes at byte `offset` of that v128 (a lane).
  Xbyak::Address LaneAt(uint32_t h, uint32_t offset, uint32_t size) const;
  // Pops `n` entries that are v128 halves (in their home slots).
  void PopSlots(uint32_t n);
  // Pushes a v128 result that is in its home slots.
  void PushV128();
  // x = the 16 bytes (lo, hi), built in registers (through rax).
  void LoadConst(const Xbyak::Xmm& x, uint64_t lo, uint64_t hi);
  // The same 64-bit pattern in both halves.
  void Splat64(const Xbyak::Xmm& x, uint64_t v) { LoadConst(x, v, v); }
  void AllOnes(const Xbyak::Xmm& x) { a_.pcmpeqd(x, x); }

  FunctionEmitter& f_;
  Xbyak::CodeGenerator& a_;
  const wasmrt::Instr& in_;
  const validate::InstrTypes& types_;
};

// Lane patterns repeated over 64 bits.
constexpr uint64_t Rep8(uint8_t b) { return 0x0101010101010101ull * b; }
constexpr uint64_t Rep16(uint16_t w) { return 0x0001000100010001ull * w; }
constexpr uint64_t Rep32(uint32_t d) { return 0x0000000100000001ull * d; }

}  // namespace wasmrt::jit

#endif  // WASMRT_RUNTIME_JIT_SIMD_EMITTER_H_

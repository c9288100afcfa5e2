// Which locals live in registers. A pre-pass over the function's code
// counts each local's uses, an access inside n nested loops weighing 8^n
// (capped), and gives the heaviest i32/i64 locals the last registers of the
// operand pool. Wasm's structured control flow makes this safe without any
// merge logic: a register local is in its register at every instruction.
// The choice only affects speed; a malformed body (the validator reports
// it) just ends the count.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "runtime/binary/instr_reader.h"
#include "runtime/jit/function_emitter.h"

namespace wasmrt::jit {

using namespace Xbyak::util;

namespace {

// At most this many register locals, so at least four registers stay in
// the operand pool (select with a comparison holds four at once).
constexpr int kMaxLocalRegs = 3;
// A local used less than this (weighted) stays in its slot: loading it
// from there once is cheaper than saving and restoring a register.
constexpr uint64_t kMinWeight = 3;

// Past the LEB128 at `p` (bounded by `end`).
const uint8_t* SkipLeb(const uint8_t* p, const uint8_t* end) {
  while (p < end && (*p & 0x80) != 0) ++p;
  return p < end ? p + 1 : end;
}

// The next instruction's opcode byte, its local index for local.get/set/tee
// (else 0), and the position after it. The common MVP opcodes are skipped
// here directly; the rest (and anything unusual) go through InstrReader, so
// a valid body reads as the validator reads it. Null when the body is
// malformed.
struct Step {
  Opcode op = Opcode::kNop;
  uint32_t local = 0;
};
const uint8_t* NextStep(const uint8_t* p, const uint8_t* end, Step* out) {
  uint8_t b = *p;
  const uint8_t* q = p + 1;
  switch (b) {
    case 0x02: out->op = Opcode::kBlock; return SkipLeb(q, end);
    case 0x03: out->op = Opcode::kLoop; return SkipLeb(q, end);
    case 0x04: out->op = Opcode::kIf; return SkipLeb(q, end);
    case 0x0B: out->op = Opcode::kEnd; return q;
    case 0x00: case 0x01: case 0x05: case 0x0F: case 0x1A: case 0x1B:
      out->op = Opcode::kNop;
      return q;
    case 0x20: case 0x21: case 0x22:
      if (q < end && *q < 0x80) {  // one-byte index
        out->op = b == 0x20 ? Opcode::kLocalGet : b == 0x21 ? Opcode::kLocalSet : Opcode::kLocalTee;
        out->local = *q;
        return q + 1;
      }
      break;
    case 0x0C: case 0x0D: case 0x10: case 0x23: case 0x24: case 0x41: case 0x42:
      out->op = Opcode::kNop;
      return SkipLeb(q, end);
    case 0x43: out->op = Opcode::kNop; return end - q >= 4 ? q + 4 : end;
    case 0x44: out->op = Opcode::kNop; return end - q >= 8 ? q + 8 : end;
    default:
      if (b >= 0x45 && b <= 0xC4) {  // numeric, no immediate
        out->op = Opcode::kNop;
        return q;
      }
      if (b >= 0x28 && b <= 0x3E && q < end && *q < 0x40) {  // memarg, memory 0
        out->op = Opcode::kNop;
        return SkipLeb(SkipLeb(q, end), end);
      }
      break;
  }
  InstrReader reader(p, end, 0);
  wasmrt::Instr in;
  if (!reader.Next(&in).ok()) return nullptr;
  out->op = in.op;
  out->local = in.a;
  return p + (reader.offset());
}

}  // namespace

void FunctionEmitter::ChooseLocalRegisters(const FunctionBody& body) {
  std::vector<uint64_t> weight(locals_.size(), 0);
  const uint8_t* p = body.code.data();
  const uint8_t* end = p + body.code.size();
  std::vector<bool> is_loop;
  int loops = 0;
  Step in;
  while (p != nullptr && p < end) {
    p = NextStep(p, end, &in);
    if (p == nullptr) break;
    switch (in.op) {
      case Opcode::kBlock:
      case Opcode::kIf: is_loop.push_back(false); break;
      case Opcode::kLoop:
        is_loop.push_back(true);
        ++loops;
        break;
      case Opcode::kEnd:
        if (!is_loop.empty()) {
          loops -= is_loop.back();
          is_loop.pop_back();
        }
        break;
      case Opcode::kLocalGet:
      case Opcode::kLocalSet:
      case Opcode::kLocalTee:
        if (in.local < weight.size()) weight[in.local] += uint64_t(1) << (3 * std::min(loops, 5));
        break;
      default: break;
    }
  }
  std::vector<std::pair<uint64_t, uint32_t>> ranked;  // (weight, local)
  for (uint32_t i = 0; i < locals_.size(); ++i) {
    bool integer = locals_[i] == ValType::kI32 || locals_[i] == ValType::kI64;
    if (integer && weight[i] >= kMinWeight) ranked.push_back({weight[i], i});
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& x, const auto& y) { return x.first > y.first; });
  slot_reg_.assign(param_slots_ + local_slots_, -1);
  for (const auto& [w, local] : ranked) {
    if (int(local_regs_.size()) == kMaxLocalRegs) break;
    int reg = int(reg_used_.size()) - 1 - int(local_regs_.size());  // rbp, r11, r10
    slot_reg_[local_slot_[local]] = int8_t(reg);
    local_regs_.push_back({reg, local_slot_[local]});
  }
  pool_size_ = int(reg_used_.size()) - int(local_regs_.size());
}

// rbp is callee-saved in System V; r10 and r11 are not. A function that
// calls a System V helper therefore saves r10 and r11 in its prologue (its
// caller's register locals may be there), besides keeping its own
// register locals in their slots across the helper.
void FunctionEmitter::SaveLocalRegs() {
  ever_used_[4] = ever_used_[5] = true;  // r10, r11
  for (const auto& [reg, slot] : local_regs_) {
    if (PoolReg(reg).getIdx() != Xbyak::Operand::RBP) a_.mov(LocalSlot(slot), PoolReg(reg));
  }
}

void FunctionEmitter::RestoreLocalRegs() {
  for (const auto& [reg, slot] : local_regs_) {
    if (PoolReg(reg).getIdx() != Xbyak::Operand::RBP) a_.mov(PoolReg(reg), LocalSlot(slot));
  }
}

}  // namespace wasmrt::jit

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

}  // namespace

void FunctionEmitter::ChooseLocalRegisters(const FunctionBody& body) {
  std::vector<uint64_t> weight(locals_.size(), 0);
  InstrReader reader(body.code.data(), body.code.data() + body.code.size(), body.code_offset);
  std::vector<bool> is_loop;
  int loops = 0;
  wasmrt::Instr in;
  while (!reader.AtEnd() && reader.Next(&in).ok()) {
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
        if (in.a < weight.size()) weight[in.a] += uint64_t(1) << (3 * std::min(loops, 5));
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

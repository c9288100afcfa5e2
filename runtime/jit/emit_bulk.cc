// Reference, table, segment and bulk memory instructions. A reference is
// a pointer in its 64-bit slot, as in the interpreter (runtime/base/
// value.h): null is 0, a funcref the function's FunctionInstance*. So
// ref.null is the constant 0, ref.is_null a comparison with 0 and ref.func
// one load from the instance's function array. The instructions with
// runtime state (tables, segments, memory ranges) call one System V helper,
// JitState::bulk (runtime/interp/jit_bulk.cc), which runs the interpreter's
// own implementation on the operands in their home slots: results, traps
// and (one unit per instruction, whatever the length) fuel are the
// interpreter's.
#include <cstddef>

#include "runtime/jit/abi.h"
#include "runtime/jit/function_emitter.h"
#include "runtime/objects/objects.h"

namespace wasmrt::jit {

using namespace Xbyak::util;
using validate::InstrTypes;

bool FunctionEmitter::IsRefOrBulk(Opcode op) {
  switch (op) {
    case Opcode::kRefNull: case Opcode::kRefIsNull: case Opcode::kRefFunc:
    case Opcode::kTableGet: case Opcode::kTableSet: case Opcode::kTableSize:
    case Opcode::kTableGrow: case Opcode::kTableFill: case Opcode::kTableCopy:
    case Opcode::kTableInit: case Opcode::kElemDrop: case Opcode::kMemoryFill:
    case Opcode::kMemoryCopy: case Opcode::kMemoryInit: case Opcode::kDataDrop: return true;
    default: return false;
  }
}

bool FunctionEmitter::RefOrBulk(const wasmrt::Instr& in, const InstrTypes& types) {
  switch (in.op) {
    case Opcode::kRefNull:
      stack_.push_back({Entry::Kind::kConst, 0, 0});
      return true;
    case Opcode::kRefIsNull: return Eqz(/*wide=*/true);
    case Opcode::kRefFunc: {
      // js->inst->funcs[index]
      int r = AllocReg();
      a_.mov(rcx, qword[r14 + int32_t(offsetof(JitState, inst))]);
      a_.mov(rcx, qword[rcx + int32_t(offsetof(InstanceState, funcs))]);
      a_.mov(PoolReg(r), qword[rcx + int32_t(in.a * 8)]);
      PushReg(r);
      return true;
    }
    default: CallBulk(in, types); return true;
  }
}

// The operands go to their home slots, the helper gets the top one's
// address (for table.size, with no operand, the slot below its result) and
// leaves the results in their slots. The helper cannot change the memory,
// but AfterCall's reload of r12/r13 is two loads next to a call.
void FunctionEmitter::CallBulk(const wasmrt::Instr& in, const InstrTypes& types) {
  SpillAll();
  SaveLocalRegs();
  a_.mov(rdi, r14);
  a_.lea(rsi, qword[rbx + int32_t((int64_t(local_base_) + types.slots_before - 1) * 8)]);
  a_.mov(edx, uint32_t(in.op));
  a_.mov(ecx, in.a);
  a_.mov(r8d, in.b);
  a_.call(qword[r14 + int32_t(offsetof(JitState, bulk))]);
  RestoreLocalRegs();
  AfterCall();
  ResetStack(types.slots_after);
}

}  // namespace wasmrt::jit

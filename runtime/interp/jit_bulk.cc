// The helper compiled code calls for the table, segment and bulk memory
// instructions (JitState::bulk): the operands are in their slots, `top` at
// the last one, as the interpreter's sp would be; the operations are the
// interpreter's own (bulk_ops.h). A failed check returns the trap code;
// the compiled caller then names itself as the trapping function, as the
// interpreter does.
#include <cstdint>

#include "runtime/binary/opcode.h"
#include "runtime/interp/bulk_ops.h"
#include "runtime/interp/jit_bridge.h"
#include "runtime/jit/abi.h"

namespace wasmrt {

namespace {

// Table instructions: `a` and `b` as the translator passes them to the
// interpreter (table.copy: destination, source; table.init: segment, table).
TrapCode TableOp(InstanceState& inst, Slot* top, Opcode op, uint32_t a, uint32_t b) {
  switch (op) {
    case Opcode::kTableGet: return bulk::TableGet(*inst.tables[a], top->i32, top->ref);
    case Opcode::kTableSet: return bulk::TableSet(*inst.tables[a], top[-1].i32, top[0].ref);
    case Opcode::kTableSize:
      top[1].i64 = inst.tables[a]->elems.size();
      return TrapCode::kNone;
    case Opcode::kTableGrow:
      top[-1].i64 = bulk::TableGrow(*inst.tables[a], top[-1].ref, top[0].i32);
      return TrapCode::kNone;
    case Opcode::kTableFill:
      return bulk::TableFill(*inst.tables[a], top[-2].i32, top[-1].ref, top[0].i32);
    case Opcode::kTableCopy:
      return bulk::TableCopy(*inst.tables[a], *inst.tables[b], top[-2].i32, top[-1].i32,
                             top[0].i32);
    case Opcode::kTableInit:
      return bulk::TableInit(*inst.tables[b], (*inst.elem_segments)[a], top[-2].i32,
                             top[-1].i32, top[0].i32);
    case Opcode::kElemDrop:
      bulk::ElemDrop((*inst.elem_segments)[a]);
      return TrapCode::kNone;
    default: return TrapCode::kUnreachable;  // the compiler passes no other opcode
  }
}

}  // namespace

uint32_t JitBulk(jit::JitState* js, Slot* top, uint32_t op, uint32_t a, uint32_t b) {
  // The memory as compiled code sees it (js reloads it after every growth).
  uint8_t* base = js->mem_base;
  uint64_t size = js->mem_size;
  switch (Opcode(op)) {
    case Opcode::kMemoryFill:
      return uint32_t(
          bulk::MemoryFill(base, size, top[-2].i32, uint8_t(top[-1].i32), top[0].i32));
    case Opcode::kMemoryCopy:
      return uint32_t(bulk::MemoryCopy(base, size, top[-2].i32, top[-1].i32, top[0].i32));
    case Opcode::kMemoryInit:
      return uint32_t(bulk::MemoryInit(base, size, (*js->inst->data_segments)[a], top[-2].i32,
                                       top[-1].i32, top[0].i32));
    case Opcode::kDataDrop:
      bulk::DataDrop((*js->inst->data_segments)[a]);
      return 0;
    default: return uint32_t(TableOp(*js->inst, top, Opcode(op), a, b));
  }
}

}  // namespace wasmrt

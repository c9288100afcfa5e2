#include <cstring>

#include "runtime/engine/instance_data.h"

namespace wasmrt {

void ValueToSlots(const Value& v, Slot* out) {
  switch (v.type) {
    case ValType::kI32: out->i64 = v.i32; break;
    case ValType::kF32: out->i64 = v.i32; break;
    case ValType::kI64:
    case ValType::kF64: out->i64 = v.i64; break;
    case ValType::kV128: std::memcpy(out, v.v128.bytes, 16); break;
    case ValType::kFuncRef:
    case ValType::kExternRef: out->ref = v.ref; break;
  }
}

Value SlotsToValue(ValType type, const Slot* in) {
  switch (type) {
    case ValType::kI32: return Value::I32(in->i32);
    case ValType::kF32: return Value::F32Bits(in->i32);
    case ValType::kI64: return Value::I64(in->i64);
    case ValType::kF64: return Value::F64Bits(in->i64);
    case ValType::kV128: {
      V128 v;
      std::memcpy(v.bytes, in, 16);
      return Value::Vec(v);
    }
    case ValType::kFuncRef:
    case ValType::kExternRef: return Value::Ref(type, in->ref);
  }
  return Value();
}

}  // namespace wasmrt

// Test helpers: modules assembled directly as Module structs, with function
// bodies as instruction bytes, and translated code as plain words.
#ifndef WASMRT_RUNTIME_VALIDATE_TEST_UTIL_H_
#define WASMRT_RUNTIME_VALIDATE_TEST_UTIL_H_

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "runtime/binary/module.h"
#include "runtime/code/code.h"
#include "runtime/validate/validator.h"

namespace wasmrt::testing {

// Module offset of every function body's first instruction.
inline constexpr uint32_t kCodeBase = 0x20;

constexpr ValType I32 = ValType::kI32, I64 = ValType::kI64,
                  F32 = ValType::kF32, F64 = ValType::kF64,
                  V128 = ValType::kV128, FuncRef = ValType::kFuncRef,
                  ExternRef = ValType::kExternRef;

struct ModuleBuilder {
  Module m;

  uint32_t Type(std::vector<ValType> params, std::vector<ValType> results) {
    m.types.push_back(FuncType{std::move(params), std::move(results)});
    return uint32_t(m.types.size() - 1);
  }
  // Adds a defined function; returns its index in the function index space.
  uint32_t Func(uint32_t type, std::vector<uint8_t> code,
                std::vector<ValType> locals = {}) {
    FunctionBody f;
    f.type = type;
    f.locals = std::move(locals);
    f.code_offset = kCodeBase;
    f.code_size = uint32_t(code.size());
    f.code = std::move(code);
    m.functions.push_back(std::move(f));
    return m.num_imported_funcs + uint32_t(m.functions.size() - 1);
  }
  void Memory(uint32_t min) { m.memories.push_back(MemoryType{{min, false, 0}}); }
  void ImportGlobal(ValType t, bool is_mutable) {
    Import im;
    im.module = "env";
    im.name = "g";
    im.kind = ExternKind::kGlobal;
    im.global = GlobalType{t, is_mutable};
    m.imports.push_back(im);
    ++m.num_imported_globals;
  }
  void Global(ValType t, bool is_mutable, ConstInstr init) {
    m.globals.push_back(wasmrt::Global{GlobalType{t, is_mutable}, {{init}}});
  }
};

inline ConstInstr I32ConstExpr(uint32_t v) {
  ConstInstr c;
  c.kind = ConstInstr::Kind::kI32Const;
  c.value = Value::I32(v);
  return c;
}
inline ConstInstr GlobalGetExpr(uint32_t index) {
  ConstInstr c;
  c.kind = ConstInstr::Kind::kGlobalGet;
  c.index = index;
  return c;
}
inline ConstInstr RefFuncExpr(uint32_t index) {
  ConstInstr c;
  c.kind = ConstInstr::Kind::kRefFunc;
  c.index = index;
  return c;
}

inline uint64_t W(IOp op) { return uint64_t(op); }

inline std::vector<uint64_t> Words(const CompiledFunction& f) {
  std::vector<uint64_t> out;
  for (const CodeWord& w : f.code) out.push_back(w.u64);
  return out;
}

}  // namespace wasmrt::testing

#endif  // WASMRT_RUNTIME_VALIDATE_TEST_UTIL_H_

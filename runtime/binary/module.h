// The decoded form of a module: what the binary says, checked for
// well-formedness (malformed) but not yet for validity. The validator reads
// it and adds the translated code; afterwards it is immutable and shared.
#ifndef WASMRT_RUNTIME_BINARY_MODULE_H_
#define WASMRT_RUNTIME_BINARY_MODULE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/types.h"
#include "runtime/base/value.h"

namespace wasmrt {

// A constant expression (spec 3.3.10) in decoded form. In 2.0 a valid one is
// a single constant instruction; the decoder keeps every instruction it read
// before `end` so the validator can report "constant expression required" or
// "type mismatch" precisely.
struct ConstInstr {
  enum class Kind : uint8_t {
    kI32Const, kI64Const, kF32Const, kF64Const, kV128Const,
    kRefNull, kRefFunc, kGlobalGet,
    kOther,  // any other instruction: never constant
  };
  Kind kind = Kind::kOther;
  uint16_t opcode = 0;   // wasmrt::Opcode of the instruction (for messages)
  uint32_t index = 0;    // global / function index
  ValType ref_type = ValType::kFuncRef;  // for ref.null
  Value value;           // for the *.const kinds
  uint32_t offset = 0;   // byte offset of the instruction in the module
};

struct ConstExpr {
  std::vector<ConstInstr> instrs;  // without the final `end`
  uint32_t offset = 0;
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t func_type = 0;   // kind == kFunc: type index
  TableType table;          // kind == kTable
  MemoryType memory;        // kind == kMemory
  GlobalType global;        // kind == kGlobal
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

struct ElemSegment {
  enum class Mode : uint8_t { kActive, kPassive, kDeclarative };
  Mode mode = Mode::kPassive;
  ValType type = ValType::kFuncRef;
  uint32_t table = 0;        // active only
  ConstExpr offset;          // active only
  // Each element as a constant expression; the function-index encodings are
  // decoded into ref.func expressions so later stages see one shape.
  std::vector<ConstExpr> init;
};

struct DataSegment {
  enum class Mode : uint8_t { kActive, kPassive };
  Mode mode = Mode::kPassive;
  uint32_t memory = 0;
  ConstExpr offset;          // active only
  uint32_t data_offset = 0;  // offset of the bytes within the module binary
  std::vector<uint8_t> bytes;
};

// A function defined by the module (not imported).
struct FunctionBody {
  uint32_t type = 0;                 // type index (from the function section)
  std::vector<ValType> locals;       // declared locals, expanded, params excluded
  uint32_t code_offset = 0;          // offset of the first instruction in the binary
  uint32_t code_size = 0;            // bytes up to and including the final `end`
  std::vector<uint8_t> code;         // the instruction bytes (copied: the input
                                     // buffer need not outlive the module)
};

struct CustomSection {
  std::string name;
  uint32_t offset = 0;
  std::vector<uint8_t> bytes;
};

struct Module {
  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<FunctionBody> functions;   // defined functions only
  std::vector<TableType> tables;         // defined tables only
  std::vector<MemoryType> memories;      // defined memories only
  std::vector<Global> globals;           // defined globals only
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<CustomSection> customs;

  // From the `name` custom section, when present and well-formed (a bad name
  // section is ignored, as the spec requires for custom sections).
  std::string module_name;
  std::vector<std::pair<uint32_t, std::string>> function_names;  // sorted by index

  // Counts of imports by kind, so index spaces are imports first, then defined.
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;

  uint32_t NumFuncs() const { return num_imported_funcs + uint32_t(functions.size()); }
  uint32_t NumTables() const { return num_imported_tables + uint32_t(tables.size()); }
  uint32_t NumMemories() const { return num_imported_memories + uint32_t(memories.size()); }
  uint32_t NumGlobals() const { return num_imported_globals + uint32_t(globals.size()); }
};

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BINARY_MODULE_H_

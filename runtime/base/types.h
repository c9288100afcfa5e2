// Value and entity types of WebAssembly 2.0 (spec 2.3), shared by every layer.
#ifndef WASMRT_RUNTIME_BASE_TYPES_H_
#define WASMRT_RUNTIME_BASE_TYPES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace wasmrt {

// Encoded exactly as in the binary format so the decoder can cast after a check.
enum class ValType : uint8_t {
  kI32 = 0x7F,
  kI64 = 0x7E,
  kF32 = 0x7D,
  kF64 = 0x7C,
  kV128 = 0x7B,
  kFuncRef = 0x70,
  kExternRef = 0x6F,
};

inline bool IsRefType(ValType t) {
  return t == ValType::kFuncRef || t == ValType::kExternRef;
}
inline bool IsValidValTypeByte(uint8_t b) {
  return b == 0x7F || b == 0x7E || b == 0x7D || b == 0x7C || b == 0x7B ||
         b == 0x70 || b == 0x6F;
}
// Number of 64-bit operand-stack slots a value of this type occupies.
inline uint32_t SlotCount(ValType t) { return t == ValType::kV128 ? 2 : 1; }
const char* ValTypeName(ValType t);  // "i32", "funcref", ...

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
std::string FuncTypeToString(const FuncType& t);  // "(i32 i64) -> (f32)"

struct Limits {
  uint32_t min = 0;
  bool has_max = false;
  uint32_t max = 0;
};

struct TableType {
  ValType elem = ValType::kFuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValType type = ValType::kI32;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3 };
const char* ExternKindName(ExternKind k);  // "func", "table", ...

inline constexpr uint32_t kPageSize = 65536;
inline constexpr uint32_t kMaxPages = 65536;  // 4 GiB of 32-bit address space

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_BASE_TYPES_H_

// What the validator knows about a module while checking it (the spec's
// context C, 3.1.1), flattened into index spaces (imports first), plus the
// helpers every part of the validator uses to build errors.
#ifndef WASMRT_RUNTIME_VALIDATE_CONTEXT_H_
#define WASMRT_RUNTIME_VALIDATE_CONTEXT_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/types.h"
#include "runtime/binary/module.h"

#define WASMRT_VALIDATE_RETURN_IF_ERROR(expr)        \
  do {                                               \
    ::absl::Status wasmrt_status_ = (expr);          \
    if (!wasmrt_status_.ok()) return wasmrt_status_; \
  } while (0)

namespace wasmrt::validate {

// The spec's C: types of every entity by index space (imports first).
struct Context {
  const Module* module = nullptr;
  std::vector<uint32_t> func_types;  // function index -> type index
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<GlobalType> globals;
  std::vector<ValType> elem_types;   // element segment index -> ref type
  uint32_t num_datas = 0;
  std::vector<bool> declared_funcs;  // C.refs: may appear in ref.func

  const FuncType& FuncTypeOf(uint32_t func) const {
    return module->types[func_types[func]];
  }
};

// "<words> in <where> at offset 0x<hex>[: <detail>]"; `words` come first so the
// spec tests' expected texts match by prefix.
inline absl::Status InvalidAt(absl::string_view words, absl::string_view where,
                              uint32_t offset, absl::string_view detail = {}) {
  std::string msg = absl::StrCat(words, " in ", where, " at offset 0x",
                                 absl::Hex(offset));
  if (!detail.empty()) absl::StrAppend(&msg, ": ", detail);
  return absl::InvalidArgumentError(msg);
}

// "<words> in <where>[: <detail>]", for places the Module keeps no offset of.
inline absl::Status InvalidIn(absl::string_view words, absl::string_view where,
                              absl::string_view detail = {}) {
  std::string msg = absl::StrCat(words, " in ", where);
  if (!detail.empty()) absl::StrAppend(&msg, ": ", detail);
  return absl::InvalidArgumentError(msg);
}

// Name of a value type for messages; the polymorphic stack's unknown type
// (see func_validator.h) prints as "unknown".
inline const char* TypeName(ValType t) {
  return uint8_t(t) == 0 ? "unknown" : ValTypeName(t);
}

}  // namespace wasmrt::validate

#endif  // WASMRT_RUNTIME_VALIDATE_CONTEXT_H_

#include "service/module_info.h"

#include "absl/strings/str_cat.h"

namespace wasmrt::service {
namespace {

std::string LimitsText(const Limits& l) {
  return l.has_max ? absl::StrCat(l.min, "..", l.max) : absl::StrCat(l.min, "..");
}

// Types of the entity with index `index` of kind `kind` (imports first).
std::string TypeText(const Module& m, ExternKind kind, uint32_t index) {
  switch (kind) {
    case ExternKind::kFunc: {
      uint32_t type = 0;
      if (index < m.num_imported_funcs) {
        uint32_t n = 0;
        for (const Import& imp : m.imports) {
          if (imp.kind == ExternKind::kFunc && n++ == index) type = imp.func_type;
        }
      } else {
        type = m.functions[index - m.num_imported_funcs].type;
      }
      return FuncTypeToString(m.types[type]);
    }
    case ExternKind::kTable: {
      TableType t;
      if (index < m.num_imported_tables) {
        uint32_t n = 0;
        for (const Import& imp : m.imports) {
          if (imp.kind == ExternKind::kTable && n++ == index) t = imp.table;
        }
      } else {
        t = m.tables[index - m.num_imported_tables];
      }
      return absl::StrCat("table ", ValTypeName(t.elem), " ", LimitsText(t.limits));
    }
    case ExternKind::kMemory: {
      MemoryType t;
      if (index < m.num_imported_memories) {
        uint32_t n = 0;
        for (const Import& imp : m.imports) {
          if (imp.kind == ExternKind::kMemory && n++ == index) t = imp.memory;
        }
      } else {
        t = m.memories[index - m.num_imported_memories];
      }
      return absl::StrCat("memory ", LimitsText(t.limits));
    }
    case ExternKind::kGlobal: {
      GlobalType t;
      if (index < m.num_imported_globals) {
        uint32_t n = 0;
        for (const Import& imp : m.imports) {
          if (imp.kind == ExternKind::kGlobal && n++ == index) t = imp.global;
        }
      } else {
        t = m.globals[index - m.num_imported_globals].type;
      }
      return absl::StrCat("global ", t.is_mutable ? "mut " : "", ValTypeName(t.type));
    }
  }
  return "";
}

}  // namespace

v1::ModuleInfo DescribeModule(const Module& m) {
  v1::ModuleInfo info;
  for (const Export& e : m.exports) {
    v1::ExternInfo* x = info.add_exports();
    x->set_name(e.name);
    x->set_kind(ExternKindName(e.kind));
    x->set_type(TypeText(m, e.kind, e.index));
  }
  uint32_t counts[4] = {0, 0, 0, 0};
  for (const Import& imp : m.imports) {
    v1::ExternInfo* x = info.add_imports();
    x->set_module(imp.module);
    x->set_name(imp.name);
    x->set_kind(ExternKindName(imp.kind));
    x->set_type(TypeText(m, imp.kind, counts[int(imp.kind)]++));
  }
  return info;
}

v1::ModuleInfo DescribeStoredModule(const StoredModule& m, const std::vector<std::string>& names) {
  v1::ModuleInfo info = DescribeModule(m.compiled->ir());
  info.set_id(m.id);
  info.set_size_bytes(m.size_bytes);
  for (const std::string& n : names) info.add_names(n);
  return info;
}

}  // namespace wasmrt::service

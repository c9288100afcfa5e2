// Reflection: the typed imports and exports of a CompiledModule, so that
// embedders (the service's ModuleInfo, the C API) need not read the decoded
// module.
#include "absl/strings/str_cat.h"
#include "runtime/engine/engine.h"

namespace wasmrt {
namespace {

bool LimitsEqual(const Limits& a, const Limits& b) {
  return a.min == b.min && a.has_max == b.has_max && (!a.has_max || a.max == b.max);
}

std::string LimitsText(const Limits& l) {
  return l.has_max ? absl::StrCat(l.min, "..", l.max) : absl::StrCat(l.min, "..");
}

ExternType ImportedType(const Module& m, const Import& imp) {
  ExternType t;
  t.kind = imp.kind;
  switch (imp.kind) {
    case ExternKind::kFunc: t.func = m.types[imp.func_type]; break;
    case ExternKind::kTable: t.table = imp.table; break;
    case ExternKind::kMemory: t.memory = imp.memory; break;
    case ExternKind::kGlobal: t.global = imp.global; break;
  }
  return t;
}

// The type of entity `index` of `kind` (imports first, then definitions).
// `imported[kind]` lists the import indices of that kind, in order.
ExternType EntityType(const Module& m, const std::vector<uint32_t> (&imported)[4],
                      ExternKind kind, uint32_t index) {
  const std::vector<uint32_t>& own = imported[int(kind)];
  if (index < own.size()) return ImportedType(m, m.imports[own[index]]);
  uint32_t i = index - uint32_t(own.size());
  ExternType t;
  t.kind = kind;
  switch (kind) {
    case ExternKind::kFunc: t.func = m.types[m.functions[i].type]; break;
    case ExternKind::kTable: t.table = m.tables[i]; break;
    case ExternKind::kMemory: t.memory = m.memories[i]; break;
    case ExternKind::kGlobal: t.global = m.globals[i].type; break;
  }
  return t;
}

}  // namespace

bool operator==(const ExternType& a, const ExternType& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ExternKind::kFunc: return a.func == b.func;
    case ExternKind::kTable:
      return a.table.elem == b.table.elem && LimitsEqual(a.table.limits, b.table.limits);
    case ExternKind::kMemory: return LimitsEqual(a.memory.limits, b.memory.limits);
    case ExternKind::kGlobal:
      return a.global.type == b.global.type && a.global.is_mutable == b.global.is_mutable;
  }
  return false;
}

std::string ExternTypeToString(const ExternType& t) {
  switch (t.kind) {
    case ExternKind::kFunc: return FuncTypeToString(t.func);
    case ExternKind::kTable:
      return absl::StrCat("table ", ValTypeName(t.table.elem), " ", LimitsText(t.table.limits));
    case ExternKind::kMemory: return absl::StrCat("memory ", LimitsText(t.memory.limits));
    case ExternKind::kGlobal:
      return absl::StrCat("global ", t.global.is_mutable ? "mut " : "",
                          ValTypeName(t.global.type));
  }
  return "";
}

std::vector<ImportType> CompiledModule::imports() const {
  std::vector<ImportType> out;
  out.reserve(ir_.imports.size());
  for (const Import& imp : ir_.imports) {
    out.push_back(ImportType{imp.module, imp.name, ImportedType(ir_, imp)});
  }
  return out;
}

std::vector<ExportType> CompiledModule::exports() const {
  std::vector<uint32_t> imported[4];
  for (uint32_t i = 0; i < ir_.imports.size(); ++i) {
    imported[int(ir_.imports[i].kind)].push_back(i);
  }
  std::vector<ExportType> out;
  out.reserve(ir_.exports.size());
  for (const Export& e : ir_.exports) {
    out.push_back(ExportType{e.name, EntityType(ir_, imported, e.kind, e.index)});
  }
  return out;
}

}  // namespace wasmrt

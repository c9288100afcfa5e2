#include "service/module_info.h"

namespace wasmrt::service {

v1::ModuleInfo DescribeModule(const CompiledModule& module) {
  v1::ModuleInfo info;
  for (const ExportType& e : module.exports()) {
    v1::ExternInfo* x = info.add_exports();
    x->set_name(e.name);
    x->set_kind(ExternKindName(e.type.kind));
    x->set_type(ExternTypeToString(e.type));
  }
  for (const ImportType& imp : module.imports()) {
    v1::ExternInfo* x = info.add_imports();
    x->set_module(imp.module);
    x->set_name(imp.name);
    x->set_kind(ExternKindName(imp.type.kind));
    x->set_type(ExternTypeToString(imp.type));
  }
  return info;
}

v1::ModuleInfo DescribeStoredModule(const StoredModule& m, const std::vector<std::string>& names) {
  v1::ModuleInfo info = DescribeModule(*m.compiled);
  info.set_id(m.id);
  info.set_size_bytes(m.size_bytes);
  for (const std::string& n : names) info.add_names(n);
  return info;
}

}  // namespace wasmrt::service

#include "absl/strings/str_cat.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/instance_data.h"

namespace wasmrt {
namespace {

std::string Key(const std::string& module, const std::string& name) {
  std::string key = module;
  key.push_back('\0');
  return key + name;
}

}  // namespace

void Linker::Define(std::string module, std::string name, Extern value) {
  defs_[Key(module, name)] = value;
}

void Linker::DefineInstance(std::string module, const ModuleInstance* instance) {
  for (const auto& [name, ext] : ModuleInstanceAccess::Get(*instance).exports) {
    defs_[Key(module, name)] = ext;
  }
}

absl::StatusOr<std::vector<Extern>> Linker::Resolve(const CompiledModule& module) const {
  std::vector<Extern> out;
  out.reserve(module.ir().imports.size());
  for (const Import& imp : module.ir().imports) {
    auto it = defs_.find(Key(imp.module, imp.name));
    if (it == defs_.end()) {
      return absl::NotFoundError(
          absl::StrCat("unknown import: \"", imp.module, "\" \"", imp.name, "\""));
    }
    if (it->second.kind != imp.kind) {
      return absl::InvalidArgumentError(absl::StrCat(
          "incompatible import type for \"", imp.module, "\" \"", imp.name, "\": expected ",
          ExternKindName(imp.kind), ", got ", ExternKindName(it->second.kind)));
    }
    out.push_back(it->second);
  }
  return out;
}

}  // namespace wasmrt

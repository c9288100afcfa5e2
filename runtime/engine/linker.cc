#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/instance_data.h"
#include "runtime/engine/store_impl.h"
#include "runtime/objects/type_registry.h"

namespace wasmrt {
namespace {

std::string Key(const std::string& module, const std::string& name) {
  std::string key = module;
  key.push_back('\0');
  return key + name;
}

absl::Status KindMismatch(const Import& imp, ExternKind got) {
  return absl::InvalidArgumentError(absl::StrCat(
      "incompatible import type for \"", imp.module, "\" \"", imp.name, "\": expected ",
      ExternKindName(imp.kind), ", got ", ExternKindName(got)));
}

}  // namespace

// Host functions owned by no store. Shared by copies of the linker and by
// every PrelinkedModule made from it; never freed while one is alive.
struct Linker::HostFunctions {
  std::vector<std::unique_ptr<FunctionInstance>> funcs;
  absl::flat_hash_set<const FunctionInstance*> owned;
};

Linker::Linker() = default;
Linker::~Linker() = default;
Linker::Linker(const Linker&) = default;
Linker& Linker::operator=(const Linker&) = default;

void Linker::Define(std::string module, std::string name, Extern value) {
  defs_[Key(module, name)] = value;
}

void Linker::DefineFunction(std::string module, std::string name, const FuncType& type,
                            HostCallback callback, std::string debug_name) {
  if (host_ == nullptr) host_ = std::make_shared<HostFunctions>();
  std::unique_ptr<FunctionInstance> f =
      NewHostFunctionInstance(type, std::move(callback), std::move(debug_name), /*owner=*/nullptr);
  host_->owned.insert(f.get());
  defs_[Key(module, name)] = Extern{ExternKind::kFunc, f.get()};
  host_->funcs.push_back(std::move(f));
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
    if (it->second.kind != imp.kind) return KindMismatch(imp, it->second.kind);
    out.push_back(it->second);
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const PrelinkedModule>> Linker::Prelink(
    std::shared_ptr<const CompiledModule> module) const {
  absl::StatusOr<std::vector<Extern>> imports = Resolve(*module);
  if (!imports.ok()) return imports.status();
  const Module& m = module->ir();
  for (size_t i = 0; i < imports->size(); ++i) {
    const Import& imp = m.imports[i];
    const Extern& ext = (*imports)[i];
    // Tables, memories, globals and store-made functions belong to one
    // store; an instance in another store must never reach them.
    bool shared = ext.kind == ExternKind::kFunc && host_ != nullptr &&
                  host_->owned.contains(static_cast<const FunctionInstance*>(ext.object));
    if (!shared) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot pre-link import \"", imp.module, "\" \"", imp.name, "\" (",
          ExternKindName(imp.kind), "): only Linker::DefineFunction functions can be shared"));
    }
    absl::Status s = CheckImport(m, imp, ext);
    if (!s.ok()) return s;
  }
  auto pre = std::shared_ptr<PrelinkedModule>(new PrelinkedModule());
  pre->module_ = std::move(module);
  pre->imports_ = std::move(*imports);
  pre->host_functions_ = host_;
  return std::shared_ptr<const PrelinkedModule>(std::move(pre));
}

absl::StatusOr<ModuleInstance*> PrelinkedModule::Instantiate(
    Store& store, const CallOptions& start_options) const {
  if (host_functions_ != nullptr) {
    auto& kept = StoreAccess::Impl(store).shared_functions;
    if (std::find(kept.begin(), kept.end(), host_functions_) == kept.end()) {
      kept.push_back(host_functions_);
    }
  }
  return store.Instantiate(module_, imports_, start_options);
}

}  // namespace wasmrt

#include "service/compiled_module_cache.h"

#include <algorithm>

#include "service/sha256.h"

namespace wasmrt::service {

ModuleCompiler CheckedCompiler(ImportChecker checker, CompileOptions options) {
  return [checker = std::move(checker), options](absl::string_view bytes)
             -> absl::StatusOr<std::shared_ptr<const CompiledModule>> {
    auto compiled = CompileModule(
        absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()),
        options);
    if (!compiled.ok()) return compiled.status();
    if (checker) {
      absl::Status imports = checker(**compiled);
      if (!imports.ok()) return imports;
    }
    return compiled;
  };
}

absl::StatusOr<std::shared_ptr<const StoredModule>> CompiledModuleCache::Prepare(
    absl::string_view bytes) const {
  std::string id = ContentDigest(bytes);
  if (auto cached = Find(id)) return cached;
  auto compiled = compile_(bytes);
  if (!compiled.ok()) return compiled.status();
  auto m = std::make_shared<StoredModule>();
  m->id = std::move(id);
  m->size_bytes = bytes.size();
  m->compiled = *std::move(compiled);
  return m;
}

std::shared_ptr<const StoredModule> CompiledModuleCache::Insert(
    std::shared_ptr<const StoredModule> m) {
  absl::MutexLock lock(&mu_);
  damaged_.erase(m->id);
  return by_id_.try_emplace(m->id, std::move(m)).first->second;
}

std::shared_ptr<const StoredModule> CompiledModuleCache::Find(const std::string& id) const {
  absl::MutexLock lock(&mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

void CompiledModuleCache::Erase(const std::string& id) {
  absl::MutexLock lock(&mu_);
  by_id_.erase(id);
}

std::vector<std::shared_ptr<const StoredModule>> CompiledModuleCache::All() const {
  std::vector<std::shared_ptr<const StoredModule>> out;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, m] : by_id_) out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
  return out;
}

void CompiledModuleCache::MarkDamaged(const std::string& id) {
  absl::MutexLock lock(&mu_);
  damaged_.insert(id);
}

bool CompiledModuleCache::IsDamaged(const std::string& id) const {
  absl::MutexLock lock(&mu_);
  return damaged_.contains(id);
}

}  // namespace wasmrt::service

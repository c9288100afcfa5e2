#include "service/module_registry.h"

#include "absl/strings/str_cat.h"
#include "service/log.h"
#include "service/module_keys.h"
#include "service/status_text.h"

namespace wasmrt::service {

absl::StatusOr<std::unique_ptr<ModuleRegistry>> ModuleRegistry::Open(
    const std::string& dir, ModuleCompiler compile, ModuleRegistryOptions options) {
  ModuleRepositoryOptions repo_options;
  repo_options.now = options.now;
  repo_options.stale_temp_age = options.stale_temp_age;
  auto repo = ModuleRepository::Open(dir, std::move(repo_options));
  if (!repo.ok()) return repo.status();
  std::unique_ptr<ModuleRegistry> registry(
      new ModuleRegistry(*std::move(repo), std::move(compile), std::move(options)));
  registry->LoadAll();
  return registry;
}

void ModuleRegistry::LoadAll() {
  int modules = 0, names = 0;
  for (const std::string& id : repo_->ModuleIds()) {
    auto bytes = repo_->ReadModule(id);
    if (!bytes.ok()) continue;  // removed meanwhile
    auto m = cache_.Prepare(*bytes);
    if (!m.ok() || (*m)->id != id) {
      std::string error(m.ok() ? "content does not match its digest" : m.status().message());
      Log(LogLevel::kError, absl::StrCat("skipping damaged module file=",
                                         repo_->ModulePathForLog(id), " error=\"", error, "\""));
      cache_.MarkDamaged(id);
      continue;
    }
    cache_.Insert(*m);
    ++modules;
  }
  for (const NameEntry& entry : repo_->Names()) {
    std::shared_ptr<const StoredModule> m = cache_.Find(entry.id);
    if (m == nullptr) continue;  // dangling: its module is gone
    names_.Set(entry.name, entry.id);
    if (options_.listener != nullptr) options_.listener->DidSetName(entry.name, m);
    ++names;
  }
  Log(LogLevel::kInfo, absl::StrCat("module store loaded dir=", repo_->dir(), " modules=", modules,
                                    " names=", names));
}

absl::StatusOr<std::shared_ptr<const StoredModule>> ModuleRegistry::Add(const std::string& bytes,
                                                                        const std::string& name) {
  if (!name.empty() && !IsValidModuleName(name)) return InvalidModuleName(name);
  // Hashes first, compiles only new bytes, outside the write lock: the slow part.
  auto m = cache_.Prepare(bytes);
  if (!m.ok()) return m.status();
  const std::string& id = (*m)->id;
  absl::MutexLock write_lock(&write_mu_);
  if (options_.listener != nullptr) {
    absl::Status admitted = options_.listener->WillAdd(**m, name);
    if (!admitted.ok()) return admitted;
  }
  // Written even when cached: another replica may have deleted the file.
  absl::Status s = repo_->WriteModule(id, bytes);
  if (!s.ok()) return s;
  if (!name.empty()) {
    s = repo_->WriteName(name, id);
    if (!s.ok()) return s;
  }
  std::shared_ptr<const StoredModule> stored = cache_.Insert(*m);  // keeps a warm one
  if (!name.empty()) {
    names_.Set(name, id);
    if (options_.listener != nullptr) options_.listener->DidSetName(name, stored);
  }
  return stored;
}

bool ModuleRegistry::RevalidationDue(const std::string& key, absl::Time now) const {
  absl::MutexLock lock(&mu_);
  auto v = validated_.find(key);
  return v == validated_.end() || now - v->second > options_.revalidate_after;
}

absl::StatusOr<std::string> ModuleRegistry::Revalidate(const std::string& key,
                                                       absl::Time now) const {
  // The directory is the truth when replicas share it: another replica
  // may have moved or deleted the name or deleted the module.
  bool by_name = !IsIdKey(key);
  absl::StatusOr<std::string> id = by_name ? repo_->ReadName(key) : key;
  bool gone = !id.ok() || !repo_->HasModule(*id);
  {
    absl::MutexLock lock(&mu_);
    if (gone) {
      validated_.erase(key);
    } else {
      validated_[key] = now;
    }
  }
  if (gone) {
    if (by_name) names_.Erase(key);
    if (!by_name) cache_.Erase(key);
    return ModuleNotFound(key);
  }
  if (by_name) names_.Set(key, *id);
  return id;
}

absl::StatusOr<std::shared_ptr<const StoredModule>> ModuleRegistry::Find(
    const std::string& key) const {
  // Untrusted keys: nothing malformed reaches the file system or the caches.
  if (IsIdKey(key) ? !IsWellFormedId(key) : !IsValidModuleName(key)) return ModuleNotFound(key);
  absl::Time now = options_.now();
  std::string id = key;
  if (RevalidationDue(key, now)) {
    // At most once per revalidate_after per key, so calls stay cheap.
    auto checked = Revalidate(key, now);
    if (!checked.ok()) return checked.status();
    id = *checked;
  } else if (!IsIdKey(key)) {
    id = names_.Get(key).value_or(key);
  }
  if (auto m = cache_.Find(id)) return m;
  // Another replica sharing the data directory may have stored it since we
  // started: look on disk before giving up.
  return LoadFromDisk(key);
}

absl::StatusOr<std::shared_ptr<const StoredModule>> ModuleRegistry::LoadFromDisk(
    const std::string& key) const {
  std::string id = key;
  if (!IsIdKey(key)) {
    auto target = repo_->ReadName(key);
    if (!target.ok()) return target.status();
    id = *target;
  }
  auto bytes = repo_->ReadModule(id);
  if (!bytes.ok()) return bytes.status();
  auto m = cache_.Prepare(*bytes);
  if (!m.ok() || (*m)->id != id) {
    return absl::NotFoundError(absl::StrCat("module ", Quote(id), " on disk is damaged"));
  }
  std::shared_ptr<const StoredModule> stored = cache_.Insert(*m);
  if (!IsIdKey(key)) names_.Set(key, id);
  return stored;
}

std::vector<std::shared_ptr<const StoredModule>> ModuleRegistry::List() const {
  // Pick up modules other replicas stored in a shared data directory.
  for (const std::string& id : repo_->ModuleIds()) {
    if (cache_.Find(id) != nullptr || cache_.IsDamaged(id)) continue;  // damaged: tried once
    if (!LoadFromDisk(id).ok()) cache_.MarkDamaged(id);
  }
  return cache_.All();
}

absl::StatusOr<std::string> ModuleRegistry::Delete(const std::string& key) {
  absl::MutexLock write_lock(&write_mu_);
  auto m = Find(key);
  if (!m.ok()) return m.status();
  std::string id = (*m)->id;
  for (const std::string& name : names_.EraseId(id)) {
    repo_->RemoveName(name);
    if (options_.listener != nullptr) options_.listener->DidEraseName(name);
  }
  repo_->RemoveModule(id);
  cache_.Erase(id);
  absl::MutexLock lock(&mu_);
  validated_.clear();
  return id;
}

}  // namespace wasmrt::service

#include "service/module_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "service/log.h"
#include "service/module_info.h"
#include "service/sha256.h"
#include "service/status_text.h"
#include "service/store_files.h"

namespace wasmrt::service {
namespace {

// At start only: the operator reads this, with the path.
absl::Status MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    return absl::InternalError(absl::StrCat("mkdir ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status InvalidName(const std::string& name) {
  return absl::InvalidArgumentError(absl::StrCat(
      "invalid module name ", Quote(name), ": use 1-128 of [A-Za-z0-9._:/-], not \"sha256:...\""));
}

}  // namespace

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool IsWellFormedId(const std::string& id) {
  return id.size() == 7 + 64 && absl::StartsWith(id, "sha256:") &&
         id.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
}

bool IsValidModuleName(const std::string& name) {
  if (name.empty() || name.size() > 128 || absl::StartsWith(name, "sha256:")) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
    if (!ok) return false;
  }
  return name != "." && name != "..";
}

absl::StatusOr<std::unique_ptr<ModuleStore>> ModuleStore::Open(const std::string& dir,
                                                               ImportChecker checker,
                                                               ModuleStoreOptions options) {
  std::unique_ptr<ModuleStore> store(new ModuleStore(dir, std::move(checker), std::move(options)));
  for (const std::string& d : {dir, dir + "/modules", dir + "/names"}) {
    absl::Status s = MakeDir(d);
    if (!s.ok()) return s;
  }
  store->RemoveStaleTempFiles();
  store->MigrateLegacyNames();
  store->LoadAll();
  return store;
}

void ModuleStore::RemoveStaleTempFiles() const {
  // A temp file is never a complete module or name: the writer renames it
  // when done, so one left behind belongs to a writer that was killed. But
  // replicas share the directory and another one may be writing it right
  // now, so only old ones go: a writer receives the whole upload before it
  // creates its temp file, then writes, fsyncs and renames it at once, and
  // every write moves the mtime; ten minutes without a write is far beyond
  // a live writer (and beyond clock skew between a replica and a shared
  // file system's server).
  absl::Time cutoff = options_.now() - options_.stale_temp_age;
  for (const char* sub : {"/modules", "/names"}) {
    RemoveTempFilesOlderThan(dir_ + sub, cutoff);
  }
}

void ModuleStore::MigrateLegacyNames() const {
  // Names used to be files named by the hex of the name, which does not fit
  // a file name above 122 characters. Each is rewritten in the current
  // format, unless a current file exists (it is newer: another replica
  // wrote it), then removed. Concurrent replicas doing the same write the
  // same contents; link() never replaces a newer file.
  for (const std::string& file : ListDir(dir_ + "/names")) {
    if (!IsLegacyNameFile(file)) continue;
    std::string name = absl::HexStringToBytes(file);
    std::string legacy = absl::StrCat(dir_, "/names/", file);
    auto id = ReadFile(legacy);
    if (IsValidModuleName(name) && id.ok() && IsWellFormedId(*id)) {
      absl::Status s = WriteFileAtomically(dir_ + "/names", NamePath(name),
                                           NameFileContents(*id, name), /*replace=*/false);
      if (!s.ok() && !absl::IsAlreadyExists(s)) continue;  // logged; kept for next time
    }
    unlink(legacy.c_str());
  }
}

std::string ModuleStore::ModulePath(const std::string& id) const {
  return absl::StrCat(dir_, "/modules/", id.substr(7), ".wasm");  // strip "sha256:"
}

std::string ModuleStore::NamePath(const std::string& name) const {
  // A digest keeps any allowed name ('/' and ':' included, 128 characters)
  // a single safe file name of fixed length.
  return absl::StrCat(dir_, "/names/", NameFileName(name));
}

absl::StatusOr<std::string> ModuleStore::ReadName(const std::string& name) const {
  auto contents = ReadFile(NamePath(name));
  auto entry = ParseNameFile(NameFileName(name), contents.ok() ? *contents : "");
  if (!entry.ok() || entry->name != name) {
    return absl::NotFoundError(absl::StrCat("no module named \"", name, "\""));
  }
  return entry->id;
}

absl::StatusOr<std::shared_ptr<StoredModule>> ModuleStore::Compile(
    const std::string& bytes) const {
  auto compiled = CompileModule(absl::MakeConstSpan(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  if (!compiled.ok()) return compiled.status();
  absl::Status imports = checker_ ? checker_((*compiled)->ir()) : absl::OkStatus();
  if (!imports.ok()) return imports;
  auto m = std::make_shared<StoredModule>();
  m->id = ContentDigest(bytes);
  m->size_bytes = bytes.size();
  m->compiled = *compiled;
  m->info = DescribeModule((*compiled)->ir());
  m->info.set_id(m->id);
  m->info.set_size_bytes(bytes.size());
  return m;
}

void ModuleStore::LoadAll() {
  for (const std::string& file : ListDir(dir_ + "/modules")) {
    if (!absl::EndsWith(file, ".wasm")) continue;  // leftovers of interrupted writes
    std::string path = absl::StrCat(dir_, "/modules/", file);
    auto bytes = ReadFile(path);
    if (!bytes.ok()) continue;
    auto m = Compile(*bytes);
    if (!m.ok()) {
      Log(LogLevel::kError, absl::StrCat("skipping damaged module file=", path,
                                         " error=\"", m.status().message(), "\""));
      absl::MutexLock lock(&mu_);
      damaged_.insert(file);
      continue;
    }
    if ((*m)->id.substr(7) + ".wasm" != file) {
      Log(LogLevel::kError, absl::StrCat("skipping module file=", path,
                                         " error=\"content does not match its digest\""));
      absl::MutexLock lock(&mu_);
      damaged_.insert(file);
      continue;
    }
    absl::MutexLock lock(&mu_);
    by_id_[(*m)->id] = *m;
  }
  for (const std::string& file : ListDir(dir_ + "/names")) {
    if (IsTempFile(file)) continue;  // a live writer's (stale ones are gone)
    auto contents = ReadFile(absl::StrCat(dir_, "/names/", file));
    auto entry = ParseNameFile(file, contents.ok() ? *contents : "");
    if (!entry.ok()) {
      Log(LogLevel::kError, absl::StrCat("skipping damaged name file=", dir_, "/names/", file));
      continue;
    }
    absl::MutexLock lock(&mu_);
    if (by_id_.contains(entry->id)) names_[entry->name] = entry->id;
  }
  absl::MutexLock lock(&mu_);
  Log(LogLevel::kInfo, absl::StrCat("module store loaded dir=", dir_, " modules=", by_id_.size(),
                                    " names=", names_.size()));
}

absl::StatusOr<std::shared_ptr<const StoredModule>> ModuleStore::Add(const std::string& bytes,
                                                                     const std::string& name) {
  if (!name.empty() && !IsValidModuleName(name)) return InvalidName(name);
  auto m = Compile(bytes);  // outside the write lock: the slow part
  if (!m.ok()) return m.status();
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const StoredModule> stored = *m;
  {
    absl::MutexLock lock(&mu_);
    auto it = by_id_.find(stored->id);
    if (it != by_id_.end()) stored = it->second;  // idempotent: keep the warm one
  }
  absl::Status s = WriteFileAtomically(dir_ + "/modules", ModulePath(stored->id), bytes);
  if (!s.ok()) return s;
  if (!name.empty()) {
    s = WriteFileAtomically(dir_ + "/names", NamePath(name), NameFileContents(stored->id, name));
    if (!s.ok()) return s;
  }
  absl::MutexLock lock(&mu_);
  by_id_[stored->id] = stored;
  if (!name.empty()) names_[name] = stored->id;
  return stored;
}

absl::StatusOr<std::shared_ptr<const StoredModule>> ModuleStore::Find(
    const std::string& id_or_name) const {
  std::string id = id_or_name;
  bool by_name = !absl::StartsWith(id_or_name, "sha256:");
  // Untrusted keys: nothing malformed reaches the file system or the caches.
  if (by_name ? !IsValidModuleName(id_or_name) : !IsWellFormedId(id_or_name)) {
    return absl::NotFoundError(by_name ? absl::StrCat("no module named \"", id_or_name, "\"")
                                       : absl::StrCat("no module ", id_or_name));
  }
  absl::Time now = options_.now();
  bool revalidate = false;
  {
    absl::MutexLock lock(&mu_);
    auto v = validated_.find(id_or_name);
    revalidate = v == validated_.end() || now - v->second > options_.revalidate_after;
    if (!revalidate) {
      if (by_name) {
        auto n = names_.find(id_or_name);
        if (n != names_.end()) id = n->second;
      }
      auto it = by_id_.find(id);
      if (it != by_id_.end()) return it->second;
    }
  }
  if (revalidate) {
    // The directory is the truth when replicas share it: another replica
    // may have moved or deleted the name or deleted the module. Checked at
    // most once per revalidate_after per key, so calls stay cheap.
    std::string target = id_or_name;
    bool gone = false;
    if (by_name) {
      auto t = ReadName(id_or_name);
      gone = !t.ok();
      if (!gone) target = *t;
    }
    if (!gone) gone = access(ModulePath(target).c_str(), F_OK) != 0;
    absl::MutexLock lock(&mu_);
    // Only keys that exist are remembered, so unknown keys cannot grow it.
    if (gone) {
      validated_.erase(id_or_name);
    } else {
      validated_[id_or_name] = now;
    }
    if (gone) {
      if (by_name) names_.erase(id_or_name);
      if (!by_name) by_id_.erase(id_or_name);
      return absl::NotFoundError(by_name ? absl::StrCat("no module named \"", id_or_name, "\"")
                                         : absl::StrCat("no module ", id_or_name));
    }
    if (by_name) names_[id_or_name] = target;
    auto it = by_id_.find(target);
    if (it != by_id_.end()) return it->second;
  }
  // Another replica sharing the data directory may have stored it since we
  // started: look on disk before giving up.
  return LoadFromDisk(id_or_name);
}

absl::StatusOr<std::shared_ptr<const StoredModule>> ModuleStore::LoadFromDisk(
    const std::string& id_or_name) const {
  std::string id = id_or_name;
  bool by_name = !absl::StartsWith(id_or_name, "sha256:");
  if (by_name) {
    if (!IsValidModuleName(id_or_name)) {
      return absl::NotFoundError(absl::StrCat("no module named ", Quote(id_or_name)));
    }
    auto target = ReadName(id_or_name);
    if (!target.ok()) return target.status();
    id = *target;
  }
  bool well_formed = IsWellFormedId(id);
  auto bytes = well_formed ? ReadFile(ModulePath(id)) : absl::NotFoundError("");
  if (!bytes.ok()) return absl::NotFoundError(absl::StrCat("no module ", Quote(id)));
  auto m = Compile(*bytes);
  if (!m.ok() || (*m)->id != id) {
    return absl::NotFoundError(absl::StrCat("module ", id, " on disk is damaged"));
  }
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = by_id_.try_emplace(id, *m);
  if (by_name) names_[id_or_name] = id;
  return it->second;
}

std::vector<std::shared_ptr<const StoredModule>> ModuleStore::List() const {
  // Pick up modules other replicas stored in a shared data directory.
  for (const std::string& file : ListDir(dir_ + "/modules")) {
    if (!absl::EndsWith(file, ".wasm") || file.size() != 64 + 5) continue;
    std::string id = "sha256:" + file.substr(0, 64);
    bool known;
    {
      absl::MutexLock lock(&mu_);
      known = by_id_.contains(id);
    }
    if (known) continue;
    {
      absl::MutexLock lock(&mu_);
      if (damaged_.contains(file)) continue;  // compiled once, failed: skip
    }
    if (!LoadFromDisk(id).ok()) {
      absl::MutexLock lock(&mu_);
      damaged_.insert(file);
    }
  }
  absl::MutexLock lock(&mu_);
  std::vector<std::shared_ptr<const StoredModule>> out;
  for (const auto& [id, m] : by_id_) out.push_back(m);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
  return out;
}

absl::StatusOr<std::string> ModuleStore::Delete(const std::string& id_or_name) {
  absl::MutexLock write_lock(&write_mu_);
  auto m = Find(id_or_name);
  if (!m.ok()) return m.status();
  std::string id = (*m)->id;
  absl::MutexLock lock(&mu_);
  for (auto it = names_.begin(); it != names_.end();) {
    if (it->second == id) {
      unlink(NamePath(it->first).c_str());
      names_.erase(it++);
    } else {
      ++it;
    }
  }
  unlink(ModulePath(id).c_str());
  by_id_.erase(id);
  validated_.clear();
  return id;
}

std::vector<std::string> ModuleStore::NamesOf(const std::string& id) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> out;
  for (const auto& [name, target] : names_) {
    if (target == id) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

v1::ModuleInfo ModuleStore::Describe(const StoredModule& m) const {
  v1::ModuleInfo info = m.info;
  for (const std::string& n : NamesOf(m.id)) info.add_names(n);
  return info;
}

}  // namespace wasmrt::service

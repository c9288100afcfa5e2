// The service's modules: what clients upload, find by id or name, list and
// delete. Composes the repository (the data directory, shared by replicas),
// the compiled-module cache and the name table, and keeps the latter two
// in step with the directory.
#ifndef WASMRT_SERVICE_MODULE_REGISTRY_H_
#define WASMRT_SERVICE_MODULE_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/compiled_module_cache.h"
#include "service/module_repository.h"
#include "service/name_table.h"

namespace wasmrt::service {

// Told about uploads and names, under the registry's write lock (so what it
// checks in WillAdd still holds when DidSetName follows). The typed methods
// (typed_router.h) follow names this way.
class NameListener {
 public:
  virtual ~NameListener() = default;
  // Before `module` is stored (and `name`, "" when none, pointed at it): an
  // error refuses the upload with nothing stored.
  virtual absl::Status WillAdd(const StoredModule& module, const std::string& name) = 0;
  // `name` points at `module` now (an upload, or a name found at startup).
  virtual void DidSetName(const std::string& name,
                          const std::shared_ptr<const StoredModule>& module) = 0;
  // `name` was deleted.
  virtual void DidEraseName(const std::string& name) = 0;
};

struct ModuleRegistryOptions {
  // The clock of revalidation and of temp-file ages; tests advance their own.
  std::function<absl::Time()> now = absl::Now;
  // A name or id found once is trusted this long before the directory (the
  // truth when replicas share it) is checked again.
  absl::Duration revalidate_after = absl::Seconds(1);
  // Temp files older than this at start are left by killed writers.
  absl::Duration stale_temp_age = absl::Minutes(10);
  // Optional; must outlive the registry. Names moved or deleted by another
  // replica sharing the directory are not reported.
  NameListener* listener = nullptr;
};

class ModuleRegistry {
 public:
  // Opens (creating if needed) `dir` and loads every stored module with
  // `compile`; a damaged file is logged and skipped.
  static absl::StatusOr<std::unique_ptr<ModuleRegistry>> Open(const std::string& dir,
                                                              ModuleCompiler compile,
                                                              ModuleRegistryOptions options = {});

  // Validates, stores and returns the module; bytes already known are not
  // compiled again. `name` (optional) then points at it. Invalid bytes or
  // name: InvalidArgument (the decoder/validator message), nothing stored.
  // No status names the directory.
  absl::StatusOr<std::shared_ptr<const StoredModule>> Add(const std::string& bytes,
                                                          const std::string& name);
  // By id ("sha256:...") or name. NotFound otherwise.
  absl::StatusOr<std::shared_ptr<const StoredModule>> Find(const std::string& id_or_name) const;
  // Every module, by id, including those other replicas stored.
  std::vector<std::shared_ptr<const StoredModule>> List() const;
  // Removes the module and its names; returns its id.
  absl::StatusOr<std::string> Delete(const std::string& id_or_name);
  // The names pointing at `id`, sorted.
  std::vector<std::string> NamesOf(const std::string& id) const { return names_.NamesOf(id); }

 private:
  ModuleRegistry(std::unique_ptr<ModuleRepository> repo, ModuleCompiler compile,
                 ModuleRegistryOptions options)
      : repo_(std::move(repo)), cache_(std::move(compile)), options_(std::move(options)) {}
  void LoadAll();
  // Whether `key` was last checked against the directory too long ago.
  bool RevalidationDue(const std::string& key, absl::Time now) const;
  // Checks `key` against the directory; on success returns its id and
  // remembers the check, else forgets what the caches held for it.
  absl::StatusOr<std::string> Revalidate(const std::string& key, absl::Time now) const;
  // Reads, compiles and caches the module `key` names on disk.
  absl::StatusOr<std::shared_ptr<const StoredModule>> LoadFromDisk(const std::string& key) const;

  const std::unique_ptr<ModuleRepository> repo_;
  // Mutable: lookups also cache what they find on disk.
  mutable CompiledModuleCache cache_;
  mutable NameTable names_;
  const ModuleRegistryOptions options_;
  // Serializes Add and Delete (file writes included), so a concurrent delete
  // of the same module cannot unlink what an upload is about to report.
  absl::Mutex write_mu_;
  mutable absl::Mutex mu_;
  // When each id or name was last checked against the directory; only keys
  // that exist are remembered, so unknown keys cannot grow it.
  mutable absl::flat_hash_map<std::string, absl::Time> validated_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_MODULE_REGISTRY_H_

// Content-addressed module store: files under a data directory, written
// atomically, reloaded at start; compiled modules are cached in memory.
#ifndef WASMRT_SERVICE_MODULE_STORE_H_
#define WASMRT_SERVICE_MODULE_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "proto/wasmrt.pb.h"
#include "runtime/engine/engine.h"

namespace wasmrt::service {

struct StoredModule {
  std::string id;  // "sha256:<hex>"
  uint64_t size_bytes = 0;
  std::shared_ptr<const CompiledModule> compiled;
  v1::ModuleInfo info;  // without names (they change)
};

// Decides whether the service can satisfy a module's imports; returns
// InvalidArgument naming the first import it cannot provide.
using ImportChecker = std::function<absl::Status(const Module&)>;

struct ModuleStoreOptions {
  // The clock of revalidation and of temp-file ages; tests advance their own.
  std::function<absl::Time()> now = absl::Now;
  // A name or id found once is trusted this long before the directory (the
  // truth when replicas share it) is checked again.
  absl::Duration revalidate_after = absl::Seconds(1);
  // Temp files older than this at start are left by killed writers.
  absl::Duration stale_temp_age = absl::Minutes(10);
};

class ModuleStore {
 public:
  // Opens (creating if needed) `dir` and loads every stored module; a
  // damaged file is logged and skipped. Stale temp files are removed and
  // names in the first on-disk format are rewritten in the current one.
  static absl::StatusOr<std::unique_ptr<ModuleStore>> Open(const std::string& dir,
                                                           ImportChecker checker,
                                                           ModuleStoreOptions options = {});

  // Validates, stores and returns the module. `name` (optional) then points
  // at it. Invalid bytes or name: InvalidArgument (the decoder/validator
  // message), nothing stored. No status of the store names its directory.
  absl::StatusOr<std::shared_ptr<const StoredModule>> Add(const std::string& bytes,
                                                          const std::string& name);
  // By id ("sha256:...") or name. NotFound otherwise.
  absl::StatusOr<std::shared_ptr<const StoredModule>> Find(const std::string& id_or_name) const;
  std::vector<std::shared_ptr<const StoredModule>> List() const;
  // Removes the module and its names; returns its id.
  absl::StatusOr<std::string> Delete(const std::string& id_or_name);
  std::vector<std::string> NamesOf(const std::string& id) const;

  // The ModuleInfo with its current names.
  v1::ModuleInfo Describe(const StoredModule& m) const;

 private:
  ModuleStore(std::string dir, ImportChecker checker, ModuleStoreOptions options)
      : dir_(std::move(dir)), checker_(std::move(checker)), options_(std::move(options)) {}
  absl::StatusOr<std::shared_ptr<StoredModule>> Compile(const std::string& bytes) const;
  std::string ModulePath(const std::string& id) const;
  std::string NamePath(const std::string& name) const;
  // The id `name` points at on disk; NotFound when none.
  absl::StatusOr<std::string> ReadName(const std::string& name) const;
  void RemoveStaleTempFiles() const;
  void MigrateLegacyNames() const;
  void LoadAll();
  absl::StatusOr<std::shared_ptr<const StoredModule>> LoadFromDisk(
      const std::string& id_or_name) const;

  const std::string dir_;
  const ImportChecker checker_;
  const ModuleStoreOptions options_;
  // Serializes Add and Delete (file writes included), so a concurrent delete
  // of the same module cannot unlink what an upload is about to report.
  absl::Mutex write_mu_;
  mutable absl::Mutex mu_;
  // Mutable: lookups also cache what they find on disk.
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const StoredModule>> by_id_
      ABSL_GUARDED_BY(mu_);
  mutable absl::flat_hash_map<std::string, std::string> names_ ABSL_GUARDED_BY(mu_);  // name -> id
  // When each id or name was last checked against the directory.
  mutable absl::flat_hash_map<std::string, absl::Time> validated_ ABSL_GUARDED_BY(mu_);
  // Module files that failed to load: not recompiled on every List.
  mutable absl::flat_hash_set<std::string> damaged_ ABSL_GUARDED_BY(mu_);
};

// The whole file, or NotFound "cannot read PATH".
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Whether `id` is "sha256:" followed by 64 lowercase hex digits.
bool IsWellFormedId(const std::string& id);

// Whether `name` is acceptable: [A-Za-z0-9._:/-]{1,128}, not starting with "sha256:".
bool IsValidModuleName(const std::string& name);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_MODULE_STORE_H_

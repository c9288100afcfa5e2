// The module registry's data directory: module bytes in modules/<hex>.wasm,
// names in names/<sha256 of the name>.name (store_files.h), every write
// atomic. Replicas may share the directory; it is the truth they agree on.
#ifndef WASMRT_SERVICE_MODULE_REPOSITORY_H_
#define WASMRT_SERVICE_MODULE_REPOSITORY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/store_files.h"

namespace wasmrt::service {

struct ModuleRepositoryOptions {
  // The clock temp-file ages are measured on; tests bring their own.
  std::function<absl::Time()> now = absl::Now;
  // Temp files older than this at Open are left by killed writers.
  absl::Duration stale_temp_age = absl::Minutes(10);
};

// Ids must be well-formed and names valid (module_keys.h): others are
// refused (InvalidArgument) or reported absent, never turned into paths.
// No returned status names the directory; failures are logged with paths.
class ModuleRepository {
 public:
  // Creates `dir`, modules/ and names/ if needed, removes stale temp files
  // and rewrites names of the first on-disk format in the current one.
  static absl::StatusOr<std::unique_ptr<ModuleRepository>> Open(
      const std::string& dir, ModuleRepositoryOptions options = {});

  const std::string& dir() const { return dir_; }

  absl::Status WriteModule(const std::string& id, absl::string_view bytes);
  // The stored bytes; NotFound when absent or unreadable.
  absl::StatusOr<std::string> ReadModule(const std::string& id) const;
  bool HasModule(const std::string& id) const;
  void RemoveModule(const std::string& id);
  // Ids of the module files present, sorted (temp and foreign files skipped).
  std::vector<std::string> ModuleIds() const;
  // The path of a module file, for the operator's log only.
  std::string ModulePathForLog(const std::string& id) const { return ModulePath(id); }

  // Points `name` at `id`, replacing what it pointed at.
  absl::Status WriteName(const std::string& name, const std::string& id);
  // The id `name` points at; NotFound when none (or its file is damaged).
  absl::StatusOr<std::string> ReadName(const std::string& name) const;
  void RemoveName(const std::string& name);
  // Every name file; damaged ones are logged and skipped.
  std::vector<NameEntry> Names() const;

 private:
  ModuleRepository(std::string dir, ModuleRepositoryOptions options)
      : dir_(std::move(dir)), options_(std::move(options)) {}
  std::string ModulePath(const std::string& id) const;
  std::string NamePath(const std::string& name) const;
  void RemoveStaleTempFiles() const;
  void MigrateLegacyNames() const;

  const std::string dir_;
  const ModuleRepositoryOptions options_;
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_MODULE_REPOSITORY_H_

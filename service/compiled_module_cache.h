// Compiled modules in memory, by id. The id is the digest of the bytes, so
// the cache hashes first and compiles only bytes it has not seen: an
// identical re-upload costs a SHA-256, not a compile.
#ifndef WASMRT_SERVICE_COMPILED_MODULE_CACHE_H_
#define WASMRT_SERVICE_COMPILED_MODULE_CACHE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "runtime/engine/engine.h"

namespace wasmrt::service {

// A module the service holds: immutable, shared with the instance pools.
struct StoredModule {
  std::string id;  // "sha256:<hex>"
  uint64_t size_bytes = 0;
  std::shared_ptr<const CompiledModule> compiled;
};

// Decides whether the service can satisfy a module's imports; returns
// InvalidArgument naming the first import it cannot provide.
using ImportChecker = std::function<absl::Status(const CompiledModule&)>;

// Bytes -> compiled module, or InvalidArgument (the decoder's, validator's
// or import checker's message). Injected so tests can count compiles.
using ModuleCompiler =
    std::function<absl::StatusOr<std::shared_ptr<const CompiledModule>>(absl::string_view bytes)>;

// CompileModule with `options` (the server's --tier), then `checker` (if
// any) on the result.
ModuleCompiler CheckedCompiler(ImportChecker checker, CompileOptions options = {});

class CompiledModuleCache {
 public:
  explicit CompiledModuleCache(ModuleCompiler compile) : compile_(std::move(compile)) {}

  // The module with these bytes: the cached one when their digest is
  // known, else a fresh compile that is NOT cached yet (the caller Inserts
  // it once the bytes are safely stored). Compiles without holding a lock.
  absl::StatusOr<std::shared_ptr<const StoredModule>> Prepare(absl::string_view bytes) const;
  // Caches `m` unless its id is cached already; returns the cached one
  // (warm pools keep pointing at it).
  std::shared_ptr<const StoredModule> Insert(std::shared_ptr<const StoredModule> m);
  // Null when not cached.
  std::shared_ptr<const StoredModule> Find(const std::string& id) const;
  void Erase(const std::string& id);
  // Every cached module, by id.
  std::vector<std::shared_ptr<const StoredModule>> All() const;

  // Ids whose stored bytes failed to compile or to match the id: not
  // compiled again on every listing.
  void MarkDamaged(const std::string& id);
  bool IsDamaged(const std::string& id) const;

 private:
  const ModuleCompiler compile_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const StoredModule>> by_id_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> damaged_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_COMPILED_MODULE_CACHE_H_

// Per-module pools of ready instances. A call leases one instance for its
// whole duration (no instance ever serves two calls at once); afterwards the
// instance is reset to its post-instantiation state and returned, or dropped.
#ifndef WASMRT_SERVICE_INSTANCE_POOL_H_
#define WASMRT_SERVICE_INSTANCE_POOL_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/snapshot.h"
#include "service/compiled_module_cache.h"
#include "service/wasi_binding.h"

namespace wasmrt::service {

struct PooledInstance {
  std::unique_ptr<Store> store;
  ModuleInstance* instance = nullptr;
  InstanceSnapshot snapshot;
  std::unique_ptr<WasiBinding> wasi;  // per-instance WASI state (store's host data)
  absl::Time last_used;
};

struct PoolOptions {
  int min_warm = 1;
  int max_idle = 4;
  uint32_t max_call_depth = 10000;
  uint32_t max_memory_pages = kMaxPages;
  uint64_t max_stdio_bytes = 1 << 20;
  // Limits of a module's start function, which runs at instantiation.
  int64_t start_fuel = 1'000'000'000;
  uint32_t start_timeout_ms = 5000;
  uint32_t start_memory_pages = kMaxPages;
};

class InstancePool {
 public:
  InstancePool(std::shared_ptr<const StoredModule> module, PoolOptions options);

  // An idle instance (warm = true) or a newly instantiated one.
  absl::StatusOr<std::unique_ptr<PooledInstance>> Acquire(bool* warm);
  // Resets and keeps `inst` when `reusable` (and the pool is not full);
  // otherwise destroys it.
  void Release(std::unique_ptr<PooledInstance> inst, bool reusable);
  // Creates instances until `min_warm` are idle.
  void Prewarm();
  // Drops instances idle since before `cutoff`, keeping min_warm.
  int EvictIdle(absl::Time cutoff);
  int idle() const;

  const StoredModule& module() const { return *module_; }

 private:
  absl::StatusOr<std::unique_ptr<PooledInstance>> Create() const;

  const std::shared_ptr<const StoredModule> module_;
  const PoolOptions options_;
  // Imports resolved once per module (ServiceLinker): a new instance only
  // allocates and initialises.
  const absl::StatusOr<std::shared_ptr<const PrelinkedModule>> prelinked_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<PooledInstance>> idle_ ABSL_GUARDED_BY(mu_);
  int resetting_ ABSL_GUARDED_BY(mu_) = 0;  // released, being reset
};

// The pools of all modules, created on first use.
class PoolManager {
 public:
  explicit PoolManager(PoolOptions options) : options_(options) {}
  std::shared_ptr<InstancePool> Get(const std::shared_ptr<const StoredModule>& module);
  void Remove(const std::string& module_id);
  int EvictIdle(absl::Time cutoff);
  // Drops the pools of modules for which `exists(id)` is false (deleted
  // while a call was using them).
  void DropPools(const std::function<bool(const std::string&)>& exists);
  // Prewarms every pool (off the serving path).
  std::vector<std::shared_ptr<InstancePool>> All();

 private:
  const PoolOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<InstancePool>> pools_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_INSTANCE_POOL_H_

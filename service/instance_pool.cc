#include "service/instance_pool.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace wasmrt::service {

InstancePool::InstancePool(std::shared_ptr<const StoredModule> module, PoolOptions options)
    : module_(std::move(module)),
      options_(options),
      prelinked_(ServiceLinker().Prelink(module_->compiled)) {}

absl::StatusOr<std::unique_ptr<PooledInstance>> InstancePool::Create() const {
  if (!prelinked_.ok()) return prelinked_.status();
  auto p = std::make_unique<PooledInstance>();
  StoreConfig config;
  config.max_call_depth = options_.max_call_depth;
  config.max_memory_pages = options_.max_memory_pages;
  p->store = std::make_unique<Store>(config);
  p->wasi = std::make_unique<WasiBinding>(*p->store, options_.max_stdio_bytes);
  // The start function is guest code like any other: bounded.
  CallOptions start;
  start.fuel = options_.start_fuel;
  start.deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.start_timeout_ms);
  start.max_memory_pages = options_.start_memory_pages;
  p->wasi->SetIdleDeadline(*start.deadline);
  auto inst = (*prelinked_)->Instantiate(*p->store, start);
  if (!inst.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("instantiating ", module_->id, ": ", inst.status().message()));
  }
  p->instance = *inst;
  // The snapshot serves only Release's reset: a pool that keeps nothing
  // (--pool-disable) never resets, and capturing scans the whole memory.
  if (options_.max_idle > 0) p->snapshot = InstanceSnapshot::Capture(*p->instance);
  return p;
}

absl::StatusOr<std::unique_ptr<PooledInstance>> InstancePool::Acquire(bool* warm) {
  {
    absl::MutexLock lock(&mu_);
    // An instance being reset is microseconds from ready; a new one costs an
    // instantiation. Wait briefly for the former.
    auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || resetting_ == 0;
    };
    mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Milliseconds(5));
    if (!idle_.empty()) {
      std::unique_ptr<PooledInstance> p = std::move(idle_.back());
      idle_.pop_back();
      *warm = true;
      return p;
    }
  }
  *warm = false;
  return Create();
}

void InstancePool::Release(std::unique_ptr<PooledInstance> inst, bool reusable) {
  if (!reusable) return;
  {
    absl::MutexLock lock(&mu_);
    if (int(idle_.size()) + resetting_ >= options_.max_idle) return;
    ++resetting_;
  }
  inst->snapshot.Restore(*inst->instance);
  inst->wasi->Reset();
  inst->last_used = absl::Now();
  absl::MutexLock lock(&mu_);
  --resetting_;
  idle_.push_back(std::move(inst));
}

void InstancePool::Prewarm() {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      if (int(idle_.size()) >= options_.min_warm) return;
    }
    auto p = Create();
    if (!p.ok()) return;
    (*p)->last_used = absl::Now();
    absl::MutexLock lock(&mu_);
    idle_.push_back(std::move(*p));
  }
}

int InstancePool::EvictIdle(absl::Time cutoff) {
  std::vector<std::unique_ptr<PooledInstance>> dropped;
  {
    absl::MutexLock lock(&mu_);
    // idle_ is used as a stack: the oldest instances sit at the front.
    while (int(idle_.size()) > options_.min_warm && idle_.front()->last_used < cutoff) {
      dropped.push_back(std::move(idle_.front()));
      idle_.erase(idle_.begin());
    }
  }
  return int(dropped.size());  // destroyed outside the lock
}

int InstancePool::idle() const {
  absl::MutexLock lock(&mu_);
  return int(idle_.size());
}

std::shared_ptr<InstancePool> PoolManager::Get(const std::shared_ptr<const StoredModule>& module) {
  absl::MutexLock lock(&mu_);
  auto it = pools_.find(module->id);
  if (it != pools_.end() && &it->second->module() == module.get()) return it->second;
  auto pool = std::make_shared<InstancePool>(module, options_);
  pools_[module->id] = pool;
  return pool;
}

void PoolManager::Remove(const std::string& module_id) {
  std::shared_ptr<InstancePool> dropped;
  absl::MutexLock lock(&mu_);
  auto it = pools_.find(module_id);
  if (it == pools_.end()) return;
  dropped = std::move(it->second);
  pools_.erase(it);
}

void PoolManager::DropPools(const std::function<bool(const std::string&)>& exists) {
  std::vector<std::shared_ptr<InstancePool>> dropped;
  absl::MutexLock lock(&mu_);
  for (auto it = pools_.begin(); it != pools_.end();) {
    if (!exists(it->first)) {
      dropped.push_back(std::move(it->second));
      pools_.erase(it++);
    } else {
      ++it;
    }
  }
}

std::vector<std::shared_ptr<InstancePool>> PoolManager::All() {
  std::vector<std::shared_ptr<InstancePool>> pools;
  absl::MutexLock lock(&mu_);
  for (auto& [id, p] : pools_) pools.push_back(p);
  return pools;
}

int PoolManager::EvictIdle(absl::Time cutoff) {
  std::vector<std::shared_ptr<InstancePool>> pools;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [id, p] : pools_) pools.push_back(p);
  }
  int n = 0;
  for (auto& p : pools) n += p->EvictIdle(cutoff);
  return n;
}

}  // namespace wasmrt::service

#include "service/executor.h"

namespace wasmrt::service {
namespace {
// The executor whose task runs on this thread (if any), and whether that
// task has already given its slot back.
thread_local const Executor* t_slot_owner = nullptr;
thread_local bool t_task_done_early = false;
}  // namespace

Executor::Executor(int workers, int queue_capacity) : capacity_(queue_capacity) {
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

Executor::~Executor() { Shutdown(); }

bool Executor::TrySubmit(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  // Tasks beyond the idle workers wait in the queue, up to its capacity.
  int idle = int(threads_.size()) - busy_;
  if (int(queue_.size()) - idle >= capacity_) return false;
  queue_.push_back(std::move(task));
  return true;
}

bool Executor::TryRunHere(absl::FunctionRef<void()> task) {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ || !queue_.empty() || busy_ >= int(threads_.size())) return false;
    ++busy_;
  }
  RunInSlot(task);
  return true;
}

void Executor::RunInSlot(absl::FunctionRef<void()> task) {
  // A task may run another executor's task inline: keep the outer state.
  const Executor* outer_owner = t_slot_owner;
  bool outer_done_early = t_task_done_early;
  t_slot_owner = this;
  t_task_done_early = false;
  task();
  bool done_early = t_task_done_early;
  t_slot_owner = outer_owner;
  t_task_done_early = outer_done_early;
  if (done_early) return;
  absl::MutexLock lock(&mu_);
  --busy_;
}

void Executor::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  // Joined once, whoever calls first (the destructor calls it again).
  std::call_once(joined_, [this] {
    for (std::thread& t : threads_) t.join();
  });
}

void Executor::MarkCurrentTaskDone() {
  if (t_slot_owner != this || t_task_done_early) return;
  t_task_done_early = true;
  absl::MutexLock lock(&mu_);
  --busy_;
}

int Executor::queue_depth() const {
  absl::MutexLock lock(&mu_);
  return int(queue_.size());
}

int Executor::busy() const {
  absl::MutexLock lock(&mu_);
  return busy_;
}

void Executor::WorkerLoop() {
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      // A queued task needs a free slot: TryRunHere may hold some while
      // their workers sit idle.
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || (!queue_.empty() && busy_ < int(threads_.size()));
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // stopping and drained
      task = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    RunInSlot(task);
  }
}

}  // namespace wasmrt::service

#include "service/executor.h"

namespace wasmrt::service {
namespace {
// Whether the task running on this thread has already given its slot back.
thread_local bool t_task_done_early = false;
thread_local bool t_in_task = false;
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
  if (!t_in_task || t_task_done_early) return;
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
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !queue_.empty();
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // stopping and drained
      task = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    t_in_task = true;
    t_task_done_early = false;
    task();
    t_in_task = false;
    if (t_task_done_early) continue;
    absl::MutexLock lock(&mu_);
    --busy_;
  }
}

}  // namespace wasmrt::service

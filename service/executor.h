// A fixed set of worker slots behind a bounded queue. Guest code runs in a
// slot, never on gRPC's own threads: on a worker thread, or on a thread of
// ours that claims an idle slot and runs the task itself (TryRunHere, which
// saves the hand-off when a worker is free anyway). A full queue refuses
// work at once (load shedding) instead of growing without bound.
#ifndef WASMRT_SERVICE_EXECUTOR_H_
#define WASMRT_SERVICE_EXECUTOR_H_

#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"

namespace wasmrt::service {

class Executor {
 public:
  Executor(int workers, int queue_capacity);
  ~Executor();  // finishes queued work, then joins

  // Queues `task`; false when the queue is full or the executor is stopping.
  bool TrySubmit(std::function<void()> task);
  // Runs `task` on the calling thread, in an idle slot, when one is free and
  // nothing is queued; false (and `task` not run) otherwise. At most
  // `workers` tasks run at once, whichever threads run them.
  bool TryRunHere(absl::FunctionRef<void()> task);
  // Stops accepting, runs what is queued, joins the workers.
  void Shutdown();

  // Called by a running task once its remaining work is only a few
  // microseconds of cleanup (e.g. right before answering its caller): its
  // slot counts as free from now on, so a caller that reacts at once is
  // not refused. At most once per task; a no-op outside a task of this
  // executor.
  void MarkCurrentTaskDone();

  int queue_depth() const;
  int busy() const;
  int workers() const { return int(threads_.size()); }

 private:
  void WorkerLoop();
  // Runs a task whose slot is taken, then gives the slot back (unless the
  // task did already).
  void RunInSlot(absl::FunctionRef<void()> task);

  const int capacity_;
  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int busy_ ABSL_GUARDED_BY(mu_) = 0;  // slots taken, by workers or TryRunHere
  std::vector<std::thread> threads_;  // never resized after construction
  std::once_flag joined_;
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_EXECUTOR_H_

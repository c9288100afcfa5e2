#include "service/call_queue.h"

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace wasmrt::service {

CallQueue::~CallQueue() { Shutdown(); }

void CallQueue::Start(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Poll(); });
}

void CallQueue::Poll() {
  void* tag;
  bool ok;
  while (cq_->Next(&tag, &ok)) static_cast<AsyncCall::Event*>(tag)->Happened(ok);
}

void CallQueue::Shutdown() {
  if (stopped_ || cq_ == nullptr) return;
  stopped_ = true;
  if (!threads_.empty()) {
    // The gRPC server is down: calls that have not arrived fail, the others
    // are cancelled. Their last events still come through the queue, which
    // may only shut down once nothing more can be started on it.
    while (live_calls_.load() > 0) absl::SleepFor(absl::Milliseconds(1));
  }
  cq_->Shutdown();
  for (std::thread& t : threads_) t.join();
  void* tag;
  bool ok;
  while (cq_->Next(&tag, &ok)) {
  }  // drained here when no thread ever ran
}

AsyncCall::AsyncCall(CallQueue& queue) : queue_(queue) { queue_.live_calls_.fetch_add(1); }

AsyncCall::~AsyncCall() { queue_.live_calls_.fetch_sub(1); }

void AsyncCall::WatchDone(grpc::ServerContext& context) {
  context_ = &context;
  context.AsyncNotifyWhenDone(static_cast<Event*>(&done_));
}

void AsyncCall::Step(bool ok) {
  if (!arrived_) {
    if (!ok) {  // the server is shutting down: no call, no done notice
      delete this;
      return;
    }
    arrived_ = true;
    Arrived();
  } else if (answering_) {  // the answer is written, or the call is gone
    Unref();
  } else {
    Stepped(ok);
  }
}

void AsyncCall::OnDone() {
  cancelled_.store(context_->IsCancelled(), std::memory_order_relaxed);
  Unref();
}

void AsyncCall::Unref() {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
}

}  // namespace wasmrt::service

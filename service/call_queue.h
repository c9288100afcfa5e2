// The calls that run guest code (Invoke and the typed methods) are served
// on gRPC's async API: a completion queue polled by threads of the service's
// own. The thread that receives a call admits it and, when an executor slot
// is idle, runs its guest and writes the answer itself (Executor::TryRunHere):
// a call crosses no threads. Otherwise it waits in the executor's queue for
// a worker, or is refused when that queue is full. There is one thread more
// than there are worker slots, so calls are always received, queued or
// refused while every slot runs a guest.
#ifndef WASMRT_SERVICE_CALL_QUEUE_H_
#define WASMRT_SERVICE_CALL_QUEUE_H_

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

namespace wasmrt::service {

class CallQueue {
 public:
  CallQueue() = default;
  ~CallQueue();  // Shutdown()
  CallQueue(const CallQueue&) = delete;
  CallQueue& operator=(const CallQueue&) = delete;

  // Before the server is built.
  void Register(grpc::ServerBuilder& builder) { cq_ = builder.AddCompletionQueue(); }
  grpc::ServerCompletionQueue* cq() const { return cq_.get(); }
  // After the server started, and after the first calls were requested.
  void Start(int threads);
  // After the gRPC server has shut down and the executor has drained:
  // waits for the last call to end, then stops the threads.
  void Shutdown();

 private:
  friend class AsyncCall;
  void Poll();  // one thread's loop

  std::unique_ptr<grpc::ServerCompletionQueue> cq_;
  std::vector<std::thread> threads_;
  std::atomic<int> live_calls_{0};  // AsyncCall objects, requested ones included
  bool stopped_ = false;
};

// One call served through the queue, driven by its events: its steps
// (requested, then whatever the subclass starts) and gRPC's "done" notice,
// which tells a cancelled call (`cancelled()`, what interrupts its guest).
// It deletes itself after the step started by Answered() and the notice,
// which come in either order.
class AsyncCall {
 public:
  // What the queue hands back.
  class Event {
   public:
    virtual void Happened(bool ok) = 0;

   protected:
    ~Event() = default;
  };

  AsyncCall(const AsyncCall&) = delete;
  AsyncCall& operator=(const AsyncCall&) = delete;

 protected:
  explicit AsyncCall(CallQueue& queue);
  virtual ~AsyncCall();

  // In the subclass's constructor, before it requests the call.
  void WatchDone(grpc::ServerContext& context);

  // The tag of the operation the subclass starts next; its completion
  // comes back as Step(ok).
  void* step_tag() { return static_cast<Event*>(&steps_); }
  grpc::ServerCompletionQueue* cq() const { return queue_.cq(); }
  const std::atomic<bool>* cancelled() const { return &cancelled_; }

  // The first step: the requested call arrived. (When the server shuts
  // down instead, `this` is deleted.)
  virtual void Arrived() = 0;
  // A later step completed.
  virtual void Stepped(bool ok) = 0;
  // Called before starting the call's last operation (its answer): the
  // completion of that operation ends the steps.
  void Answering() { answering_ = true; }

 private:
  struct Steps final : Event {
    explicit Steps(AsyncCall* call) : call(call) {}
    void Happened(bool ok) override { call->Step(ok); }
    AsyncCall* call;
  };
  struct DoneNotice final : Event {
    explicit DoneNotice(AsyncCall* call) : call(call) {}
    void Happened(bool) override { call->OnDone(); }
    AsyncCall* call;
  };

  void Step(bool ok);
  void OnDone();
  void Unref();

  CallQueue& queue_;
  grpc::ServerContext* context_ = nullptr;
  Steps steps_{this};
  DoneNotice done_{this};
  // The steps, and the done notice once the call arrived (when it did not,
  // because the server stopped, no notice comes).
  std::atomic<int> refs_{2};
  bool arrived_ = false;
  bool answering_ = false;
  std::atomic<bool> cancelled_{false};
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_CALL_QUEUE_H_

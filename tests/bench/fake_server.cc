#include "tests/bench/fake_server.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "proto/wasmrt.grpc.pb.h"

namespace wasmrt::testing {

namespace v1 = ::wasmrt::v1;
using Clock = std::chrono::steady_clock;

// Finishes reactors at their due time, from one thread, so thousands of
// delayed answers need no thread each.
class FakeServer::Timer {
 public:
  Timer() : thread_([this] { Run(); }) {}
  ~Timer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  void FinishAt(Clock::time_point due, grpc::ServerUnaryReactor* reactor, grpc::Status status) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push(Entry{due, seq_++, reactor, std::move(status)});
    }
    cv_.notify_all();
  }

 private:
  struct Entry {
    Clock::time_point due;
    uint64_t seq;
    grpc::ServerUnaryReactor* reactor;
    grpc::Status status;
    bool operator>(const Entry& o) const { return due != o.due ? due > o.due : seq > o.seq; }
  };

  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      if (queue_.empty()) {
        if (stop_) return;
        cv_.wait(lock);
        continue;
      }
      if (queue_.top().due > Clock::now()) {
        cv_.wait_until(lock, queue_.top().due);
        continue;
      }
      Entry e = queue_.top();
      queue_.pop();
      lock.unlock();
      e.reactor->Finish(e.status);
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue_;
  uint64_t seq_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

class FakeServer::Service : public v1::InvocationService::CallbackService {
 public:
  Service(const FakeBehavior& b, Timer& timer) : b_(b), timer_(timer) {}

  grpc::ServerUnaryReactor* Invoke(grpc::CallbackServerContext* context,
                                   const v1::InvokeRequest*,
                                   v1::InvokeResponse* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    uint64_t k = ++invokes_;
    auto now = Clock::now();
    auto due = now + std::chrono::milliseconds(b_.delay_ms);
    {
      std::lock_guard<std::mutex> lock(stall_mu_);
      if (b_.stall_call != 0 && k == uint64_t(b_.stall_call)) {
        due += std::chrono::milliseconds(b_.stall_ms);
        if (b_.stall_all) stall_until_ = now + std::chrono::milliseconds(b_.stall_ms);
      } else if (now < stall_until_) {
        due = std::max(due, stall_until_);
      }
    }
    grpc::Status status;
    if (b_.unavailable_every != 0 && k % b_.unavailable_every == 0) {
      status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "injected failure");
    } else if (b_.trap_every != 0 && k % b_.trap_every == 0) {
      response->mutable_trap()->set_kind(v1::Trap::UNREACHABLE);
      response->mutable_trap()->set_message("unreachable executed");
    } else if (b_.exit_every != 0 && k % b_.exit_every == 0) {
      response->set_exit_code(3);
    } else {
      response->mutable_returned()->add_values()->set_i32(int32_t(k));
    }
    if (status.ok()) {
      response->mutable_stats()->set_fuel_used(b_.fuel);
      response->mutable_stats()->set_exec_time_us(b_.exec_time_us);
      response->mutable_stats()->set_warm(true);
    }
    timer_.FinishAt(due, reactor, status);
    return reactor;
  }

  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoResponse* response) override {
    ++echoes_;
    response->set_data(request->data());
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  std::atomic<uint64_t> invokes_{0};
  std::atomic<uint64_t> echoes_{0};

 private:
  const FakeBehavior b_;
  Timer& timer_;
  std::mutex stall_mu_;
  Clock::time_point stall_until_;
};

absl::StatusOr<std::unique_ptr<FakeServer>> FakeServer::Start(const FakeBehavior& behavior) {
  std::unique_ptr<FakeServer> s(new FakeServer());
  s->timer_ = std::make_unique<Timer>();
  s->service_ = std::make_unique<Service>(behavior, *s->timer_);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(s->service_.get());
  s->server_ = builder.BuildAndStart();
  if (s->server_ == nullptr || port == 0) return absl::UnavailableError("fake server did not start");
  s->address_ = absl::StrCat("127.0.0.1:", port);
  return s;
}

FakeServer::~FakeServer() {
  if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  timer_.reset();  // finishes nothing more; pending calls were cancelled by Shutdown
}

uint64_t FakeServer::invoke_calls() const { return service_->invokes_.load(); }
uint64_t FakeServer::echo_calls() const { return service_->echoes_.load(); }

}  // namespace wasmrt::testing

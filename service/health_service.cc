#include "service/health_service.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"

namespace wasmrt::service {

namespace hv1 = ::grpc::health::v1;
using Response = hv1::HealthCheckResponse;

// One Watch stream: writes the status when it differs from the last one
// sent, one write at a time; a change during a write is written after it.
class HealthWatcher final : public grpc::ServerWriteReactor<Response> {
 public:
  HealthWatcher(HealthService* health, std::string service)
      : health_(health), service_(std::move(service)) {
    health_->Add(this);
    Update();
  }

  void Update() {
    absl::MutexLock lock(&mu_);
    WriteIfChangedLocked();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) finishing_ = true;  // the client went away
    WriteIfChangedLocked();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    finishing_ = true;
    WriteIfChangedLocked();
  }

  void OnDone() override {
    health_->Remove(this);
    delete this;
  }

 private:
  // Finishes once asked to and no write is pending (a write must end
  // before the stream does).
  void WriteIfChangedLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || writing_) return;
    if (finishing_) {
      finished_ = true;
      Finish(grpc::Status::CANCELLED);
      return;
    }
    Response::ServingStatus now = health_->StatusOf(service_);
    if (last_ == now) return;
    last_ = now;
    response_.set_status(now);
    writing_ = true;
    StartWrite(&response_);
  }

  HealthService* const health_;
  const std::string service_;
  absl::Mutex mu_;
  Response response_ ABSL_GUARDED_BY(mu_);
  std::optional<Response::ServingStatus> last_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

HealthService::HealthService(std::vector<std::string> builtin_services,
                             const TypedRouter* router)
    : builtin_(std::move(builtin_services)), router_(router) {}

HealthService::ServingStatus HealthService::StatusOf(const std::string& service) const {
  bool known = service.empty() ||
               std::find(builtin_.begin(), builtin_.end(), service) != builtin_.end() ||
               (router_ != nullptr && router_->ServesService(service));
  if (!known) return Response::SERVICE_UNKNOWN;
  return shut_down_.load() ? Response::NOT_SERVING : Response::SERVING;
}

grpc::ServerUnaryReactor* HealthService::Check(grpc::CallbackServerContext* context,
                                               const hv1::HealthCheckRequest* request,
                                               Response* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ServingStatus status = StatusOf(request->service());
  if (status == Response::SERVICE_UNKNOWN) {
    reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND,
                                 absl::StrCat("unknown service \"", request->service(), "\"")));
  } else {
    response->set_status(status);
    reactor->Finish(grpc::Status::OK);
  }
  return reactor;
}

grpc::ServerWriteReactor<Response>* HealthService::Watch(grpc::CallbackServerContext*,
                                                         const hv1::HealthCheckRequest* request) {
  return new HealthWatcher(this, request->service());
}

void HealthService::Shutdown() {
  shut_down_.store(true);
  Changed();
}

void HealthService::Changed() {
  absl::MutexLock lock(&mu_);
  for (HealthWatcher* w : watchers_) w->Update();
}

void HealthService::Add(HealthWatcher* w) {
  absl::MutexLock lock(&mu_);
  watchers_.insert(w);
}

void HealthService::Remove(HealthWatcher* w) {
  absl::MutexLock lock(&mu_);
  watchers_.erase(w);
}

}  // namespace wasmrt::service

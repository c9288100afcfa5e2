// grpc.health.v1.Health: "" (the server) and the built-in services are
// SERVING; so is each typed service with a bound method ("shapes.v1.Shapes").
// Any other name is unknown: Check answers NOT_FOUND, Watch SERVICE_UNKNOWN;
// a typed service becomes unknown again when its name is deleted. Once the
// server shuts down, every known name is NOT_SERVING.
//
// Replaces gRPC's default health service, which cannot forget a name. Watch
// streams follow the router (TypedRouter's change callback) and the
// shutdown; Check and Watch are unauthenticated (probes).
#ifndef WASMRT_SERVICE_HEALTH_SERVICE_H_
#define WASMRT_SERVICE_HEALTH_SERVICE_H_

#include <atomic>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "service/typed_router.h"

namespace wasmrt::service {

inline constexpr char kHealthService[] = "grpc.health.v1.Health";

class HealthWatcher;

class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  // `router` (may be null) must outlive the service.
  HealthService(std::vector<std::string> builtin_services, const TypedRouter* router);

  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::health::v1::HealthCheckResponse* response) override;
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

  // What `service` is now (SERVICE_UNKNOWN when not known).
  ServingStatus StatusOf(const std::string& service) const;
  // Every name NOT_SERVING from now on; Watch streams are told.
  void Shutdown();
  // Tells the Watch streams that statuses may have changed (the router's
  // change callback).
  void Changed();

 private:
  friend class HealthWatcher;
  void Add(HealthWatcher* w);
  void Remove(HealthWatcher* w);

  const std::vector<std::string> builtin_;
  const TypedRouter* const router_;
  std::atomic<bool> shut_down_{false};
  absl::Mutex mu_;
  absl::flat_hash_set<HealthWatcher*> watchers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_HEALTH_SERVICE_H_

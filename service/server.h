// wasmrtd assembled: module store, pools, executor, gRPC server with health
// and reflection, metrics endpoint, idle-instance eviction.
#ifndef WASMRT_SERVICE_SERVER_H_
#define WASMRT_SERVICE_SERVER_H_

#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "service/call_queue.h"
#include "service/grpc_services.h"
#include "service/health_service.h"

namespace httplib {
class Server;
}

namespace wasmrt::service {

class TypedMethodService;

class Server {
 public:
  // Opens the store, preloads modules, starts serving.
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      ServiceConfig config, const std::vector<std::pair<std::string, std::string>>& preload);
  ~Server();

  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  // As on /metrics: executor slots running a guest, calls queued for one.
  int busy_workers() const { return ctx_.executor->busy(); }
  int queue_depth() const { return ctx_.executor->queue_depth(); }
  // Stops accepting, lets in-flight calls finish within the grace period.
  void Shutdown();
  void Wait();

 private:
  Server() = default;
  ServiceContext ctx_;
  // Where Invoke and the typed methods arrive; outlives the gRPC server.
  CallQueue calls_;
  std::unique_ptr<ModuleServiceImpl> module_service_;
  std::unique_ptr<InvocationServiceImpl> invocation_service_;
  std::unique_ptr<TypedMethodService> typed_service_;
  std::unique_ptr<HealthService> health_;
  std::unique_ptr<grpc::Service> reflection_v1alpha_;
  std::unique_ptr<grpc::Service> reflection_v1_;
  std::unique_ptr<grpc::Server> grpc_;
  std::unique_ptr<httplib::Server> http_;
  std::thread http_thread_;
  std::thread evictor_;
  absl::Notification stopping_;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  bool shut_down_ = false;
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_SERVER_H_

// The gRPC face of the service: ModuleService (sync: uploads and lookups
// are cheap) and InvocationService (callback API: the gRPC thread only
// queues the call; a worker runs it and finishes the RPC).
#ifndef WASMRT_SERVICE_GRPC_SERVICES_H_
#define WASMRT_SERVICE_GRPC_SERVICES_H_

#include <atomic>
#include <memory>

#include "proto/wasmrt.grpc.pb.h"
#include "service/auth.h"
#include "service/config.h"
#include "service/executor.h"
#include "service/instance_pool.h"
#include "service/metrics.h"
#include "service/module_store.h"

namespace wasmrt::service {

// Everything the handlers share.
struct ServiceContext {
  ServiceConfig config;
  std::unique_ptr<ModuleStore> modules;
  std::unique_ptr<PoolManager> pools;
  std::unique_ptr<Executor> executor;
  std::unique_ptr<Authorizer> auth;
  Metrics metrics;
  // Graceful shutdown: once draining, new RPCs are refused (UNAVAILABLE)
  // and the server waits for `in_flight` to reach zero.
  std::atomic<bool> draining{false};
  std::atomic<int> in_flight{0};
};

// Counts an RPC as in flight for its lifetime (sync handlers).
class InFlight {
 public:
  explicit InFlight(ServiceContext& ctx) : ctx_(ctx) { ctx_.in_flight.fetch_add(1); }
  ~InFlight() { ctx_.in_flight.fetch_sub(1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  ServiceContext& ctx_;
};

class ModuleServiceImpl final : public v1::ModuleService::Service {
 public:
  explicit ModuleServiceImpl(ServiceContext& ctx) : ctx_(ctx) {}
  grpc::Status Upload(grpc::ServerContext* context,
                      grpc::ServerReader<v1::UploadRequest>* reader,
                      v1::ModuleInfo* response) override;
  grpc::Status Get(grpc::ServerContext* context, const v1::GetModuleRequest* request,
                   v1::ModuleInfo* response) override;
  grpc::Status List(grpc::ServerContext* context, const v1::ListModulesRequest* request,
                    v1::ListModulesResponse* response) override;
  grpc::Status Delete(grpc::ServerContext* context, const v1::DeleteModuleRequest* request,
                      v1::DeleteModuleResponse* response) override;

 private:
  ServiceContext& ctx_;
};

class InvocationServiceImpl final : public v1::InvocationService::CallbackService {
 public:
  explicit InvocationServiceImpl(ServiceContext& ctx) : ctx_(ctx) {}
  grpc::ServerUnaryReactor* Invoke(grpc::CallbackServerContext* context,
                                   const v1::InvokeRequest* request,
                                   v1::InvokeResponse* response) override;
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoResponse* response) override;

 private:
  ServiceContext& ctx_;
};

// absl::StatusCode values equal gRPC's, so the mapping is mechanical.
grpc::Status ToGrpc(const absl::Status& s);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_GRPC_SERVICES_H_

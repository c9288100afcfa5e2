// The gRPC face of the service: ModuleService and InvocationService, with
// byte-buffer ("raw") methods on gRPC's callback API, except Invoke, which
// is on its async API (call_queue.h). The handlers parse
// every protobuf message themselves: gRPC's own deserialisation would answer
// a malformed request with UNIMPLEMENTED or INTERNAL before any handler ran,
// and end an Upload stream on a bad message as if the client had finished.
// Here a message that does not parse is INVALID_ARGUMENT, and an upload with
// one stores nothing. Lookups run on gRPC's threads (they are cheap); an
// upload is received there and validated and stored on the uploads
// executor; an Invoke runs on the thread that received it or on a worker.
#ifndef WASMRT_SERVICE_GRPC_SERVICES_H_
#define WASMRT_SERVICE_GRPC_SERVICES_H_

#include <atomic>
#include <memory>

#include <grpcpp/support/proto_buffer_reader.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "proto/wasmrt.grpc.pb.h"
#include "service/auth.h"
#include "service/call_queue.h"
#include "service/config.h"
#include "service/executor.h"
#include "service/instance_pool.h"
#include "service/metrics.h"
#include "service/module_registry.h"
#include "service/typed_router.h"

namespace wasmrt::service {

// Everything the handlers share.
struct ServiceContext {
  ServiceConfig config;
  // Which module serves each typed method: the registry's name listener,
  // so created before it and destroyed after it.
  std::unique_ptr<TypedRouter> typed;
  std::unique_ptr<ModuleRegistry> modules;
  std::unique_ptr<PoolManager> pools;
  std::unique_ptr<Executor> executor;
  // Validates and stores completed uploads: compiling a large module takes
  // seconds, which gRPC's few callback threads must not spend.
  std::unique_ptr<Executor> uploads;
  std::unique_ptr<Authorizer> auth;
  Metrics metrics;
  // Graceful shutdown: once draining, new RPCs are refused (UNAVAILABLE)
  // and the server waits for `in_flight` to reach zero.
  std::atomic<bool> draining{false};
  std::atomic<int> in_flight{0};
};

// Counts an RPC as in flight for its lifetime (handlers that finish inline).
class InFlight {
 public:
  explicit InFlight(ServiceContext& ctx) : ctx_(ctx) { ctx_.in_flight.fetch_add(1); }
  ~InFlight() { ctx_.in_flight.fetch_sub(1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  ServiceContext& ctx_;
};

using RawModuleService = v1::ModuleService::WithRawCallbackMethod_Upload<
    v1::ModuleService::WithRawCallbackMethod_Get<v1::ModuleService::WithRawCallbackMethod_List<
        v1::ModuleService::WithRawCallbackMethod_Delete<v1::ModuleService::Service>>>>;

class ModuleServiceImpl final : public RawModuleService {
 public:
  explicit ModuleServiceImpl(ServiceContext& ctx) : ctx_(ctx) {}
  grpc::ServerReadReactor<grpc::ByteBuffer>* Upload(grpc::CallbackServerContext* context,
                                                    grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* context,
                                const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* context,
                                 const grpc::ByteBuffer* request,
                                 grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* Delete(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;

 private:
  // Draining, auth and parsing, then `body(request, &reply)`; finishes the
  // RPC inline.
  template <class Request, class Reply, class Body>
  grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context,
                                  const grpc::ByteBuffer* request, grpc::ByteBuffer* response,
                                  Role role, Body body);
  ServiceContext& ctx_;
};

// Invoke on gRPC's async API (served through the CallQueue), Echo on its
// callback API.
using RawInvocationService = v1::InvocationService::WithRawMethod_Invoke<
    v1::InvocationService::WithRawCallbackMethod_Echo<v1::InvocationService::Service>>;

class InvocationServiceImpl final : public RawInvocationService {
 public:
  InvocationServiceImpl(ServiceContext& ctx, CallQueue& queue) : ctx_(ctx), queue_(queue) {}
  // After the server started: requests `calls` Invoke calls ahead (each
  // arrival requests the next).
  void StartAccepting(int calls);
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const grpc::ByteBuffer* request,
                                 grpc::ByteBuffer* response) override;

 private:
  friend class InvokeCall;
  void AcceptOne();

  ServiceContext& ctx_;
  CallQueue& queue_;
};

// absl::StatusCode values equal gRPC's, so the mapping is mechanical; the
// message is capped (CapMessage).
grpc::Status ToGrpc(const absl::Status& s);
// The answer of a server that is shutting down.
grpc::Status Draining();

// Parses a message received as bytes; INVALID_ARGUMENT naming the message
// type when they are not a valid encoding of it.
template <class Message>
grpc::Status ParseMessage(const grpc::ByteBuffer& raw, Message* message) {
  grpc::ByteBuffer view(raw);  // shares the slices; the reader needs a non-const one
  grpc::ProtoBufferReader reader(&view);
  if (reader.status().ok() && message->ParseFromZeroCopyStream(&reader) &&
      reader.status().ok()) {
    return grpc::Status::OK;
  }
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      absl::StrCat("the request is not a valid ", Message::descriptor()->full_name(),
                                   " (", raw.Length(), " bytes that do not parse as protobuf)"));
}

// Encodes a reply into the RPC's response buffer.
template <class Message>
void SerializeMessage(const Message& message, grpc::ByteBuffer* out) {
  bool own_buffer = false;
  (void)grpc::SerializationTraits<Message>::Serialize(message, out, &own_buffer);
}

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_GRPC_SERVICES_H_

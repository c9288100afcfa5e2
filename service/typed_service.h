// Typed methods served as themselves: every gRPC path no registered service
// claims lands here (gRPC's async generic service, on a completion queue
// and threads of its own). A path bound by the
// TypedRouter runs its module's export under the payload ABI: the request
// message's bytes go into guest memory unchanged, the answer must parse as
// the method's output type. Unknown paths are UNIMPLEMENTED.
//
// Limits: the server's defaults, the gRPC deadline, and optional request
// metadata wasmrt-fuel, wasmrt-memory-bytes, wasmrt-timeout-ms (0: the
// default; bad or negative: INVALID_ARGUMENT; above a cap:
// RESOURCE_EXHAUSTED). The call's statistics come back in trailing metadata
// (wasmrt-fuel-used, wasmrt-exec-time-us, wasmrt-peak-memory-bytes,
// wasmrt-warm). A trap is an error status (INTERNAL; RESOURCE_EXHAUSTED for
// fuel or memory; DEADLINE_EXCEEDED for time) with the wasmrt.v1.Trap in its
// google.rpc.Status details (grpc-status-details-bin); so is an output that
// does not parse (INTERNAL, Trap kind BAD_OUTPUT). An application error the
// guest set with wasmrt.set_status (guest_status.h) is answered as that
// status: its code and message, no details.
#ifndef WASMRT_SERVICE_TYPED_SERVICE_H_
#define WASMRT_SERVICE_TYPED_SERVICE_H_

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>

#include <map>


#include "absl/status/statusor.h"
#include "service/call_queue.h"
#include "service/grpc_services.h"

namespace wasmrt::service {

//
// Threads: served through the CallQueue (call_queue.h), as Invoke is.
class TypedMethodService {
 public:
  TypedMethodService(ServiceContext& ctx, CallQueue& queue) : ctx_(ctx), queue_(queue) {}

  // Before the server is built: claims the unregistered paths.
  void Register(grpc::ServerBuilder& builder);
  // After the server started: requests `calls` calls ahead (each arrival
  // requests the next).
  void StartAccepting(int calls);

 private:
  friend class TypedCall;
  void AcceptOne();

  ServiceContext& ctx_;
  CallQueue& queue_;
  grpc::AsyncGenericService service_;
};

// The limits asked for in request metadata (absent keys stay 0).
absl::StatusOr<v1::Limits> LimitsFromMetadata(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata);

// The status a trap answers a typed call with, details included.
grpc::Status TrapStatus(const v1::Trap& trap, const std::string& method);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_TYPED_SERVICE_H_

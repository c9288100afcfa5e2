// The gRPC side of `wasmctl bench`: C separate channels and the callback
// (async) client API, so one thread can keep thousands of calls in flight.
#ifndef WASMRT_TOOLS_WASMCTL_BENCH_GRPC_H_
#define WASMRT_TOOLS_WASMCTL_BENCH_GRPC_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "proto/wasmrt.grpc.pb.h"
#include "tools/wasmctl/bench_cli.h"
#include "tools/wasmctl/bench_runner.h"
#include "tools/wasmctl/cli.h"

namespace wasmrt::wasmctl {

/// `count` channels to `cl.server` (TLS when cl.ca_cert_file is set). Each
/// gets a distinct channel argument and a local subchannel pool, so each
/// opens its own connection instead of sharing one subchannel.
absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> MakeBenchChannels(
    const CommandLine& cl, int count);

/// The requests a bench sends (one per payload file, else one), built as
/// `wasmctl invoke` builds its request; bare arguments take the types of
/// the function's signature (asked from the server through `channel`).
absl::StatusOr<std::vector<v1::InvokeRequest>> BuildBenchRequests(
    const CommandLine& cl, const BenchOptions& opts, grpc::Channel& channel);

/// Issues Invoke (requests round-robin) or Echo calls over the channels
/// (round-robin), each with a deadline of `deadline_ms`.
class GrpcIssuer : public CallIssuer {
 public:
  GrpcIssuer(std::vector<std::shared_ptr<grpc::Channel>> channels,
             std::vector<v1::InvokeRequest> requests, bool echo, uint64_t echo_bytes,
             std::string token, uint32_t deadline_ms);
  void Start(uint64_t seq, std::function<void(const CallResult&)> done) override;

 private:
  std::vector<std::unique_ptr<v1::InvocationService::Stub>> stubs_;
  const std::vector<v1::InvokeRequest> requests_;
  const bool echo_;
  v1::EchoRequest echo_request_;
  const std::string token_;
  const uint32_t deadline_ms_;
};

/// The outcome and stats of an answered Invoke, as the runner counts them.
CallResult ResultOf(const grpc::Status& status, const v1::InvokeResponse* response);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_BENCH_GRPC_H_

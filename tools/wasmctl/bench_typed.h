// `wasmctl bench --method pkg.Service/Method`: load on a typed method. The
// request is made once before the run (JSON encoded through server
// reflection as `wasmctl call` does, or the payloads as they are); every
// call then sends the same bytes through grpc::GenericStub at the method's
// path, with the limits as request metadata, and reads the server's stats
// from the trailing metadata (service/typed_service.h).
#ifndef WASMRT_TOOLS_WASMCTL_BENCH_TYPED_H_
#define WASMRT_TOOLS_WASMCTL_BENCH_TYPED_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "tools/wasmctl/bench_cli.h"
#include "tools/wasmctl/bench_runner.h"
#include "tools/wasmctl/cli.h"

namespace wasmrt::wasmctl {

/// The request messages (wire format) a typed bench sends: the payloads
/// (round-robin), else the JSON request encoded with the input type that
/// server reflection over `channel` describes. On failure `*usage` tells a
/// local fault (an unreadable file, JSON that is not the request type) from
/// one of the server (unknown service or method, no reflection).
absl::StatusOr<std::vector<std::string>> BuildTypedRequests(const CommandLine& cl,
                                                           grpc::Channel& channel, bool* usage);

/// Issues calls of one typed method over the channels (round-robin), the
/// requests round-robin, each with a deadline of `deadline_ms`.
class TypedIssuer : public CallIssuer {
 public:
  TypedIssuer(const std::vector<std::shared_ptr<grpc::Channel>>& channels,
              const std::string& method, const std::vector<std::string>& requests,
              std::vector<std::pair<std::string, std::string>> metadata, std::string token,
              uint32_t deadline_ms);
  void Start(uint64_t seq, std::function<void(const CallResult&)> done) override;

 private:
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  const std::string path_;  // "/pkg.Service/Method"
  std::vector<grpc::ByteBuffer> requests_;  // shared by all calls (refcounted slices)
  std::vector<std::pair<std::string, std::string>> metadata_;  // limits, authorization
  const uint32_t deadline_ms_;
};

/// The outcome and stats of a finished typed call: its status, a trap from
/// the status details (counted as a trap outcome, as Invoke's are), exec
/// time and fuel from the trailing metadata.
CallResult TypedResultOf(const grpc::Status& status,
                         const std::multimap<grpc::string_ref, grpc::string_ref>& trailers);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_BENCH_TYPED_H_

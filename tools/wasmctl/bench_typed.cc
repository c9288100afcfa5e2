#include "tools/wasmctl/bench_typed.h"

#include <chrono>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/wasmctl/call_command.h"
#include "tools/wasmctl/connection.h"
#include "tools/wasmctl/output.h"
#include "tools/wasmctl/remote_descriptors.h"

namespace wasmrt::wasmctl {
namespace {

constexpr uint32_t kReflectionTimeoutMs = 30'000;

// The JSON request encoded with the method's input type, as `wasmctl call`
// encodes it.
absl::StatusOr<std::string> EncodeTypedJson(const CommandLine& cl, grpc::Channel& channel,
                                            bool* usage) {
  const BenchOptions& opts = cl.bench;
  *usage = true;
  auto json = RequestJson(opts.request_json, opts.request_file);
  if (!json.ok()) return json.status();
  auto split = SplitMethodPath(opts.method);
  if (!split.ok()) return split.status();
  *usage = false;
  auto remote = RemoteDescriptors::Fetch(
      channel, split->first, [&cl] { return MakeContext(cl, kReflectionTimeoutMs); });
  if (!remote.ok()) return remote.status();
  auto method = (*remote)->Method(opts.method);
  if (!method.ok()) return method.status();
  *usage = true;
  return EncodeJson(*(*method)->input_type(), *json);
}

// A trailer's value as an integer, if it is one.
template <typename T>
bool TrailerNumber(const std::multimap<grpc::string_ref, grpc::string_ref>& trailers,
                   const char* key, T* out) {
  auto it = trailers.find(key);
  return it != trailers.end() &&
         absl::SimpleAtoi(absl::string_view(it->second.data(), it->second.size()), out);
}

// One call's state, alive until its callback has run; freed before the
// result is reported (the bench may tear down right after the last one).
struct TypedCall {
  grpc::ClientContext ctx;
  grpc::ByteBuffer response;
  std::function<void(const CallResult&)> done;
};

}  // namespace

absl::StatusOr<std::vector<std::string>> BuildTypedRequests(const CommandLine& cl,
                                                           grpc::Channel& channel, bool* usage) {
  const BenchOptions& opts = cl.bench;
  *usage = true;
  auto requests = ReadPayloads(opts);
  if (!requests.ok() || !requests->empty()) return requests;
  auto encoded = EncodeTypedJson(cl, channel, usage);
  if (!encoded.ok()) return encoded.status();
  return std::vector<std::string>{std::move(*encoded)};
}

TypedIssuer::TypedIssuer(const std::vector<std::shared_ptr<grpc::Channel>>& channels,
                         const std::string& method, const std::vector<std::string>& requests,
                         std::vector<std::pair<std::string, std::string>> metadata,
                         std::string token, uint32_t deadline_ms)
    : path_(absl::StrCat(method[0] == '/' ? "" : "/", method)),
      metadata_(std::move(metadata)),
      deadline_ms_(deadline_ms) {
  for (const auto& c : channels) stubs_.push_back(std::make_unique<grpc::GenericStub>(c));
  for (const std::string& r : requests) {
    grpc::Slice slice(r);
    requests_.emplace_back(&slice, 1);
  }
  if (!token.empty()) metadata_.emplace_back("authorization", "Bearer " + token);
}

void TypedIssuer::Start(uint64_t seq, std::function<void(const CallResult&)> done) {
  auto* call = new TypedCall{{}, {}, std::move(done)};
  call->ctx.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(deadline_ms_));
  for (const auto& [key, value] : metadata_) call->ctx.AddMetadata(key, value);
  stubs_[seq % stubs_.size()]->UnaryCall(
      &call->ctx, path_, grpc::StubOptions(), &requests_[seq % requests_.size()],
      &call->response, [call](grpc::Status s) {
        CallResult result = TypedResultOf(s, call->ctx.GetServerTrailingMetadata());
        std::function<void(const CallResult&)> done = std::move(call->done);
        delete call;
        done(result);
      });
}

CallResult TypedResultOf(const grpc::Status& status,
                         const std::multimap<grpc::string_ref, grpc::string_ref>& trailers) {
  CallResult r;
  r.grpc_code = int(status.error_code());
  if (status.ok()) {
    r.outcome = CallResult::kOutput;
  } else if (std::optional<v1::Trap> trap = TrapOf(status)) {
    r.outcome = CallResult::kTrap;
    r.trap_kind = TrapKindName(trap->kind());
  } else {
    r.grpc_message = status.error_message();
    return r;
  }
  // A call that ran has its stats in the trailers, trapped or not.
  r.has_stats = TrailerNumber(trailers, "wasmrt-exec-time-us", &r.exec_time_us);
  if (r.has_stats) TrailerNumber(trailers, "wasmrt-fuel-used", &r.fuel_used);
  return r;
}

}  // namespace wasmrt::wasmctl

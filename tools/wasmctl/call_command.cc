#include "tools/wasmctl/call_command.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "proto/wasmrt.pb.h"
#include "service/rpc_status.h"
#include "tools/wasmctl/commands.h"
#include "tools/wasmctl/connection.h"
#include "tools/wasmctl/output.h"
#include "tools/wasmctl/remote_descriptors.h"

namespace wasmrt::wasmctl {
namespace {

namespace pb = ::google::protobuf;

constexpr uint32_t kDefaultCallTimeoutMs = 120'000;

struct Answer {
  grpc::Status status;
  std::string bytes;
};

Answer UnaryCall(grpc::Channel& channel, grpc::ClientContext& ctx, const std::string& path,
                 const std::string& request) {
  grpc::GenericStub stub(std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
  grpc::Slice slice(request);
  grpc::ByteBuffer in(&slice, 1), out;
  absl::Notification done;
  Answer answer;
  stub.UnaryCall(&ctx, path, grpc::StubOptions(), &in, &out, [&](grpc::Status s) {
    answer.status = std::move(s);
    done.Notify();
  });
  done.WaitForNotification();
  std::vector<grpc::Slice> slices;
  if (answer.status.ok() && out.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      answer.bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  return answer;
}

class Call {
 public:
  Call(const CommandLine& cl, std::ostream& out, std::ostream& err)
      : cl_(cl), out_(out), err_(err) {}

  int Run() {
    auto split = SplitMethodPath(cl_.call.method);
    if (!split.ok()) return Fail(split.status(), kExitUsage);
    auto json = RequestJson(cl_.call.json, cl_.call.json_file);
    if (!json.ok()) return Fail(json.status(), kExitUsage);
    auto channel = MakeChannel(cl_);
    auto remote = RemoteDescriptors::Fetch(*channel, split->first,
                                           [this] { return MakeContext(cl_, kDefaultCallTimeoutMs); });
    if (!remote.ok()) return Fail(remote.status(), kExitRpcFailed);
    auto method = (*remote)->Method(cl_.call.method);
    if (!method.ok()) return Fail(method.status(), kExitRpcFailed);
    auto request = EncodeJson(*(*method)->input_type(), *json);
    if (!request.ok()) return Fail(request.status(), kExitUsage);

    auto ctx = MakeContext(cl_, std::max<uint32_t>(kDefaultCallTimeoutMs,
                                                   cl_.call.timeout_ms + 10'000));
    for (const auto& [key, value] :
         LimitMetadata(cl_.call.fuel, cl_.call.memory_bytes, cl_.call.timeout_ms)) {
      ctx->AddMetadata(key, value);
    }
    std::string path = absl::StrCat("/", split->first, "/", split->second);
    Answer answer = UnaryCall(*channel, *ctx, path, *request);
    if (!answer.status.ok()) return FailedCall(answer.status);
    std::unique_ptr<pb::Message> response = (*remote)->New(*(*method)->output_type());
    if (!response->ParseFromString(answer.bytes)) {
      return Fail(absl::DataLossError(absl::StrCat("the answer (", answer.bytes.size(),
                                                   " bytes) is not a ",
                                                   (*method)->output_type()->full_name())),
                  kExitRpcFailed);
    }
    std::string text;
    auto s = pb::util::MessageToJsonString(*response, &text);
    if (!s.ok()) return Fail(absl::InternalError(s.ToString()), kExitRpcFailed);
    out_ << text << "\n";
    return kExitOk;
  }

 private:
  int Fail(const absl::Status& s, int exit) {
    const char* code = StatusCodeName(int(s.code()));
    err_ << "wasmctl: " << code << ": " << s.message() << "\n";
    if (cl_.json) PrintJsonError(code, std::string(s.message()), out_);
    return exit;
  }

  // An error status: a trap (its details hold the wasmrt.v1.Trap) is the
  // guest's failure, anything else the call's.
  int FailedCall(const grpc::Status& s) {
    std::optional<v1::Trap> trap = TrapOf(s);
    int exit = Fail(absl::Status(absl::StatusCode(s.error_code()), s.error_message()),
                    trap.has_value() ? kExitGuestFailed : kExitRpcFailed);
    if (trap.has_value()) {
      err_ << "trap: " << TrapKindName(trap->kind()) << ": " << trap->message();
      if (!trap->function().empty()) err_ << " (in " << trap->function() << ")";
      err_ << "\n";
    }
    return exit;
  }

  const CommandLine& cl_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace

absl::StatusOr<std::string> RequestJson(const std::optional<std::string>& json,
                                        const std::optional<std::string>& file) {
  if (file.has_value()) return ReadAll(*file);
  return json.value_or("{}");
}

absl::StatusOr<std::string> EncodeJson(const pb::Descriptor& type, const std::string& json) {
  pb::DynamicMessageFactory factory(type.file()->pool());
  std::unique_ptr<pb::Message> message(factory.GetPrototype(&type)->New());
  auto s = pb::util::JsonStringToMessage(json, message.get());
  if (!s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request is not a ", type.full_name(), " in JSON: ", s.message().ToString()));
  }
  return message->SerializeAsString();
}

std::optional<v1::Trap> TrapOf(const grpc::Status& s) {
  if (s.error_details().empty()) return std::nullopt;
  auto details = service::DecodeRpcStatus(s.error_details());
  if (!details.ok()) return std::nullopt;
  for (const auto& any : details->details) {
    v1::Trap trap;
    if (any.UnpackTo(&trap)) return trap;
  }
  return std::nullopt;
}

int RunCall(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  return Call(cl, out, err).Run();
}

}  // namespace wasmrt::wasmctl

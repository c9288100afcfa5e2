#include "tools/wasmctl/commands.h"

#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "proto/wasmrt.grpc.pb.h"
#include "tools/wasmctl/bench_command.h"
#include "tools/wasmctl/call_command.h"
#include "tools/wasmctl/connection.h"
#include "tools/wasmctl/embed_proto.h"
#include "tools/wasmctl/output.h"
#include "tools/wasmctl/values.h"

namespace wasmrt::wasmctl {
namespace {

namespace health = ::grpc::health::v1;

constexpr size_t kChunkBytes = 64 * 1024;
constexpr uint32_t kDefaultRpcTimeoutMs = 120'000;
constexpr uint32_t kDefaultHealthTimeoutMs = 5'000;

// A failure to report: a gRPC status, or a local problem (reading a file)
// given as a status too so both print the same way.
struct Failure {
  grpc::Status status;
  int exit = kExitRpcFailed;
};

class Client {
 public:
  Client(const CommandLine& cl, std::ostream& out, std::ostream& err)
      : cl_(cl), out_(out), err_(err) {}

  int Run();

 private:
  int Upload();
  int EmbedProtoCommand();
  int List();
  int Get();
  int Delete();
  int Invoke();
  int Health();

  std::shared_ptr<grpc::Channel> Channel();
  std::unique_ptr<grpc::ClientContext> Context(uint32_t default_timeout_ms);
  // Prints "wasmctl: CODE: message" (and the JSON error with --json).
  int Fail(const grpc::Status& s, int exit = kExitRpcFailed);
  absl::StatusOr<v1::InvokeRequest> BuildInvokeRequest();

  const CommandLine& cl_;
  std::ostream& out_;
  std::ostream& err_;
  std::shared_ptr<grpc::Channel> channel_;
};

grpc::Status ToGrpc(const absl::Status& s) {
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()), std::string(s.message()));
}

std::shared_ptr<grpc::Channel> Client::Channel() {
  if (channel_ == nullptr) channel_ = MakeChannel(cl_);
  return channel_;
}

std::unique_ptr<grpc::ClientContext> Client::Context(uint32_t default_timeout_ms) {
  return MakeContext(cl_, default_timeout_ms);
}

int Client::Fail(const grpc::Status& s, int exit) {
  const char* code = StatusCodeName(s.error_code());
  err_ << "wasmctl: " << code << ": " << s.error_message() << "\n";
  if (cl_.json) PrintJsonError(code, s.error_message(), out_);
  return exit;
}

int Client::Run() {
  if (!cl_.ca_cert_file.empty() && !ReadAll(cl_.ca_cert_file).ok()) {
    return Fail(ToGrpc(absl::InvalidArgumentError("cannot read " + cl_.ca_cert_file)),
                kExitUsage);
  }
  if (cl_.command == "upload") return Upload();
  if (cl_.command == "embed-proto") return EmbedProtoCommand();
  if (cl_.command == "list") return List();
  if (cl_.command == "get") return Get();
  if (cl_.command == "delete") return Delete();
  if (cl_.command == "invoke") return Invoke();
  if (cl_.command == "health") return Health();
  return Fail(ToGrpc(absl::InvalidArgumentError("unknown command " + cl_.command)), kExitUsage);
}

int Client::Upload() {
  auto bytes = ReadAll(cl_.file);
  if (!bytes.ok()) return Fail(ToGrpc(bytes.status()), kExitUsage);
  if (!cl_.proto_descriptor_set.empty()) {
    auto set = ReadAll(cl_.proto_descriptor_set);
    if (set.ok()) bytes = EmbedProto(*bytes, *set);
    if (!set.ok() || !bytes.ok()) {
      return Fail(ToGrpc(set.ok() ? bytes.status() : set.status()), kExitUsage);
    }
  }
  auto stub = v1::ModuleService::NewStub(Channel());
  auto ctx = Context(kDefaultRpcTimeoutMs);
  v1::ModuleInfo info;
  std::unique_ptr<grpc::ClientWriter<v1::UploadRequest>> writer =
      stub->Upload(ctx.get(), &info);
  v1::UploadRequest header;
  header.mutable_header()->set_name(cl_.name);
  header.mutable_header()->set_size_bytes(bytes->size());
  bool open = writer->Write(header);
  for (size_t at = 0; open && at < bytes->size(); at += kChunkBytes) {
    v1::UploadRequest chunk;
    chunk.set_chunk(bytes->substr(at, kChunkBytes));
    open = writer->Write(chunk);  // false: the server already answered
  }
  if (open) writer->WritesDone();
  grpc::Status s = writer->Finish();
  if (!s.ok()) return Fail(s);
  if (cl_.json) {
    PrintModule(info, true, out_);
  } else {
    out_ << info.id() << "\n";
  }
  return kExitOk;
}

// Local: no RPC.
int Client::EmbedProtoCommand() {
  auto module = ReadAll(cl_.embed_in);
  if (!module.ok()) return Fail(ToGrpc(module.status()), kExitUsage);
  auto set = ReadAll(cl_.embed_descriptor_set);
  if (!set.ok()) return Fail(ToGrpc(set.status()), kExitUsage);
  auto out = EmbedProto(*module, *set);
  if (!out.ok()) {
    return Fail(ToGrpc(absl::Status(out.status().code(), absl::StrCat(cl_.embed_in, ": ",
                                                                      out.status().message()))),
                kExitUsage);
  }
  std::ofstream f(cl_.embed_out, std::ios::binary | std::ios::trunc);
  f.write(out->data(), std::streamsize(out->size()));
  f.close();
  if (!f) return Fail(ToGrpc(absl::InternalError("cannot write " + cl_.embed_out)), kExitUsage);
  return kExitOk;
}

int Client::List() {
  auto stub = v1::ModuleService::NewStub(Channel());
  auto ctx = Context(kDefaultRpcTimeoutMs);
  v1::ListModulesResponse list;
  grpc::Status s = stub->List(ctx.get(), v1::ListModulesRequest(), &list);
  if (!s.ok()) return Fail(s);
  PrintModuleList(list, cl_.json, out_);
  return kExitOk;
}

int Client::Get() {
  auto stub = v1::ModuleService::NewStub(Channel());
  auto ctx = Context(kDefaultRpcTimeoutMs);
  v1::GetModuleRequest req;
  req.set_module(cl_.id);
  v1::ModuleInfo info;
  grpc::Status s = stub->Get(ctx.get(), req, &info);
  if (!s.ok()) return Fail(s);
  PrintModule(info, cl_.json, out_);
  return kExitOk;
}

int Client::Delete() {
  auto stub = v1::ModuleService::NewStub(Channel());
  auto ctx = Context(kDefaultRpcTimeoutMs);
  v1::DeleteModuleRequest req;
  req.set_module(cl_.id);
  v1::DeleteModuleResponse resp;
  grpc::Status s = stub->Delete(ctx.get(), req, &resp);
  if (!s.ok()) return Fail(s);
  if (cl_.json) {
    out_ << "{\"id\": \"" << resp.id() << "\"}\n";
  } else {
    out_ << "deleted " << resp.id() << "\n";
  }
  return kExitOk;
}

absl::StatusOr<v1::InvokeRequest> Client::BuildInvokeRequest() {
  const InvokeOptions& inv = cl_.invoke;
  v1::InvokeRequest req;
  req.set_module(inv.module);
  req.set_function(inv.function);
  if (inv.payload_file.has_value() || inv.payload_text.has_value()) {
    google::protobuf::Any* any = req.mutable_payload();
    any->set_type_url(inv.type_url);
    if (inv.payload_text.has_value()) {
      any->set_value(*inv.payload_text);
    } else {
      auto bytes = ReadAll(*inv.payload_file);
      if (!bytes.ok()) return bytes.status();
      any->set_value(std::move(*bytes));
    }
  } else {
    // Bare values take their types from the export's signature.
    bool bare = false;
    for (const std::string& a : inv.args) bare |= !HasTypePrefix(a);
    std::vector<std::string> types(inv.args.size());
    if (bare) {
      auto stub = v1::ModuleService::NewStub(Channel());
      auto ctx = Context(kDefaultRpcTimeoutMs);
      v1::GetModuleRequest get;
      get.set_module(inv.module);
      v1::ModuleInfo info;
      grpc::Status s = stub->Get(ctx.get(), get, &info);
      if (!s.ok()) return absl::Status(absl::StatusCode(s.error_code()), s.error_message());
      const v1::ExternInfo* fn = nullptr;
      for (const auto& e : info.exports()) {
        if (e.name() == inv.function && e.kind() == "func") fn = &e;
      }
      if (fn == nullptr) {
        return absl::NotFoundError(
            absl::StrCat("module has no exported function \"", inv.function, "\""));
      }
      auto sig = ParseSignature(fn->type());
      if (!sig.ok()) return sig.status();
      if (sig->params.size() != inv.args.size()) {
        return absl::InvalidArgumentError(absl::StrCat("\"", inv.function, "\" takes ",
                                                       sig->params.size(), " arguments ",
                                                       fn->type(), ", got ", inv.args.size()));
      }
      types = sig->params;
    }
    v1::Arguments* args = req.mutable_args();
    for (size_t i = 0; i < inv.args.size(); ++i) {
      auto v = ParseValue(inv.args[i], types[i]);
      if (!v.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("argument ", i, ": ", v.status().message()));
      }
      *args->add_values() = *v;
    }
  }
  if (inv.stdin_file.has_value()) {
    auto bytes = ReadAll(*inv.stdin_file);
    if (!bytes.ok()) return bytes.status();
    req.mutable_wasi()->set_stdin(std::move(*bytes));
  }
  for (const auto& [k, v] : inv.env) (*req.mutable_wasi()->mutable_env())[k] = v;
  for (const std::string& a : inv.wasi_args) req.mutable_wasi()->add_args(a);
  req.mutable_limits()->set_fuel(inv.fuel);
  req.mutable_limits()->set_max_memory_bytes(inv.memory_bytes);
  req.mutable_limits()->set_timeout_ms(inv.timeout_ms);
  return req;
}

int Client::Invoke() {
  auto req = BuildInvokeRequest();
  if (!req.ok()) {
    bool local = req.status().code() == absl::StatusCode::kNotFound &&
                 req.status().message().rfind("cannot read", 0) == 0;
    return Fail(ToGrpc(req.status()), local ? kExitUsage : kExitRpcFailed);
  }
  auto stub = v1::InvocationService::NewStub(Channel());
  uint32_t default_ms = std::max<uint32_t>(kDefaultRpcTimeoutMs, cl_.invoke.timeout_ms + 10'000);
  auto ctx = Context(default_ms);
  v1::InvokeResponse resp;
  grpc::Status s = stub->Invoke(ctx.get(), *req, &resp);
  if (!s.ok()) return Fail(s);
  bool written = false;
  if (resp.has_output() && cl_.invoke.output_file.has_value()) {
    std::ofstream f(*cl_.invoke.output_file, std::ios::binary | std::ios::trunc);
    f.write(resp.output().value().data(), std::streamsize(resp.output().value().size()));
    if (!f) {
      return Fail(ToGrpc(absl::InternalError("cannot write " + *cl_.invoke.output_file)),
                  kExitUsage);
    }
    written = true;
  }
  return PrintInvokeResponse(resp, cl_.json, written, out_, err_);
}

int Client::Health() {
  auto stub = health::Health::NewStub(Channel());
  auto ctx = Context(kDefaultHealthTimeoutMs);
  health::HealthCheckRequest req;
  req.set_service(cl_.service);
  health::HealthCheckResponse resp;
  grpc::Status s = stub->Check(ctx.get(), req, &resp);
  if (!s.ok()) return Fail(s, kExitGuestFailed);
  std::string status = health::HealthCheckResponse::ServingStatus_Name(resp.status());
  if (cl_.json) {
    out_ << "{\"status\": \"" << status << "\"}\n";
  } else {
    out_ << status << "\n";
  }
  return resp.status() == health::HealthCheckResponse::SERVING ? kExitOk : kExitGuestFailed;
}

}  // namespace

const char* StatusCodeName(int code) {
  static const char* const kNames[] = {
      "OK",           "CANCELLED",         "UNKNOWN",        "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND",    "ALREADY_EXISTS", "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",         "UNAVAILABLE",    "DATA_LOSS",
      "UNAUTHENTICATED"};
  if (code < 0 || code >= int(std::size(kNames))) return "UNKNOWN";
  return kNames[code];
}

int RunCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  if (cl.command == "bench") return RunBench(cl, out, err);
  if (cl.command == "call") return RunCall(cl, out, err);
  return Client(cl, out, err).Run();
}

}  // namespace wasmrt::wasmctl

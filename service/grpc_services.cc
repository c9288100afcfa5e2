#include "service/grpc_services.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "service/log.h"
#include "service/module_info.h"
#include "service/status_text.h"

namespace wasmrt::service {
namespace {

// The reply describing `m`: the protobuf is built here, at the edge; the
// registry knows modules, not messages.
v1::ModuleInfo Describe(const ServiceContext& ctx, const StoredModule& m) {
  return DescribeStoredModule(m, ctx.modules->NamesOf(m.id));
}

// One Upload stream: reads the header and the chunks as raw messages,
// parses each itself, and stores the module only when the client ended the
// stream cleanly. A message that does not parse, a cancelled stream or a
// size over the cap ends the RPC at once with nothing stored.
class UploadReactor final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  UploadReactor(ServiceContext& ctx, grpc::CallbackServerContext* context,
                grpc::ByteBuffer* response)
      : ctx_(ctx), context_(context), response_(response) {
    ctx_.in_flight.fetch_add(1);
    if (ctx_.draining) {
      Done(Draining());
      return;
    }
    grpc::Status auth = ctx_.auth->Check(*context, Role::kAdmin);
    if (!auth.ok()) {
      Done(auth);
      return;
    }
    admitted_ = true;
    StartRead(&message_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the client half-closed, or the call was cancelled
      if (!ctx_.uploads->TrySubmit([this] { Done(Complete()); })) {
        Done(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          "the server is at capacity: too many uploads in progress"));
      }
      return;
    }
    grpc::Status s = Take();
    if (!s.ok()) {
      Done(s);
      return;
    }
    StartRead(&message_);
  }

  void OnDone() override { delete this; }

 private:
  // Adds one received message to the upload.
  grpc::Status Take() {
    ++count_;
    v1::UploadRequest part;
    grpc::Status parsed = ParseMessage(message_, &part);
    message_.Clear();
    if (!parsed.ok()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("upload message ", count_, ": ", parsed.error_message(),
                                       "; nothing was stored"));
    }
    if (part.has_header()) {
      if (count_ != 1) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "the upload header must be the first message");
      }
      header_ = part.header();
      return grpc::Status::OK;
    }
    if (bytes_.size() + part.chunk().size() > ctx_.config.max_module_bytes) {
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          absl::StrCat("module is larger than the cap of ",
                                       ctx_.config.max_module_bytes, " bytes"));
    }
    bytes_ += part.chunk();
    return grpc::Status::OK;
  }

  // The stream ended: validate and store what arrived (on the uploads
  // executor).
  grpc::Status Complete() {
    if (context_->IsCancelled()) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "the upload was cancelled");
    }
    if (header_.size_bytes() != 0 && header_.size_bytes() != bytes_.size()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("received ", bytes_.size(),
                                       " bytes, the header announced ", header_.size_bytes()));
    }
    auto stored = ctx_.modules->Add(bytes_, header_.name());
    if (!stored.ok()) {
      Log(LogLevel::kInfo, absl::StrCat("upload rejected bytes=", bytes_.size(), " error=\"",
                                        CapMessage(stored.status().message()), "\""));
      return ToGrpc(stored.status());
    }
    Log(LogLevel::kInfo, absl::StrCat("module stored id=", (*stored)->id, " name=",
                                      header_.name(), " bytes=", bytes_.size()));
    SerializeMessage(Describe(ctx_, **stored), response_);
    return grpc::Status::OK;
  }

  // Every upload ends here, once.
  void Done(const grpc::Status& status) {
    if (admitted_) ctx_.metrics.RecordUpload(status.ok());
    bytes_.clear();
    ctx_.in_flight.fetch_sub(1);
    Finish(status);
  }

  ServiceContext& ctx_;
  grpc::CallbackServerContext* const context_;
  grpc::ByteBuffer* const response_;
  grpc::ByteBuffer message_;
  v1::UploadHeader header_;
  std::string bytes_;
  int count_ = 0;
  bool admitted_ = false;
};

}  // namespace

grpc::Status ToGrpc(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()), CapMessage(s.message()));
}

grpc::Status Draining() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down");
}

// ---- ModuleService ----------------------------------------------------------

template <class Request, class Reply, class Body>
grpc::ServerUnaryReactor* ModuleServiceImpl::Unary(grpc::CallbackServerContext* context,
                                                   const grpc::ByteBuffer* request,
                                                   grpc::ByteBuffer* response, Role role,
                                                   Body body) {
  InFlight in_flight(ctx_);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  grpc::Status status = ctx_.draining ? Draining() : ctx_.auth->Check(*context, role);
  Request req;
  if (status.ok()) status = ParseMessage(*request, &req);
  Reply reply;
  if (status.ok()) status = body(req, &reply);
  if (status.ok()) SerializeMessage(reply, response);
  reactor->Finish(status);
  return reactor;
}

grpc::ServerReadReactor<grpc::ByteBuffer>* ModuleServiceImpl::Upload(
    grpc::CallbackServerContext* context, grpc::ByteBuffer* response) {
  return new UploadReactor(ctx_, context, response);  // deletes itself in OnDone
}

grpc::ServerUnaryReactor* ModuleServiceImpl::Get(grpc::CallbackServerContext* context,
                                                 const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) {
  return Unary<v1::GetModuleRequest, v1::ModuleInfo>(
      context, request, response, Role::kInvoker,
      [this](const v1::GetModuleRequest& req, v1::ModuleInfo* info) {
        auto m = ctx_.modules->Find(req.module());
        if (!m.ok()) return ToGrpc(m.status());
        *info = Describe(ctx_, **m);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* ModuleServiceImpl::List(grpc::CallbackServerContext* context,
                                                  const grpc::ByteBuffer* request,
                                                  grpc::ByteBuffer* response) {
  return Unary<v1::ListModulesRequest, v1::ListModulesResponse>(
      context, request, response, Role::kInvoker,
      [this](const v1::ListModulesRequest&, v1::ListModulesResponse* list) {
        for (const auto& m : ctx_.modules->List()) {
          *list->add_modules() = Describe(ctx_, *m);
        }
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* ModuleServiceImpl::Delete(grpc::CallbackServerContext* context,
                                                    const grpc::ByteBuffer* request,
                                                    grpc::ByteBuffer* response) {
  return Unary<v1::DeleteModuleRequest, v1::DeleteModuleResponse>(
      context, request, response, Role::kAdmin,
      [this](const v1::DeleteModuleRequest& req, v1::DeleteModuleResponse* reply) {
        auto id = ctx_.modules->Delete(req.module());
        if (!id.ok()) return ToGrpc(id.status());
        ctx_.pools->Remove(*id);
        Log(LogLevel::kInfo, absl::StrCat("module deleted id=", *id));
        reply->set_id(*id);
        return grpc::Status::OK;
      });
}

}  // namespace wasmrt::service

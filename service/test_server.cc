#include "service/test_server.h"

#include <grpcpp/generic/generic_stub.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace wasmrt::service {

std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::unique_ptr<TestServer> TestServer::Start(
    const std::string& dir, const std::function<void(ServiceConfig&)>& configure) {
  ServiceConfig c;
  c.listen = "127.0.0.1:0";
  c.metrics_listen = "";
  static int started = 0;  // each server its own directory
  c.data_dir = absl::StrCat(std::getenv("TEST_TMPDIR"), "/", dir, "_", ++started);
  c.workers = 2;
  if (configure) configure(c);
  std::unique_ptr<TestServer> t(new TestServer(std::move(c)));
  if (!t->Launch()) return nullptr;
  return t;
}

bool TestServer::Restart() {
  channel_.reset();
  server_.reset();  // stops it
  return Launch();
}

bool TestServer::Launch() {
  auto s = Server::Start(config_, {});
  EXPECT_TRUE(s.ok()) << s.status();
  if (!s.ok()) return false;
  server_ = std::move(*s);
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->grpc_port()),
                                 grpc::InsecureChannelCredentials());
  return true;
}

grpc::Status TestServer::Upload(const std::string& bytes, const std::string& name) {
  auto stub = v1::ModuleService::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::ModuleInfo info;
  auto writer = stub->Upload(&ctx, &info);
  v1::UploadRequest header;
  header.mutable_header()->set_name(name);
  v1::UploadRequest chunk;
  chunk.set_chunk(bytes);
  if (writer->Write(header) && writer->Write(chunk)) writer->WritesDone();
  return writer->Finish();
}

grpc::Status TestServer::Delete(const std::string& name) {
  auto stub = v1::ModuleService::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::DeleteModuleRequest req;
  req.set_module(name);
  v1::DeleteModuleResponse resp;
  return stub->Delete(&ctx, req, &resp);
}

RawCall::RawCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                 const std::string& request,
                 const std::vector<std::pair<std::string, std::string>>& metadata,
                 absl::Duration deadline) {
  ctx_.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline));
  for (const auto& [k, v] : metadata) ctx_.AddMetadata(k, v);
  grpc::Slice slice(request);
  in_ = grpc::ByteBuffer(&slice, 1);
  grpc::GenericStub stub(channel);
  stub.UnaryCall(&ctx_, method, grpc::StubOptions(), &in_, &out_, [this](grpc::Status s) {
    reply_.status = std::move(s);
    done_.Notify();
  });
}

RawCall::~RawCall() {
  ctx_.TryCancel();
  done_.WaitForNotification();
}

bool RawCall::Answered(absl::Duration timeout) {
  return done_.WaitForNotificationWithTimeout(timeout);
}

RawReply RawCall::Wait() {
  done_.WaitForNotification();
  std::vector<grpc::Slice> slices;
  if (reply_.status.ok() && out_.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      reply_.bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  for (const auto& [k, v] : ctx_.GetServerTrailingMetadata()) {
    reply_.trailers.emplace(std::string(k.data(), k.size()), std::string(v.data(), v.size()));
  }
  return std::move(reply_);
}

RawReply RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                      const std::string& request,
                      const std::vector<std::pair<std::string, std::string>>& metadata) {
  return RawCall(channel, method, request, metadata).Wait();
}

}  // namespace wasmrt::service

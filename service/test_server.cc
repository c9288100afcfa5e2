#include "service/test_server.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace wasmrt::service {

std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::unique_ptr<TestServer> TestServer::Start(const std::string& dir) {
  ServiceConfig c;
  c.listen = "127.0.0.1:0";
  c.metrics_listen = "";
  static int started = 0;  // each server its own directory
  c.data_dir = absl::StrCat(std::getenv("TEST_TMPDIR"), "/", dir, "_", ++started);
  c.workers = 2;
  auto s = Server::Start(c, {});
  EXPECT_TRUE(s.ok()) << s.status();
  if (!s.ok()) return nullptr;
  std::unique_ptr<TestServer> t(new TestServer());
  t->server_ = std::move(*s);
  t->channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", t->server_->grpc_port()),
                                    grpc::InsecureChannelCredentials());
  return t;
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

}  // namespace wasmrt::service

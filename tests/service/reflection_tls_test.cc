// Server reflection (what grpcurl and similar tools use) and TLS.
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/service/harness.h"

namespace wasmrt::testing {
namespace {

namespace refl = ::grpc::reflection::v1alpha;

TEST(Reflection, ListsTheServicesAndDescribesTheApi) {
  auto server = ServerProcess::Start(MakeTempDir("reflection"));
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = refl::ServerReflection::NewStub((*server)->Channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 10s);
  auto stream = stub->ServerReflectionInfo(&ctx);

  refl::ServerReflectionRequest list;
  list.set_list_services("");
  ASSERT_TRUE(stream->Write(list));
  refl::ServerReflectionResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  std::vector<std::string> names;
  for (const auto& s : resp.list_services_response().service()) names.push_back(s.name());
  for (const char* want : {"wasmrt.v1.ModuleService", "wasmrt.v1.InvocationService",
                           "grpc.health.v1.Health"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }

  refl::ServerReflectionRequest symbol;
  symbol.set_file_containing_symbol("wasmrt.v1.InvokeRequest");
  ASSERT_TRUE(stream->Write(symbol));
  ASSERT_TRUE(stream->Read(&resp));
  ASSERT_TRUE(resp.has_file_descriptor_response()) << resp.DebugString();
  ASSERT_GT(resp.file_descriptor_response().file_descriptor_proto_size(), 0);
  EXPECT_NE(resp.file_descriptor_response().file_descriptor_proto(0).find("InvokeRequest"),
            std::string::npos);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

// A self-signed certificate for "localhost" and 127.0.0.1, made with the
// openssl command line tool.
std::string MakeCertificate(const std::string& dir) {
  std::string cmd = absl::StrCat(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout ",
      dir, "/key.pem -out ", dir, "/cert.pem 2>/dev/null");
  return std::system(cmd.c_str()) == 0 ? ReadFileOrEmpty(dir + "/cert.pem") : "";
}

TEST(Tls, ServesTlsWhenACertificateIsGiven) {
  std::string dir = MakeTempDir("tls");
  std::string cert = MakeCertificate(dir);
  ASSERT_FALSE(cert.empty()) << "openssl could not make a certificate";
  auto server = ServerProcess::Start(
      MakeTempDir("tls_data"),
      {"--tls-cert", dir + "/cert.pem", "--tls-key", dir + "/key.pem", "--preload",
       Runfile("examples/fib.wasm") + "=fib"});
  ASSERT_TRUE(server.ok()) << server.status();

  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = cert;
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  auto secure = grpc::CreateCustomChannel((*server)->address(), grpc::SslCredentials(ssl), args);
  auto stub = v1::InvocationService::NewStub(secure);
  v1::InvokeRequest req;
  req.set_module("fib");
  req.set_function("fib");
  req.mutable_args()->add_values()->set_i32(20);
  v1::InvokeResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 10s);
  grpc::Status s = stub->Invoke(&ctx, req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.returned().values(0).i32(), 6765);

  // A plaintext client cannot talk to it.
  auto plain = v1::InvocationService::NewStub((*server)->Channel());
  grpc::ClientContext ctx2;
  ctx2.set_deadline(std::chrono::system_clock::now() + 3s);
  EXPECT_FALSE(plain->Invoke(&ctx2, req, &resp).ok());
}

}  // namespace
}  // namespace wasmrt::testing

// grpc.health.v1 reports the typed services while their name is bound.
#include "service/health_service.h"

#include "gtest/gtest.h"
#include "service/test_server.h"

namespace wasmrt::service {
namespace {

namespace hv1 = ::grpc::health::v1;
using Response = hv1::HealthCheckResponse;

// Check's answer: the serving status, or the error code (as a negative
// number, so a test compares one value).
int Check(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  auto stub = hv1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  hv1::HealthCheckRequest request;
  request.set_service(service);
  Response response;
  grpc::Status s = stub->Check(&ctx, request, &response);
  return s.ok() ? int(response.status()) : -int(s.error_code());
}

constexpr int kNotFound = -int(grpc::StatusCode::NOT_FOUND);

TEST(HealthService, ReportsTypedServicesWhileTheirNameIsBound) {
  auto t = TestServer::Start("check");
  ASSERT_NE(t, nullptr);
  const auto& ch = t->channel();
  for (const char* service : {"", "wasmrt.v1.ModuleService", "wasmrt.v1.InvocationService",
                              "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection",
                              "grpc.reflection.v1.ServerReflection"}) {
    EXPECT_EQ(Check(ch, service), Response::SERVING) << service;
  }
  EXPECT_EQ(Check(ch, "shapes.v1.Shapes"), kNotFound);

  // Unnamed modules serve nothing.
  ASSERT_TRUE(t->Upload(ReadTestFile("examples/shapes.wasm"), "").ok());
  EXPECT_EQ(Check(ch, "shapes.v1.Shapes"), kNotFound);
  ASSERT_TRUE(t->Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  EXPECT_EQ(Check(ch, "shapes.v1.Shapes"), Response::SERVING);
  EXPECT_EQ(Check(ch, "shapes.v1"), kNotFound);  // services, not packages
  EXPECT_EQ(Check(ch, "shapes.v1.Shapes/Area"), kNotFound);

  // The name moved to a module without typed methods, back, then deleted.
  ASSERT_TRUE(t->Upload(ReadTestFile("service/testdata/typed_probe.wasm"), "shapes").ok());
  EXPECT_EQ(Check(ch, "shapes.v1.Shapes"), kNotFound);
  ASSERT_TRUE(t->Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  EXPECT_EQ(Check(ch, "shapes.v1.Shapes"), Response::SERVING);
  ASSERT_TRUE(t->Delete("shapes").ok());
  EXPECT_EQ(Check(ch, "shapes.v1.Shapes"), kNotFound);
  EXPECT_EQ(Check(ch, ""), Response::SERVING);
}

TEST(HealthService, WatchFollowsTheName) {
  auto t = TestServer::Start("watch");
  ASSERT_NE(t, nullptr);
  auto stub = hv1::Health::NewStub(t->channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  hv1::HealthCheckRequest request;
  request.set_service("shapes.v1.Shapes");
  auto stream = stub->Watch(&ctx, request);
  Response r;
  ASSERT_TRUE(stream->Read(&r));
  EXPECT_EQ(r.status(), Response::SERVICE_UNKNOWN);
  ASSERT_TRUE(t->Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  ASSERT_TRUE(stream->Read(&r));
  EXPECT_EQ(r.status(), Response::SERVING);
  // A re-upload that keeps the service changes nothing the stream sees;
  // the delete does.
  ASSERT_TRUE(t->Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  ASSERT_TRUE(t->Delete("shapes").ok());
  ASSERT_TRUE(stream->Read(&r));
  EXPECT_EQ(r.status(), Response::SERVICE_UNKNOWN);
  ctx.TryCancel();
  while (stream->Read(&r)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST(HealthService, ShuttingDownEndsWatchStreams) {
  auto t = TestServer::Start("shutdown");
  ASSERT_NE(t, nullptr);
  auto stub = hv1::Health::NewStub(t->channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto stream = stub->Watch(&ctx, hv1::HealthCheckRequest());
  Response r;
  ASSERT_TRUE(stream->Read(&r));
  EXPECT_EQ(r.status(), Response::SERVING);
  t->server().Shutdown();  // returns although the stream is open
  while (stream->Read(&r)) EXPECT_EQ(r.status(), Response::NOT_SERVING);
  EXPECT_FALSE(stream->Finish().ok());
}

TEST(HealthService, StatusOf) {
  HealthService health({"a.B"}, nullptr);
  EXPECT_EQ(health.StatusOf(""), Response::SERVING);
  EXPECT_EQ(health.StatusOf("a.B"), Response::SERVING);
  EXPECT_EQ(health.StatusOf("a.C"), Response::SERVICE_UNKNOWN);
  health.Shutdown();
  EXPECT_EQ(health.StatusOf(""), Response::NOT_SERVING);
  EXPECT_EQ(health.StatusOf("a.B"), Response::NOT_SERVING);
  EXPECT_EQ(health.StatusOf("a.C"), Response::SERVICE_UNKNOWN);
}

}  // namespace
}  // namespace wasmrt::service

// The SDK example guests of the typed service geometry.v1.Geometry end to
// end: each module (nanopb C: examples/geometry.c; Rust with prost:
// examples/geometry_rust/) carries its descriptor
// set, is uploaded under a name, and is called through the C++ stub protoc
// generates from geometry.proto, as any gRPC client would call it. The
// guest's own errors (wasmrt.set_status) arrive as gRPC statuses.
#include <cmath>

#include "examples/proto/geometry/v1/geometry.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/test_server.h"

namespace wasmrt::service {
namespace {

using ::testing::HasSubstr;
namespace gv1 = ::geometry::v1;

gv1::Shape Rect(double w, double h) {
  gv1::Shape s;
  s.mutable_rect()->set_w(w);
  s.mutable_rect()->set_h(h);
  return s;
}

gv1::Shape Circle(double r) {
  gv1::Shape s;
  s.mutable_circle()->set_r(r);
  return s;
}

// The parameter: the module file of one guest.
class TypedGuestsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    server_ = TestServer::Start("guests");
    ASSERT_NE(server_, nullptr);
    grpc::Status up = server_->Upload(ReadTestFile(GetParam()), "geometry");
    ASSERT_TRUE(up.ok()) << up.error_message();
    stub_ = gv1::Geometry::NewStub(server_->channel());
  }

  // Calls `rpc` on the generated stub with a deadline.
  template <typename Req, typename Resp, typename Rpc>
  grpc::Status Call(Rpc rpc, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return (stub_.get()->*rpc)(&ctx, req, resp);
  }

  double Area(const gv1::Shape& s, grpc::Status* status = nullptr) {
    gv1::Measure m;
    grpc::Status st = Call(&gv1::Geometry::Stub::Area, s, &m);
    if (status != nullptr) *status = st;
    EXPECT_TRUE(status != nullptr || st.ok()) << st.error_message();
    return m.value();
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<gv1::Geometry::Stub> stub_;
};

TEST_P(TypedGuestsTest, AnswersAreaAndPerimeter) {
  EXPECT_EQ(Area(Rect(3, 4.5)), 13.5);
  EXPECT_DOUBLE_EQ(Area(Circle(2)), 4 * M_PI);
  EXPECT_EQ(Area(Rect(0, 7)), 0.0);  // an empty Measure: all defaults
  gv1::Measure m;
  ASSERT_TRUE(Call(&gv1::Geometry::Stub::Perimeter, Rect(3, 4), &m).ok());
  EXPECT_EQ(m.value(), 14.0);
  ASSERT_TRUE(Call(&gv1::Geometry::Stub::Perimeter, Circle(0.5), &m).ok());
  EXPECT_DOUBLE_EQ(m.value(), M_PI);
}

TEST_P(TypedGuestsTest, AnswersCornersAndNotFoundForAnUnknownShape) {
  gv1::CornersRequest req;
  gv1::CornersResponse resp;
  req.set_name("hexagon");
  ASSERT_TRUE(Call(&gv1::Geometry::Stub::Corners, req, &resp).ok());
  EXPECT_EQ(resp.corners(), 6u);
  req.set_name("circle");
  ASSERT_TRUE(Call(&gv1::Geometry::Stub::Corners, req, &resp).ok());
  EXPECT_EQ(resp.corners(), 0u);
  req.set_name("dodecahedron");
  grpc::Status s = Call(&gv1::Geometry::Stub::Corners, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message(), "no such shape: dodecahedron");
  EXPECT_EQ(s.error_details(), "");  // the guest's answer, not a trap
}

TEST_P(TypedGuestsTest, BadShapesAreInvalidArgument) {
  grpc::Status s;
  Area(gv1::Shape(), &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "the shape has no kind: set rect or circle");
  Area(Rect(-1, 2), &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "rect: w and h must not be negative");
  Area(Circle(-1), &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "circle: r must not be negative");
}

TEST_P(TypedGuestsTest, UndecodableRequestsAreInvalidArgument) {
  // The typed path hands the bytes over unchanged: the guest's decoder
  // judges them. A raw call sends bytes no stub would.
  auto raw = [&](const std::string& method, const std::string& bytes) {
    return RawUnaryCall(server_->channel(), method, bytes).status;
  };
  // Shape.rect whose length runs past the end.
  grpc::Status s = raw("/geometry.v1.Geometry/Area", std::string("\x0a\x05\x09", 3));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("bad request"));
  // CornersRequest.name that is not UTF-8, then one of 100 bytes.
  s = raw("/geometry.v1.Geometry/Corners", "\x0a\x02\xff\xfe");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("bad request"));
  s = raw("/geometry.v1.Geometry/Corners", "\x0a\x64" + std::string(100, 'a'));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("bad request"));
}

INSTANTIATE_TEST_SUITE_P(Guests, TypedGuestsTest,
                         ::testing::Values("examples/geometry.wasm",
                                           "examples/geometry_rust.wasm"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return std::string(info.param == "examples/geometry.wasm" ? "nanopb"
                                                                                     : "rust");
                         });

}  // namespace
}  // namespace wasmrt::service

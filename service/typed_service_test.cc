// Typed methods end to end: an in-process wasmrtd, modules uploaded through
// ModuleService, and calls made with grpc::GenericStub and raw bytes, as a
// client that knows only the method's .proto would make them.
#include <google/protobuf/descriptor.pb.h>

#include <cmath>
#include <cstring>

#include "absl/strings/numbers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proto/wasmrt.grpc.pb.h"
#include "service/rpc_status.h"
#include "service/test_server.h"
#include "tools/wasmctl/wasm_sections.h"

namespace wasmrt::service {
namespace {

using ::testing::HasSubstr;
namespace pb = ::google::protobuf;

// shapes.v1.AreaRequest {w, h}: two fixed64 fields.
std::string AreaRequest(double w, double h) {
  std::string out;
  for (auto [tag, v] : {std::pair<char, double>{'\x09', w}, {'\x11', h}}) {
    char bits[8];
    std::memcpy(bits, &v, 8);  // little-endian host, as the wire format
    out += tag;
    out.append(bits, 8);
  }
  return out;
}

// Field 1 as a double (AreaResponse.area) of a message of fixed64 fields
// only; NaN when the bytes are not such a message or lack it.
double AreaOf(const std::string& bytes) {
  double area = std::nan("");
  for (size_t at = 0; at < bytes.size(); at += 9) {
    if ((bytes[at] & 7) != 1 || bytes.size() - at < 9) return std::nan("");
    if (bytes[at] == '\x09') std::memcpy(&area, bytes.data() + at + 1, 8);
  }
  return area;
}

// The build's descriptor set of shapes.v1, with a service Probe added whose
// methods are `probe_methods` (all AreaRequest -> AreaResponse).
std::string ShapesSetWithProbe(const std::vector<std::string>& probe_methods,
                               bool streaming = false) {
  pb::FileDescriptorSet set;
  EXPECT_TRUE(set.ParseFromString(ReadTestFile("examples/proto/shapes_v1.pb")));
  pb::FileDescriptorProto* file = set.mutable_file(set.file_size() - 1);
  pb::ServiceDescriptorProto* probe = file->add_service();
  probe->set_name("Probe");
  for (const std::string& name : probe_methods) {
    pb::MethodDescriptorProto* m = probe->add_method();
    m->set_name(name);
    m->set_input_type(".shapes.v1.AreaRequest");
    m->set_output_type(".shapes.v1.AreaResponse");
    m->set_server_streaming(streaming);
  }
  return set.SerializeAsString();
}

// The probe module (echo, spin; or another test module) describing itself
// with `set`.
std::string Probe(const std::string& set,
                  const std::string& path = "service/testdata/typed_probe.wasm") {
  auto m = wasmctl::ReplaceCustomSection(ReadTestFile(path), "wasmrt:proto", set);
  EXPECT_TRUE(m.ok()) << m.status();
  return *m;
}

// status_guest.wat, whose methods call wasmrt.set_status, serving them.
std::string StatusGuest() {
  return Probe(ShapesSetWithProbe({"Missing", "Twice", "Echo", "BadCode", "CodeHigh", "Outside",
                                   "TooLong", "BadUtf8", "ThenTrap"}),
               "service/testdata/status_guest.wasm");
}

class TypedServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::Start("typed");
    ASSERT_NE(server_, nullptr);
  }

  grpc::Status Upload(const std::string& bytes, const std::string& name) {
    return server_->Upload(bytes, name);
  }

  RawReply Call(const std::string& method, const std::string& request,
                const std::vector<std::pair<std::string, std::string>>& metadata = {}) {
    return RawUnaryCall(server_->channel(), method, request, metadata);
  }

  // The wasmrt.v1.Trap in an error status's details.
  static v1::Trap TrapOf(const grpc::Status& s) {
    v1::Trap trap;
    auto details = DecodeRpcStatus(s.error_details());
    EXPECT_TRUE(details.ok()) << details.status();
    if (!details.ok()) return trap;
    EXPECT_EQ(details->code, int(s.error_code()));
    EXPECT_EQ(details->message, s.error_message());
    EXPECT_EQ(details->details.size(), 1u);
    if (details->details.empty()) return trap;
    EXPECT_TRUE(details->details[0].UnpackTo(&trap)) << details->details[0].type_url();
    return trap;
  }

  std::unique_ptr<TestServer> server_;
};

constexpr char kArea[] = "/shapes.v1.Shapes/Area";

TEST_F(TypedServiceTest, ServesTheMethodAtItsOwnPath) {
  ASSERT_TRUE(Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  RawReply r = Call(kArea, AreaRequest(3, 4.5));
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(AreaOf(r.bytes), 13.5);
  int64_t fuel = 0;
  ASSERT_EQ(r.trailers.count("wasmrt-fuel-used"), 1u);
  EXPECT_TRUE(absl::SimpleAtoi(r.trailers.find("wasmrt-fuel-used")->second, &fuel));
  EXPECT_GT(fuel, 0);
  EXPECT_EQ(r.trailers.count("wasmrt-exec-time-us"), 1u);
  EXPECT_EQ(r.trailers.count("wasmrt-warm"), 1u);
  // An empty request is a valid AreaRequest: 0 x 0.
  r = Call(kArea, "");
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(AreaOf(r.bytes), 0.0);
}

TEST_F(TypedServiceTest, TrapIsInternalWithTheTrapInTheDetails) {
  ASSERT_TRUE(Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  RawReply r = Call(kArea, AreaRequest(-1, 2));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(r.status.error_message(), HasSubstr("shapes.v1.Shapes/Area trapped in $shapes_area: unreachable"));
  v1::Trap trap = TrapOf(r.status);
  EXPECT_EQ(trap.kind(), v1::Trap::UNREACHABLE);
  EXPECT_FALSE(trap.function().empty());
  EXPECT_EQ(r.trailers.count("wasmrt-fuel-used"), 1u);  // stats on errors too
  // The instance was replaced or reset: the next call answers.
  r = Call(kArea, AreaRequest(2, 2));
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(AreaOf(r.bytes), 4.0);
}

// examples/shapes.c answers a side that is no finite number with a status
// of its own; the same module's Invoke function `area` with the same rule
// reports it as the response's application error.
TEST_F(TypedServiceTest, ShapesAnswersNonFiniteSidesWithItsOwnStatus) {
  ASSERT_TRUE(Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  for (double side : {INFINITY, -INFINITY, NAN}) {
    RawReply r = Call(kArea, AreaRequest(side, 2));
    EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << side;
    EXPECT_EQ(r.status.error_message(), "w and h must be finite numbers");
    EXPECT_TRUE(r.status.error_details().empty()) << "an application error carries no trap";
  }
  auto stub = v1::InvocationService::NewStub(server_->channel());
  grpc::ClientContext ctx;
  v1::InvokeRequest req;
  req.set_module("shapes");
  req.set_function("area");
  req.mutable_payload()->set_value(AreaRequest(2, INFINITY));  // a wasmrt.examples.Rect too
  v1::InvokeResponse resp;
  ASSERT_TRUE(stub->Invoke(&ctx, req, &resp).ok());
  ASSERT_TRUE(resp.has_application_error()) << resp.DebugString();
  EXPECT_EQ(resp.application_error().code(), int(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(resp.application_error().message(), "w and h must be finite numbers");
}

TEST_F(TypedServiceTest, MetadataLimits) {
  ASSERT_TRUE(Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  RawReply r = Call(kArea, AreaRequest(3, 4), {{"wasmrt-fuel", "5"}});
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(TrapOf(r.status).kind(), v1::Trap::FUEL_EXHAUSTED);
  // Enough fuel: the limit is that of the call, not of the module.
  r = Call(kArea, AreaRequest(3, 4), {{"wasmrt-fuel", "1000000"}});
  EXPECT_TRUE(r.status.ok()) << r.status.error_message();

  for (const auto& [key, value, why] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"wasmrt-fuel", "lots", "metadata wasmrt-fuel: \"lots\" is not an integer"},
           {"wasmrt-memory-bytes", "-1", "metadata wasmrt-memory-bytes: -1 is negative"},
           {"wasmrt-timeout-ms", "1.5", "metadata wasmrt-timeout-ms: \"1.5\" is not"}}) {
    r = Call(kArea, AreaRequest(3, 4), {{key, value}});
    EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << key;
    EXPECT_THAT(r.status.error_message(), HasSubstr(why));
  }
  r = Call(kArea, AreaRequest(3, 4), {{"wasmrt-fuel", "1"}, {"wasmrt-fuel", "2"}});
  EXPECT_THAT(r.status.error_message(), HasSubstr("given more than once"));
  r = Call(kArea, AreaRequest(3, 4), {{"wasmrt-fuel", "999999999999999999"}});
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(r.status.error_message(), HasSubstr("above the cap"));
}

TEST_F(TypedServiceTest, ApplicationErrorIsTheGuestsStatus) {
  ASSERT_TRUE(Upload(StatusGuest(), "status").ok());
  RawReply r = Call("/shapes.v1.Probe/Missing", AreaRequest(1, 2));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(r.status.error_message(), "no such shape");
  EXPECT_EQ(r.status.error_details(), "");  // the guest's status, no trap
  EXPECT_EQ(r.trailers.count("wasmrt-fuel-used"), 1u);
  r = Call("/shapes.v1.Probe/Twice", "");
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.status.error_message(), "second");
  // The status does not outlive its call.
  r = Call("/shapes.v1.Probe/Echo", AreaRequest(1, 2));
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(AreaOf(r.bytes), 1.0);
  // A trap after the status wins.
  r = Call("/shapes.v1.Probe/ThenTrap", "");
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(TrapOf(r.status).kind(), v1::Trap::UNREACHABLE);
}

TEST_F(TypedServiceTest, BadSetStatusArgumentsTrap) {
  ASSERT_TRUE(Upload(StatusGuest(), "status").ok());
  for (const auto& [method, kind, why] :
       std::vector<std::tuple<std::string, v1::Trap::Kind, std::string>>{
           {"BadCode", v1::Trap::HOST_ERROR, "code 0 is not a gRPC error code"},
           {"CodeHigh", v1::Trap::HOST_ERROR, "code 17 is not a gRPC error code"},
           {"Outside", v1::Trap::MEMORY_OUT_OF_BOUNDS,
            "message [65530, +100) is outside the guest's memory"},
           {"TooLong", v1::Trap::HOST_ERROR, "message of 1025 bytes is above the cap 1024"},
           {"BadUtf8", v1::Trap::HOST_ERROR, "message is not valid UTF-8"}}) {
    RawReply r = Call("/shapes.v1.Probe/" + method, "");
    EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INTERNAL) << method;
    EXPECT_THAT(r.status.error_message(), HasSubstr("wasmrt.set_status: " + why)) << method;
    v1::Trap trap = TrapOf(r.status);
    EXPECT_EQ(trap.kind(), kind) << method;
    EXPECT_THAT(trap.message(), HasSubstr(why)) << method;
  }
}

TEST_F(TypedServiceTest, InvokeReportsTheApplicationError) {
  ASSERT_TRUE(Upload(StatusGuest(), "status").ok());
  auto stub = v1::InvocationService::NewStub(server_->channel());
  grpc::ClientContext ctx;
  v1::InvokeRequest req;
  req.set_module("status");
  req.set_function("shapes.v1.Probe/Missing");
  req.mutable_payload()->set_value(AreaRequest(1, 2));
  v1::InvokeResponse resp;
  grpc::Status s = stub->Invoke(&ctx, req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_TRUE(resp.has_application_error()) << resp.DebugString();
  EXPECT_EQ(resp.application_error().code(), int(grpc::StatusCode::NOT_FOUND));
  EXPECT_EQ(resp.application_error().message(), "no such shape");
  EXPECT_GT(resp.stats().fuel_used(), 0);
}

TEST_F(TypedServiceTest, TimeoutIsDeadlineExceeded) {
  ASSERT_TRUE(Upload(Probe(ShapesSetWithProbe({"Echo", "Spin"})), "probe").ok());
  RawReply r = Call("/shapes.v1.Probe/Spin", "", {{"wasmrt-timeout-ms", "20"}});
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(TrapOf(r.status).kind(), v1::Trap::TIMEOUT);
}

TEST_F(TypedServiceTest, OutputMustParseAsTheDeclaredType) {
  ASSERT_TRUE(Upload(Probe(ShapesSetWithProbe({"Echo", "Spin"})), "probe").ok());
  RawReply r = Call("/shapes.v1.Probe/Echo", AreaRequest(5, 6));  // parses as a response too
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  // A length-delimited field running past the end: echoed, it is no AreaResponse.
  r = Call("/shapes.v1.Probe/Echo", std::string("\x12\x05\x01", 3));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(r.status.error_message(), HasSubstr("bad output"));
  EXPECT_THAT(r.status.error_message(), HasSubstr("shapes.v1.AreaResponse"));
  v1::Trap trap = TrapOf(r.status);
  EXPECT_EQ(trap.kind(), v1::Trap::BAD_OUTPUT);
  EXPECT_EQ(trap.function(), "shapes.v1.Probe/Echo");
}

TEST_F(TypedServiceTest, MethodsFollowTheirName) {
  ASSERT_TRUE(Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  EXPECT_EQ(AreaOf(Call(kArea, AreaRequest(3, 4)).bytes), 12.0);

  // Re-uploading under the same name moves the method: the probe echoes the
  // request, whose field 1 (w) reads as the area.
  std::string probe = Probe(ShapesSetWithProbe({"Echo"}));
  ASSERT_TRUE(Upload(probe, "shapes").ok());
  EXPECT_EQ(AreaOf(Call(kArea, AreaRequest(3, 4)).bytes), 3.0);
  EXPECT_TRUE(Call("/shapes.v1.Probe/Echo", "").status.ok());

  // Another name declaring a method "shapes" holds is refused, nothing moves.
  grpc::Status refused = Upload(ReadTestFile("examples/shapes.wasm"), "other");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(refused.error_message(),
              HasSubstr("method /shapes.v1.Shapes/Area is already served by \"shapes\""));
  EXPECT_EQ(AreaOf(Call(kArea, AreaRequest(3, 4)).bytes), 3.0);
  auto stub = v1::ModuleService::NewStub(server_->channel());
  grpc::ClientContext ctx;
  v1::GetModuleRequest get;
  get.set_module("other");
  v1::ModuleInfo info;
  EXPECT_EQ(stub->Get(&ctx, get, &info).error_code(), grpc::StatusCode::NOT_FOUND);

  // Deleting the name removes its methods; then the other name may have them.
  ASSERT_TRUE(server_->Delete("shapes").ok());
  RawReply gone = Call(kArea, AreaRequest(3, 4));
  EXPECT_EQ(gone.status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(Call("/shapes.v1.Probe/Echo", "").status.error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  ASSERT_TRUE(Upload(ReadTestFile("examples/shapes.wasm"), "other").ok());
  EXPECT_EQ(AreaOf(Call(kArea, AreaRequest(3, 4)).bytes), 12.0);
}

TEST_F(TypedServiceTest, BindingsSurviveARestart) {
  ASSERT_TRUE(Upload(ReadTestFile("examples/shapes.wasm"), "shapes").ok());
  ASSERT_TRUE(server_->Restart());
  RawReply r = Call(kArea, AreaRequest(2, 5));
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(AreaOf(r.bytes), 10.0);
}

TEST_F(TypedServiceTest, ModulesWithoutANameServeNothing) {
  ASSERT_TRUE(Upload(ReadTestFile("examples/shapes.wasm"), "").ok());
  RawReply r = Call(kArea, AreaRequest(3, 4));
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_THAT(r.status.error_message(), HasSubstr("unknown method \"/shapes.v1.Shapes/Area\""));
}

TEST_F(TypedServiceTest, UploadChecksTheDeclaredMethods) {
  struct Case {
    std::string bytes, why;
  };
  std::vector<Case> cases = {
      {Probe(ShapesSetWithProbe({"Echo", "Missing"})),
       "method /shapes.v1.Probe/Missing has no export named \"shapes.v1.Probe/Missing\""},
      {Probe(ShapesSetWithProbe({"Wrong"})),
       "export \"shapes.v1.Probe/Wrong\" serving method /shapes.v1.Probe/Wrong has type "
       "(i32) -> (i32)"},
      {Probe(ShapesSetWithProbe({"Echo"}, /*streaming=*/true)),
       "method /shapes.v1.Probe/Echo is server streaming: only unary methods"},
      {Probe("\xff\xff\xff"), "not a serialized google.protobuf.FileDescriptorSet"},
  };
  for (const Case& c : cases) {
    grpc::Status s = Upload(c.bytes, "bad");
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.why;
    EXPECT_THAT(s.error_message(), HasSubstr(c.why));
  }
  // Nothing was stored.
  auto stub = v1::ModuleService::NewStub(server_->channel());
  grpc::ClientContext ctx;
  v1::ListModulesResponse list;
  ASSERT_TRUE(stub->List(&ctx, v1::ListModulesRequest(), &list).ok());
  EXPECT_EQ(list.modules_size(), 0);
}

}  // namespace
}  // namespace wasmrt::service

namespace wasmrt::service {
namespace {

// Polls `condition` for up to a minute.
bool Eventually(const std::function<bool()>& condition) {
  for (absl::Time end = absl::Now() + absl::Minutes(1); absl::Now() < end;) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(2));
  }
  return condition();
}

// One worker slot and a queue of one. A spinning guest holds the slot (run
// on the thread that received it); the next call waits in the queue, the
// one after is refused. Cancelling the spinning call interrupts its guest,
// and a worker answers the queued call.
TEST(TypedQueueTest, ABusySlotQueuesThenShedsUntilACancelFreesIt) {
  auto server = TestServer::Start("typed_queue", [](ServiceConfig& c) {
    c.workers = 1;
    c.queue_size = 1;
    c.max_timeout_ms = 600'000;
    c.max_fuel = INT64_MAX;  // hours of spinning
  });
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->Upload(Probe(ShapesSetWithProbe({"Echo", "Spin"})), "probe").ok());
  RawCall spin(server->channel(), "/shapes.v1.Probe/Spin", "", {{"wasmrt-timeout-ms", "600000"}, {"wasmrt-fuel", std::to_string(INT64_MAX)}},
               absl::Minutes(10));
  ASSERT_TRUE(Eventually([&] { return server->server().busy_workers() == 1; }));
  RawCall queued(server->channel(), "/shapes.v1.Probe/Echo", AreaRequest(2, 3));
  ASSERT_TRUE(Eventually([&] { return server->server().queue_depth() == 1; }));
  RawReply refused = RawUnaryCall(server->channel(), "/shapes.v1.Probe/Echo", AreaRequest(1, 1));
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.status.error_message(), HasSubstr("queue full"));
  EXPECT_FALSE(queued.Answered(absl::ZeroDuration()));

  spin.Cancel();
  EXPECT_EQ(spin.Wait().status.error_code(), grpc::StatusCode::CANCELLED);
  // Without the interruption, the guest would hold the slot past the queued
  // call's deadline (a minute).
  RawReply answered = queued.Wait();
  ASSERT_TRUE(answered.status.ok()) << answered.status.error_message();
  EXPECT_EQ(answered.bytes, AreaRequest(2, 3));
  EXPECT_TRUE(Eventually([&] { return server->server().busy_workers() == 0; }));
}

// Shutting down stops a guest that would otherwise spin for hours on the
// thread that received it: after the grace period its call is cancelled,
// which interrupts it, and the server stops.
TEST(TypedQueueTest, ShutdownInterruptsARunningGuest) {
  auto server = TestServer::Start("typed_shutdown", [](ServiceConfig& c) {
    c.workers = 1;
    c.max_timeout_ms = 600'000;
    c.max_fuel = INT64_MAX;
    c.shutdown_grace_seconds = 0;
  });
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->Upload(Probe(ShapesSetWithProbe({"Echo", "Spin"})), "probe").ok());
  RawCall spin(server->channel(), "/shapes.v1.Probe/Spin", "",
               {{"wasmrt-timeout-ms", "600000"}, {"wasmrt-fuel", std::to_string(INT64_MAX)}},
               absl::Minutes(10));
  ASSERT_TRUE(Eventually([&] { return server->server().busy_workers() == 1; }));
  server->server().Shutdown();  // returns: the guest was interrupted
  EXPECT_FALSE(spin.Wait().status.ok());
  EXPECT_EQ(server->server().busy_workers(), 0);
}

}  // namespace
}  // namespace wasmrt::service

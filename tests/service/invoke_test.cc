// End-to-end: the real wasmrtd, uploads and calls over gRPC. Typed
// arguments, payloads (raw and protobuf), isolation between calls, and the
// status codes of bad requests.
#include <bit>
#include <cmath>

#include "absl/strings/match.h"
#include "examples/proto/shapes.pb.h"
#include "gtest/gtest.h"
#include "tests/service/shared_server.h"

namespace wasmrt::testing {
namespace {

constexpr uint64_t kModuleCap = 64 * 1024;

class InvokeTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(StartServer(
        "invoke", {"--max-module-bytes", std::to_string(kModuleCap), "--workers", "2"}));
    Client c(server_->Channel());
    c.MustUpload("examples/typed.wasm", "typed");
    c.MustUpload("examples/greet.wasm", "greet");
    c.MustUpload("examples/shapes.wasm", "shapes");
    c.MustUpload("examples/misbehave.wasm", "misbehave");
    c.MustUpload("tests/service/globals.wasm", "globals");
    c.MustUpload("tests/service/payload_abi.wasm", "abi");
  }

  Client client() { return Client(server_->Channel()); }
};

TEST_F(InvokeTest, TypedArgumentsReturnTypedResults) {
  Client c = client();
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(TypedCall("typed", "add", {I32(2), I32(40)}), &r).ok());
  ASSERT_TRUE(r.has_returned()) << r.DebugString();
  ASSERT_EQ(r.returned().values_size(), 1);
  EXPECT_EQ(r.returned().values(0).i32(), 42);

  ASSERT_TRUE(c.Invoke(TypedCall("typed", "mix", {I32(1), I64(-3), F32(1.5f), F64(0.25)}), &r)
                  .ok());
  ASSERT_TRUE(r.has_returned()) << r.DebugString();
  EXPECT_EQ(std::bit_cast<double>(r.returned().values(0).f64_bits()), -0.25);

  ASSERT_TRUE(c.Invoke(TypedCall("typed", "pair", {I64(INT64_MAX)}), &r).ok());
  EXPECT_EQ(r.returned().values(0).i64(), -INT64_MAX);
}

// Fuel is exact: one unit per wasm instruction executed. The counts come
// from tests/service/testdata/payload_abi.wat, whose comments count each
// function's instructions: sum(n) runs 12n + 6.
TEST_F(InvokeTest, FuelIsTheNumberOfInstructionsExecuted) {
  Client c = client();
  v1::InvokeResponse r;
  for (int n : {0, 1, 10, 1000}) {
    ASSERT_TRUE(c.Invoke(TypedCall("abi", "sum", {I32(n)}), &r).ok());
    ASSERT_TRUE(r.has_returned()) << r.DebugString();
    EXPECT_EQ(r.returned().values(0).i32(), n * (n + 1) / 2);
    EXPECT_EQ(r.stats().fuel_used(), 12 * n + 6) << "sum(" << n << ")";
  }
  // A payload call pays for the whole exchange: malloc(5) 19, echo 33 (14
  // of its own and its malloc's 19), free(output) 5, free(input) 5.
  constexpr int64_t kEchoFuel = 19 + 33 + 5 + 5;
  ASSERT_TRUE(c.Invoke(PayloadCall("abi", "echo", "hello"), &r).ok());
  ASSERT_TRUE(r.has_output()) << r.DebugString();
  EXPECT_EQ(r.output().value(), "hello");
  EXPECT_EQ(r.stats().fuel_used(), kEchoFuel);
  // Exactly that much fuel is enough; one unit less runs out in the last
  // free, and 18 units in malloc (its last straight run needs the 19th).
  v1::InvokeRequest req = PayloadCall("abi", "echo", "hello");
  req.mutable_limits()->set_fuel(kEchoFuel);
  ASSERT_TRUE(c.Invoke(req, &r).ok());
  EXPECT_EQ(r.output().value(), "hello") << r.DebugString();
  req.mutable_limits()->set_fuel(kEchoFuel - 1);
  ASSERT_TRUE(c.Invoke(req, &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::FUEL_EXHAUSTED);
  EXPECT_EQ(r.trap().function(), "free");
  EXPECT_EQ(r.stats().fuel_used(), kEchoFuel - 1);
  req.mutable_limits()->set_fuel(18);
  ASSERT_TRUE(c.Invoke(req, &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::FUEL_EXHAUSTED);
  EXPECT_EQ(r.trap().function(), "malloc");
  EXPECT_EQ(r.stats().fuel_used(), 18);
}

// payload_abi.wat's malloc traps for 1 byte, loops for 2, returns 0 for 3;
// its free traps on a buffer that starts with '!'.
TEST_F(InvokeTest, TrapsInTheGuestsAllocatorAreReportedAsWhatTheyAre) {
  Client c = client();
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(PayloadCall("abi", "echo", "1"), &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::UNREACHABLE);
  EXPECT_EQ(r.trap().function(), "malloc");
  EXPECT_TRUE(absl::StrContains(r.trap().message(), "allocating the input")) << r.trap().message();

  v1::InvokeRequest loops = PayloadCall("abi", "echo", "22");
  loops.mutable_limits()->set_fuel(10'000);
  ASSERT_TRUE(c.Invoke(loops, &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::FUEL_EXHAUSTED);
  EXPECT_EQ(r.trap().function(), "malloc");
  EXPECT_TRUE(absl::StrContains(r.trap().message(), "allocating the input")) << r.trap().message();
  EXPECT_EQ(r.stats().fuel_used(), 10'000);

  loops.mutable_limits()->set_fuel(1'000'000'000'000);  // the cap: the timeout ends it
  loops.mutable_limits()->set_timeout_ms(200);
  ASSERT_TRUE(c.Invoke(loops, &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::TIMEOUT);
  EXPECT_EQ(r.trap().function(), "malloc");

  // A broken contract rather than a trap stays BAD_OUTPUT.
  ASSERT_TRUE(c.Invoke(PayloadCall("abi", "echo", "333"), &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::BAD_OUTPUT);
  EXPECT_EQ(r.trap().function(), "malloc");
  EXPECT_TRUE(absl::StrContains(r.trap().message(), "returned 0")) << r.trap().message();

  ASSERT_TRUE(c.Invoke(PayloadCall("abi", "echo", "!bang"), &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::UNREACHABLE);
  EXPECT_EQ(r.trap().function(), "free");
  EXPECT_TRUE(absl::StrContains(r.trap().message(), "freeing the output")) << r.trap().message();

  // None of that broke the module for the next call.
  ASSERT_TRUE(c.Invoke(PayloadCall("abi", "echo", "fine"), &r).ok());
  EXPECT_EQ(r.output().value(), "fine") << r.DebugString();
}

TEST_F(InvokeTest, AModuleIsFoundByIdAsWellAsByName) {
  Client c = client();
  v1::ModuleInfo info;
  ASSERT_TRUE(c.Get("typed", &info).ok());
  EXPECT_EQ(info.id().rfind("sha256:", 0), 0u);
  bool found = false;
  for (const auto& e : info.exports()) {
    if (e.name() == "mix") {
      found = true;
      EXPECT_EQ(e.kind(), "func");
      EXPECT_EQ(e.type(), "(i32 i64 f32 f64) -> (f64)");
    }
  }
  EXPECT_TRUE(found);
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(TypedCall(info.id(), "add", {I32(1), I32(1)}), &r).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 2);
}

TEST_F(InvokeTest, AGuestTrapIsAnOkResponseWithTheTrap) {
  Client c = client();
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(TypedCall("typed", "divide", {I32(1), I32(0)}), &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::INTEGER_DIVIDE_BY_ZERO);
  EXPECT_EQ(r.trap().message(), "integer divide by zero");
  EXPECT_NE(r.trap().function().find("divide"), std::string::npos) << r.trap().function();
  ASSERT_TRUE(c.Invoke(TypedCall("typed", "divide", {I32(9), I32(3)}), &r).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 3);
}

TEST_F(InvokeTest, PayloadInPayloadOut) {
  Client c = client();
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(PayloadCall("greet", "greet", "world", "text/plain"), &r).ok());
  ASSERT_TRUE(r.has_output()) << r.DebugString();
  EXPECT_EQ(r.output().value(), "hello, world");
  EXPECT_EQ(r.output().type_url(), "text/plain");
  // A large payload crosses the ABI intact (and the guest's heap grows).
  std::string big(300 * 1024, 'x');
  big[0] = 'A';
  big.back() = 'Z';
  ASSERT_TRUE(c.Invoke(PayloadCall("greet", "greet", big), &r).ok());
  ASSERT_TRUE(r.has_output()) << r.DebugString();
  EXPECT_EQ(r.output().value(), "hello, " + big);
  // The empty payload too.
  ASSERT_TRUE(c.Invoke(PayloadCall("greet", "greet", ""), &r).ok());
  EXPECT_EQ(r.output().value(), "hello, ");
}

TEST_F(InvokeTest, ProtobufPayloadIsDecodedAndAnswered) {
  Client c = client();
  examples::Rect rect;
  rect.set_w(3.5);
  rect.set_h(4);
  rect.set_label("door");
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(PayloadCall("shapes", "area", rect.SerializeAsString(),
                                   "type.googleapis.com/wasmrt.examples.Rect"),
                       &r)
                  .ok());
  ASSERT_TRUE(r.has_output()) << r.DebugString();
  examples::Area area;
  ASSERT_TRUE(area.ParseFromString(r.output().value()));
  EXPECT_EQ(area.area(), 14.0);
  EXPECT_EQ(area.label(), "door");

  // Unknown fields are skipped, as protobuf requires.
  std::string with_unknown = rect.SerializeAsString() + std::string("\xa0\x06\x2a", 3);  // field 100
  ASSERT_TRUE(c.Invoke(PayloadCall("shapes", "area", with_unknown), &r).ok());
  ASSERT_TRUE(r.has_output()) << r.DebugString();
  ASSERT_TRUE(area.ParseFromString(r.output().value()));
  EXPECT_EQ(area.area(), 14.0);

  // A truncated message makes the guest trap: a normal response.
  std::string truncated = rect.SerializeAsString().substr(0, 5);
  ASSERT_TRUE(c.Invoke(PayloadCall("shapes", "area", truncated), &r).ok());
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::UNREACHABLE);
}

TEST_F(InvokeTest, CallsLeaveNoTraceInMemoryHeapOrMemorySize) {
  Client c = client();
  v1::InvokeResponse r;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.Invoke(TypedCall("misbehave", "scribble", {}), &r).ok());
    ASSERT_TRUE(r.has_returned()) << r.DebugString();
    EXPECT_EQ(r.returned().values(0).i32(), 0) << "call " << i << " saw an earlier call's marks";
    EXPECT_EQ(r.stats().peak_memory_bytes(), 3u * 65536) << "2 pages + the one it grew";
    if (i > 0) EXPECT_TRUE(r.stats().warm()) << "call " << i << " did not reuse a pooled instance";
  }
}

TEST_F(InvokeTest, CallsLeaveNoTraceInGlobalsTablesOrMemory) {
  Client c = client();
  v1::InvokeResponse r;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.Invoke(TypedCall("globals", "poke", {}), &r).ok());
    ASSERT_TRUE(r.has_returned()) << r.DebugString();
    EXPECT_EQ(r.returned().values(0).i32(), 1007) << "call " << i;
    if (i > 0) EXPECT_TRUE(r.stats().warm());
  }
}

TEST_F(InvokeTest, UnknownModuleOrExportIsNotFound) {
  Client c = client();
  v1::InvokeResponse r;
  grpc::Status s = c.Invoke(TypedCall("no-such-module", "f", {}), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  s = c.Invoke(TypedCall("sha256:" + std::string(64, '0'), "f", {}), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  s = c.Invoke(TypedCall("typed", "nope", {}), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_NE(s.error_message().find("nope"), std::string::npos);
  s = c.Invoke(TypedCall("typed", "memory", {}), &r);  // an export, not a function
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  v1::ModuleInfo info;
  EXPECT_EQ(c.Get("no-such-module", &info).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(InvokeTest, BadArgumentsAreInvalidArgument) {
  Client c = client();
  v1::InvokeResponse r;
  grpc::Status s = c.Invoke(TypedCall("typed", "add", {I32(1)}), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  s = c.Invoke(TypedCall("typed", "add", {I32(1), I64(2)}), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_NE(s.error_message().find("argument 1"), std::string::npos) << s.error_message();
  v1::Value empty;
  s = c.Invoke(TypedCall("typed", "add", {I32(1), empty}), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  // A payload for a function that does not follow the payload ABI.
  s = c.Invoke(PayloadCall("typed", "add", "x"), &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
}

TEST_F(InvokeTest, LimitsAboveTheCapsAreResourceExhausted) {
  Client c = client();
  v1::InvokeResponse r;
  v1::InvokeRequest req = TypedCall("typed", "add", {I32(1), I32(2)});
  req.mutable_limits()->set_fuel(int64_t(1) << 50);
  EXPECT_EQ(c.Invoke(req, &r).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  req.mutable_limits()->Clear();
  req.mutable_limits()->set_timeout_ms(3'600'000);
  EXPECT_EQ(c.Invoke(req, &r).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  req.mutable_limits()->Clear();
  req.mutable_limits()->set_max_memory_bytes(uint64_t(1) << 40);
  EXPECT_EQ(c.Invoke(req, &r).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  req.mutable_limits()->Clear();
  ASSERT_TRUE(c.Invoke(req, &r).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 3);
}

TEST_F(InvokeTest, NegativeLimitsAreInvalidArgument) {
  Client c = client();
  v1::InvokeResponse r;
  v1::InvokeRequest req = TypedCall("typed", "add", {I32(1), I32(2)});
  req.mutable_limits()->set_fuel(-5);
  grpc::Status s = c.Invoke(req, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "fuel -5")) << s.error_message();
  // The memory and timeout fields are unsigned: -1 written into them by a
  // client arrives as all ones (the wire carries the same varint).
  req.mutable_limits()->Clear();
  req.mutable_limits()->set_max_memory_bytes(uint64_t(-1));
  s = c.Invoke(req, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "max_memory_bytes -1")) << s.error_message();
  req.mutable_limits()->Clear();
  req.mutable_limits()->set_timeout_ms(uint32_t(-1000));
  s = c.Invoke(req, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "timeout_ms -1000")) << s.error_message();
}

TEST_F(InvokeTest, BadUploadsAreInvalidArgumentWithTheOffset) {
  Client c = client();
  v1::ListModulesResponse before;
  ASSERT_TRUE(c.List(&before).ok());
  // Not a module at all.
  grpc::Status s = c.Upload("this is not wasm", "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("offset"), std::string::npos) << s.error_message();
  // A real module cut short.
  std::string typed = ReadFileOrEmpty(Runfile("examples/typed.wasm"));
  s = c.Upload(typed.substr(0, typed.size() - 7), "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("offset"), std::string::npos) << s.error_message();
  // Decodes but does not validate: (func (result i32) (i64.const 0)).
  const char kInvalid[] =
      "\0asm\x01\0\0\0"
      "\x01\x05\x01\x60\x00\x01\x7f"  // type: () -> i32
      "\x03\x02\x01\x00"              // func 0: type 0
      "\x0a\x06\x01\x04\x00\x42\x00\x0b";  // body: i64.const 0; end
  s = c.Upload(std::string(kInvalid, sizeof kInvalid - 1), "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("type mismatch"), std::string::npos) << s.error_message();
  EXPECT_NE(s.error_message().find("offset"), std::string::npos) << s.error_message();
  // Size announced in the header does not match.
  s = c.Upload(typed, "", nullptr, 64 * 1024, int64_t(typed.size()) + 1);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  // A bad name.
  s = c.Upload(typed, "bad name!");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  // Above the size cap: RESOURCE_EXHAUSTED, sent in small chunks.
  s = c.Upload(std::string(kModuleCap + 1000, 'x'), "", nullptr, 4096);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  // Nothing of that was stored.
  v1::ListModulesResponse list;
  ASSERT_TRUE(c.List(&list).ok());
  EXPECT_EQ(list.modules_size(), before.modules_size());
}

TEST_F(InvokeTest, UploadInTinyChunksIsIdempotentAndNamesMove) {
  Client c = client();
  std::string typed = ReadFileOrEmpty(Runfile("examples/typed.wasm"));
  v1::ModuleInfo a, b;
  ASSERT_TRUE(c.Upload(typed, "typed-copy", &a, 7).ok());
  ASSERT_TRUE(c.Get("typed", &b).ok());
  EXPECT_EQ(a.id(), b.id());  // same bytes, same id
  EXPECT_EQ(b.names_size(), 2);
  // Moving the name to another module.
  v1::ModuleInfo g;
  ASSERT_TRUE(c.Upload(ReadFileOrEmpty(Runfile("examples/greet.wasm")), "typed-copy", &g).ok());
  v1::ModuleInfo now;
  ASSERT_TRUE(c.Get("typed-copy", &now).ok());
  EXPECT_EQ(now.id(), g.id());
}

TEST_F(InvokeTest, DeleteRemovesTheModuleAndItsNames) {
  Client c = client();
  std::string id = c.MustUpload("examples/fib.wasm", "fib");
  v1::InvokeResponse r;
  ASSERT_TRUE(c.Invoke(TypedCall("fib", "fib", {I32(10)}), &r).ok());
  EXPECT_EQ(r.returned().values(0).i32(), 55);
  ASSERT_TRUE(c.Delete("fib").ok());
  v1::ModuleInfo info;
  EXPECT_EQ(c.Get(id, &info).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(c.Get("fib", &info).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(c.Invoke(TypedCall(id, "fib", {I32(1)}), &r).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(c.Delete(id).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace wasmrt::testing

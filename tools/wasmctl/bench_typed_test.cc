#include "tools/wasmctl/bench_typed.h"

#include "gtest/gtest.h"
#include "proto/wasmrt.pb.h"
#include "service/rpc_status.h"
#include "tools/wasmctl/bench_report.h"

namespace wasmrt::wasmctl {
namespace {

using Trailers = std::multimap<grpc::string_ref, grpc::string_ref>;

// The trailers of a typed call that ran (service/typed_service.cc's keys).
Trailers RanTrailers() {
  static const std::string kExec = "wasmrt-exec-time-us", kFuel = "wasmrt-fuel-used",
                           kExecValue = "42", kFuelValue = "1234";
  return {{kExec, kExecValue}, {kFuel, kFuelValue}};
}

grpc::Status TrapStatus(v1::Trap::Kind kind) {
  v1::Trap trap;
  trap.set_kind(kind);
  trap.set_message("unreachable");
  std::string message = "shapes.v1.Shapes/Area trapped";
  return grpc::Status(grpc::StatusCode::INTERNAL, message,
                      service::EncodeRpcStatus(int(grpc::StatusCode::INTERNAL), message, trap));
}

TEST(TypedResultOf, AnswerIsOutputWithTheTrailersStats) {
  CallResult r = TypedResultOf(grpc::Status::OK, RanTrailers());
  EXPECT_EQ(r.grpc_code, 0);
  EXPECT_EQ(r.outcome, CallResult::kOutput);
  EXPECT_TRUE(r.has_stats);
  EXPECT_EQ(r.exec_time_us, 42u);
  EXPECT_EQ(r.fuel_used, 1234);
}

TEST(TypedResultOf, TrapInStatusDetailsIsATrapOutcome) {
  CallResult r = TypedResultOf(TrapStatus(v1::Trap::UNREACHABLE), RanTrailers());
  EXPECT_EQ(r.grpc_code, int(grpc::StatusCode::INTERNAL));
  EXPECT_EQ(r.outcome, CallResult::kTrap);
  EXPECT_EQ(r.trap_kind, "unreachable");
  EXPECT_TRUE(r.has_stats);
  EXPECT_EQ(r.exec_time_us, 42u);
}

TEST(TypedResultOf, OtherErrorsAndMissingOrBadTrailers) {
  CallResult r = TypedResultOf(
      grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "unknown method"), RanTrailers());
  EXPECT_EQ(r.grpc_code, int(grpc::StatusCode::UNIMPLEMENTED));
  EXPECT_EQ(r.outcome, CallResult::kNone);
  EXPECT_EQ(r.grpc_message, "unknown method");
  EXPECT_FALSE(r.has_stats);
  // Details that are not a google.rpc.Status: an error, not a trap.
  r = TypedResultOf(grpc::Status(grpc::StatusCode::INTERNAL, "x", "\xff\xff"), {});
  EXPECT_EQ(r.outcome, CallResult::kNone);
  r = TypedResultOf(grpc::Status::OK, {});
  EXPECT_FALSE(r.has_stats);
  static const std::string kExec = "wasmrt-exec-time-us", kBad = "12x";
  r = TypedResultOf(grpc::Status::OK, Trailers{{kExec, kBad}});
  EXPECT_FALSE(r.has_stats);
}

// Finishes every call inline: odd calls trap, every fifth fails.
class TrapIssuer : public CallIssuer {
 public:
  void Start(uint64_t seq, std::function<void(const CallResult&)> done) override {
    if (seq % 5 == 4) {
      done(TypedResultOf(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"), {}));
    } else if (seq % 2 == 1) {
      done(TypedResultOf(TrapStatus(v1::Trap::UNREACHABLE), RanTrailers()));
    } else {
      done(TypedResultOf(grpc::Status::OK, RanTrailers()));
    }
  }
};

TEST(TypedBench, TrapsAreCountedAsOutcomesNotErrors) {
  BenchOptions o;
  o.method = "shapes.v1.Shapes/Area";
  o.concurrency = 2;
  o.count = 100;
  TrapIssuer issuer;
  BenchStats s = RunLoad(o, issuer);
  EXPECT_EQ(s.calls, 100u);
  EXPECT_EQ(s.errors["UNAVAILABLE"], 20u);
  EXPECT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.ok, 80u);
  EXPECT_EQ(s.traps["unreachable"], 40u);  // seq 1, 3, 5, 7 of every 10
  EXPECT_EQ(s.output, 40u);
  EXPECT_EQ(s.exec_time_us.count(), 80u);
  auto j = BuildBenchReport(o, "h:1", s);
  EXPECT_EQ(j["target"]["rpc"], "Typed");
  EXPECT_EQ(j["target"]["method"], "shapes.v1.Shapes/Area");
}

}  // namespace
}  // namespace wasmrt::wasmctl

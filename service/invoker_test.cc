// Execute on a pooled instance, without a server: typed calls with WASI
// state, limits turned into traps, and request errors with their codes.
#include "service/invoker.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/test_guest.h"

namespace wasmrt::service {
namespace {

using ::testing::HasSubstr;

class InvokerTest : public PooledGuestTest {
 protected:
  InvokerTest() : PooledGuestTest(LoadTestGuest("pool_guest")) {}

  absl::StatusOr<v1::InvokeResponse> Run(const v1::InvokeRequest& request, int64_t fuel = 0) {
    v1::Limits limits;
    limits.set_fuel(fuel);
    return Call(request, limits);
  }

  static v1::InvokeRequest Typed(const std::string& function) {
    v1::InvokeRequest r;
    r.set_module("test:pool_guest");
    r.set_function(function);
    r.mutable_args();
    return r;
  }
};

TEST_F(InvokerTest, TypedCallReturnsValuesStdoutAndStats) {
  v1::InvokeRequest r = Typed("hello");
  r.mutable_wasi()->add_args("x");
  auto response = Run(r);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_TRUE(response->has_returned()) << response->DebugString();
  EXPECT_EQ(response->returned().values(0).i32(), 2);  // the program name and "x"
  EXPECT_EQ(response->stdout(), "hi\n");
  EXPECT_GT(response->stats().fuel_used(), 0);
  EXPECT_EQ(response->stats().peak_memory_bytes(), 65536u);
}

TEST_F(InvokerTest, TooLittleFuelIsAFuelExhaustedTrap) {
  auto response = Run(Typed("bump"), /*fuel=*/2);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_TRUE(response->has_trap()) << response->DebugString();
  EXPECT_EQ(response->trap().kind(), v1::Trap::FUEL_EXHAUSTED);
  EXPECT_EQ(response->trap().message(), "fuel exhausted");
}

TEST_F(InvokerTest, UnknownExportIsNotFound) {
  auto response = Run(Typed("nope"));
  EXPECT_EQ(response.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(response.status().message(), HasSubstr("no exported function \"nope\""));
}

TEST_F(InvokerTest, WrongArgumentCountIsInvalidArgument) {
  v1::InvokeRequest r = Typed("bump");
  r.mutable_args()->add_values()->set_i32(1);
  auto response = Run(r);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(response.status().message(), HasSubstr("\"bump\" takes"));
}

TEST_F(InvokerTest, PayloadToAFunctionOutsideTheAbiIsInvalidArgument) {
  v1::InvokeRequest r = Typed("bump");
  r.mutable_payload()->set_value("abc");
  auto response = Run(r);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(response.status().message(),
              HasSubstr("payload calls need a function of type (i32 i32) -> (i64)"));
}

}  // namespace
}  // namespace wasmrt::service

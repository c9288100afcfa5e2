// ResolveLimits: a request's limits after the server's defaults and caps.
#include <chrono>

#include "gtest/gtest.h"
#include "service/invoker.h"

namespace wasmrt::service {
namespace {

ServiceConfig SmallCaps() {
  ServiceConfig c;
  c.default_fuel = 1000;
  c.max_fuel = 5000;
  c.default_memory_bytes = 1 << 16;
  c.max_memory_bytes = 1 << 20;
  c.default_timeout_ms = 100;
  c.max_timeout_ms = 2000;
  return c;
}

absl::StatusOr<CallLimits> Resolve(int64_t fuel, uint64_t memory, uint32_t timeout_ms) {
  v1::Limits l;
  l.set_fuel(fuel);
  l.set_max_memory_bytes(memory);
  l.set_timeout_ms(timeout_ms);
  return ResolveLimits(l, SmallCaps());
}

TEST(CallLimitsTest, ZeroMeansTheServerDefault) {
  absl::StatusOr<CallLimits> l = Resolve(0, 0, 0);
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->fuel, 1000);
  EXPECT_EQ(l->max_memory_bytes, 1u << 16);
  EXPECT_EQ(l->timeout, std::chrono::milliseconds(100));
  EXPECT_EQ(l->deadline, std::chrono::steady_clock::time_point::max());
  EXPECT_EQ(l->interrupt, nullptr);
}

TEST(CallLimitsTest, ValuesUpToTheCapsAreKept) {
  absl::StatusOr<CallLimits> l = Resolve(5000, 1 << 20, 2000);
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->fuel, 5000);
  EXPECT_EQ(l->max_memory_bytes, 1u << 20);
  EXPECT_EQ(l->timeout, std::chrono::milliseconds(2000));
}

TEST(CallLimitsTest, AboveACapIsResourceExhaustedNamingIt) {
  absl::Status fuel = Resolve(5001, 0, 0).status();
  EXPECT_EQ(fuel.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(fuel.message(), "fuel 5001 is above the cap 5000");
  absl::Status memory = Resolve(0, (1 << 20) + 1, 0).status();
  EXPECT_EQ(memory.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(memory.message(), "max_memory_bytes 1048577 is above the cap 1048576");
  absl::Status timeout = Resolve(0, 0, 2001).status();
  EXPECT_EQ(timeout.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(timeout.message(), "timeout_ms 2001 is above the cap 2000");
}

// A negative number written into the unsigned fields arrives with its top
// bit set: it is refused as negative, not as "above the cap".
TEST(CallLimitsTest, NegativeValuesAreInvalidArgument) {
  EXPECT_EQ(Resolve(-1, 0, 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Resolve(0, uint64_t(int64_t(-4096)), 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status timeout = Resolve(0, 0, uint32_t(int32_t(-5))).status();
  EXPECT_EQ(timeout.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(timeout.message(),
            "limits must not be negative: fuel 0, max_memory_bytes 0, timeout_ms -5 (0 means the "
            "server's default)");
}

TEST(CallLimitsTest, TrapCodesMapToTheirKinds) {
  EXPECT_EQ(TrapKind(TrapCode::kUnreachable), v1::Trap::UNREACHABLE);
  EXPECT_EQ(TrapKind(TrapCode::kFuelExhausted), v1::Trap::FUEL_EXHAUSTED);
  EXPECT_EQ(TrapKind(TrapCode::kTimeout), v1::Trap::TIMEOUT);
}

}  // namespace
}  // namespace wasmrt::service

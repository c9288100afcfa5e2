// The instance pool over a pre-linked module: leases, resets and reuses
// instances, keeps each lease's WASI state its own, and creates no host
// functions per instance.
#include "service/instance_pool.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/test_guest.h"

namespace wasmrt::service {
namespace {

using ::testing::HasSubstr;

int32_t CallI32(PooledInstance& p, const std::string& function) {
  auto r = p.store->Call(p.instance->GetExport(function)->func(), {});
  EXPECT_TRUE(r.ok() && r->ok()) << (r.ok() ? r->trap_message : r.status().ToString());
  return r.ok() && r->ok() ? int32_t(r->results[0].i32) : -1;
}

void Configure(PooledInstance& p, std::vector<std::string> args) {
  v1::WasiOptions options;
  for (const std::string& a : args) options.add_args(a);
  ASSERT_TRUE(p.wasi->Configure("hello", options,
                                std::chrono::steady_clock::now() + std::chrono::hours(1))
                  .ok());
}

std::string Stdout(PooledInstance& p) {
  v1::InvokeResponse response;
  p.wasi->Collect(response);
  return response.stdout();
}

TEST(InstancePool, NewInstancesCreateNoHostFunctions) {
  ServiceLinker();  // the process's WASI functions exist from here on
  InstancePool pool(LoadTestGuest("pool_guest"), PoolOptions{});
  uint64_t created = HostFunctionsCreated();
  std::vector<std::unique_ptr<PooledInstance>> leased;
  for (int i = 0; i < 3; ++i) {
    bool warm = true;
    auto p = pool.Acquire(&warm);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_FALSE(warm);
    leased.push_back(std::move(*p));
  }
  EXPECT_EQ(HostFunctionsCreated(), created);
}

TEST(InstancePool, LeaseResetReuse) {
  InstancePool pool(LoadTestGuest("pool_guest"), PoolOptions{});
  bool warm = true;
  auto p = pool.Acquire(&warm);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_FALSE(warm);
  Configure(**p, {"a", "b"});
  EXPECT_EQ(CallI32(**p, "hello"), 3);  // program, a, b
  EXPECT_EQ(CallI32(**p, "bump"), 1);
  EXPECT_EQ(CallI32(**p, "bump"), 2);
  EXPECT_EQ(Stdout(**p), "hi\n");
  PooledInstance* first = p->get();
  pool.Release(std::move(*p), /*reusable=*/true);
  EXPECT_EQ(pool.idle(), 1);

  auto q = pool.Acquire(&warm);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_TRUE(warm);
  EXPECT_EQ(q->get(), first);
  Configure(**q, {});
  EXPECT_EQ(CallI32(**q, "bump"), 1);   // globals back to their initial state
  EXPECT_EQ(CallI32(**q, "hello"), 1);  // the new call's args only
  EXPECT_EQ(Stdout(**q), "hi\n");       // not the previous call's output
  pool.Release(std::move(*q), /*reusable=*/false);
  EXPECT_EQ(pool.idle(), 0);
}

TEST(InstancePool, PoolKeepingNothingInstantiatesEveryLease) {
  PoolOptions options;
  options.min_warm = 0;
  options.max_idle = 0;  // as --pool-disable
  InstancePool pool(LoadTestGuest("pool_guest"), options);
  for (int i = 0; i < 2; ++i) {
    bool warm = true;
    auto p = pool.Acquire(&warm);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_FALSE(warm);
    Configure(**p, {});
    EXPECT_EQ(CallI32(**p, "bump"), 1);
    pool.Release(std::move(*p), /*reusable=*/true);
    EXPECT_EQ(pool.idle(), 0);
  }
}

TEST(InstancePool, ConcurrentLeasesKeepTheirOwnWasiState) {
  InstancePool pool(LoadTestGuest("pool_guest"), PoolOptions{});
  bool warm = false;
  auto a = pool.Acquire(&warm);
  auto b = pool.Acquire(&warm);
  ASSERT_TRUE(a.ok() && b.ok());
  Configure(**a, {"x", "y", "z"});
  Configure(**b, {});
  EXPECT_EQ(CallI32(**b, "hello"), 1);
  EXPECT_EQ(CallI32(**a, "hello"), 4);
  EXPECT_EQ(CallI32(**a, "hello"), 4);
  EXPECT_EQ(Stdout(**a), "hi\nhi\n");
  EXPECT_EQ(Stdout(**b), "hi\n");
}

TEST(InstancePool, UnresolvableImportFailsEveryAcquire) {
  InstancePool pool(LoadTestGuest("pool_bad_import"), PoolOptions{});
  bool warm = true;
  for (int i = 0; i < 2; ++i) {
    auto p = pool.Acquire(&warm);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), absl::StatusCode::kNotFound);
    EXPECT_THAT(p.status().message(), HasSubstr("unknown import: \"env\" \"f\""));
  }
}

}  // namespace
}  // namespace wasmrt::service

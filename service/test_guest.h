// Test support: a guest of service/testdata compiled as the module store
// would hold it, and a fixture that runs requests on one pooled instance of
// it, as the invocation path does but without a server.
#ifndef WASMRT_SERVICE_TEST_GUEST_H_
#define WASMRT_SERVICE_TEST_GUEST_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "proto/wasmrt.pb.h"
#include "service/compiled_module_cache.h"
#include "service/config.h"
#include "service/instance_pool.h"

namespace wasmrt::service {

// service/testdata/`name`.wasm compiled, with the id "test:`name`"; fails
// the test (and leaves `compiled` null) when it does not compile.
std::shared_ptr<const StoredModule> LoadTestGuest(const std::string& name);

// Each test leases one instance of the guest from a pool of its own.
class PooledGuestTest : public ::testing::Test {
 protected:
  explicit PooledGuestTest(std::shared_ptr<const StoredModule> guest)
      : pool_(std::move(guest), PoolOptions{}) {}

  void SetUp() override;

  // Execute on the leased instance under `limits` resolved against config_;
  // ResolveLimits's error when they are refused.
  absl::StatusOr<v1::InvokeResponse> Call(const v1::InvokeRequest& request,
                                          const v1::Limits& limits = v1::Limits());

  ServiceConfig config_;
  InstancePool pool_;
  std::unique_ptr<PooledInstance> instance_;
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_TEST_GUEST_H_

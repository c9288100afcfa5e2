#include "service/test_guest.h"

#include <fstream>
#include <iterator>
#include <vector>

#include "service/invoker.h"

namespace wasmrt::service {

std::shared_ptr<const StoredModule> LoadTestGuest(const std::string& name) {
  std::ifstream in("service/testdata/" + name + ".wasm", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  auto compiled = CompileModule(bytes);
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  auto m = std::make_shared<StoredModule>();
  m->id = "test:" + name;
  m->size_bytes = bytes.size();
  if (compiled.ok()) m->compiled = *compiled;
  return m;
}

void PooledGuestTest::SetUp() {
  bool warm = false;
  auto p = pool_.Acquire(&warm);
  ASSERT_TRUE(p.ok()) << p.status();
  instance_ = std::move(*p);
}

absl::StatusOr<v1::InvokeResponse> PooledGuestTest::Call(const v1::InvokeRequest& request,
                                                         const v1::Limits& limits) {
  auto resolved = ResolveLimits(limits, config_);
  if (!resolved.ok()) return resolved.status();
  bool reusable = false;
  return service::Execute(*instance_, request, *resolved, config_, &reusable);
}

}  // namespace wasmrt::service

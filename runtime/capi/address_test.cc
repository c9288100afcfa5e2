// validate_app_addr/validate_app_str_addr/validate_native_addr and the two
// translations.
#include <cstring>

#include "runtime/capi/test_util.h"

namespace wasmrt::capi::testing {
namespace {

class AddressTest : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    ASSERT_TRUE(i_.Create(TestWasm("basic"), 8092, 0)) << i_.error;  // exactly one page
  }
  Instance i_;
};

TEST_F(AddressTest, AppRanges) {
  EXPECT_TRUE(wasm_runtime_validate_app_addr(i_.inst, 0, 65536));
  EXPECT_TRUE(wasm_runtime_validate_app_addr(i_.inst, 65535, 1));
  EXPECT_TRUE(wasm_runtime_validate_app_addr(i_.inst, 65536, 0));
  EXPECT_EQ(wasm_runtime_get_exception(i_.inst), nullptr);
  EXPECT_FALSE(wasm_runtime_validate_app_addr(i_.inst, 65535, 2));
  EXPECT_EQ(i_.Exception(), "Exception: out of bounds memory access");
  wasm_runtime_clear_exception(i_.inst);
  EXPECT_FALSE(wasm_runtime_validate_app_addr(i_.inst, 0xFFFFFFFF, 0xFFFFFFFF));
  EXPECT_EQ(i_.Exception(), "Exception: out of bounds memory access");
}

TEST_F(AddressTest, AppStrings) {
  EXPECT_TRUE(wasm_runtime_validate_app_str_addr(i_.inst, 16));  // "hello"
  char* end = static_cast<char*>(wasm_runtime_addr_app_to_native(i_.inst, 65534));
  std::memcpy(end, "ab", 2);
  EXPECT_FALSE(wasm_runtime_validate_app_str_addr(i_.inst, 65534));
  EXPECT_FALSE(wasm_runtime_validate_app_str_addr(i_.inst, 65536));
  EXPECT_EQ(i_.Exception(), "Exception: out of bounds memory access");
}

TEST_F(AddressTest, NativeRanges) {
  auto* base = static_cast<uint8_t*>(wasm_runtime_addr_app_to_native(i_.inst, 0));
  ASSERT_NE(base, nullptr);
  EXPECT_TRUE(wasm_runtime_validate_native_addr(i_.inst, base, 65536));
  EXPECT_TRUE(wasm_runtime_validate_native_addr(i_.inst, base + 100, 10));
  EXPECT_FALSE(wasm_runtime_validate_native_addr(i_.inst, base + 65530, 10));
  EXPECT_FALSE(wasm_runtime_validate_native_addr(i_.inst, base - 1, 1));
  int host_variable = 0;
  EXPECT_FALSE(wasm_runtime_validate_native_addr(i_.inst, &host_variable, 4));
  EXPECT_EQ(i_.Exception(), "Exception: out of bounds memory access");
}

TEST_F(AddressTest, Translations) {
  auto* base = static_cast<uint8_t*>(wasm_runtime_addr_app_to_native(i_.inst, 0));
  EXPECT_EQ(wasm_runtime_addr_app_to_native(i_.inst, 1234), base + 1234);
  EXPECT_EQ(wasm_runtime_addr_app_to_native(i_.inst, 65536), nullptr);
  EXPECT_EQ(wasm_runtime_addr_native_to_app(i_.inst, base + 1234), 1234u);
  int host_variable = 0;
  EXPECT_EQ(wasm_runtime_addr_native_to_app(i_.inst, &host_variable), 0u);
  EXPECT_EQ(wasm_runtime_addr_native_to_app(i_.inst, base + 65536), 0u);
}

TEST_F(AddressTest, NoMemory) {
  Instance n;
  ASSERT_TRUE(n.Create(TestWasm("no_memory"))) << n.error;
  EXPECT_FALSE(wasm_runtime_validate_app_addr(n.inst, 0, 0));
  EXPECT_EQ(wasm_runtime_addr_app_to_native(n.inst, 0), nullptr);
  EXPECT_EQ(wasm_runtime_addr_native_to_app(n.inst, &n), 0u);
}

}  // namespace
}  // namespace wasmrt::capi::testing

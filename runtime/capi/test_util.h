// Shared by the C API tests: test modules and a runtime per test.
#ifndef WASMRT_RUNTIME_CAPI_TEST_UTIL_H_
#define WASMRT_RUNTIME_CAPI_TEST_UTIL_H_

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasm_export.h"

namespace wasmrt::capi::testing {

// Bytes of runtime/capi/testdata/<name>.wasm (built from the .wat beside it).
inline std::vector<uint8_t> TestWasm(const std::string& name) {
  std::ifstream in("runtime/capi/testdata/" + name + ".wasm", std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// A module, an instance and an exec env of it, released in reverse order.
struct Instance {
  wasm_module_t module = nullptr;
  wasm_module_inst_t inst = nullptr;
  wasm_exec_env_t env = nullptr;
  char error[256] = {};

  bool Create(std::vector<uint8_t> bytes, uint32_t stack = 8092, uint32_t heap = 8092) {
    module = wasm_runtime_load(bytes.data(), uint32_t(bytes.size()), error, sizeof error);
    if (module == nullptr) return false;
    inst = wasm_runtime_instantiate(module, stack, heap, error, sizeof error);
    if (inst == nullptr) return false;
    env = wasm_runtime_create_exec_env(inst, stack);
    return env != nullptr;
  }
  // argc: the parameter cells (all of argv unless given); argv also
  // receives the results.
  bool Call(const char* name, std::vector<uint32_t>& argv, int argc = -1) {
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, name, nullptr);
    if (f == nullptr) return false;
    uint32_t n = argc < 0 ? uint32_t(argv.size()) : uint32_t(argc);
    return wasm_runtime_call_wasm(env, f, n, argv.data());
  }
  std::string Exception() const {
    const char* e = wasm_runtime_get_exception(inst);
    return e != nullptr ? e : "";
  }
  void Release() {
    if (env != nullptr) wasm_runtime_destroy_exec_env(env);
    if (inst != nullptr) wasm_runtime_deinstantiate(inst);
    if (module != nullptr) wasm_runtime_unload(module);
    env = nullptr;
    inst = nullptr;
    module = nullptr;
  }
  ~Instance() { Release(); }
};

// Stands in for a native that a test does not call: raises an exception.
// The bridge calls it with the import's arguments, which the C calling
// convention lets it ignore.
inline void UnexpectedNative(wasm_exec_env_t env) {
  wasm_runtime_set_exception(wasm_runtime_get_module_inst(env), "unexpected native call");
}

// Registers stand-ins for every native basic.wasm imports, so that it links
// (linking is strict unless lazy linking is on). Natives registered later
// under the same names shadow them.
inline bool RegisterBasicStubs() {
  static NativeSymbol stubs[] = {
      {"read_into", reinterpret_cast<void*>(&UnexpectedNative), nullptr, nullptr},
      {"flush", reinterpret_cast<void*>(&UnexpectedNative), nullptr, nullptr},
      {"sum_buf", reinterpret_cast<void*>(&UnexpectedNative), nullptr, nullptr},
      {"str_len", reinterpret_cast<void*>(&UnexpectedNative), nullptr, nullptr},
      {"mix", reinterpret_cast<void*>(&UnexpectedNative), nullptr, nullptr},
      {"raise", reinterpret_cast<void*>(&UnexpectedNative), nullptr, nullptr},
      {"wide", reinterpret_cast<void*>(&UnexpectedNative), nullptr, nullptr},
  };
  return wasm_runtime_register_natives("env", stubs, sizeof stubs / sizeof stubs[0]);
}

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(wasm_runtime_init());
    ASSERT_TRUE(RegisterBasicStubs());
  }
  void TearDown() override { wasm_runtime_destroy(); }
};

}  // namespace wasmrt::capi::testing

#endif  // WASMRT_RUNTIME_CAPI_TEST_UTIL_H_

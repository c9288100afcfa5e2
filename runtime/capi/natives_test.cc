// wasm_runtime_register_natives: signature strings, pointer checks, exec env
// and attachment, signature mismatches.
#include <cstring>
#include <string>

#include "runtime/capi/test_util.h"

namespace wasmrt::capi::testing {
namespace {

wasm_exec_env_t g_env_seen = nullptr;
void* g_attachment_seen = nullptr;
int g_flush[4];
int g_flush_color;

int32_t ReadInto(wasm_exec_env_t env, char* buf) {
  g_env_seen = env;
  buf[0] = 'o';
  buf[1] = 'k';
  return 2;
}

void Flush(wasm_exec_env_t env, int x, int y, int w, int h, int* color) {
  g_attachment_seen = wasm_runtime_get_function_attachment(env);
  g_flush[0] = x;
  g_flush[1] = y;
  g_flush[2] = w;
  g_flush[3] = h;
  g_flush_color = *reinterpret_cast<uint8_t*>(color);
}

int32_t SumBuf(wasm_exec_env_t, const uint8_t* buf, uint32_t len) {
  int32_t s = 0;
  for (uint32_t k = 0; k < len; ++k) s += buf[k];
  return s;
}

int32_t StrLen(wasm_exec_env_t, const char* s) { return int32_t(std::strlen(s)); }

double Mix(wasm_exec_env_t, int32_t a, int64_t b, float c, double d) {
  return a + double(b) * 10 + c * 100 + d * 1000;
}

void Raise(wasm_exec_env_t env) {
  wasm_module_inst_t module_inst = get_module_inst(env);
  wasm_runtime_set_exception(module_inst, "raised by the host");
}

int64_t Wide(wasm_exec_env_t, int32_t i1, int32_t i2, int32_t i3, int32_t i4, int32_t i5,
             int32_t i6, int32_t i7, int32_t i8, double d1, double d2, double d3, double d4,
             double d5, double d6, double d7, double d8, double d9, double d10, int64_t big,
             float f) {
  int64_t s = i1 + i2 * 2 + i3 * 3 + i4 * 4 + i5 * 5 + i6 * 6 + i7 * 7 + i8 * 8;
  s += int64_t(d1 + d2 * 2 + d3 * 3 + d4 * 4 + d5 * 5 + d6 * 6 + d7 * 7 + d8 * 8 + d9 * 9 +
               d10 * 10);
  return s * 1000 + big + int64_t(f * 2);
}

int g_attachment;
NativeSymbol g_natives[] = {
    EXPORT_WASM_API_WITH_SIG(ReadInto, "(*)i"),
    EXPORT_WASM_API_WITH_ATT(Flush, "(iiii*)", &g_attachment),
    EXPORT_WASM_API_WITH_SIG(SumBuf, "(*~)i"),
    EXPORT_WASM_API_WITH_SIG(StrLen, "($)i"),
    EXPORT_WASM_API_WITH_SIG(Mix, "(iIfF)F"),
    EXPORT_WASM_API_WITH_SIG(Raise, "()"),
    EXPORT_WASM_API_WITH_SIG(Wide, "(iiiiiiiiFFFFFFFFFFIf)I"),
};

class NativesTest : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    // The module imports them under these names.
    static NativeSymbol renamed[7];
    const char* names[] = {"read_into", "flush", "sum_buf", "str_len", "mix", "raise", "wide"};
    for (int k = 0; k < 7; ++k) {
      renamed[k] = g_natives[k];
      renamed[k].symbol = names[k];
    }
    ASSERT_TRUE(wasm_runtime_register_natives("env", renamed, 7));
    ASSERT_TRUE(i_.Create(TestWasm("basic"))) << i_.error;
    std::memcpy(Mem(100), "\x01\x02\x03\x04", 4);
  }
  uint8_t* Mem(uint32_t at) {
    return static_cast<uint8_t*>(wasm_runtime_addr_app_to_native(i_.inst, at));
  }
  uint32_t MemSize() { return 2 * 65536; }  // one page + one app-heap page
  Instance i_;
};

TEST_F(NativesTest, PointerIsTranslatedAndExecEnvComesFirst) {
  std::vector<uint32_t> argv = {200};
  ASSERT_TRUE(i_.Call("call_read", argv)) << i_.Exception();
  EXPECT_EQ(argv[0], 2u);
  EXPECT_EQ(std::memcmp(Mem(200), "ok", 2), 0);
  EXPECT_EQ(g_env_seen, i_.env);
}

TEST_F(NativesTest, IntsThenPointerWithAttachment) {
  std::vector<uint32_t> argv = {1, 2, 3, 4, 100};
  ASSERT_TRUE(i_.Call("call_flush", argv)) << i_.Exception();
  EXPECT_EQ(g_flush[0], 1);
  EXPECT_EQ(g_flush[3], 4);
  EXPECT_EQ(g_flush_color, 1);
  EXPECT_EQ(g_attachment_seen, &g_attachment);
}

TEST_F(NativesTest, PointerOutOfRangeRaisesAndNeverCallsTheNative) {
  g_env_seen = nullptr;
  std::vector<uint32_t> argv = {MemSize()};
  EXPECT_FALSE(i_.Call("call_read", argv));
  EXPECT_EQ(i_.Exception(), "Exception: out of bounds memory access");
  EXPECT_EQ(g_env_seen, nullptr);
  argv = {0xFFFFFFFF};
  EXPECT_FALSE(i_.Call("call_read", argv));
  EXPECT_EQ(i_.Exception(), "Exception: out of bounds memory access");
}

TEST_F(NativesTest, BufferAndLengthAreCheckedTogether) {
  std::vector<uint32_t> argv = {100, 4};
  ASSERT_TRUE(i_.Call("call_sum", argv)) << i_.Exception();
  EXPECT_EQ(argv[0], 10u);
  argv = {MemSize() - 4, 4};  // exactly at the end: fine
  ASSERT_TRUE(i_.Call("call_sum", argv)) << i_.Exception();
  argv = {MemSize() - 4, 5};  // one byte past the end
  EXPECT_FALSE(i_.Call("call_sum", argv));
  EXPECT_EQ(i_.Exception(), "Exception: out of bounds memory access");
  argv = {8, 0xFFFFFFF8};  // a length that wraps around
  EXPECT_FALSE(i_.Call("call_sum", argv));
  EXPECT_EQ(i_.Exception(), "Exception: out of bounds memory access");
  argv = {MemSize(), 0};  // an empty buffer just past the end is still inside
  EXPECT_TRUE(i_.Call("call_sum", argv)) << i_.Exception();
}

TEST_F(NativesTest, StringMustEndInsideMemory) {
  std::vector<uint32_t> argv = {16};  // "hello" from the data segment
  ASSERT_TRUE(i_.Call("call_str_len", argv)) << i_.Exception();
  EXPECT_EQ(argv[0], 5u);
  uint32_t end = MemSize() - 3;
  std::memset(Mem(end), 'z', 3);  // no NUL before the end of memory
  argv = {end};
  EXPECT_FALSE(i_.Call("call_str_len", argv));
  EXPECT_EQ(i_.Exception(), "Exception: out of bounds memory access");
  argv = {MemSize()};
  EXPECT_FALSE(i_.Call("call_str_len", argv));
}

TEST_F(NativesTest, AllNumberTypesInAndOut) {
  std::vector<uint32_t> argv(6);
  int32_t a = -3;
  int64_t b = 5;
  float c = 0.5f;
  double d = 2.25;
  argv[0] = uint32_t(a);
  std::memcpy(&argv[1], &b, 8);
  std::memcpy(&argv[3], &c, 4);
  std::memcpy(&argv[4], &d, 8);
  ASSERT_TRUE(i_.Call("call_mix", argv)) << i_.Exception();
  double r;
  std::memcpy(&r, argv.data(), 8);
  EXPECT_EQ(r, -3 + 50 + 50 + 2250);
}

TEST_F(NativesTest, ArgumentsBeyondTheRegisters) {
  std::vector<uint32_t> argv(2);
  ASSERT_TRUE(i_.Call("call_wide", argv, 0)) << i_.Exception();
  int64_t r;
  std::memcpy(&r, argv.data(), 8);
  EXPECT_EQ(r, Wide(nullptr, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                    1000000000000, 0.5f));
}

TEST_F(NativesTest, NativeRaisesAnException) {
  std::vector<uint32_t> argv;
  EXPECT_FALSE(i_.Call("call_raise", argv));
  EXPECT_EQ(i_.Exception(), "Exception: raised by the host");
}

TEST(NativesMismatchTest, SignatureNotMatchingTheImportFailsNamingIt) {
  ASSERT_TRUE(wasm_runtime_init());
  ASSERT_TRUE(RegisterBasicStubs());
  static NativeSymbol wrong[] = {{"flush", reinterpret_cast<void*>(&Flush), "(iiii*)i", nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("env", wrong, 1));
  {
    Instance i;
    EXPECT_FALSE(i.Create(TestWasm("basic")));
    EXPECT_STREQ(i.error,
                 "WASM module instantiate failed: incompatible import type for \"env\" \"flush\": "
                 "the native's signature \"(iiii*)i\" does not match (i32 i32 i32 i32 i32) -> ()");
  }
  // Unregistering it uncovers the stub registered before.
  EXPECT_TRUE(wasm_runtime_unregister_natives("env", wrong));
  EXPECT_FALSE(wasm_runtime_unregister_natives("env", wrong));
  {
    Instance i;
    ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
    std::vector<uint32_t> argv = {1, 2, 3, 4, 5};
    EXPECT_FALSE(i.Call("call_flush", argv));
    EXPECT_EQ(i.Exception(), "Exception: unexpected native call");
  }
  wasm_runtime_destroy();
}

TEST(NativesMismatchTest, MalformedSignatureIsRefusedAtRegistration) {
  ASSERT_TRUE(wasm_runtime_init());
  static NativeSymbol bad[] = {{"f", reinterpret_cast<void*>(&Raise), "(~*)", nullptr}};
  EXPECT_FALSE(wasm_runtime_register_natives("env", bad, 1));
  EXPECT_FALSE(wasm_runtime_register_natives(nullptr, g_natives, 1));
  wasm_runtime_destroy();
  EXPECT_FALSE(wasm_runtime_register_natives("env", g_natives, 1));  // not initialised
}

int32_t AddNoSig(wasm_exec_env_t, int32_t a) { return a + 1; }

TEST(NativesNoSignatureTest, TypeTakenFromTheImport) {
  ASSERT_TRUE(wasm_runtime_init());
  ASSERT_TRUE(RegisterBasicStubs());
  static NativeSymbol plain[] = {{"read_into", reinterpret_cast<void*>(&AddNoSig), nullptr,
                                  nullptr}};
  ASSERT_TRUE(wasm_runtime_register_natives("env", plain, 1));
  {
    Instance i;
    ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
    std::vector<uint32_t> argv = {0xFFFFFFF0};  // no pointer check without '*'
    ASSERT_TRUE(i.Call("call_read", argv)) << i.Exception();
    EXPECT_EQ(argv[0], 0xFFFFFFF1);
  }
  wasm_runtime_destroy();
}

TEST(NativesInitTest, FullInitRegistersTheNativesOfTheArguments) {
  static NativeSymbol natives[] = {{"read_into", reinterpret_cast<void*>(&ReadInto), "(*)i",
                                    nullptr}};
  RuntimeInitArgs args;
  std::memset(&args, 0, sizeof args);
  args.mem_alloc_type = Alloc_With_System_Allocator;
  args.native_module_name = "env";
  args.native_symbols = natives;
  args.n_native_symbols = 1;
  ASSERT_TRUE(wasm_runtime_full_init(&args));
  // The full_init natives come first: the stubs registered after them would
  // shadow read_into, so the module links lazily instead.
  ASSERT_TRUE(wasm_runtime_set_lazy_linking(true));
  {
    Instance i;
    ASSERT_TRUE(i.Create(TestWasm("basic"))) << i.error;
    std::vector<uint32_t> argv = {300};
    ASSERT_TRUE(i.Call("call_read", argv)) << i.Exception();
    EXPECT_EQ(argv[0], 2u);
  }
  wasm_runtime_destroy();
}

}  // namespace
}  // namespace wasmrt::capi::testing

// End-to-end tests of the host functions through a guest that forwards to
// them (so the functions see the guest's memory as its caller): capped
// output, deterministic clock/random, pointer validation, proc_exit and a
// path escape.
#include "wasi/wasi.h"

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "wasi/context.h"
#include "wasi/errno.h"

namespace wasmrt::wasi {
namespace {

// (module
//   (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
//   (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
//   (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
//   (import "wasi_snapshot_preview1" "path_open"
//     (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
//   (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
//   (memory (export "memory") 1)
//   (func (export "fd_write") (param i32 i32 i32 i32) (result i32) <forward to $fd_write>)
//   (func (export "random_get") (param i32 i32) (result i32) <forward>)
//   (func (export "clock_time_get") (param i32 i64 i32) (result i32) <forward>)
//   (func (export "path_open") (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32) <forward>)
//   (func (export "exit") (param i32) (call $proc_exit (local.get 0))))
const uint8_t kForwarder[] = {
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x27, 0x05, 0x60,
  0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01,
  0x7f, 0x60, 0x03, 0x7f, 0x7e, 0x7f, 0x01, 0x7f, 0x60, 0x09, 0x7f, 0x7f,
  0x7f, 0x7f, 0x7f, 0x7e, 0x7e, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f,
  0x00, 0x02, 0xb5, 0x01, 0x05, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73,
  0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76,
  0x69, 0x65, 0x77, 0x31, 0x08, 0x66, 0x64, 0x5f, 0x77, 0x72, 0x69, 0x74,
  0x65, 0x00, 0x00, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61,
  0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65,
  0x77, 0x31, 0x0a, 0x72, 0x61, 0x6e, 0x64, 0x6f, 0x6d, 0x5f, 0x67, 0x65,
  0x74, 0x00, 0x01, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61,
  0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65,
  0x77, 0x31, 0x0e, 0x63, 0x6c, 0x6f, 0x63, 0x6b, 0x5f, 0x74, 0x69, 0x6d,
  0x65, 0x5f, 0x67, 0x65, 0x74, 0x00, 0x02, 0x16, 0x77, 0x61, 0x73, 0x69,
  0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72,
  0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09, 0x70, 0x61, 0x74, 0x68, 0x5f,
  0x6f, 0x70, 0x65, 0x6e, 0x00, 0x03, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f,
  0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65,
  0x76, 0x69, 0x65, 0x77, 0x31, 0x09, 0x70, 0x72, 0x6f, 0x63, 0x5f, 0x65,
  0x78, 0x69, 0x74, 0x00, 0x04, 0x03, 0x06, 0x05, 0x00, 0x01, 0x02, 0x03,
  0x04, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x46, 0x06, 0x06, 0x6d, 0x65,
  0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x08, 0x66, 0x64, 0x5f, 0x77, 0x72,
  0x69, 0x74, 0x65, 0x00, 0x05, 0x0a, 0x72, 0x61, 0x6e, 0x64, 0x6f, 0x6d,
  0x5f, 0x67, 0x65, 0x74, 0x00, 0x06, 0x0e, 0x63, 0x6c, 0x6f, 0x63, 0x6b,
  0x5f, 0x74, 0x69, 0x6d, 0x65, 0x5f, 0x67, 0x65, 0x74, 0x00, 0x07, 0x09,
  0x70, 0x61, 0x74, 0x68, 0x5f, 0x6f, 0x70, 0x65, 0x6e, 0x00, 0x08, 0x04,
  0x65, 0x78, 0x69, 0x74, 0x00, 0x09, 0x0a, 0x40, 0x05, 0x0c, 0x00, 0x20,
  0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03, 0x10, 0x00, 0x0b, 0x08, 0x00,
  0x20, 0x00, 0x20, 0x01, 0x10, 0x01, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x20,
  0x01, 0x20, 0x02, 0x10, 0x02, 0x0b, 0x16, 0x00, 0x20, 0x00, 0x20, 0x01,
  0x20, 0x02, 0x20, 0x03, 0x20, 0x04, 0x20, 0x05, 0x20, 0x06, 0x20, 0x07,
  0x20, 0x08, 0x10, 0x03, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x04, 0x0b
};

class WasiGuest : public ::testing::Test {
 protected:
  // (Re)creates the context, the store and the instance.
  void Start(WasiConfig config) {
    instance_ = nullptr;
    store_ = std::make_unique<Store>();
    linker_ = Linker();
    auto ctx = WasiContext::Create(std::move(config));
    ASSERT_TRUE(ctx.ok()) << ctx.status();
    ctx_ = std::move(*ctx);
    DefineWasi(linker_, *store_, *ctx_);
    auto module = CompileModule(kForwarder);
    ASSERT_TRUE(module.ok()) << module.status();
    auto imports = linker_.Resolve(**module);
    ASSERT_TRUE(imports.ok()) << imports.status();
    auto instance = store_->Instantiate(*module, *imports);
    ASSERT_TRUE(instance.ok()) << instance.status();
    instance_ = *instance;
    memory_ = MemoryData(instance_->GetExport("memory")->memory());
  }

  ExecResult Invoke(const char* name, std::vector<Value> args) {
    auto r = store_->Call(instance_->GetExport(name)->func(), args);
    EXPECT_TRUE(r.ok()) << r.status();
    return *r;
  }
  // Calls an errno-returning forwarder.
  Errno Call(const char* name, std::vector<Value> args) {
    ExecResult r = Invoke(name, std::move(args));
    EXPECT_TRUE(r.ok()) << r.trap_message;
    return r.results.empty() ? Errno::kIo : Errno(r.results[0].i32);
  }
  void Put32(uint32_t at, uint32_t v) { std::memcpy(memory_ + at, &v, 4); }
  uint32_t Get32(uint32_t at) {
    uint32_t v;
    std::memcpy(&v, memory_ + at, 4);
    return v;
  }
  uint64_t Get64(uint32_t at) {
    uint64_t v;
    std::memcpy(&v, memory_ + at, 8);
    return v;
  }
  // One ciovec at 0 for the bytes placed at 100.
  void PutIovec(const std::string& bytes) {
    std::memcpy(memory_ + 100, bytes.data(), bytes.size());
    Put32(0, 100);
    Put32(4, uint32_t(bytes.size()));
  }

  static Value I32(uint32_t v) { return Value::I32(v); }

  std::unique_ptr<WasiContext> ctx_;  // outlives the store that calls into it
  std::unique_ptr<Store> store_;
  Linker linker_;
  ModuleInstance* instance_ = nullptr;
  uint8_t* memory_ = nullptr;
};

TEST_F(WasiGuest, StdoutGoesToACappedBufferAndReportsTruncation) {
  WasiConfig config;
  config.stdout_cap = 8;
  config.stderr_cap = 8;
  Start(config);
  PutIovec("hello, ");
  EXPECT_EQ(Call("fd_write", {I32(1), I32(0), I32(1), I32(16)}), Errno::kSuccess);
  EXPECT_EQ(Get32(16), 7u);
  EXPECT_FALSE(ctx_->stdout_buffer()->truncated());
  PutIovec("world");
  EXPECT_EQ(Call("fd_write", {I32(1), I32(0), I32(1), I32(16)}), Errno::kSuccess);
  EXPECT_EQ(Get32(16), 5u);  // the guest sees a full write
  EXPECT_EQ(ctx_->stdout_buffer()->data(), "hello, w");
  EXPECT_TRUE(ctx_->stdout_buffer()->truncated());
  EXPECT_EQ(ctx_->stderr_buffer()->data(), "");
}

TEST_F(WasiGuest, OutOfBoundsPointersAreFaultsNotTraps) {
  WasiConfig config;
  config.stdout_cap = 64;
  Start(config);
  // The iovec array itself past the end (and wrapping in 32 bits).
  EXPECT_EQ(Call("fd_write", {I32(1), I32(65536 - 4), I32(1), I32(16)}), Errno::kFault);
  EXPECT_EQ(Call("fd_write", {I32(1), I32(0xFFFFFFF8u), I32(2), I32(16)}), Errno::kFault);
  // A huge count whose byte size would overflow 32 bits.
  EXPECT_EQ(Call("fd_write", {I32(1), I32(0), I32(0x20000001u), I32(16)}), Errno::kFault);
  // A buffer that runs off the end.
  Put32(0, 65530);
  Put32(4, 7);
  EXPECT_EQ(Call("fd_write", {I32(1), I32(0), I32(1), I32(16)}), Errno::kFault);
  // The result pointer out of bounds: nothing is written at all.
  PutIovec("x");
  EXPECT_EQ(Call("fd_write", {I32(1), I32(0), I32(1), I32(65534)}), Errno::kFault);
  EXPECT_EQ(ctx_->stdout_buffer()->data(), "");
  EXPECT_EQ(Call("random_get", {I32(65000), I32(1000)}), Errno::kFault);
  EXPECT_EQ(Call("random_get", {I32(65536), I32(0)}), Errno::kSuccess);  // empty, at the end
  EXPECT_EQ(Call("clock_time_get", {I32(0), Value::I64(0), I32(65532)}), Errno::kFault);
}

TEST_F(WasiGuest, BadFdIsBadf) {
  Start({});
  PutIovec("x");
  EXPECT_EQ(Call("fd_write", {I32(77), I32(0), I32(1), I32(16)}), Errno::kBadf);
}

TEST_F(WasiGuest, DeterministicClockAndRandomRepeat) {
  std::vector<uint64_t> times;
  std::vector<std::string> randoms;
  for (int run = 0; run < 2; ++run) {
    WasiConfig config;
    config.deterministic = true;
    config.seed = 42;
    config.start_time_ns = 1'000'000'000'000ull;
    Start(config);
    EXPECT_EQ(Call("clock_time_get", {I32(0), Value::I64(0), I32(8)}), Errno::kSuccess);
    times.push_back(Get64(8));
    EXPECT_EQ(Call("clock_time_get", {I32(1), Value::I64(0), I32(8)}), Errno::kSuccess);
    times.push_back(Get64(8));
    EXPECT_EQ(Call("random_get", {I32(200), I32(32)}), Errno::kSuccess);
    randoms.emplace_back(reinterpret_cast<char*>(memory_ + 200), 32);
  }
  EXPECT_EQ(times[0], 1'000'000'000'000ull + WasiClock::kTickNs);
  EXPECT_EQ(times[1], 2 * WasiClock::kTickNs);  // monotonic starts at 0, one tick per read
  EXPECT_EQ(times[0], times[2]);
  EXPECT_EQ(times[1], times[3]);
  EXPECT_EQ(randoms[0], randoms[1]);
  EXPECT_NE(randoms[0], std::string(32, '\0'));
  EXPECT_EQ(Call("clock_time_get", {I32(9), Value::I64(0), I32(8)}), Errno::kInval);
}

TEST_F(WasiGuest, ProcExitEndsTheCallWithTheCode) {
  Start({});
  ExecResult r = Invoke("exit", {I32(42)});
  EXPECT_EQ(r.trap, TrapCode::kExit);
  EXPECT_EQ(r.exit_code, 42);
}

// A guest looping on WASI calls runs few wasm instructions between them, so
// the calls check the deadline themselves (wasmrun --timeout, the service).
TEST_F(WasiGuest, CallsAfterTheDeadlineTrapWithTimeoutAndDoNotRun) {
  Start({});
  ctx_->set_deadline(std::chrono::steady_clock::now() + std::chrono::hours(1));
  EXPECT_EQ(Call("random_get", {I32(0), I32(8)}), Errno::kSuccess);
  std::memset(memory_, 0, 8);
  ctx_->set_deadline(std::chrono::steady_clock::now() - std::chrono::seconds(1));
  ExecResult r = Invoke("random_get", {I32(0), I32(8)});
  EXPECT_EQ(r.trap, TrapCode::kTimeout);
  EXPECT_NE(r.trap_message.find("execution timed out"), std::string::npos) << r.trap_message;
  EXPECT_EQ(Get64(0), 0u);  // random_get did not write
}

TEST_F(WasiGuest, PathOpenEscapesAreNotcapable) {
  namespace fs = std::filesystem;
  std::string base = ::testing::TempDir() + "/wasi_guest_escape";
  fs::remove_all(base);
  fs::create_directories(base + "/root");
  fs::create_directories(base + "/outside");
  WasiConfig config;
  config.preopens.push_back({base + "/root", "/", false});
  Start(config);
  auto open = [&](const std::string& path) {
    std::memcpy(memory_ + 300, path.data(), path.size());
    // oflags DIRECTORY, rights fd_readdir | path_open (a read-only directory)
    return Call("path_open", {I32(3), I32(1), I32(300), I32(uint32_t(path.size())), I32(2),
                              Value::I64((1 << 14) | (1 << 13)), Value::I64(0), I32(0), I32(16)});
  };
  EXPECT_EQ(open("../outside"), Errno::kNotcapable);
  EXPECT_EQ(open("/etc"), Errno::kNotcapable);
  EXPECT_EQ(open("missing"), Errno::kNoent);
  EXPECT_EQ(open("."), Errno::kSuccess);
  EXPECT_EQ(Get32(16), 4u);  // the lowest free fd
  // Write rights on a directory: EISDIR, as open(2) says.
  std::memcpy(memory_ + 300, ".", 1);
  EXPECT_EQ(Call("path_open", {I32(3), I32(0), I32(300), I32(1), I32(2), Value::I64(1 << 6),
                               Value::I64(0), I32(0), I32(16)}),
            Errno::kIsdir);
}

}  // namespace
}  // namespace wasmrt::wasi

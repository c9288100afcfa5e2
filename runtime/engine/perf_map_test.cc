#include "runtime/engine/perf_map.h"

#include <cstdint>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/jit/compiler.h"

namespace wasmrt {
namespace {

std::shared_ptr<const CompiledModule> Compile(Tier tier) {
  std::ifstream in("runtime/engine/testdata/fusion.wasm", std::ios::binary);
  EXPECT_TRUE(in.good());
  std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
  auto module = CompileModule(bytes, CompileOptions{.tier = tier});
  EXPECT_TRUE(module.ok()) << module.status();
  return *module;
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

TEST(PerfMap, OneLinePerCompiledFunctionWithItsCodeAndName) {
  if (!jit::Supported()) GTEST_SKIP() << "no compiling tier on this machine";
  auto module = Compile(Tier::kJit);
  const jit::JitModule* jit = module->jit();
  ASSERT_NE(jit, nullptr);
  std::string path = TempPath("one.map");
  std::remove(path.c_str());
  ASSERT_TRUE(AppendPerfMap(*module, "fusion", path).ok());
  std::vector<std::string> lines = Lines(path);
  ASSERT_EQ(lines.size(), jit->compiled_count());
  ASSERT_GT(lines.size(), 0u);
  uint32_t imported = module->ir().num_imported_funcs;
  size_t line = 0;
  bool saw_named = false;
  for (uint32_t d = 0; d < module->ir().functions.size(); ++d) {
    absl::Span<const uint8_t> code = jit->code(d);
    if (code.empty()) continue;
    std::istringstream fields(lines[line++]);
    std::string start, size, name;
    fields >> start >> size >> name;
    EXPECT_EQ(std::stoull(start, nullptr, 16), reinterpret_cast<uintptr_t>(code.data()));
    EXPECT_EQ(std::stoull(size, nullptr, 16), code.size());
    std::string expected(module->FunctionName(imported + d));
    EXPECT_EQ(name, "wasm[fusion]::" + expected);
    saw_named |= expected == "f_loop";
  }
  EXPECT_TRUE(saw_named);
  // Appending: a second module (or the same one again) adds its lines.
  ASSERT_TRUE(AppendPerfMap(*module, "fusion", path).ok());
  EXPECT_EQ(Lines(path).size(), 2 * jit->compiled_count());
}

TEST(PerfMap, InterpretedModuleAddsNothing) {
  auto module = Compile(Tier::kInterp);
  std::string path = TempPath("interp.map");
  std::remove(path.c_str());
  ASSERT_TRUE(AppendPerfMap(*module, "fusion", path).ok());
  EXPECT_TRUE(Lines(path).empty());
}

TEST(PerfMap, UnwritablePathIsAnError) {
  if (!jit::Supported()) GTEST_SKIP() << "no compiling tier on this machine";
  auto module = Compile(Tier::kJit);
  absl::Status s = AppendPerfMap(*module, "fusion", "/nonexistent-dir/perf.map");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("/nonexistent-dir/perf.map"), std::string::npos) << s;
}

TEST(PerfMap, PathNamesThisProcess) {
  EXPECT_EQ(PerfMapPath(), "/tmp/perf-" + std::to_string(getpid()) + ".map");
}

}  // namespace
}  // namespace wasmrt

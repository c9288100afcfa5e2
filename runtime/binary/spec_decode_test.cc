// Runs the decoder over every binary the official core suite holds: each
// `module` must decode, each binary `assert_malformed` must fail. The .wast
// files are converted with Debian's wast2json at run time; the test skips
// when the suite or the tool is absent (WASMRT_TESTDATA overrides the place).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "runtime/binary/decoder.h"

namespace wasmrt {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// The folder holding the core .wast files, or empty if none is found.
fs::path FindCoreDir() {
  std::vector<fs::path> candidates;
  if (std::string env = Env("WASMRT_TESTDATA"); !env.empty()) {
    candidates.push_back(fs::path(env) / "spec/core");
    candidates.push_back(fs::path(env) / "core");
  }
  if (std::string dir = Env("TEST_SRCDIR"); !dir.empty()) {
    candidates.push_back(fs::path(dir) / "testdata/spec/core");
    candidates.push_back(fs::path(dir) / "wasmrt/external/testdata/spec/core");
  }
  for (const fs::path& p : candidates) {
    if (fs::exists(p / "binary.wast")) return p;
  }
  return {};
}

std::vector<uint8_t> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

struct Tally {
  int decoded = 0, rejected = 0;
  std::vector<std::string> wrongly_rejected, wrongly_accepted, other_text, no_datacount;
};

void CheckCommand(const fs::path& dir, const std::string& wast,
                  const nlohmann::json& cmd, Tally* tally) {
  const std::string type = cmd.value("type", "");
  // Invalid, unlinkable and uninstantiable modules are well-formed binaries.
  const bool must_decode = type == "module" || type == "assert_invalid" ||
                           type == "assert_unlinkable" || type == "assert_uninstantiable";
  const bool must_fail =
      type == "assert_malformed" && cmd.value("module_type", "") == "binary";
  if (!must_decode && !must_fail) return;
  const std::string file = cmd.value("filename", "");
  const std::string where = wast + ":" + std::to_string(cmd.value("line", 0)) + " " + type;
  absl::StatusOr<Module> m = DecodeModule(ReadFile(dir / file));
  const std::string want = cmd.value("text", "");
  const std::string got(m.ok() ? "" : m.status().message());
  if (must_decode) {
    ++tally->decoded;
    if (m.ok()) return;
    // The reader rejects `select` with two types itself, in the spec's words.
    if (type == "assert_invalid" && got.rfind(want, 0) == 0) return;
    // wast2json writes no datacount section for text modules without data
    // segments; the spec checks those modules as text, before any binary.
    if (type == "assert_invalid" && got.rfind("data count section required", 0) == 0) {
      tally->no_datacount.push_back(where);
      return;
    }
    tally->wrongly_rejected.push_back(where + " " + got);
    return;
  }
  ++tally->rejected;
  if (m.ok()) {
    tally->wrongly_accepted.push_back(where + " (want \"" + want + "\")");
  } else if (got.rfind(want, 0) != 0) {
    tally->other_text.push_back(where + " want \"" + want + "\" got \"" + got + "\"");
  }
}

void Print(const char* title, const std::vector<std::string>& lines) {
  std::printf("%s: %zu\n", title, lines.size());
  for (const std::string& l : lines) std::printf("  %s\n", l.c_str());
}

TEST(SpecDecodeTest, CoreSuiteBinaries) {
  const fs::path core = FindCoreDir();
  if (core.empty()) GTEST_SKIP() << "spec suite not found (set WASMRT_TESTDATA)";
  if (std::system("wast2json --version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "wast2json not available";
  }
  const fs::path out = fs::path(Env("TEST_TMPDIR").empty() ? "/tmp" : Env("TEST_TMPDIR")) /
                       "spec_decode";
  fs::create_directories(out);
  Tally tally;
  std::vector<std::string> unconverted;
  for (const auto& entry : fs::directory_iterator(core)) {
    const std::string stem = entry.path().stem().string();
    if (entry.path().extension() != ".wast") continue;
    const fs::path json = out / (stem + ".json");
    const std::string cmd = "wast2json --enable-all '" + entry.path().string() + "' -o '" +
                            json.string() + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      unconverted.push_back(stem);
      continue;
    }
    std::ifstream in(json);
    nlohmann::json script = nlohmann::json::parse(in, nullptr, false);
    if (script.is_discarded()) continue;
    for (const nlohmann::json& c : script["commands"]) CheckCommand(out, stem, c, &tally);
  }
  std::printf("modules decoded: %d, binary assert_malformed: %d\n", tally.decoded,
              tally.rejected);
  Print("wast2json could not convert", unconverted);
  Print("valid modules rejected", tally.wrongly_rejected);
  Print("malformed modules accepted", tally.wrongly_accepted);
  Print("rejected with another text", tally.other_text);
  Print("assert_invalid converted without datacount section", tally.no_datacount);
  EXPECT_TRUE(tally.wrongly_rejected.empty());
  EXPECT_TRUE(tally.wrongly_accepted.empty());
}

}  // namespace
}  // namespace wasmrt

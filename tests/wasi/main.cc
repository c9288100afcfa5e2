// wasi_test: runs the official WASI test suite (wasi-testsuite, preview1)
// against the WASI layer and prints one line per test, then the totals:
//
//   wasi_test [--testdata DIR] [--timeout SECONDS] [--resolver openat2|walk]
//             [--tier auto|interp|jit] [FILTER...]
//
// DIR holds wasi-testsuite/ (default: $WASMRT_TESTDATA, the test's runfiles,
// then ../shared/testdata). FILTERs keep the tests whose "suite/name"
// contains one of them. Each suite's fixtures are copied to a temporary
// directory, which is preopened as the guest's "/". Exit status 1 when a
// test failed; 0 (with a loud line) when the suite is absent. --resolver
// forces one of the WASI layer's path resolvers (default: openat2 when the
// kernel has it). --tier compiles the modules for that tier (default interp)
// and names it in the totals line: "wasi[jit]: N passed, N failed, ...".
#include <stdlib.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/numbers.h"
#include "runtime/engine/engine.h"
#include "tests/wasi/runner.h"
#include "wasi/path_resolver.h"

namespace wasmrt::wasi_suite {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

bool HasSuite(const fs::path& testdata) {
  std::error_code ec;
  return fs::is_directory(testdata / "wasi-testsuite" / "tests", ec);
}

// --testdata, else $WASMRT_TESTDATA, else runfiles, else ../shared/testdata.
fs::path FindSuite(const std::optional<std::string>& flag, const char* argv0) {
  if (flag.has_value()) return fs::path(*flag) / "wasi-testsuite";
  if (std::string env = Env("WASMRT_TESTDATA"); !env.empty()) {
    return fs::path(env) / "wasi-testsuite";
  }
  std::vector<fs::path> candidates;
  for (const char* var : {"TEST_SRCDIR", "RUNFILES_DIR"}) {
    std::string dir = Env(var);
    if (dir.empty()) continue;
    std::string ws = Env("TEST_WORKSPACE");
    candidates.push_back(fs::path(dir) / (ws.empty() ? "wasmrt" : ws) / "external/testdata");
    candidates.push_back(fs::path(dir) / "testdata");
  }
  candidates.push_back(fs::path(std::string(argv0) + ".runfiles") / "wasmrt/external/testdata");
  candidates.push_back("external/testdata");
  for (const fs::path& p : candidates) {
    if (HasSuite(p)) return p / "wasi-testsuite";
  }
  std::string ws = Env("BUILD_WORKSPACE_DIRECTORY");
  fs::path base = ws.empty() ? fs::current_path() : fs::path(ws);
  return (base / ".." / "shared/testdata/wasi-testsuite").lexically_normal();
}

std::optional<std::string> MakeTempDir() {
  std::string base = Env("TEST_TMPDIR");
  if (base.empty()) base = Env("TMPDIR");
  if (base.empty()) base = "/tmp";
  std::string tmpl = base + "/wasmrt-wasi-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) return std::nullopt;
  return tmpl;
}

// A writable copy of `src` (runfiles are symlinks to read-only sources).
bool CopyFixtures(const fs::path& src, const fs::path& dst) {
  std::error_code ec;
  fs::create_directories(dst, ec);
  fs::copy(src, dst, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  if (ec) return false;
  for (auto it = fs::recursive_directory_iterator(dst, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::add, ec);
  }
  return true;
}

bool Selected(const std::vector<std::string>& filters, const std::string& id) {
  if (filters.empty()) return true;
  for (const std::string& f : filters) {
    if (id.find(f) != std::string::npos) return true;
  }
  return false;
}

int Main(int argc, char** argv) {
  std::optional<std::string> testdata;
  int timeout_s = 5;
  std::vector<std::string> filters;
  Tier tier = Tier::kInterp;
  std::string label = "wasi";  // "wasi[jit]" with --tier
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--testdata" && i + 1 < argc) {
      testdata = argv[++i];
    } else if (a.rfind("--testdata=", 0) == 0) {
      testdata = a.substr(11);
    } else if (a == "--timeout" && i + 1 < argc) {
      if (!absl::SimpleAtoi(argv[++i], &timeout_s)) timeout_s = 5;
    } else if (a == "--resolver" && i + 1 < argc) {
      std::string r = argv[++i];
      if (r != "openat2" && r != "walk") {
        std::fprintf(stderr, "wasi_test: --resolver is openat2 or walk\n");
        return 2;
      }
      wasi::SetResolveMode(r == "walk" ? wasi::ResolveMode::kWalk : wasi::ResolveMode::kOpenat2);
    } else if (a.rfind("--tier", 0) == 0 && (a.size() == 6 || a[6] == '=')) {
      std::string name = a.size() > 6 ? a.substr(7) : (i + 1 < argc ? argv[++i] : "");
      absl::StatusOr<Tier> t = ParseTier(name);
      if (!t.ok()) {
        std::fprintf(stderr, "wasi_test: --tier: %s\n", std::string(t.status().message()).c_str());
        return 2;
      }
      tier = *t;
      label = "wasi[" + name + "]";
    } else if (a.rfind("--", 0) == 0) {
      std::fprintf(stderr,
                   "usage: wasi_test [--testdata DIR] [--timeout SECONDS] "
                   "[--resolver openat2|walk] [--tier auto|interp|jit] [FILTER...]\n");
      return 2;
    } else {
      filters.push_back(a);
    }
  }
  fs::path suite_root = FindSuite(testdata, argv[0]);
  if (!fs::is_directory(suite_root / "tests")) {
    std::printf("WASI SUITE NOT FOUND at %s: skipped (set WASMRT_TESTDATA)\n", suite_root.c_str());
    return 0;
  }
  std::optional<std::string> tmp = MakeTempDir();
  if (!tmp.has_value()) {
    std::fprintf(stderr, "wasi_test: cannot create a temporary directory\n");
    return 2;
  }
  std::printf("wasi suite: %s\n", fs::absolute(suite_root).c_str());
  int passed = 0, failed = 0, skipped = 0, machine_code = 0;
  for (const Suite& suite : DiscoverSuites(suite_root.string())) {
    if (!suite.error.empty()) {
      std::printf("FAIL %s: %s\n", suite.name.c_str(), suite.error.c_str());
      ++failed;
    }
    fs::path copy = fs::path(*tmp) / suite.name;
    bool copied = false;
    for (const TestCase& t : suite.tests) {
      std::string id = suite.name + "/" + t.name;
      if (!Selected(filters, id)) continue;
      if (suite.version != "wasm32-wasip1") {
        std::printf("SKIP %s (WASI version %s)\n", id.c_str(), suite.version.c_str());
        ++skipped;
        continue;
      }
      std::optional<std::string> root;
      if (t.root.has_value()) {
        fs::path fixture = copy / *t.root;
        if (!copied) {
          if (!CopyFixtures(fs::path(suite.dir) / *t.root, fixture)) {
            std::printf("FAIL %s: cannot copy fixtures %s\n", id.c_str(), t.root->c_str());
            ++failed;
            continue;
          }
          copied = true;
        }
        root = fixture.string();
        RemoveCleanupFiles(*root);
      }
      Outcome o = RunTest(t, root, timeout_s, tier);
      if (o.machine_code) ++machine_code;
      if (root.has_value()) RemoveCleanupFiles(*root);
      if (o.passed) {
        std::printf("PASS %s\n", id.c_str());
        ++passed;
      } else {
        std::printf("FAIL %s: %s\n", id.c_str(), o.detail.c_str());
        ++failed;
      }
      std::fflush(stdout);
    }
  }
  std::error_code ec;
  fs::remove_all(*tmp, ec);
  if (tier != Tier::kInterp) {
    std::printf("modules with machine code: %d of %d run\n", machine_code, passed + failed);
  }
  std::printf("%s: %d passed, %d failed, %d skipped\n", label.c_str(), passed, failed, skipped);
  return failed > 0 ? 1 : 0;
}

}  // namespace
}  // namespace wasmrt::wasi_suite

int main(int argc, char** argv) { return wasmrt::wasi_suite::Main(argc, argv); }

// spec_runner: runs the WebAssembly core spec tests (core/*.wast) against the
// engine API and prints one line per file, then the totals.
//
//   spec_runner [--testdata DIR] [--no-fork] [--command-timeout S]
//               [--details N] [--tier=auto|interp|jit] [FILTER...]
//
// DIR is the testdata folder that holds spec/core/*.wast. FILTERs select the
// files whose name contains one of them. The SIMD files (simd_*.wast) run
// like every other; `--simd`, which once enabled them, is accepted and
// ignored. Exit status 1 when an assertion failed, else 0 (also when the
// suite is absent: it is skipped loudly).
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "tests/spec/process.h"
#include "tests/spec/suite.h"

namespace wasmrt::spec {
namespace {

namespace fs = std::filesystem;

struct Flags {
  std::optional<std::string> testdata;
  bool fork = true;
  int command_timeout_s = 60;
  int details = 5;
  std::vector<std::string> filters;
  Tier tier = Tier::kInterp;
};

void Usage() {
  std::fprintf(stderr,
               "usage: spec_runner [--testdata DIR] [--no-fork] "
               "[--command-timeout SECONDS] [--details N] [--tier=auto|interp|jit] "
               "[FILTER...]\n");
}

// Accepts "--name value" and "--name=value".
bool TakeValue(int argc, char** argv, int& i, absl::string_view name, std::string* value) {
  absl::string_view arg = argv[i];
  if (arg == name && i + 1 < argc) {
    *value = argv[++i];
    return true;
  }
  if (absl::StartsWith(arg, name) && arg.size() > name.size() && arg[name.size()] == '=') {
    *value = std::string(arg.substr(name.size() + 1));
    return true;
  }
  return false;
}

std::optional<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    std::string value;
    if (TakeValue(argc, argv, i, "--testdata", &value)) {
      flags.testdata = value;
    } else if (TakeValue(argc, argv, i, "--command-timeout", &value)) {
      if (!absl::SimpleAtoi(value, &flags.command_timeout_s)) return std::nullopt;
    } else if (TakeValue(argc, argv, i, "--tier", &value)) {
      absl::StatusOr<Tier> tier = ParseTier(value);
      if (!tier.ok()) return std::nullopt;
      flags.tier = *tier;
    } else if (TakeValue(argc, argv, i, "--details", &value)) {
      if (!absl::SimpleAtoi(value, &flags.details)) return std::nullopt;
    } else if (arg == "--simd") {
      // Accepted for old command lines: SIMD files always run now.
    } else if (arg == "--no-fork") {
      flags.fork = false;
    } else if (absl::StartsWith(arg, "-")) {
      return std::nullopt;
    } else {
      flags.filters.emplace_back(arg);
    }
  }
  return flags;
}

bool HasCore(const fs::path& spec_dir) {
  std::error_code ec;
  return fs::is_directory(spec_dir / "core", ec);
}

// The folder holding core/ for a testdata folder (which holds spec/core), or
// for a folder that holds core/ itself.
fs::path SpecDirOf(const fs::path& testdata) {
  if (!HasCore(testdata / "spec") && HasCore(testdata)) return testdata;
  return testdata / "spec";
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// --testdata, else $WASMRT_TESTDATA, else the test's runfiles, else
// ../shared/testdata beside the workspace. Returns the spec folder to use
// (it may not exist).
fs::path FindSpecDir(const Flags& flags, const char* argv0) {
  if (flags.testdata.has_value()) return SpecDirOf(*flags.testdata);
  if (std::string env = Env("WASMRT_TESTDATA"); !env.empty()) return SpecDirOf(env);
  std::vector<fs::path> runfiles;
  for (const char* var : {"TEST_SRCDIR", "RUNFILES_DIR"}) {
    std::string dir = Env(var);
    if (dir.empty()) continue;
    std::string workspace = Env("TEST_WORKSPACE");
    runfiles.push_back(fs::path(dir) / (workspace.empty() ? "wasmrt" : workspace) /
                       "external/testdata");
    runfiles.push_back(fs::path(dir) / "testdata");
  }
  runfiles.push_back(fs::path(std::string(argv0) + ".runfiles") / "wasmrt/external/testdata");
  runfiles.push_back(fs::path(std::string(argv0) + ".runfiles") / "testdata");
  runfiles.push_back("external/testdata");
  for (const fs::path& p : runfiles) {
    if (HasCore(p / "spec")) return p / "spec";
  }
  // The workspace: `bazel run` names it; a binary started as
  // WORKSPACE/bazel-bin/... names it in its path; else the current folder.
  std::string workspace = Env("BUILD_WORKSPACE_DIRECTORY");
  std::string self = fs::absolute(argv0).string();
  if (size_t at = self.find("/bazel-bin/"); workspace.empty() && at != std::string::npos) {
    workspace = self.substr(0, at);
  }
  fs::path base = workspace.empty() ? fs::current_path() : fs::path(workspace);
  return (base / ".." / "shared/testdata/spec").lexically_normal();
}

std::optional<std::string> MakeWorkDir() {
  std::string base = Env("TEST_TMPDIR");
  if (base.empty()) base = Env("TMPDIR");
  if (base.empty()) base = "/tmp";
  std::string tmpl = base + "/wasmrt-spec-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) return std::nullopt;
  return tmpl;
}

int Main(int argc, char** argv) {
  std::optional<Flags> flags = ParseFlags(argc, argv);
  if (!flags.has_value()) {
    Usage();
    return 2;
  }
  fs::path spec_dir = FindSpecDir(*flags, argv[0]);
  if (!HasCore(spec_dir)) {
    std::printf("SPEC SUITE NOT FOUND at %s: skipped (set WASMRT_TESTDATA)\n",
                (spec_dir / "core").c_str());
    return 0;
  }
  SuiteOptions options;
  options.spec_dir = fs::absolute(spec_dir).string();
  options.fork = flags->fork;
  options.command_timeout_s = flags->command_timeout_s;
  options.compile.tier = flags->tier;
  const char* tier_name = flags->tier == Tier::kJit    ? "jit"
                          : flags->tier == Tier::kAuto ? "auto"
                                                       : "interp";
  if (!RunProcess({options.wast2json, "--version"}).started) {
    std::printf("SPEC SUITE SKIPPED: %s not found (install wabt)\n", options.wast2json.c_str());
    return 0;
  }
  std::optional<std::string> work_dir = MakeWorkDir();
  if (!work_dir.has_value()) {
    std::fprintf(stderr, "spec_runner: cannot create a temporary folder\n");
    return 2;
  }
  options.work_dir = *work_dir;

  std::vector<std::string> files = ListWastFiles(options.spec_dir, flags->filters);
  std::printf("spec suite: %s (%zu files)\n", options.spec_dir.c_str(), files.size());
  int passed = 0, failed = 0, skipped = 0, not_converted = 0, via_text = 0;
  int files_run = 0;
  for (const std::string& name : files) {
    FileReport report = RunWastFile(name, options);
    std::fputs(FormatReport(report, flags->details).c_str(), stdout);
    std::fflush(stdout);
    if (report.status == FileReport::Status::kNotConverted) {
      ++not_converted;
      continue;
    }
    ++files_run;
    passed += report.tally.passed;
    failed += report.tally.failed;
    skipped += report.tally.skipped;
    via_text += report.tally.via_text;
  }
  std::error_code ec;
  fs::remove_all(options.work_dir, ec);

  std::printf("files: %d run, %d not converted by wast2json\n", files_run,
              not_converted);
  std::printf(
      "of the passed: %d text-format assert_malformed/assert_invalid decided by wat2wasm "
      "(not runtime checks)\n",
      via_text);
  std::printf("spec: %d passed, %d failed, %d skipped, %d not converted\n", passed, failed,
              skipped, not_converted);
  std::printf("spec[%s]: %d passed, %d failed\n", tier_name, passed, failed);
  return failed > 0 ? 1 : 0;
}

}  // namespace
}  // namespace wasmrt::spec

int main(int argc, char** argv) { return wasmrt::spec::Main(argc, argv); }

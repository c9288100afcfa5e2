#include "tests/spec/suite.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/spec/command_runner.h"
#include "tests/spec/process.h"
#include "tests/spec/sandbox.h"

namespace wasmrt::spec {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// A file whose commands crash this often is given up (the rest skipped).
constexpr int kMaxCrashesPerFile = 10;

// Runs the commands, resuming after each crash or timeout of the child: the
// commands before it are replayed silently so the store is the same again.
void RunCommands(const json& script, const RunOptions& run, const SuiteOptions& options,
                 FileTally& tally) {
  ResumePoint resume;
  if (!options.fork) {
    RunScript(script, run, resume, tally);
    return;
  }
  for (;;) {
    ChildExit exit = RunInChild(
        [&](OutcomeSink& sink) { RunScript(script, run, resume, sink); }, tally,
        options.command_timeout_s);
    if (exit.clean) return;
    int line = exit.last_line;
    std::string what = exit.Describe(options.command_timeout_s);
    tally.Fail(line, absl::StrCat(DescribeCommandAt(script, line), ": runner ", what));
    bool repeated = resume.skip_lines.count(line) != 0;
    resume.skip_lines.insert(line);
    resume.replay_through_line = std::max(resume.replay_through_line, line);
    if (repeated || int(resume.skip_lines.size()) >= kMaxCrashesPerFile) {
      int rest = CountChecks(script, line);
      tally.Skip(rest);
      tally.Fail(line, absl::StrCat("runner gave up on this file; ", rest,
                                    " later checks skipped"));
      return;
    }
  }
}

}  // namespace

std::vector<std::string> ListWastFiles(const std::string& spec_dir,
                                       const std::vector<std::string>& filters) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(spec_dir) / "core", ec)) {
    std::string file = e.path().filename().string();
    if (!absl::EndsWith(file, ".wast")) continue;
    bool selected = filters.empty();
    for (const std::string& f : filters) selected = selected || absl::StrContains(file, f);
    if (selected) names.push_back("core/" + file);
  }
  std::sort(names.begin(), names.end());
  return names;
}

FileReport RunWastFile(const std::string& name, const SuiteOptions& options) {
  FileReport report;
  report.name = name;
  std::string stem = fs::path(name).stem().string();
  fs::path dir = fs::path(options.work_dir) / stem;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  std::string json_path = (dir / (stem + ".json")).string();

  // Run in the spec folder with the relative name, so wast2json's messages
  // read "core/if.wast:533:33: error: ...".
  ProcessResult conv = RunProcess({options.wast2json, name, "-o", json_path}, options.spec_dir);
  json script;
  if (conv.ok()) {
    std::ifstream in(json_path);
    script = json::parse(in, nullptr, /*allow_exceptions=*/false);
  }
  if (!conv.ok() || script.is_discarded()) {
    report.status = FileReport::Status::kNotConverted;
    std::string first = FirstLine(conv.stderr_text);
    report.convert_error = first.empty() ? (conv.ok() ? std::string("unreadable JSON")
                                                      : DescribeExit(conv))
                                         : first;
  } else {
    RunOptions run;
    run.module_dir = dir.string();
    run.wat2wasm = options.wat2wasm;
    run.compile = options.compile;
    RunCommands(script, run, options, report.tally);
  }
  fs::remove_all(dir, ec);
  return report;
}

std::string FormatReport(const FileReport& report, int max_details) {
  if (report.status == FileReport::Status::kNotConverted) {
    return absl::StrCat(report.name, ": not converted: ", report.convert_error, "\n");
  }
  const FileTally& t = report.tally;
  std::string out = absl::StrCat(report.name, ": ", t.passed, " passed, ", t.failed,
                                 " failed, ", t.skipped, " skipped");
  if (t.via_text > 0) absl::StrAppend(&out, " (", t.via_text, " checked via wat2wasm)");
  out += "\n";
  int shown = 0;
  for (const std::string& f : t.failures) {
    if (shown++ == max_details) {
      absl::StrAppend(&out, "  ... ", t.failures.size() - size_t(max_details), " more\n");
      break;
    }
    absl::StrAppend(&out, "  FAIL ", f, "\n");
  }
  return out;
}

}  // namespace wasmrt::spec

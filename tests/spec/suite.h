// One .wast file of the suite: convert with wast2json, run the commands
// (in a forked child unless told otherwise), tally the outcomes.
#ifndef WASMRT_TESTS_SPEC_SUITE_H_
#define WASMRT_TESTS_SPEC_SUITE_H_

#include <string>
#include <vector>

#include "tests/spec/outcome.h"

#include "runtime/engine/engine.h"

namespace wasmrt::spec {

struct SuiteOptions {
  std::string spec_dir;  // the folder that holds core/
  std::string work_dir;  // a private temporary folder; one subfolder per file
  bool fork = true;      // run each file in a child process
  int command_timeout_s = 60;
  std::string wast2json = "wast2json";
  std::string wat2wasm = "wat2wasm";
  CompileOptions compile;  // the tier the modules run in
};

struct FileReport {
  enum class Status { kRan, kNotConverted };
  std::string name;  // "core/address.wast"
  Status status = Status::kRan;
  std::string convert_error;  // first error line of wast2json
  FileTally tally;
};

/// The .wast files of `spec_dir`/core, sorted, as "core/NAME.wast"; only
/// those whose name contains one of `filters` when there are any.
std::vector<std::string> ListWastFiles(const std::string& spec_dir,
                                       const std::vector<std::string>& filters);

/// Converts and runs one file ("core/NAME.wast"); never throws or exits.
FileReport RunWastFile(const std::string& name, const SuiteOptions& options);

/// "core/address.wast: 260 passed, 0 failed, 0 skipped" plus up to
/// `max_details` lines "  FAIL line 12 ..." and a "  ... N more" line.
std::string FormatReport(const FileReport& report, int max_details);

}  // namespace wasmrt::spec

#endif  // WASMRT_TESTS_SPEC_SUITE_H_

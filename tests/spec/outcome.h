// Where the outcome of each script command goes, and the per-file tally.
#ifndef WASMRT_TESTS_SPEC_OUTCOME_H_
#define WASMRT_TESTS_SPEC_OUTCOME_H_

#include <string>
#include <vector>

namespace wasmrt::spec {

// Receives one call per counted outcome. Every assert_*, module and action
// command passes or fails (a module must load, an action must not trap);
// register reports only its failures.
class OutcomeSink {
 public:
  virtual ~OutcomeSink() = default;
  /// A command at script line `line` starts (for crash and timeout reports).
  virtual void Begin(int line) = 0;
  /// An assertion held. `via_text_parser`: an assert_malformed/assert_invalid
  /// of a text module that wat2wasm rejected, so the runtime never saw it.
  virtual void Pass(bool via_text_parser) = 0;
  virtual void Skip(int count) = 0;
  /// `detail` is one line: "assert_return invoke \"f\": expected i32:1 got i32:0".
  virtual void Fail(int line, const std::string& detail) = 0;
};

// Drops everything: used while replaying the commands before a crash.
class NullSink : public OutcomeSink {
 public:
  void Begin(int) override {}
  void Pass(bool) override {}
  void Skip(int) override {}
  void Fail(int, const std::string&) override {}
};

// Counts of one file, with every failure's "line N <detail>" text.
class FileTally : public OutcomeSink {
 public:
  void Begin(int line) override { last_line = line; }
  void Pass(bool via_text_parser) override {
    ++passed;
    if (via_text_parser) ++via_text;
  }
  void Skip(int count) override { skipped += count; }
  void Fail(int line, const std::string& detail) override;

  int passed = 0;
  int failed = 0;
  int skipped = 0;
  int via_text = 0;  // included in `passed`
  int last_line = 0;
  std::vector<std::string> failures;
};

}  // namespace wasmrt::spec

#endif  // WASMRT_TESTS_SPEC_OUTCOME_H_

// GNU-style command lines on top of CLI11: `--opt=value` and `--opt value`,
// options anywhere, `--` ends options, values that look like negative
// numbers ("-5", "-inf") stay arguments. Errors are one clear line each,
// returned as InvalidArgument (callers exit 2).
#ifndef WASMRT_TOOLS_CMDLINE_CMDLINE_H_
#define WASMRT_TOOLS_CMDLINE_CMDLINE_H_

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wasmrt::cmdline {

/// Adds an option taking exactly one value (`--opt V`, `--opt=V`, `--opt=`
/// for an empty one). `apply` runs at each occurrence, in command-line
/// order, so a repeated option accumulates or the last one wins as `apply`
/// decides; a non-OK status fails the parse with its message.
CLI::Option* AddValue(CLI::App& app, const std::string& names,
                      std::function<absl::Status(const std::string&)> apply);

/// Adds a flag (no value; `--flag=x` is an error).
CLI::Option* AddFlag(CLI::App& app, const std::string& names, bool& out);

/// The arguments no option took, in command-line order.
struct Words {
  // Before any `--`: positional arguments and unknown options alike
  // ("--bogus", "-x", "-5"); callers refuse the "--..." ones.
  std::vector<std::string> words;
  // After `--` (only when `dash_dash_ends_options`): all plain arguments.
  std::vector<std::string> after_dash_dash;
};

/// Parses `args` (argv[1..]) with `app`, which has no CLI11 positionals and
/// whose subcommands (if any) fall through to it, so every word lands in
/// one ordered list. The app's help flag must be an ordinary flag
/// (`set_help_flag()` removed): callers print their own usage texts.
absl::StatusOr<Words> Parse(CLI::App& app, const std::vector<std::string>& args,
                            bool dash_dash_ends_options);

}  // namespace wasmrt::cmdline

#endif  // WASMRT_TOOLS_CMDLINE_CMDLINE_H_

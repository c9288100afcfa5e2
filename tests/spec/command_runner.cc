#include "tests/spec/command_runner.h"

#include <algorithm>
#include <exception>
#include <fstream>
#include <iterator>
#include <memory>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime/engine/engine.h"
#include "tests/spec/process.h"
#include "tests/spec/spectest_host.h"
#include "tests/spec/wast_values.h"

namespace wasmrt::spec {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxDetail = 300;

std::string GetString(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

int GetLine(const json& j) {
  auto it = j.find("line");
  return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// One line, bounded: status messages may hold newlines or be long.
std::string OneLine(absl::string_view text) {
  std::string out(text.substr(0, kMaxDetail));
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  if (text.size() > kMaxDetail) out += "...";
  return out;
}

std::string Quote(absl::string_view s) { return absl::StrCat("\"", s, "\""); }

// The trap's text as the spec tests see it: our message, or the code's text.
std::string TrapMessage(const ExecResult& r) {
  return r.trap_message.empty() ? TrapText(r.trap) : r.trap_message;
}

// Whether a trap matches the expected text of an assertion: the text must be
// a prefix of our message. One narrow exception: the reference interpreter
// appends an index to some texts ("uninitialized element 2", bulk.wast), an
// index no other engine reports; the code's spec text followed by " <digits>"
// is accepted when the trap code is the one the text names.
bool TrapTextMatches(const ExecResult& r, const std::string& expected) {
  if (absl::StartsWith(TrapMessage(r), expected)) return true;
  absl::string_view text = TrapText(r.trap);
  if (!absl::StartsWith(expected, text) || expected.size() < text.size() + 2) return false;
  absl::string_view rest = absl::string_view(expected).substr(text.size());
  if (rest[0] != ' ') return false;
  rest.remove_prefix(1);
  return std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
}

enum class Stage { kNone, kRead, kCompile, kLink, kInstantiate };

const char* StageName(Stage s) {
  switch (s) {
    case Stage::kNone: return "ok";
    case Stage::kRead: return "reading";
    case Stage::kCompile: return "compile";
    case Stage::kLink: return "link";
    case Stage::kInstantiate: return "instantiate";
  }
  return "?";
}

struct LoadResult {
  ModuleInstance* instance = nullptr;
  Stage failed_at = Stage::kNone;
  absl::Status status;
  std::string Describe() const {
    return absl::StrCat(StageName(failed_at), " failed: ", OneLine(status.ToString()));
  }
};

class ScriptRunner {
 public:
  explicit ScriptRunner(const RunOptions& options) : options_(options) {}

  absl::Status Init() { return DefineSpectest(store_, linker_, &print_log_); }

  void Run(const json& cmd, OutcomeSink& sink);

 private:
  void RunModule(const json& cmd, int line, OutcomeSink& sink);
  void RunRegister(const json& cmd, int line, OutcomeSink& sink);
  void RunAction(const json& cmd, int line, OutcomeSink& sink);
  void RunAssertReturn(const json& cmd, int line, OutcomeSink& sink);
  void RunAssertTrapAction(const json& cmd, int line, OutcomeSink& sink);
  void RunAssertTrapModule(const json& cmd, int line, OutcomeSink& sink);
  void RunAssertRejected(const json& cmd, int line, OutcomeSink& sink);
  void RunAssertUnlinkable(const json& cmd, int line, OutcomeSink& sink);

  absl::StatusOr<std::vector<uint8_t>> ReadFile(const std::string& filename) const;
  LoadResult Load(const std::string& filename);
  // The instance an action or register names ("$M"), or the last one.
  absl::StatusOr<ModuleInstance*> Target(const json& j) const;
  absl::StatusOr<ExecResult> DoAction(const json& action);
  std::string DescribeAction(const json& action) const;

  RunOptions options_;
  std::string print_log_;  // must outlive store_ (host callbacks point to it)
  Store store_;
  Linker linker_;
  std::vector<std::shared_ptr<const CompiledModule>> modules_;
  absl::flat_hash_map<std::string, ModuleInstance*> named_;  // null: failed to load
  ModuleInstance* last_ = nullptr;
};

void ScriptRunner::Run(const json& cmd, OutcomeSink& sink) {
  int line = GetLine(cmd);
  std::string type = GetString(cmd, "type");
  if (type == "module") return RunModule(cmd, line, sink);
  if (type == "register") return RunRegister(cmd, line, sink);
  if (type == "action") return RunAction(cmd, line, sink);
  if (type == "assert_return") return RunAssertReturn(cmd, line, sink);
  if (type == "assert_trap" || type == "assert_exhaustion") {
    if (cmd.contains("action")) return RunAssertTrapAction(cmd, line, sink);
    return RunAssertTrapModule(cmd, line, sink);
  }
  if (type == "assert_uninstantiable") return RunAssertTrapModule(cmd, line, sink);
  if (type == "assert_invalid" || type == "assert_malformed") {
    return RunAssertRejected(cmd, line, sink);
  }
  if (type == "assert_unlinkable") return RunAssertUnlinkable(cmd, line, sink);
  sink.Fail(line, absl::StrCat("unknown command type ", Quote(type)));
}

absl::StatusOr<std::vector<uint8_t>> ScriptRunner::ReadFile(const std::string& filename) const {
  if (filename.empty() || filename.find('/') != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("bad module file name ", Quote(filename)));
  }
  std::string path = absl::StrCat(options_.module_dir, "/", filename);
  if (absl::EndsWith(filename, ".wat")) {
    // A text module: wabt turns it into a binary first.
    std::string out = path + ".wasm";
    ProcessResult r = RunProcess({options_.wat2wasm, path, "-o", out});
    if (!r.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "wat2wasm ", DescribeExit(r), ": ", OneLine(FirstLine(r.stderr_text))));
    }
    path = out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                              std::istreambuf_iterator<char>());
}

LoadResult ScriptRunner::Load(const std::string& filename) {
  LoadResult r;
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadFile(filename);
  if (!bytes.ok()) {
    r.failed_at = Stage::kRead;
    r.status = bytes.status();
    return r;
  }
  absl::StatusOr<std::shared_ptr<const CompiledModule>> compiled = CompileModule(*bytes, options_.compile);
  if (!compiled.ok()) {
    r.failed_at = Stage::kCompile;
    r.status = compiled.status();
    return r;
  }
  modules_.push_back(*compiled);
  absl::StatusOr<std::vector<Extern>> imports = linker_.Resolve(**compiled);
  if (!imports.ok()) {
    r.failed_at = Stage::kLink;
    r.status = imports.status();
    return r;
  }
  absl::StatusOr<ModuleInstance*> instance = store_.Instantiate(*compiled, *imports);
  if (!instance.ok()) {
    r.failed_at = Stage::kInstantiate;
    r.status = instance.status();
    return r;
  }
  r.instance = *instance;
  return r;
}

absl::StatusOr<ModuleInstance*> ScriptRunner::Target(const json& j) const {
  std::string name = GetString(j, "module");
  if (name.empty()) name = GetString(j, "name");
  ModuleInstance* instance = last_;
  if (!name.empty()) {
    auto it = named_.find(name);
    if (it == named_.end()) return absl::NotFoundError(absl::StrCat("no module ", name));
    instance = it->second;
  }
  if (instance == nullptr) {
    return absl::FailedPreconditionError(
        name.empty() ? "no module (the last one failed to load)"
                     : absl::StrCat("module ", name, " failed to load"));
  }
  return instance;
}

absl::StatusOr<ExecResult> ScriptRunner::DoAction(const json& action) {
  absl::StatusOr<ModuleInstance*> instance = Target(action);
  if (!instance.ok()) return instance.status();
  std::string field = GetString(action, "field");
  std::optional<Extern> ext = (*instance)->GetExport(field);
  if (!ext.has_value()) return absl::NotFoundError(absl::StrCat("no export ", Quote(field)));
  std::string type = GetString(action, "type");
  if (type == "get") {
    if (ext->kind != ExternKind::kGlobal) {
      return absl::InvalidArgumentError(absl::StrCat("export ", Quote(field), " is not a global"));
    }
    ExecResult r;
    r.results.push_back(ReadGlobal(ext->global()));
    return r;
  }
  if (type != "invoke") return absl::InvalidArgumentError(absl::StrCat("unknown action ", Quote(type)));
  if (ext->kind != ExternKind::kFunc) {
    return absl::InvalidArgumentError(absl::StrCat("export ", Quote(field), " is not a function"));
  }
  std::vector<Value> args;
  auto it = action.find("args");
  if (it != action.end() && it->is_array()) {
    for (const json& a : *it) {
      absl::StatusOr<Value> v = ParseArgValue(a);
      if (!v.ok()) return v.status();
      args.push_back(*v);
    }
  }
  return store_.Call(ext->func(), args);
}

std::string ScriptRunner::DescribeAction(const json& action) const {
  std::string out = GetString(action, "type");
  std::string module = GetString(action, "module");
  if (!module.empty()) absl::StrAppend(&out, " ", module);
  absl::StrAppend(&out, " ", Quote(GetString(action, "field")));
  auto it = action.find("args");
  if (it != action.end() && it->is_array() && !it->empty()) {
    std::vector<std::string> parts;
    for (const json& a : *it) {
      absl::StatusOr<Value> v = ParseArgValue(a);
      parts.push_back(v.ok() ? FormatValue(*v) : "?");
    }
    absl::StrAppend(&out, " (", OneLine(absl::StrJoin(parts, " ")), ")");
  }
  return out;
}

void ScriptRunner::RunModule(const json& cmd, int line, OutcomeSink& sink) {
  std::string filename = GetString(cmd, "filename");
  LoadResult r = Load(filename);
  last_ = r.instance;  // a failed module leaves no current module
  std::string name = GetString(cmd, "name");
  if (!name.empty()) named_[name] = r.instance;
  if (r.instance == nullptr) {
    sink.Fail(line, absl::StrCat("module ", filename, ": ", r.Describe()));
  } else {
    sink.Pass(false);
  }
}

void ScriptRunner::RunRegister(const json& cmd, int line, OutcomeSink& sink) {
  absl::StatusOr<ModuleInstance*> instance = Target(cmd);
  if (!instance.ok()) {
    sink.Fail(line, absl::StrCat("register ", Quote(GetString(cmd, "as")), ": ",
                                 OneLine(instance.status().message())));
    return;
  }
  linker_.DefineInstance(GetString(cmd, "as"), *instance);
}

void ScriptRunner::RunAction(const json& cmd, int line, OutcomeSink& sink) {
  const json& action = cmd.at("action");
  absl::StatusOr<ExecResult> r = DoAction(action);
  std::string what = absl::StrCat("action ", DescribeAction(action));
  if (!r.ok()) {
    sink.Fail(line, absl::StrCat(what, ": ", OneLine(r.status().ToString())));
  } else if (!r->ok()) {
    sink.Fail(line, absl::StrCat(what, ": trapped: ", OneLine(TrapMessage(*r))));
  } else {
    sink.Pass(false);
  }
}

void ScriptRunner::RunAssertReturn(const json& cmd, int line, OutcomeSink& sink) {
  const json& action = cmd.at("action");
  std::string what = absl::StrCat("assert_return ", DescribeAction(action));
  std::vector<ExpectedValue> expected;
  auto it = cmd.find("expected");
  if (it != cmd.end() && it->is_array()) {
    for (const json& e : *it) {
      absl::StatusOr<ExpectedValue> v = ParseExpectedValue(e);
      if (!v.ok()) {
        sink.Fail(line, absl::StrCat(what, ": bad expected value: ", v.status().message()));
        return;
      }
      expected.push_back(*v);
    }
  }
  absl::StatusOr<ExecResult> r = DoAction(action);
  if (!r.ok()) {
    sink.Fail(line, absl::StrCat(what, ": ", OneLine(r.status().ToString())));
  } else if (!r->ok()) {
    sink.Fail(line, absl::StrCat(what, ": expected ", FormatExpectedList(expected),
                                 " got trap ", Quote(OneLine(TrapMessage(*r)))));
  } else if (!MatchesAll(expected, r->results)) {
    sink.Fail(line, absl::StrCat(what, ": expected ", FormatExpectedList(expected), " got ",
                                 FormatValues(r->results, expected)));
  } else {
    sink.Pass(false);
  }
}

void ScriptRunner::RunAssertTrapAction(const json& cmd, int line, OutcomeSink& sink) {
  const json& action = cmd.at("action");
  std::string text = GetString(cmd, "text");
  std::string what = absl::StrCat(GetString(cmd, "type"), " ", DescribeAction(action));
  absl::StatusOr<ExecResult> r = DoAction(action);
  if (!r.ok()) {
    sink.Fail(line, absl::StrCat(what, ": ", OneLine(r.status().ToString())));
  } else if (r->ok()) {
    sink.Fail(line, absl::StrCat(what, ": expected trap ", Quote(text), " got ",
                                 FormatValues(r->results)));
  } else if (!TrapTextMatches(*r, text)) {
    sink.Fail(line, absl::StrCat(what, ": expected trap ", Quote(text), " got trap ",
                                 Quote(OneLine(TrapMessage(*r)))));
  } else {
    sink.Pass(false);
  }
}

// assert_uninstantiable, or assert_trap on a module: instantiation must fail
// with a trap (Aborted) during initialisation, whose message starts with text.
void ScriptRunner::RunAssertTrapModule(const json& cmd, int line, OutcomeSink& sink) {
  std::string filename = GetString(cmd, "filename");
  std::string text = GetString(cmd, "text");
  std::string what = absl::StrCat(GetString(cmd, "type"), " ", filename);
  LoadResult r = Load(filename);
  if (r.instance != nullptr) {
    sink.Fail(line, absl::StrCat(what, ": instantiated, expected trap ", Quote(text)));
  } else if (r.failed_at != Stage::kInstantiate ||
             r.status.code() != absl::StatusCode::kAborted) {
    sink.Fail(line, absl::StrCat(what, ": expected trap ", Quote(text), ", ", r.Describe()));
  } else if (!absl::StartsWith(r.status.message(), text)) {
    sink.Fail(line, absl::StrCat(what, ": expected trap ", Quote(text), " got trap ",
                                 Quote(OneLine(r.status.message()))));
  } else {
    sink.Pass(false);
  }
}

// assert_invalid and assert_malformed: CompileModule must reject the module.
// A text module goes through wat2wasm first; when wabt already rejects the
// text, the assertion holds without the runtime (counted apart).
void ScriptRunner::RunAssertRejected(const json& cmd, int line, OutcomeSink& sink) {
  std::string filename = GetString(cmd, "filename");
  std::string text = GetString(cmd, "text");
  std::string what = absl::StrCat(GetString(cmd, "type"), " ", filename);
  std::vector<uint8_t> bytes;
  if (absl::EndsWith(filename, ".wat")) {
    std::string path = absl::StrCat(options_.module_dir, "/", filename);
    std::string out = path + ".wasm";
    ProcessResult p = RunProcess({options_.wat2wasm, path, "-o", out});
    if (!p.started) {
      sink.Skip(1);
      return;
    }
    if (!p.ok()) {
      sink.Pass(/*via_text_parser=*/true);
      return;
    }
    absl::StatusOr<std::vector<uint8_t>> read = ReadFile(filename + ".wasm");
    if (!read.ok()) {
      sink.Fail(line, absl::StrCat(what, ": ", OneLine(read.status().ToString())));
      return;
    }
    bytes = std::move(*read);
    what += " (wat2wasm accepted the text)";
  } else {
    absl::StatusOr<std::vector<uint8_t>> read = ReadFile(filename);
    if (!read.ok()) {
      sink.Fail(line, absl::StrCat(what, ": ", OneLine(read.status().ToString())));
      return;
    }
    bytes = std::move(*read);
  }
  absl::StatusOr<std::shared_ptr<const CompiledModule>> compiled = CompileModule(bytes, options_.compile);
  if (compiled.ok()) {
    sink.Fail(line, absl::StrCat(what, ": compiled, expected ", Quote(text)));
  } else {
    sink.Pass(false);
  }
}

// assert_unlinkable: linking (Resolve) or instantiation fails, but not by a trap.
void ScriptRunner::RunAssertUnlinkable(const json& cmd, int line, OutcomeSink& sink) {
  std::string filename = GetString(cmd, "filename");
  std::string text = GetString(cmd, "text");
  std::string what = absl::StrCat("assert_unlinkable ", filename);
  LoadResult r = Load(filename);
  if (r.instance != nullptr) {
    sink.Fail(line, absl::StrCat(what, ": instantiated, expected ", Quote(text)));
  } else if (r.failed_at == Stage::kLink ||
             (r.failed_at == Stage::kInstantiate &&
              r.status.code() != absl::StatusCode::kAborted)) {
    sink.Pass(false);
  } else {
    sink.Fail(line, absl::StrCat(what, ": expected ", Quote(text), ", ", r.Describe()));
  }
}

// The commands that count as checks (as wabt's spectest-interp counts them).
bool IsCheck(const std::string& type) {
  return absl::StartsWith(type, "assert_") || type == "module" || type == "action";
}

}  // namespace

void RunScript(const json& script, const RunOptions& options, const ResumePoint& resume,
               OutcomeSink& sink) {
  ScriptRunner runner(options);
  if (absl::Status s = runner.Init(); !s.ok()) {
    sink.Fail(0, absl::StrCat("spectest module: ", OneLine(s.ToString())));
    return;
  }
  auto commands = script.find("commands");
  if (commands == script.end() || !commands->is_array()) {
    sink.Fail(0, "script has no commands");
    return;
  }
  NullSink muted;
  for (const json& cmd : *commands) {
    int line = GetLine(cmd);
    if (resume.skip_lines.count(line) != 0) continue;
    sink.Begin(line);
    OutcomeSink& out = line <= resume.replay_through_line ? muted : sink;
    try {
      runner.Run(cmd, out);
    } catch (const std::exception& e) {  // a malformed JSON command (json::at etc.)
      out.Fail(line, absl::StrCat("bad command: ", OneLine(e.what())));
    }
  }
}

std::string DescribeCommandAt(const json& script, int line) {
  auto commands = script.find("commands");
  if (commands == script.end() || !commands->is_array()) return "command";
  for (const json& cmd : *commands) {
    if (GetLine(cmd) != line) continue;
    std::string out = GetString(cmd, "type");
    auto action = cmd.find("action");
    if (action != cmd.end() && action->is_object()) {
      absl::StrAppend(&out, " ", GetString(*action, "type"), " ",
                      Quote(GetString(*action, "field")));
    } else if (cmd.contains("filename")) {
      absl::StrAppend(&out, " ", GetString(cmd, "filename"));
    }
    return out;
  }
  return "command";
}

int CountChecks(const json& script, int after_line) {
  auto commands = script.find("commands");
  if (commands == script.end() || !commands->is_array()) return 0;
  int count = 0;
  for (const json& cmd : *commands) {
    if (GetLine(cmd) > after_line && IsCheck(GetString(cmd, "type"))) ++count;
  }
  return count;
}

}  // namespace wasmrt::spec

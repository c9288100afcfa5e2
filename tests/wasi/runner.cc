#include "tests/wasi/runner.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "runtime/engine/engine.h"
#include "wasi/context.h"
#include "wasi/wasi.h"

namespace wasmrt::wasi_suite {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Fills `t` from its .json (legacy keys; unknown keys are ignored).
bool ReadConfig(const fs::path& json_path, TestCase* t, std::string* error) {
  nlohmann::json j = nlohmann::json::parse(ReadText(json_path), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error = absl::StrCat(json_path.string(), ": not a JSON object");
    return false;
  }
  if (j.contains("args")) {
    for (const auto& a : j["args"]) t->args.push_back(a.get<std::string>());
  }
  if (j.contains("env")) {
    for (const auto& [k, v] : j["env"].items()) t->env.emplace_back(k, v.get<std::string>());
  }
  if (j.contains("root") && j["root"].is_string()) t->root = j["root"].get<std::string>();
  if (j.contains("exit_code")) t->exit_code = j["exit_code"].get<int>();
  if (j.contains("stdout")) t->stdout_prefix = j["stdout"].get<std::string>();
  if (j.contains("stderr")) t->stderr_prefix = j["stderr"].get<std::string>();
  return true;
}

std::string Excerpt(const std::string& s, size_t max = 600) {
  std::string out = s.size() > max ? s.substr(0, max) + "..." : s;
  std::replace(out.begin(), out.end(), '\n', '|');
  return out;
}

}  // namespace

std::vector<Suite> DiscoverSuites(const std::string& suite_root) {
  std::vector<Suite> suites;
  std::error_code ec;
  fs::path tests = fs::path(suite_root) / "tests";
  for (const auto& lang : fs::directory_iterator(tests, ec)) {
    fs::path ts = lang.path() / "testsuite";
    for (const auto& dir : fs::directory_iterator(ts, ec)) {
      if (!dir.is_directory()) continue;
      Suite s;
      s.name = lang.path().filename().string();
      s.dir = dir.path().string();
      s.version = dir.path().filename().string();
      fs::path manifest = dir.path() / "manifest.json";
      if (fs::exists(manifest)) {
        auto m = nlohmann::json::parse(ReadText(manifest), nullptr, false);
        if (m.is_object() && m.contains("version")) s.version = m["version"].get<std::string>();
      }
      for (const auto& f : fs::directory_iterator(dir.path(), ec)) {
        if (f.path().extension() != ".wasm" || f.is_directory()) continue;
        TestCase t;
        t.suite = s.name;
        t.name = f.path().stem().string();
        t.wasm = f.path().string();
        fs::path json = f.path();
        json.replace_extension(".json");
        if (fs::exists(json) && !ReadConfig(json, &t, &s.error)) continue;
        s.tests.push_back(std::move(t));
      }
      std::sort(s.tests.begin(), s.tests.end(),
                [](const TestCase& a, const TestCase& b) { return a.name < b.name; });
      suites.push_back(std::move(s));
    }
  }
  std::sort(suites.begin(), suites.end(),
            [](const Suite& a, const Suite& b) { return a.dir < b.dir; });
  return suites;
}

void RemoveCleanupFiles(const std::string& root) {
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    bool is_link = it->is_symlink(ec);
    if (p.filename().string().size() >= 8 && p.filename().string().ends_with(".cleanup") &&
        !is_link) {
      doomed.push_back(p);
      if (it->is_directory(ec)) it.disable_recursion_pending();
    }
  }
  for (const fs::path& p : doomed) fs::remove_all(p, ec);
}

Outcome RunTest(const TestCase& test, const std::optional<std::string>& host_root,
                int timeout_s, Tier tier) {
  Outcome out;
  std::string bytes = ReadText(test.wasm);
  auto module = CompileModule(
      absl::Span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()),
      CompileOptions{.tier = tier});
  if (!module.ok()) {
    out.detail = absl::StrCat("compile: ", std::string(module.status().message()));
    return out;
  }
  out.machine_code = (*module)->jit() != nullptr;
  wasi::WasiConfig config;
  config.args.push_back(test.name + ".wasm");
  config.args.insert(config.args.end(), test.args.begin(), test.args.end());
  config.env = test.env;
  if (host_root.has_value()) config.preopens.push_back({*host_root, "/", false});
  config.stdin_bytes = "";
  config.stdout_cap = 1 << 20;
  config.stderr_cap = 1 << 20;
  auto ctx = wasi::WasiContext::Create(config);
  if (!ctx.ok()) {
    out.detail = std::string((ctx.status().message()));
    return out;
  }
  Store store;
  Linker linker;
  wasi::DefineWasi(linker, store, **ctx);
  auto imports = linker.Resolve(**module);
  if (!imports.ok()) {
    out.detail = std::string(imports.status().message());
    return out;
  }
  auto instance = store.Instantiate(*module, *imports);
  if (!instance.ok()) {
    out.detail = absl::StrCat("instantiate: ", std::string(instance.status().message()));
    return out;
  }
  std::optional<Extern> start = (*instance)->GetExport("_start");
  if (!start.has_value() || start->kind != ExternKind::kFunc) {
    out.detail = "no _start";
    return out;
  }
  CallOptions options;
  options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  (*ctx)->set_deadline(options.deadline);
  auto result = store.Call(start->func(), {}, options);
  if (!result.ok()) {
    out.detail = absl::StrCat("call: ", std::string(result.status().message()));
    return out;
  }
  int exit_code = 0;
  std::string trap;
  if (result->trap == TrapCode::kExit) {
    exit_code = result->exit_code;
  } else if (!result->ok()) {
    exit_code = 134;  // a trap ends the process abnormally, as SIGABRT would
    trap = result->trap_message;
  }
  const std::string& got_out = (*ctx)->stdout_buffer()->data();
  const std::string& got_err = (*ctx)->stderr_buffer()->data();
  std::vector<std::string> problems;
  if (result->trap == TrapCode::kTimeout) problems.push_back("timed out");
  if (exit_code != test.exit_code) {
    problems.push_back(absl::StrCat("exit code ", exit_code, ", expected ", test.exit_code));
  }
  if (test.stdout_prefix.has_value() && !got_out.starts_with(*test.stdout_prefix)) {
    problems.push_back(absl::StrCat("stdout \"", Excerpt(got_out, 80), "\", expected \"",
                                    Excerpt(*test.stdout_prefix, 80), "\""));
  }
  if (test.stderr_prefix.has_value() && !got_err.starts_with(*test.stderr_prefix)) {
    problems.push_back(absl::StrCat("stderr \"", Excerpt(got_err, 80), "\", expected \"",
                                    Excerpt(*test.stderr_prefix, 80), "\""));
  }
  out.passed = problems.empty();
  for (const std::string& p : problems) absl::StrAppend(&out.detail, out.detail.empty() ? "" : "; ", p);
  if (!out.passed) {
    if (!trap.empty()) absl::StrAppend(&out.detail, "; trap: ", trap);
    if (!got_err.empty()) absl::StrAppend(&out.detail, "; stderr: ", Excerpt(got_err));
  }
  return out;
}

}  // namespace wasmrt::wasi_suite

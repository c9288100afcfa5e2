// wasmrun: loads a module, instantiates it and runs _start or --invoke FUNC.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/perf_map.h"
#include "tools/wasmrun/cli_args.h"
#include "tools/wasmrun/values.h"
#include "wasi/context.h"
#include "wasi/wasi.h"

namespace wasmrt {
namespace {

int Fail(const std::string& message, int status = 1) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return status;
}
int Fail(const absl::Status& status) { return Fail(std::string(status.message())); }

absl::StatusOr<std::vector<uint8_t>> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// The guest's WASI view: the module name and ARGS (for _start), the --env
// variables only, the --dir preopens, and the real stdio.
absl::StatusOr<std::unique_ptr<wasi::WasiContext>> MakeWasi(const cli::Options& opts) {
  wasi::WasiConfig config;
  config.args.push_back(opts.module_path);
  if (!opts.invoke.has_value()) {
    config.args.insert(config.args.end(), opts.args.begin(), opts.args.end());
  }
  for (const std::string& kv : opts.envs) {
    size_t eq = kv.find('=');
    config.env.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  for (const cli::DirMapping& d : opts.dirs) {
    config.preopens.push_back({d.host, d.guest, d.read_only});
  }
  return wasi::WasiContext::Create(std::move(config));
}

// The limits every piece of guest code runs under: the start function,
// _initialize and the called function. --max-memory is a StoreConfig cap,
// so it holds for all of them (and for memories the module defines) too.
CallOptions Limits(const cli::Options& opts) {
  CallOptions call;
  call.fuel = opts.fuel;
  // One wall-clock budget for the whole run, counted from here (after the
  // module is compiled, before any of its code runs).
  if (opts.timeout.has_value()) call.deadline = std::chrono::steady_clock::now() + *opts.timeout;
  return call;
}

// How a finished call ends the process: nullopt when it returned normally.
// "error: <trap reason> in <function>"; the engine's text already names both.
std::optional<int> Outcome(const absl::StatusOr<ExecResult>& r) {
  if (!r.ok()) return Fail(r.status());
  if (r->trap == TrapCode::kExit) return r->exit_code;
  if (!r->ok()) return Fail(r->trap_message);
  return std::nullopt;
}

// A reactor (a WASI module exporting _initialize) is set up before --invoke.
std::optional<int> InitializeReactor(Store& store, const ModuleInstance& instance,
                                     const CallOptions& limits) {
  std::optional<Extern> init = instance.GetExport("_initialize");
  if (!init.has_value() || init->kind != ExternKind::kFunc) return std::nullopt;
  return Outcome(store.Call(init->func(), {}, limits));
}

// Calls _start, or --invoke FUNC with ARGS converted to its parameter types,
// and prints the results.
int CallEntry(const cli::Options& opts, Store& store, const ModuleInstance& instance,
              const CallOptions& limits) {
  std::string name = opts.invoke.value_or("_start");
  std::optional<Extern> ext = instance.GetExport(name);
  if (!ext.has_value() || ext->kind != ExternKind::kFunc) {
    return Fail(absl::StrCat("no exported function \"", name, "\" in ", opts.module_path));
  }
  const FuncType& type = FunctionType(ext->func());
  if (!opts.invoke.has_value() && !type.params.empty()) {
    return Fail(absl::StrCat("_start takes parameters ", FuncTypeToString(type)));
  }
  std::vector<Value> args;
  if (opts.invoke.has_value()) {
    if (opts.args.size() != type.params.size()) {
      return Fail(absl::StrCat("function \"", name, "\" takes ", type.params.size(),
                               " arguments ", FuncTypeToString(type), ", got ",
                               opts.args.size()),
                  2);
    }
    for (size_t i = 0; i < opts.args.size(); ++i) {
      auto v = cli::ParseValue(opts.args[i], type.params[i]);
      if (!v.ok()) return Fail(std::string(v.status().message()), 2);
      args.push_back(*v);
    }
  }
  absl::StatusOr<ExecResult> result = store.Call(ext->func(), args, limits);
  if (std::optional<int> end = Outcome(result); end.has_value()) return *end;
  for (const Value& v : result->results) {
    std::string text = opts.typed_results ? cli::FormatTypedValue(v) : cli::FormatValue(v);
    std::printf("%s\n", text.c_str());
  }
  return 0;
}

int Run(const cli::Options& opts) {
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadFile(opts.module_path);
  if (!bytes.ok()) return Fail(bytes.status());
  auto module = CompileModule(*bytes, CompileOptions{.tier = opts.tier});
  if (!module.ok()) {
    return Fail(absl::StrCat(opts.module_path, ": ", module.status().message()));
  }
  if (opts.perf_map) {
    std::string label = std::filesystem::path(opts.module_path).filename().string();
    if (absl::Status s = AppendPerfMap(**module, label, PerfMapPath()); !s.ok()) return Fail(s);
  }
  StoreConfig config;
  if (opts.max_stack != 0) config.max_call_depth = opts.max_stack;
  if (opts.max_memory != 0) {
    config.max_memory_pages = uint32_t(std::min<uint64_t>(opts.max_memory / kPageSize, kMaxPages));
  }
  Store store(config);
  Linker linker;
  auto wasi_ctx = MakeWasi(opts);
  if (!wasi_ctx.ok()) return Fail(wasi_ctx.status());
  wasi::DefineWasi(linker, store, **wasi_ctx);
  auto imports = linker.Resolve(**module);
  if (!imports.ok()) return Fail(imports.status());

  const CallOptions limits = Limits(opts);
  // poll_oneoff sleeps no longer, and WASI calls trap, past the deadline.
  (*wasi_ctx)->set_deadline(limits.deadline);
  auto instance = store.Instantiate(*module, *imports, limits);  // runs the start function
  if (!instance.ok()) return Fail(instance.status());
  if (opts.invoke.has_value()) {
    if (std::optional<int> end = InitializeReactor(store, **instance, limits); end.has_value()) {
      return *end;
    }
  }
  return CallEntry(opts, store, **instance, limits);
}

}  // namespace
}  // namespace wasmrt

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto opts = wasmrt::cli::ParseOptions(args);
  if (!opts.ok()) {
    std::fprintf(stderr, "wasmrun: %s\n", std::string(opts.status().message()).c_str());
    return 2;
  }
  if (opts->help) {
    std::fputs(wasmrt::cli::kUsage, stdout);
    return 0;
  }
  return wasmrt::Run(*opts);
}

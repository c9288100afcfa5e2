// wasmrun: loads a module, instantiates it and runs _start or --invoke FUNC.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime/engine/engine.h"
#include "tools/wasmrun/cli_args.h"
#include "wasi/context.h"
#include "wasi/wasi.h"

namespace wasmrt {
namespace {

int Fail(const std::string& message, int status = 1) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return status;
}

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

// "error: <trap reason> in <function>"; the engine's text already names both.
int TrapExit(const ExecResult& r) { return Fail(r.trap_message); }

int Run(const cli::Options& opts) {
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadFile(opts.module_path);
  if (!bytes.ok()) return Fail(std::string(bytes.status().message()));
  auto module = CompileModule(*bytes);
  if (!module.ok()) {
    return Fail(absl::StrCat(opts.module_path, ": ", module.status().message()));
  }
  StoreConfig config;
  if (opts.max_stack != 0) config.max_call_depth = opts.max_stack;
  if (opts.max_memory != 0) {
    config.max_memory_pages = uint32_t(std::min<uint64_t>(opts.max_memory / kPageSize, kMaxPages));
  }
  Store store(config);
  Linker linker;
  auto wasi_ctx = MakeWasi(opts);
  if (!wasi_ctx.ok()) return Fail(std::string(wasi_ctx.status().message()));
  wasi::DefineWasi(linker, store, **wasi_ctx);
  auto imports = linker.Resolve(**module);
  if (!imports.ok()) return Fail(std::string(imports.status().message()));
  auto instance = store.Instantiate(*module, *imports);
  if (!instance.ok()) return Fail(std::string(instance.status().message()));

  CallOptions call;
  call.fuel = opts.fuel;
  // A reactor (a WASI module with _initialize) is set up before --invoke.
  if (opts.invoke.has_value()) {
    std::optional<Extern> init = (*instance)->GetExport("_initialize");
    if (init.has_value() && init->kind == ExternKind::kFunc) {
      auto r = store.Call(init->func(), {}, call);
      if (!r.ok()) return Fail(std::string(r.status().message()));
      if (r->trap == TrapCode::kExit) return r->exit_code;
      if (!r->ok()) return TrapExit(*r);
    }
  }
  std::string name = opts.invoke.value_or("_start");
  std::optional<Extern> ext = (*instance)->GetExport(name);
  if (!ext.has_value() || ext->kind != ExternKind::kFunc) {
    return Fail(absl::StrCat("no exported function \"", name, "\" in ", opts.module_path));
  }
  const FuncType& type = FunctionType(ext->func());
  if (!opts.invoke.has_value() && !type.params.empty()) {
    return Fail(absl::StrCat("_start takes parameters ", FuncTypeToString(type)));
  }
  if (opts.invoke.has_value() && opts.args.size() != type.params.size()) {
    return Fail(absl::StrCat("function \"", name, "\" takes ", type.params.size(),
                             " arguments ", FuncTypeToString(type), ", got ", opts.args.size()),
                2);
  }
  std::vector<Value> args;
  for (size_t i = 0; opts.invoke.has_value() && i < opts.args.size(); ++i) {
    auto v = cli::ParseValue(opts.args[i], type.params[i]);
    if (!v.ok()) return Fail(std::string(v.status().message()), 2);
    args.push_back(*v);
  }
  auto result = store.Call(ext->func(), args, call);
  if (!result.ok()) return Fail(std::string(result.status().message()));
  if (result->trap == TrapCode::kExit) return result->exit_code;
  if (!result->ok()) return TrapExit(*result);
  for (const Value& v : result->results) std::printf("%s\n", cli::FormatValue(v).c_str());
  return 0;
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

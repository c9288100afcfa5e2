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

int Run(const cli::Options& opts) {
  if (!opts.dirs.empty() || !opts.envs.empty()) {
    return Fail("--dir and --env need WASI, which this build does not have yet", 2);
  }
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
  auto imports = linker.Resolve(**module);
  if (!imports.ok()) return Fail(std::string(imports.status().message()));
  auto instance = store.Instantiate(*module, *imports);
  if (!instance.ok()) return Fail(std::string(instance.status().message()));

  std::string name = opts.invoke.value_or("_start");
  std::optional<Extern> ext = (*instance)->GetExport(name);
  if (!ext.has_value() || ext->kind != ExternKind::kFunc) {
    return Fail(absl::StrCat("no exported function \"", name, "\" in ", opts.module_path));
  }
  const FuncType& type = FunctionType(ext->func());
  if (opts.args.size() != type.params.size()) {
    return Fail(absl::StrCat("function \"", name, "\" takes ", type.params.size(),
                             " arguments ", FuncTypeToString(type), ", got ", opts.args.size()),
                2);
  }
  std::vector<Value> args;
  for (size_t i = 0; i < opts.args.size(); ++i) {
    auto v = cli::ParseValue(opts.args[i], type.params[i]);
    if (!v.ok()) return Fail(std::string(v.status().message()), 2);
    args.push_back(*v);
  }
  CallOptions call;
  call.fuel = opts.fuel;
  auto result = store.Call(ext->func(), args, call);
  if (!result.ok()) return Fail(std::string(result.status().message()));
  if (result->trap == TrapCode::kExit) return result->exit_code;
  if (!result->ok()) return Fail(result->trap_message);
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

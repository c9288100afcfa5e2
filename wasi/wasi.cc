#include "wasi/wasi.h"

#include <algorithm>

#include "wasi/call.h"

namespace wasmrt::wasi {
namespace {

std::vector<FunctionDef> AllFunctions() {
  std::vector<FunctionDef> all;
  for (auto part : {ProcessFunctions, FdFunctions, PathFunctions, PollSockFunctions}) {
    std::vector<FunctionDef> defs = part();
    all.insert(all.end(), defs.begin(), defs.end());
  }
  return all;
}

FuncType TypeOf(const char* params, bool returns_errno) {
  FuncType t;
  for (const char* p = params; *p != '\0'; ++p) {
    t.params.push_back(*p == 'I' ? ValType::kI64 : ValType::kI32);
  }
  if (returns_errno) t.results.push_back(ValType::kI32);
  return t;
}

GuestMemory CallerMemory(const HostCall& host) {
  if (host.caller == nullptr) return GuestMemory();
  MemoryInstance* mem = host.caller->memory();
  if (mem == nullptr) return GuestMemory();
  return GuestMemory(MemoryData(mem), MemorySizeBytes(mem));
}

}  // namespace

void DefineWasi(Linker& linker, Store& store, WasiContext& ctx) {
  for (const FunctionDef& def : AllFunctions()) {
    Handler handler = def.handler;
    WasiContext* c = &ctx;
    HostCallback cb = [handler, c](HostCall& host, absl::Span<const Value> args,
                                   absl::Span<Value> results) {
      Call call{*c, CallerMemory(host), args};
      results[0] = Value::I32(uint32_t(handler(call)));
      return TrapCode::kNone;
    };
    FunctionInstance* f = store.NewHostFunction(TypeOf(def.params, true), std::move(cb),
                                                std::string(kModuleName) + "." + def.name);
    linker.Define(kModuleName, def.name, Extern{ExternKind::kFunc, f});
  }
  // proc_exit(code) ends the whole call with the code: an outcome of its
  // own (TrapCode::kExit), never an exit of the host process.
  HostCallback exit_cb = [](HostCall& host, absl::Span<const Value> args, absl::Span<Value>) {
    host.exit_code = int32_t(args[0].i32);
    return TrapCode::kExit;
  };
  FunctionInstance* f = store.NewHostFunction(TypeOf("i", false), std::move(exit_cb),
                                              std::string(kModuleName) + ".proc_exit");
  linker.Define(kModuleName, "proc_exit", Extern{ExternKind::kFunc, f});
}

std::vector<std::string> WasiFunctionNames() {
  std::vector<std::string> names = {"proc_exit"};
  for (const FunctionDef& def : AllFunctions()) names.emplace_back(def.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace wasmrt::wasi

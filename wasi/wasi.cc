#include "wasi/wasi.h"

#include <algorithm>
#include <chrono>

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

namespace {

// Registers every function; `context()` yields the context of the current
// call (fixed, or looked up through a slot).
template <typename ContextFn>
void DefineWith(Linker& linker, Store& store, ContextFn context) {
  for (const FunctionDef& def : AllFunctions()) {
    Handler handler = def.handler;
    HostCallback cb = [handler, context](HostCall& host, absl::Span<const Value> args,
                                         absl::Span<Value> results) {
      WasiContext& ctx = *context();
      // The interpreter polls the deadline once per fuel slice, which a guest
      // looping on WASI calls (sched_yield, clock_time_get...) may take
      // seconds to use up: each call checks the deadline itself as well.
      if (ctx.deadline().has_value() && std::chrono::steady_clock::now() >= *ctx.deadline()) {
        return TrapCode::kTimeout;
      }
      Call call{ctx, CallerMemory(host), args};
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

}  // namespace

void DefineWasi(Linker& linker, Store& store, WasiContext& ctx) {
  WasiContext* c = &ctx;
  DefineWith(linker, store, [c] { return c; });
}

void DefineWasi(Linker& linker, Store& store, WasiContext* const* slot) {
  DefineWith(linker, store, [slot] { return *slot; });
}

std::vector<std::string> WasiFunctionNames() {
  std::vector<std::string> names = {"proc_exit"};
  for (const FunctionDef& def : AllFunctions()) names.emplace_back(def.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace wasmrt::wasi

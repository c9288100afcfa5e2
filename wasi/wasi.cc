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
  LinearMemory* mem = host.caller->memory();
  if (mem == nullptr) return GuestMemory();
  return GuestMemory(MemoryData(mem), MemorySizeBytes(mem));
}

}  // namespace

namespace {

// Registers every function through `define(name, type, callback)`;
// `context(host)` yields the context of the current call (fixed, looked up
// through a slot, or found through the calling store).
template <typename ContextFn, typename DefineFn>
void DefineWith(ContextFn context, DefineFn define) {
  for (const FunctionDef& def : AllFunctions()) {
    Handler handler = def.handler;
    HostCallback cb = [handler, context](HostCall& host, absl::Span<const Value> args,
                                         absl::Span<Value> results) {
      WasiContext& ctx = *context(host);
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
    define(def.name, TypeOf(def.params, true), std::move(cb));
  }
  // proc_exit(code) ends the whole call with the code: an outcome of its
  // own (TrapCode::kExit), never an exit of the host process.
  HostCallback exit_cb = [](HostCall& host, absl::Span<const Value> args, absl::Span<Value>) {
    host.exit_code = int32_t(args[0].i32);
    return TrapCode::kExit;
  };
  define("proc_exit", TypeOf("i", false), std::move(exit_cb));
}

// Host functions of `store`, defined in `linker`.
auto InStore(Linker& linker, Store& store) {
  return [&linker, &store](const char* name, const FuncType& type, HostCallback cb) {
    FunctionInstance* f =
        store.NewHostFunction(type, std::move(cb), std::string(kModuleName) + "." + name);
    linker.Define(kModuleName, name, Extern{ExternKind::kFunc, f});
  };
}

}  // namespace

void DefineWasi(Linker& linker, Store& store, WasiContext& ctx) {
  WasiContext* c = &ctx;
  DefineWith([c](const HostCall&) { return c; }, InStore(linker, store));
}

void DefineWasi(Linker& linker, Store& store, WasiContext* const* slot) {
  DefineWith([slot](const HostCall&) { return *slot; }, InStore(linker, store));
}

void DefineWasi(Linker& linker, WasiContext* (*context)(const HostCall& call)) {
  DefineWith(context, [&linker](const char* name, const FuncType& type, HostCallback cb) {
    linker.DefineFunction(kModuleName, name, type, std::move(cb),
                          std::string(kModuleName) + "." + name);
  });
}

std::vector<std::string> WasiFunctionNames() {
  std::vector<std::string> names = {"proc_exit"};
  for (const FunctionDef& def : AllFunctions()) names.emplace_back(def.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace wasmrt::wasi

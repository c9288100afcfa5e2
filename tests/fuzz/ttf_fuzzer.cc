// Differential target over binaryen-generated modules (wasm-opt -ttf, see
// run_fuzzers.sh ttf): the interpreter and the compiling tier must agree on
// everything a module shows. binaryen's modules import "fuzzing-support"
// log-i32/i64/f32/f64/v128 and call them with intermediate values; here
// they append the value's exact bits to a per-tier log, so the logs compare
// what happened inside each call, not just its result. Every exported
// function is called twice (zero, then edge-case arguments) under fuel
// 200000, call depth 200, 64 memory pages; per call the trap, its message,
// fuel used, results and log are compared, then the memory.
//
// Any input is accepted (run_fuzzers.sh feeds only wasm-opt's output);
// modules that do not compile or instantiate must fail the same way in
// both tiers.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/compiler.h"
#include "tests/fuzz/fuzz_values.h"

namespace wasmrt {
namespace {

constexpr int kMaxCallsPerPass = 100;

// A value's type and exact bits, as the log records it.
std::string Bits(const Value& v) {
  switch (v.type) {
    case ValType::kI32: return absl::StrFormat("i32:%08x", v.i32);
    case ValType::kF32: return absl::StrFormat("f32:%08x", v.i32);
    case ValType::kV128: {
      std::string s = "v128:";
      for (uint8_t b : v.v128.bytes) absl::StrAppendFormat(&s, "%02x", b);
      return s;
    }
    case ValType::kI64:
    case ValType::kF64: return absl::StrFormat("%s:%016x", v.type == ValType::kI64 ? "i64" : "f64",
                                               v.i64);
    case ValType::kFuncRef:
    case ValType::kExternRef: return v.ref == nullptr ? "ref:null" : "ref";
  }
  return "?";
}

struct Call {
  std::string name;
  std::string outcome;  // trap, message, fuel, results
  std::string log;      // the log-* calls it made
};

struct Outcome {
  std::string error;  // compile or instantiate error, else empty
  std::vector<Call> calls;
  std::string memory;
  uint32_t functions = 0, compiled = 0;  // defined functions; machine code
};

// An import: binaryen's loggers record into `log`; any other function
// refuses (traps); other kinds are not made (the module is then refused in
// both tiers).
bool MakeImport(Store& store, const CompiledModule& m, const Import& imp, std::string* log,
                Extern* out) {
  if (imp.kind != ExternKind::kFunc) return false;
  out->kind = imp.kind;
  const FuncType& type = m.ir().types[imp.func_type];
  if (imp.module == "fuzzing-support" && imp.name.rfind("log-", 0) == 0) {
    out->object = store.NewHostFunction(
        type, [log](HostCall&, absl::Span<const Value> args, absl::Span<Value>) {
          for (const Value& v : args) *log += Bits(v) + " ";
          *log += ";";
          return TrapCode::kNone;
        });
  } else {
    out->object = store.NewHostFunction(
        type, [](HostCall&, absl::Span<const Value>, absl::Span<Value>) {
          return TrapCode::kHostError;
        });
  }
  return true;
}

Outcome RunTier(const uint8_t* data, size_t size, Tier tier) {
  Outcome out;
  auto module = CompileModule(absl::Span<const uint8_t>(data, size), {.tier = tier});
  if (!module.ok()) {
    out.error = "compile: " + std::string(module.status().message());
    return out;
  }
  out.functions = uint32_t((*module)->ir().functions.size());
  if ((*module)->jit() != nullptr) out.compiled = (*module)->jit()->compiled_count();
  std::string log;  // outlives the store's host functions that write it
  Store store(fuzz::FuzzStoreConfig());
  std::vector<Extern> imports;
  for (const Import& imp : (*module)->ir().imports) {
    Extern e;
    if (!MakeImport(store, **module, imp, &log, &e)) {
      out.error = "import " + imp.module + "." + imp.name + " not provided";
      return out;
    }
    imports.push_back(e);
  }
  CallOptions options;
  options.fuel = 200000;
  options.max_memory_pages = 64;
  auto inst = store.Instantiate(*module, imports, options);
  if (!inst.ok()) {
    out.error = "instantiate: " + std::string(inst.status().message());
    return out;
  }
  for (uint32_t pass = 0; pass < 2; ++pass) {
    int calls = 0;
    for (const Export& e : (*module)->ir().exports) {
      if (e.kind != ExternKind::kFunc || calls++ >= kMaxCallsPerPass) continue;
      auto ext = (*inst)->GetExport(e.name);
      if (!ext) std::abort();
      const FuncType& type = FunctionType(ext->func());
      std::vector<Value> args;
      for (size_t i = 0; i < type.params.size(); ++i) {
        args.push_back(fuzz::Interesting(type.params[i], pass == 0 ? 0 : uint32_t(calls + i)));
      }
      log.clear();
      auto r = store.Call(ext->func(), args, options);
      if (!r.ok()) std::abort();  // arguments match the type: never an error
      Call c{e.name, absl::StrFormat("trap %d \"%s\" fuel %d =", int(r->trap), r->trap_message,
                                     r->fuel_used), log};
      for (const Value& v : r->results) c.outcome += " " + Bits(v);
      out.calls.push_back(std::move(c));
    }
  }
  if (LinearMemory* m = (*inst)->memory()) {
    out.memory.assign(reinterpret_cast<const char*>(MemoryData(m)), MemorySizeBytes(m));
  }
  return out;
}

// Prints where the tiers part and aborts (libFuzzer saves the input).
[[noreturn]] void Disagree(const Outcome& a, const Outcome& b) {
  std::fprintf(stderr, "ttf_fuzzer: the tiers disagree\n");
  if (a.error != b.error) {
    std::fprintf(stderr, "  interp: %s\n  jit:    %s\n", a.error.c_str(), b.error.c_str());
  }
  if (a.calls.size() != b.calls.size()) {
    std::fprintf(stderr, "  calls: interp %zu, jit %zu\n", a.calls.size(), b.calls.size());
  }
  for (size_t i = 0; i < a.calls.size() && i < b.calls.size(); ++i) {
    const Call &x = a.calls[i], &y = b.calls[i];
    if (x.outcome == y.outcome && x.log == y.log) continue;
    std::fprintf(stderr, "  call %zu %s:\n    interp %s\n    jit    %s\n", i, x.name.c_str(),
                 x.outcome.c_str(), y.outcome.c_str());
    if (x.log != y.log) {
      std::fprintf(stderr, "    interp log %s\n    jit log    %s\n", x.log.c_str(),
                   y.log.c_str());
    }
  }
  if (a.memory.size() != b.memory.size()) {
    std::fprintf(stderr, "  memory: interp %zu bytes, jit %zu\n", a.memory.size(),
                 b.memory.size());
  }
  for (size_t i = 0; i < a.memory.size() && i < b.memory.size(); ++i) {
    if (a.memory[i] == b.memory[i]) continue;
    std::fprintf(stderr, "  memory[%zu]: interp %02x, jit %02x\n", i, uint8_t(a.memory[i]),
                 uint8_t(b.memory[i]));
    break;
  }
  std::abort();
}

void Run(const uint8_t* data, size_t size) {
  Outcome interp = RunTier(data, size, Tier::kInterp);
  if (!jit::Supported()) return;
  Outcome compiled = RunTier(data, size, Tier::kJit);
  bool same = interp.error == compiled.error && interp.memory == compiled.memory &&
              interp.calls.size() == compiled.calls.size();
  for (size_t i = 0; same && i < interp.calls.size(); ++i) {
    same = interp.calls[i].outcome == compiled.calls[i].outcome &&
           interp.calls[i].log == compiled.calls[i].log;
  }
  if (!same) Disagree(interp, compiled);
  // For run_fuzzers.sh's count of modules that ran (not just compiled).
  if (std::getenv("TTF_FUZZER_VERBOSE") != nullptr) {
    std::fprintf(stderr, "ttf_fuzzer: %s, %zu calls, %u/%u functions compiled\n",
                 interp.error.empty() ? "ran" : interp.error.c_str(), interp.calls.size(),
                 compiled.compiled, compiled.functions);
  }
}

}  // namespace
}  // namespace wasmrt

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wasmrt::Run(data, size);
  return 0;
}

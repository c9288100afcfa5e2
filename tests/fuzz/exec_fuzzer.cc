// libFuzzer target: compile, instantiate and call every exported function of
// an arbitrary module under tight limits (fuel, call depth, value stack,
// memory pages), once with zero arguments and once with "interesting" ones.
// Imported functions trap; imported tables, memories and globals are fresh
// host objects of the declared type. Traps and errors are fine; crashes,
// sanitizer reports, leaks and hangs (libFuzzer -timeout) are bugs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "runtime/engine/engine.h"
#include "runtime/jit/compiler.h"
#include "tests/fuzz/fuzz_values.h"

namespace wasmrt {
namespace {

constexpr int kMaxCalls = 16;

TrapCode Refuse(HostCall&, absl::Span<const Value>, absl::Span<Value>) {
  return TrapCode::kHostError;
}

// A host object of the import's declared type, or false when none fits.
bool MakeImport(Store& store, const CompiledModule& m, const Import& imp, Extern* out) {
  out->kind = imp.kind;
  switch (imp.kind) {
    case ExternKind::kFunc:
      out->object = store.NewHostFunction(m.ir().types[imp.func_type], Refuse);
      return true;
    case ExternKind::kTable:
      if (imp.table.limits.min > 10000) return false;
      out->object = store.NewTable(imp.table);
      return true;
    case ExternKind::kMemory: {
      auto mem = store.NewMemory(imp.memory);
      if (!mem.ok()) return false;
      out->object = *mem;
      return true;
    }
    case ExternKind::kGlobal: {
      Value v = fuzz::Interesting(imp.global.type, 0);
      out->object = store.NewGlobal(imp.global, v);
      return true;
    }
  }
  return false;
}

// What one tier made of the module: per call its trap, message, fuel and
// result bits, then the memory. Empty when it does not instantiate.
struct Outcome {
  std::vector<std::string> calls;
  std::string memory;
  bool operator==(const Outcome&) const = default;
};

Outcome RunTier(const uint8_t* data, size_t size, Tier tier) {
  Outcome out;
  auto module = CompileModule(absl::Span<const uint8_t>(data, size), {.tier = tier});
  if (!module.ok()) {
    if (module.status().message().empty()) std::abort();
    return out;
  }
  Store store(fuzz::FuzzStoreConfig());
  std::vector<Extern> imports;
  for (const Import& imp : (*module)->ir().imports) {
    Extern e;
    if (!MakeImport(store, **module, imp, &e)) return out;
    imports.push_back(e);
  }
  CallOptions options;
  options.fuel = 100000;
  options.max_memory_pages = 64;
  auto inst = store.Instantiate(*module, imports, options);  // bounds the start function
  if (!inst.ok()) {
    if (inst.status().message().empty()) std::abort();
    return out;
  }
  int calls = 0;
  for (uint32_t pass = 0; pass < 2; ++pass) {
    for (const Export& e : (*module)->ir().exports) {
      if (e.kind != ExternKind::kFunc || calls >= kMaxCalls) continue;
      auto ext = (*inst)->GetExport(e.name);
      if (!ext) std::abort();
      const FuncType& type = FunctionType(ext->func());
      std::vector<Value> args;
      for (size_t i = 0; i < type.params.size(); ++i) {
        uint32_t which = pass == 0 ? 0 : uint32_t(calls + i + 1);
        args.push_back(fuzz::Interesting(type.params[i], which));
      }
      auto r = store.Call(ext->func(), args, options);
      if (!r.ok()) std::abort();  // arguments match the type: never an error
      if (r->ok() && r->results.size() != type.results.size()) std::abort();
      std::string c = std::to_string(int(r->trap)) + " " + r->trap_message + " " +
                      std::to_string(r->fuel_used);
      for (const Value& v : r->results) {
        if (v.type == ValType::kV128) {
          c.append(reinterpret_cast<const char*>(&v.v128), sizeof(v.v128));
        } else {
          c += " " + std::to_string(v.i64);
        }
      }
      out.calls.push_back(std::move(c));
      ++calls;
    }
  }
  if (LinearMemory* m = (*inst)->memory()) {
    out.memory.assign(reinterpret_cast<const char*>(MemoryData(m)), MemorySizeBytes(m));
  }
  return out;
}

// Where the compiling tier runs, it must agree with the interpreter on
// every call and on the memory afterwards.
void Run(const uint8_t* data, size_t size) {
  Outcome interp = RunTier(data, size, Tier::kInterp);
  if (!jit::Supported()) return;
  Outcome compiled = RunTier(data, size, Tier::kJit);
  if (!(interp == compiled)) {
    std::fprintf(stderr, "exec_fuzzer: the tiers disagree\n");
    for (size_t i = 0; i < interp.calls.size() && i < compiled.calls.size(); ++i) {
      if (interp.calls[i] != compiled.calls[i]) {
        std::fprintf(stderr, "  call %zu: interp %s / jit %s\n", i, interp.calls[i].c_str(),
                     compiled.calls[i].c_str());
      }
    }
    std::abort();
  }
}

}  // namespace
}  // namespace wasmrt

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wasmrt::Run(data, size);
  return 0;
}

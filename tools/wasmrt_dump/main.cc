// wasmrt_dump: what the translator made of a module, and how fast it loads.
//   wasmrt_dump MODULE.wasm [FUNC]     translated code of every defined
//                                      function, or of FUNC (index or name)
//   wasmrt_dump --jit MODULE.wasm [FUNC]
//                                      x86-64 disassembly of the machine code
//                                      the compiling tier made of every
//                                      defined function, or of FUNC
//   wasmrt_dump --ops                  every internal operation: number, name
//                                      and immediate words (the names the
//                                      tables of runtime/code generate)
//   wasmrt_dump --load MODULE.wasm [REPEAT] [TIER] [THREADS]
//                                      decode+validate+translate REPEAT times
//                                      (median MB/s; the compiled tier with
//                                      THREADS compile threads, default 0:
//                                      automatic), then link WASI and
//                                      instantiate (median us)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/binary/decoder.h"
#include "runtime/code/disasm.h"
#include "runtime/engine/engine.h"
#include "runtime/interp/translator.h"
#include "runtime/jit/compiler.h"
#include "runtime/jit/x86_disasm.h"
#include "wasi/context.h"
#include "wasi/wasi.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<uint8_t> Read(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int Dump(const std::vector<uint8_t>& bytes, const char* which) {
  auto ir = wasmrt::DecodeModule(bytes);
  if (!ir.ok()) {
    std::fprintf(stderr, "%s\n", std::string(ir.status().message()).c_str());
    return 1;
  }
  // Null handlers: operation words hold IOp numbers.
  auto code = wasmrt::interp::TranslateModule(*ir, nullptr);
  if (!code.ok()) {
    std::fprintf(stderr, "%s\n", std::string(code.status().message()).c_str());
    return 1;
  }
  wasmrt::CompiledModule names(std::move(*ir), {});
  uint32_t imported = names.ir().num_imported_funcs;
  for (uint32_t i = 0; i < code->size(); ++i) {
    uint32_t index = imported + i;
    std::string name(names.FunctionName(index));
    if (which != nullptr && std::to_string(index) != which && name != which) continue;
    const wasmrt::CompiledFunction& f = (*code)[i];
    std::printf("func %u %s (params %u, locals %u, max stack %u, %zu words)\n", index,
                name.c_str(), f.param_slots, f.local_slots, f.max_stack_slots,
                f.code.size());
    std::fputs(wasmrt::Disassemble(f).c_str(), stdout);
  }
  return 0;
}

// Per defined function its index, name and code size, then its disassembly;
// "(interpreted)" for a function the compiler left to the interpreter.
int DumpJit(const std::vector<uint8_t>& bytes, const char* which) {
  if (!wasmrt::jit::Supported()) {
    std::fprintf(stderr, "no compiled tier on this machine\n");
    return 1;
  }
  auto module = wasmrt::CompileModule(bytes, {.tier = wasmrt::Tier::kJit});
  if (!module.ok()) {
    std::fprintf(stderr, "%s\n", std::string(module.status().message()).c_str());
    return 1;
  }
  const wasmrt::jit::JitModule* jit = (*module)->jit();
  uint32_t imported = (*module)->ir().num_imported_funcs;
  bool found = false;
  for (uint32_t i = 0; i < (*module)->ir().functions.size(); ++i) {
    uint32_t index = imported + i;
    std::string name((*module)->FunctionName(index));
    if (which != nullptr && std::to_string(index) != which && name != which) continue;
    found = true;
    absl::Span<const uint8_t> code = jit != nullptr ? jit->code(i) : absl::Span<const uint8_t>();
    if (code.empty()) {
      std::printf("func %u %s (interpreted)\n", index, name.c_str());
      continue;
    }
    auto instrs = wasmrt::jit::DisassembleX86(code);
    if (!instrs.ok()) {
      std::fprintf(stderr, "%s\n", std::string(instrs.status().message()).c_str());
      return 1;
    }
    std::printf("func %u %s (%zu bytes, %zu instructions)\n", index, name.c_str(), code.size(),
                instrs->size());
    std::fputs(wasmrt::jit::FormatX86(code, *instrs).c_str(), stdout);
  }
  if (which != nullptr && !found) {
    std::fprintf(stderr, "no defined function %s\n", which);
    return 1;
  }
  return 0;
}

int Load(const std::vector<uint8_t>& bytes, int repeat, wasmrt::Tier tier, uint32_t threads) {
  std::vector<double> load_ms, inst_us;
  uint32_t compiled = 0, functions = 0;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = Clock::now();
    auto module = wasmrt::CompileModule(bytes, {.tier = tier, .compile_threads = threads});
    auto t1 = Clock::now();
    if (!module.ok()) {
      std::fprintf(stderr, "%s\n", std::string(module.status().message()).c_str());
      return 1;
    }
    load_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    functions = uint32_t((*module)->ir().functions.size());
    if ((*module)->jit() != nullptr) {
      compiled = (*module)->jit()->compiled_count();
      if (r == 0) {  // which functions stay interpreted, on stderr
        for (uint32_t i = 0; i < functions; ++i) {
          if ((*module)->jit()->entry(i) != nullptr) continue;
          uint32_t index = (*module)->ir().num_imported_funcs + i;
          std::fprintf(stderr, "interpreted: %u %s\n", index,
                       std::string((*module)->FunctionName(index)).c_str());
        }
      }
    }
    wasmrt::Store store;
    wasmrt::Linker linker;
    wasmrt::wasi::WasiConfig config;
    config.args.push_back("module");
    auto ctx = wasmrt::wasi::WasiContext::Create(std::move(config));
    if (!ctx.ok()) return 1;
    wasmrt::wasi::DefineWasi(linker, store, **ctx);
    auto imports = linker.Resolve(**module);
    if (!imports.ok()) {
      std::fprintf(stderr, "%s\n", std::string(imports.status().message()).c_str());
      return 1;
    }
    auto a = Clock::now();
    auto inst = store.Instantiate(*module, *imports);
    auto b = Clock::now();
    if (!inst.ok()) {
      std::fprintf(stderr, "%s\n", std::string(inst.status().message()).c_str());
      return 1;
    }
    inst_us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
  }
  double ms = Median(load_ms);
  std::printf("bytes %zu\nload_ms %.3f\nload_mb_per_s %.1f\ninstantiate_us %.1f\n",
              bytes.size(), ms, bytes.size() / 1e6 / (ms / 1e3), Median(inst_us));
  std::printf("compiled_functions %u/%u\n", compiled, functions);
  return 0;
}

}  // namespace

int ListOps() {
  using wasmrt::IOp;
  for (size_t i = 0; i < size_t(IOp::kCount); ++i) {
    IOp op = IOp(i);
    // JumpTable's count is variable: its fixed part only.
    wasmrt::CodeWord zero{.u64 = 0};
    std::printf("%5zu %-28s %u\n", i, std::string(wasmrt::IOpName(op)).c_str(),
                wasmrt::IOpImmediates(op, &zero));
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--ops") return ListOps();
  if (argc >= 3 && std::string(argv[1]) == "--jit") {
    std::vector<uint8_t> bytes = Read(argv[2]);
    if (bytes.empty()) {
      std::fprintf(stderr, "cannot read %s\n", argv[2]);
      return 1;
    }
    return DumpJit(bytes, argc > 3 ? argv[3] : nullptr);
  }
  if (argc >= 3 && std::string(argv[1]) == "--load") {
    std::vector<uint8_t> bytes = Read(argv[2]);
    if (bytes.empty()) return 1;
    wasmrt::Tier tier = wasmrt::Tier::kInterp;
    if (argc > 4) {
      auto t = wasmrt::ParseTier(argv[4]);
      if (!t.ok()) {
        std::fprintf(stderr, "%s\n", std::string(t.status().message()).c_str());
        return 2;
      }
      tier = *t;
    }
    uint32_t threads = argc > 5 ? uint32_t(std::max(0, std::stoi(argv[5]))) : 0;
    return Load(bytes, argc > 3 ? std::max(1, std::stoi(argv[3])) : 5, tier, threads);
  }
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: wasmrt_dump MODULE.wasm [FUNC]\n"
                 "       wasmrt_dump --jit MODULE.wasm [FUNC]\n"
                 "       wasmrt_dump --ops\n"
                 "       wasmrt_dump --load MODULE.wasm [REPEAT] [auto|interp|jit] [THREADS]\n");
    return 2;
  }
  std::vector<uint8_t> bytes = Read(argv[1]);
  if (bytes.empty()) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  return Dump(bytes, argc > 2 ? argv[2] : nullptr);
}

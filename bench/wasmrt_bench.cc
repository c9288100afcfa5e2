// Times one kernel in wasmrt: load (decode+validate+translate), instantiate,
// and run(n), each measured separately so process start does not count.
//   wasmrt_bench [--tier=auto|interp|jit] [--no-fuel-checks] MODULE.wasm N [REPEAT]
// Prints: result <checksum>, then load_ms / load_mb_per_s / instantiate_us /
// run_ms (median of REPEAT runs, each on a fresh instance), and with a
// compiling tier (the default, auto) how many functions it compiled.
// WASMRT_BOUNDS_CHECKS=explicit compiles with explicit bounds checks
// instead of guard pages, and --no-fuel-checks compiles without fuel checks
// (both to measure what they cost; runs are unlimited either way).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/engine/engine.h"
#include "runtime/jit/compiler.h"

namespace {

using Clock = std::chrono::steady_clock;
double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  wasmrt::CompileOptions options;
  const char* checks = std::getenv("WASMRT_BOUNDS_CHECKS");
  if (checks != nullptr && std::string(checks) == "explicit") {
    options.bounds_checks = wasmrt::BoundsChecks::kExplicit;
  }
  for (; argc > 1 && std::string(argv[1]).rfind("--", 0) == 0; ++argv, --argc) {
    std::string flag = argv[1];
    if (flag == "--no-fuel-checks") {
      options.fuel_checks = false;
      continue;
    }
    if (flag.rfind("--tier=", 0) != 0) {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 2;
    }
    auto tier = wasmrt::ParseTier(flag.substr(7));
    if (!tier.ok()) {
      std::fprintf(stderr, "%s\n", std::string(tier.status().message()).c_str());
      return 2;
    }
    options.tier = *tier;
  }
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: wasmrt_bench [--tier=auto|interp|jit] [--no-fuel-checks] MODULE.wasm N "
                 "[REPEAT]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
  if (bytes.empty()) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  uint32_t n = uint32_t(std::stoul(argv[2]));
  int repeat = argc > 3 ? std::stoi(argv[3]) : 1;

  auto t0 = Clock::now();
  auto module = wasmrt::CompileModule(bytes, options);
  auto t1 = Clock::now();
  if (!module.ok()) {
    std::fprintf(stderr, "%s\n", std::string(module.status().message()).c_str());
    return 1;
  }
  std::vector<double> runs;
  double instantiate_us = 0;
  long long result = 0;
  for (int r = 0; r < repeat; ++r) {
    wasmrt::Store store;
    auto a = Clock::now();
    auto inst = store.Instantiate(*module, {});
    auto b = Clock::now();
    if (!inst.ok()) {
      std::fprintf(stderr, "%s\n", std::string(inst.status().message()).c_str());
      return 1;
    }
    instantiate_us = Ms(b - a) * 1000;
    auto run = (*inst)->GetExport("run");
    auto c = Clock::now();
    auto res = store.Call(run->func(), {wasmrt::Value::I32(n)});
    auto d = Clock::now();
    if (!res.ok() || !res->ok()) {
      std::fprintf(stderr, "run failed: %s\n",
                   res.ok() ? res->trap_message.c_str() : std::string(res.status().message()).c_str());
      return 1;
    }
    result = (long long)res->results[0].i64;
    runs.push_back(Ms(d - c));
  }
  std::sort(runs.begin(), runs.end());
  if ((*module)->jit() != nullptr) {
    std::fprintf(stderr, "compiled %u/%zu functions\n", (*module)->jit()->compiled_count(),
                 (*module)->ir().functions.size());
  }
  double load_ms = Ms(t1 - t0);
  std::printf("%lld\n", result);
  std::fprintf(stderr, "load_ms %.3f\nload_mb_per_s %.1f\ninstantiate_us %.1f\ntime_ms %.3f\n",
               load_ms, bytes.size() / 1e6 / (load_ms / 1e3), instantiate_us,
               runs[runs.size() / 2]);
  return 0;
}

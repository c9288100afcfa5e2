// Server configuration: every limit and default in one place.
#ifndef WASMRT_SERVICE_CONFIG_H_
#define WASMRT_SERVICE_CONFIG_H_

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "runtime/engine/engine.h"

namespace wasmrt::service {

struct ServiceConfig {
  std::string listen = "127.0.0.1:50051";
  std::string metrics_listen = "127.0.0.1:9464";  // "" disables the metrics endpoint
  std::string data_dir = "wasmrt-data";
  int workers = std::max(1u, std::thread::hardware_concurrency());
  int queue_size = 1024;  // waiting calls beyond the busy workers

  uint64_t max_module_bytes = 64ull << 20;
  uint64_t max_payload_bytes = 16ull << 20;
  uint64_t max_output_bytes = 16ull << 20;  // payload output copied back
  uint64_t max_stdio_bytes = 1ull << 20;    // captured stdout/stderr each

  // Per-call limits: the default when a request says 0, and the cap. The
  // compiled tier runs up to ~2e10 wasm instructions per second, so these
  // are about 5 s and 50 s of its fastest loops: the default and the
  // largest timeout (5 s, 60 s) stay the limits that end long calls.
  int64_t default_fuel = 100'000'000'000;
  int64_t max_fuel = 1'000'000'000'000;
  uint64_t default_memory_bytes = 64ull << 20;
  uint64_t max_memory_bytes = 1ull << 30;
  uint32_t default_timeout_ms = 5000;
  uint32_t max_timeout_ms = 60000;
  uint32_t max_call_depth = 10000;

  // How every module is compiled (--tier). One tier per process: the
  // compiled-module cache is keyed by the bytes' digest alone, which is
  // right only because the tier cannot change while the server runs.
  Tier tier = Tier::kAuto;

  // Instance pools (per module).
  int pool_min_warm = 1;
  int pool_max_idle = 0;  // 0: as many as workers
  int pool_idle_seconds = 60;
  // Benchmarks of cold starts: every call instantiates a new instance and
  // drops it afterwards (no warm instances are kept).
  bool pool_disable = false;

  // Auth: empty lists disable it. Admins may upload/delete; invokers may
  // invoke/list/get. Admin tokens can do everything.
  std::vector<std::string> admin_tokens;
  std::vector<std::string> invoker_tokens;
  std::string tls_cert_file;
  std::string tls_key_file;

  int shutdown_grace_seconds = 10;
};

// "auto", "interp" or "jit", as --tier spells it (logs, /metrics).
inline const char* TierName(Tier tier) {
  switch (tier) {
    case Tier::kAuto: return "auto";
    case Tier::kInterp: return "interp";
    case Tier::kJit: return "jit";
  }
  return "interp";
}

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_CONFIG_H_

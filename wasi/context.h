// The per-instance WASI state: what the guest sees as its process (args,
// env, preopened directories, stdio, clocks, randomness) and its fd table.
#ifndef WASMRT_WASI_CONTEXT_H_
#define WASMRT_WASI_CONTEXT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "wasi/clock_random.h"
#include "wasi/fd_table.h"
#include "wasi/stdio.h"

namespace wasmrt::wasi {

struct Preopen {
  std::string host_path;   // an existing host directory
  std::string guest_path;  // the name the guest sees ("/", ".", "data")
  bool read_only = false;  // no rights that modify the file system
};

struct WasiConfig {
  std::vector<std::string> args;                            // args[0] is the program name
  std::vector<std::pair<std::string, std::string>> env;     // the whole environment
  std::vector<Preopen> preopens;                            // fds 3, 4, ... in order
  // stdin: the host's fd 0 unless a buffer is given.
  std::optional<std::string> stdin_bytes;
  // stdout/stderr: the host's fds 1 and 2 unless a cap is given, in which
  // case they go to capped buffers (see WasiContext::stdout_buffer()).
  std::optional<size_t> stdout_cap;
  std::optional<size_t> stderr_cap;
  // Reproducible runs: a virtual clock starting at `start_time_ns` and a
  // PRNG seeded with `seed` (see clock_random.h).
  bool deterministic = false;
  uint64_t seed = 0;
  uint64_t start_time_ns = 1'600'000'000ull * 1'000'000'000ull;  // 2020-09-13
};

class WasiContext {
 public:
  /// Opens the preopened directories and sets up fds 0-2. InvalidArgument
  /// when a preopen is not a readable directory or an env name has '='.
  static absl::StatusOr<std::unique_ptr<WasiContext>> Create(WasiConfig config);

  const WasiConfig& config() const { return config_; }
  FdTable& fds() { return fds_; }
  WasiClock& clock() { return clock_; }
  WasiRandom& random() { return random_; }
  /// Null unless the stream was configured as a buffer.
  const CappedBuffer* stdout_buffer() const { return stdout_.get(); }
  const CappedBuffer* stderr_buffer() const { return stderr_.get(); }

  /// poll_oneoff never sleeps past this, and a WASI call made after it ends
  /// the call with TrapCode::kTimeout (set it to the call's deadline so a
  /// guest that sleeps or loops on WASI calls still times out on time).
  void set_deadline(std::optional<std::chrono::steady_clock::time_point> d) { deadline_ = d; }
  std::optional<std::chrono::steady_clock::time_point> deadline() const { return deadline_; }

 private:
  explicit WasiContext(WasiConfig config) : config_(std::move(config)) {}
  absl::Status Init();

  WasiConfig config_;
  FdTable fds_;
  WasiClock clock_;
  WasiRandom random_;
  std::unique_ptr<InputBuffer> stdin_;
  std::unique_ptr<CappedBuffer> stdout_;
  std::unique_ptr<CappedBuffer> stderr_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_CONTEXT_H_

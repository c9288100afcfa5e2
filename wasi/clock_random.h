// Clocks and randomness for the guest, with a deterministic mode for
// reproducible runs: a virtual clock that starts at a fixed time and moves
// only when read (1 µs per read) or slept on, and a seeded PRNG.
#ifndef WASMRT_WASI_CLOCK_RANDOM_H_
#define WASMRT_WASI_CLOCK_RANDOM_H_

#include <cstddef>
#include <cstdint>

#include "wasi/errno.h"

namespace wasmrt::wasi {

class WasiClock {
 public:
  /// Real host clocks.
  WasiClock() = default;
  /// A virtual clock: realtime starts at `start_ns` (ns since the epoch),
  /// monotonic at 0; both advance 1000 ns per read and by every Advance().
  static WasiClock Deterministic(uint64_t start_ns);

  /// kInval for an unknown clock id.
  Errno Resolution(uint32_t id, uint64_t* out) const;
  Errno Now(uint32_t id, uint64_t* out);
  /// Moves a virtual clock forward (poll_oneoff's sleeps); no-op when real.
  void Advance(uint64_t ns);
  bool deterministic() const { return deterministic_; }

  static constexpr uint64_t kTickNs = 1000;

 private:
  bool deterministic_ = false;
  uint64_t start_ns_ = 0;
  uint64_t elapsed_ns_ = 0;
};

class WasiRandom {
 public:
  /// Bytes from the host's getrandom().
  WasiRandom() = default;
  /// A reproducible stream (splitmix64) from `seed`.
  static WasiRandom Seeded(uint64_t seed);

  /// Fills `len` bytes; kIo when the host source fails.
  Errno Fill(uint8_t* out, size_t len);

 private:
  bool seeded_ = false;
  uint64_t state_ = 0;
};

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_CLOCK_RANDOM_H_

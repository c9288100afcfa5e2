#include "wasi/clock_random.h"

#include <sys/random.h>
#include <time.h>

#include <cerrno>
#include <cstring>

#include "wasi/abi.h"

namespace wasmrt::wasi {
namespace {

bool HostClockId(uint32_t id, clockid_t* out) {
  switch (id) {
    case kClockRealtime: *out = CLOCK_REALTIME; return true;
    case kClockMonotonic: *out = CLOCK_MONOTONIC; return true;
    case kClockProcessCputime: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case kClockThreadCputime: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

uint64_t ToNs(const timespec& ts) {
  return uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
}

}  // namespace

WasiClock WasiClock::Deterministic(uint64_t start_ns) {
  WasiClock c;
  c.deterministic_ = true;
  c.start_ns_ = start_ns;
  return c;
}

Errno WasiClock::Resolution(uint32_t id, uint64_t* out) const {
  clockid_t host;
  if (!HostClockId(id, &host)) return Errno::kInval;
  if (deterministic_) {
    *out = kTickNs;
    return Errno::kSuccess;
  }
  timespec ts;
  if (clock_getres(host, &ts) != 0) return ErrnoFromHost(errno);
  *out = ToNs(ts);
  if (*out == 0) *out = 1;
  return Errno::kSuccess;
}

Errno WasiClock::Now(uint32_t id, uint64_t* out) {
  clockid_t host;
  if (!HostClockId(id, &host)) return Errno::kInval;
  if (deterministic_) {
    elapsed_ns_ += kTickNs;
    *out = (id == kClockRealtime ? start_ns_ : 0) + elapsed_ns_;
    return Errno::kSuccess;
  }
  timespec ts;
  if (clock_gettime(host, &ts) != 0) return ErrnoFromHost(errno);
  *out = ToNs(ts);
  return Errno::kSuccess;
}

void WasiClock::Advance(uint64_t ns) {
  if (deterministic_) elapsed_ns_ += ns;
}

WasiRandom WasiRandom::Seeded(uint64_t seed) {
  WasiRandom r;
  r.seeded_ = true;
  r.state_ = seed;
  return r;
}

Errno WasiRandom::Fill(uint8_t* out, size_t len) {
  if (seeded_) {
    // splitmix64: one 64-bit word per 8 bytes.
    for (size_t i = 0; i < len; i += 8) {
      uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      z ^= z >> 31;
      size_t n = len - i < 8 ? len - i : 8;
      std::memcpy(out + i, &z, n);
    }
    return Errno::kSuccess;
  }
  size_t done = 0;
  while (done < len) {
    ssize_t n = getrandom(out + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno::kIo;
    }
    done += size_t(n);
  }
  return Errno::kSuccess;
}

}  // namespace wasmrt::wasi

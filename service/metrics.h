// Counters and histograms of the service, exposed in the Prometheus text
// format. Updates are lock-free atomics (they sit on the call path).
#ifndef WASMRT_SERVICE_METRICS_H_
#define WASMRT_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "proto/wasmrt.pb.h"

namespace wasmrt::service {

class Metrics {
 public:
  // How an Invoke ended. returned/output/trap/exit: the guest ran (an OK
  // response). error: the request was wrong (bad module, export, arguments,
  // limits...). rejected: refused unrun (queue full, shutting down). denied:
  // refused by auth. expired: the deadline passed or the caller cancelled
  // before the guest ran.
  enum Outcome {
    kReturned,
    kOutput,
    kTrap,
    kExit,
    kApplicationError,  // the guest answered an error (wasmrt.set_status)
    kError,
    kRejected,
    kDenied,
    kExpired,
    kOutcomeCount
  };

  // `seconds`, `fuel_used` and `warm` feed the histogram and the pool and
  // fuel counters only for calls that ran the guest (an OK response).
  void RecordCall(Outcome outcome, double seconds, int64_t fuel_used, bool warm);
  void RecordTrap(v1::Trap::Kind kind);
  void RecordUpload(bool ok);

  // The exposition text; `gauges` appends live values (queue depth...).
  std::string Render(const std::function<void(std::string&)>& gauges) const;

  static constexpr std::array<double, 14> kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
      0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   5.0};

 private:
  std::atomic<uint64_t> calls_[kOutcomeCount] = {};
  std::atomic<uint64_t> traps_[v1::Trap::Kind_ARRAYSIZE] = {};
  std::atomic<uint64_t> buckets_[kBuckets.size() + 1] = {};
  std::atomic<uint64_t> duration_us_sum_{0};
  std::atomic<uint64_t> fuel_sum_{0};
  std::atomic<uint64_t> pool_hits_{0};
  std::atomic<uint64_t> pool_misses_{0};
  std::atomic<uint64_t> uploads_ok_{0};
  std::atomic<uint64_t> uploads_failed_{0};
};

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_METRICS_H_

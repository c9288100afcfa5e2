#include "service/metrics.h"

#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace wasmrt::service {
namespace {

constexpr const char* kOutcomeNames[] = {
    "returned", "output", "trap", "exit", "application_error", "error", "rejected", "denied",
    "expired"};
static_assert(std::size(kOutcomeNames) == Metrics::kOutcomeCount);

void Counter(std::string& out, const char* name, const char* help) {
  absl::StrAppend(&out, "# HELP ", name, " ", help, "\n# TYPE ", name, " counter\n");
}

}  // namespace

void Metrics::RecordCall(Outcome outcome, double seconds, int64_t fuel_used, bool warm) {
  calls_[outcome].fetch_add(1, std::memory_order_relaxed);
  if (outcome != kReturned && outcome != kOutput && outcome != kTrap && outcome != kExit &&
      outcome != kApplicationError) {
    return;  // the guest did not run
  }
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  buckets_[b].fetch_add(1, std::memory_order_relaxed);
  duration_us_sum_.fetch_add(uint64_t(seconds * 1e6), std::memory_order_relaxed);
  fuel_sum_.fetch_add(uint64_t(fuel_used), std::memory_order_relaxed);
  (warm ? pool_hits_ : pool_misses_).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::RecordTrap(v1::Trap::Kind kind) {
  traps_[kind].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::RecordUpload(bool ok) {
  (ok ? uploads_ok_ : uploads_failed_).fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::Render(const std::function<void(std::string&)>& gauges) const {
  std::string out;
  Counter(out, "wasmrt_calls_total", "Invoke calls by outcome.");
  for (int i = 0; i < kOutcomeCount; ++i) {
    absl::StrAppend(&out, "wasmrt_calls_total{outcome=\"", kOutcomeNames[i], "\"} ",
                    calls_[i].load(), "\n");
  }
  Counter(out, "wasmrt_traps_total", "Guest traps by kind.");
  for (int k = 1; k < v1::Trap::Kind_ARRAYSIZE; ++k) {
    absl::StrAppend(&out, "wasmrt_traps_total{kind=\"",
                    absl::AsciiStrToLower(v1::Trap::Kind_Name(v1::Trap::Kind(k))), "\"} ",
                    traps_[k].load(), "\n");
  }
  absl::StrAppend(&out,
                  "# HELP wasmrt_call_duration_seconds Time from dequeue to result.\n"
                  "# TYPE wasmrt_call_duration_seconds histogram\n");
  uint64_t cumulative = 0;
  for (size_t b = 0; b <= kBuckets.size(); ++b) {
    cumulative += buckets_[b].load();
    absl::StrAppend(&out, "wasmrt_call_duration_seconds_bucket{le=\"",
                    b < kBuckets.size() ? absl::StrCat(kBuckets[b]) : "+Inf", "\"} ", cumulative,
                    "\n");
  }
  absl::StrAppend(&out, "wasmrt_call_duration_seconds_sum ", duration_us_sum_.load() / 1e6, "\n",
                  "wasmrt_call_duration_seconds_count ", cumulative, "\n");
  Counter(out, "wasmrt_fuel_used_total", "Fuel consumed by guest code.");
  absl::StrAppend(&out, "wasmrt_fuel_used_total ", fuel_sum_.load(), "\n");
  Counter(out, "wasmrt_pool_hits_total", "Calls served by a warm pooled instance.");
  absl::StrAppend(&out, "wasmrt_pool_hits_total ", pool_hits_.load(), "\n");
  Counter(out, "wasmrt_pool_misses_total", "Calls that had to instantiate.");
  absl::StrAppend(&out, "wasmrt_pool_misses_total ", pool_misses_.load(), "\n");
  Counter(out, "wasmrt_uploads_total", "Module uploads by result.");
  absl::StrAppend(&out, "wasmrt_uploads_total{result=\"ok\"} ", uploads_ok_.load(), "\n",
                  "wasmrt_uploads_total{result=\"failed\"} ", uploads_failed_.load(), "\n");
  if (gauges) gauges(out);
  return out;
}

}  // namespace wasmrt::service

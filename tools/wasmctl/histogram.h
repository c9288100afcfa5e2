// A log-linear histogram of non-negative integer values (microseconds, fuel
// units) with bounded relative error, for latency percentiles.
//
// Layout: values below 2 * kHalf are counted exactly, one bucket per value.
// Above that, each power-of-two range [2^k, 2^(k+1)) is split into kHalf
// equal buckets of width 2^(k - kSubBits), so a bucket's width is at most
// 1/kHalf (~0.1%) of the values in it. Recording is O(1) (a count-leading-
// zeros and a shift); memory is fixed (~320 KiB) whatever the value range.
#ifndef WASMRT_TOOLS_WASMCTL_HISTOGRAM_H_
#define WASMRT_TOOLS_WASMCTL_HISTOGRAM_H_

#include <cstdint>
#include <functional>
#include <vector>

namespace wasmrt::wasmctl {

class Histogram {
 public:
  static constexpr int kSubBits = 10;
  static constexpr uint64_t kHalf = uint64_t{1} << kSubBits;  // buckets per octave
  static constexpr int kMaxBits = 48;                         // values up to 2^48 - 1
  static constexpr uint64_t kMaxValue = (uint64_t{1} << kMaxBits) - 1;
  static constexpr size_t kBuckets = 2 * kHalf + (kMaxBits - kSubBits - 1) * kHalf;

  Histogram() : counts_(kBuckets, 0) {}

  /// Counts `value` `n` times; values above kMaxValue count as kMaxValue.
  void Record(uint64_t value, uint64_t n = 1);
  /// Adds every count of `other`.
  void Merge(const Histogram& other);
  void Reset();

  uint64_t count() const { return total_; }
  /// Exact smallest/largest recorded value (0 when empty).
  uint64_t min() const { return total_ == 0 ? 0 : min_; }
  uint64_t max() const { return max_; }
  /// Exact mean of the recorded values (0 when empty).
  double mean() const { return total_ == 0 ? 0 : double(sum_) / double(total_); }

  /// The value at percentile `p` (0..100): the highest value of the bucket
  /// holding the ceil(p/100 * count)-th smallest value (at least the first),
  /// capped at max(). So it never understates, and overstates by less than
  /// one bucket width. 0 when empty.
  uint64_t Percentile(double p) const;

  /// Bucket index of `value` (precondition: value <= kMaxValue).
  static size_t BucketOf(uint64_t value);
  /// Smallest and largest value counted in bucket `index`.
  static uint64_t BucketLow(size_t index);
  static uint64_t BucketHigh(size_t index);

  /// Calls `f(low, high, count)` for every non-empty bucket, in order.
  void ForEachBucket(const std::function<void(uint64_t, uint64_t, uint64_t)>& f) const;

 private:
  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
  // Sum of values; 128 bits so that billions of large fuel values cannot wrap.
  unsigned __int128 sum_ = 0;
};

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_HISTOGRAM_H_

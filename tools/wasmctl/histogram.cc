#include "tools/wasmctl/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace wasmrt::wasmctl {

size_t Histogram::BucketOf(uint64_t value) {
  if (value < 2 * kHalf) return size_t(value);
  int msb = 63 - std::countl_zero(value);  // >= kSubBits + 1
  int shift = msb - kSubBits;              // bucket width is 2^shift
  uint64_t sub = value >> shift;           // in [kHalf, 2 * kHalf)
  return size_t(2 * kHalf + uint64_t(shift - 1) * kHalf + (sub - kHalf));
}

uint64_t Histogram::BucketLow(size_t index) {
  if (index < 2 * kHalf) return index;
  uint64_t rel = index - 2 * kHalf;
  int shift = int(rel / kHalf) + 1;
  uint64_t sub = kHalf + rel % kHalf;
  return sub << shift;
}

uint64_t Histogram::BucketHigh(size_t index) {
  if (index < 2 * kHalf) return index;
  int shift = int((index - 2 * kHalf) / kHalf) + 1;
  return BucketLow(index) + (uint64_t{1} << shift) - 1;
}

void Histogram::Record(uint64_t value, uint64_t n) {
  if (n == 0) return;
  value = std::min(value, kMaxValue);
  counts_[BucketOf(value)] += n;
  total_ += n;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += (unsigned __int128)value * n;
}

void Histogram::Merge(const Histogram& other) {
  if (other.total_ == 0) return;
  for (size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  total_ += other.total_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

void Histogram::Reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  total_ = 0;
  min_ = UINT64_MAX;
  max_ = 0;
  sum_ = 0;
}

uint64_t Histogram::Percentile(double p) const {
  if (total_ == 0) return 0;
  p = std::clamp(p, 0.0, 100.0);
  // The rank of the value asked for, 1-based; the epsilon keeps 99.9% of
  // 1000 at rank 999 despite binary floating point.
  double exact = p / 100.0 * double(total_);
  uint64_t rank = uint64_t(std::ceil(exact - 1e-9));
  rank = std::clamp<uint64_t>(rank, 1, total_);
  uint64_t seen = 0;
  for (size_t i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(BucketHigh(i), max_);
  }
  return max_;
}

void Histogram::ForEachBucket(
    const std::function<void(uint64_t, uint64_t, uint64_t)>& f) const {
  if (total_ == 0) return;
  size_t first = BucketOf(min_);
  size_t last = BucketOf(max_);
  for (size_t i = first; i <= last; ++i) {
    if (counts_[i] != 0) f(BucketLow(i), BucketHigh(i), counts_[i]);
  }
}

}  // namespace wasmrt::wasmctl

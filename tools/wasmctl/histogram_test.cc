#include "tools/wasmctl/histogram.h"

#include "gtest/gtest.h"

namespace wasmrt::wasmctl {
namespace {

TEST(HistogramBuckets, ExactBelowTwoHalves) {
  for (uint64_t v = 0; v < 2 * Histogram::kHalf; ++v) {
    ASSERT_EQ(Histogram::BucketOf(v), v);
    ASSERT_EQ(Histogram::BucketLow(v), v);
    ASSERT_EQ(Histogram::BucketHigh(v), v);
  }
}

TEST(HistogramBuckets, OctaveBoundaries) {
  // [2048, 4096): 1024 buckets of width 2.
  EXPECT_EQ(Histogram::BucketOf(2048), 2048u);
  EXPECT_EQ(Histogram::BucketOf(2049), 2048u);
  EXPECT_EQ(Histogram::BucketOf(2050), 2049u);
  EXPECT_EQ(Histogram::BucketOf(4095), 3071u);
  EXPECT_EQ(Histogram::BucketLow(3071), 4094u);
  EXPECT_EQ(Histogram::BucketHigh(3071), 4095u);
  // [4096, 8192): width 4.
  EXPECT_EQ(Histogram::BucketOf(4096), 3072u);
  EXPECT_EQ(Histogram::BucketOf(4099), 3072u);
  EXPECT_EQ(Histogram::BucketOf(4100), 3073u);
  EXPECT_EQ(Histogram::BucketLow(3072), 4096u);
  EXPECT_EQ(Histogram::BucketHigh(3072), 4099u);
  // 1 s in microseconds: octave [2^19, 2^20), width 2^9 = 512.
  EXPECT_EQ(Histogram::BucketLow(Histogram::BucketOf(1'000'000)), 999'936u);
  EXPECT_EQ(Histogram::BucketHigh(Histogram::BucketOf(1'000'000)), 1'000'447u);
  EXPECT_EQ(Histogram::BucketOf(Histogram::kMaxValue), Histogram::kBuckets - 1);
}

TEST(HistogramBuckets, ContiguousAndWithinOnePerMille) {
  for (size_t i = 0; i < Histogram::kBuckets; ++i) {
    uint64_t lo = Histogram::BucketLow(i), hi = Histogram::BucketHigh(i);
    ASSERT_EQ(Histogram::BucketOf(lo), i);
    ASSERT_EQ(Histogram::BucketOf(hi), i);
    ASSERT_LE(double(hi - lo), double(lo) / double(Histogram::kHalf)) << i;
    if (i + 1 < Histogram::kBuckets) {
      ASSERT_EQ(hi + 1, Histogram::BucketLow(i + 1)) << i;
    }
  }
  EXPECT_EQ(Histogram::BucketHigh(Histogram::kBuckets - 1), Histogram::kMaxValue);
}

TEST(Histogram, EmptyIsAllZero) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.mean(), 0);
  EXPECT_EQ(h.Percentile(50), 0u);
}

TEST(Histogram, PercentilesOfExactValues) {
  Histogram h;
  for (uint64_t v = 1; v <= 1000; ++v) h.Record(v);
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 1000u);
  EXPECT_DOUBLE_EQ(h.mean(), 500.5);
  EXPECT_EQ(h.Percentile(0), 1u);
  EXPECT_EQ(h.Percentile(50), 500u);
  EXPECT_EQ(h.Percentile(90), 900u);
  EXPECT_EQ(h.Percentile(99), 990u);
  EXPECT_EQ(h.Percentile(99.9), 999u);
  EXPECT_EQ(h.Percentile(100), 1000u);
  EXPECT_EQ(h.Percentile(50.05), 501u);  // rank ceil(500.5) = 501
}

TEST(Histogram, PercentilesOfLargeValuesNeverUnderstate) {
  Histogram h;
  for (uint64_t v = 1; v <= 100'000; ++v) h.Record(v);
  for (double p : {10.0, 50.0, 90.0, 99.0, 99.9}) {
    double exact = p * 1000;
    uint64_t got = h.Percentile(p);
    EXPECT_GE(double(got), exact) << p;
    EXPECT_LE(double(got), exact * (1 + 1.0 / Histogram::kHalf)) << p;
  }
  EXPECT_EQ(h.Percentile(50), 50'015u);  // bucket [49984, 50015]
  EXPECT_EQ(h.Percentile(100), 100'000u);
}

TEST(Histogram, SkewedDistribution) {
  // 990 fast calls at 20 ms and 10 stalled ones at 500 ms.
  Histogram h;
  h.Record(20'000, 990);
  h.Record(500'000, 10);
  EXPECT_EQ(h.Percentile(50), Histogram::BucketHigh(Histogram::BucketOf(20'000)));
  EXPECT_EQ(h.Percentile(99), Histogram::BucketHigh(Histogram::BucketOf(20'000)));
  EXPECT_EQ(h.Percentile(99.1), 500'000u);  // capped at the exact maximum
  EXPECT_DOUBLE_EQ(h.mean(), (990 * 20'000.0 + 10 * 500'000.0) / 1000);
}

TEST(Histogram, MergeResetAndClamp) {
  Histogram a, b;
  a.Record(5);
  b.Record(7, 3);
  b.Record(Histogram::kMaxValue + 12345);
  a.Merge(b);
  EXPECT_EQ(a.count(), 5u);
  EXPECT_EQ(a.min(), 5u);
  EXPECT_EQ(a.max(), Histogram::kMaxValue);
  EXPECT_EQ(a.Percentile(60), 7u);
  uint64_t seen = 0;
  a.ForEachBucket([&](uint64_t lo, uint64_t, uint64_t n) {
    if (lo == 7) {
      EXPECT_EQ(n, 3u);
    }
    seen += n;
  });
  EXPECT_EQ(seen, 5u);
  a.Reset();
  EXPECT_EQ(a.count(), 0u);
  EXPECT_EQ(a.Percentile(99), 0u);
}

}  // namespace
}  // namespace wasmrt::wasmctl

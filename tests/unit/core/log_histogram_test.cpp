#include "core/log_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace hb::core {
namespace {

constexpr std::size_t kValues = 20000;
constexpr std::array<double, 8> kQuantiles = {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};
// The histogram's promise (1 %) plus room for rounding at bucket edges.
constexpr double kTolerance = LogHistogram::kRelativeAccuracy + 1e-9;

// The exact nearest-rank quantile of sorted data: rank = max(1, ceil(q * n)), 1-based.
double nearest_rank(const std::vector<double>& sorted, double q) {
  const auto n = static_cast<double>(sorted.size());
  auto rank = static_cast<std::size_t>(std::ceil(q * n));
  rank = std::max<std::size_t>(rank, 1);
  return sorted[rank - 1];
}

double relative_error(double estimate, double exact) {
  return std::abs(estimate - exact) / exact;
}

struct Distribution {
  std::string name;
  std::function<double(std::mt19937_64&)> draw;  // seconds
};

std::vector<Distribution> distributions() {
  return {
      {"LogNormal50ms",
       [](std::mt19937_64& rng) {
         return std::lognormal_distribution<double>(std::log(0.05), 1.0)(rng);
       }},
      {"Uniform1usTo10s",
       [](std::mt19937_64& rng) {
         return std::uniform_real_distribution<double>(1e-6, 10.0)(rng);
       }},
      {"LogUniform1usTo10s",
       [](std::mt19937_64& rng) {
         return std::pow(10.0, std::uniform_real_distribution<double>(-6.0, 1.0)(rng));
       }},
      {"ExponentialMean100ms",
       [](std::mt19937_64& rng) { return std::exponential_distribution<double>(10.0)(rng); }},
  };
}

std::vector<double> draw(const Distribution& distribution, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> values(kValues);
  for (double& value : values) value = distribution.draw(rng);
  return values;
}

class LogHistogramAccuracyTest : public ::testing::TestWithParam<Distribution> {};

TEST_P(LogHistogramAccuracyTest, EveryQuantileIsWithinOnePercentOfTheNearestRankValue) {
  const std::vector<double> values = draw(GetParam(), 20240601);
  LogHistogram histogram;
  for (const double value : values) histogram.record(value);
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());

  for (const double q : kQuantiles) {
    const double exact = nearest_rank(sorted, q);
    const auto estimate = histogram.quantile(q);
    ASSERT_TRUE(estimate.has_value()) << "q=" << q;
    EXPECT_LE(relative_error(*estimate, exact), kTolerance)
        << "q=" << q << " exact=" << exact << " estimate=" << *estimate;
  }
}

TEST_P(LogHistogramAccuracyTest, MergingTwoHalvesGivesTheSameQuantilesAsOneHistogram) {
  const std::vector<double> values = draw(GetParam(), 7);
  LogHistogram all;
  LogHistogram first;
  LogHistogram second;
  for (std::size_t i = 0; i < values.size(); ++i) {
    all.record(values[i]);
    (i < values.size() / 2 ? first : second).record(values[i]);
  }
  first.merge(second);

  EXPECT_EQ(first.count(), all.count());
  EXPECT_NEAR(first.sum(), all.sum(), 1e-9 * all.sum());
  for (const double q : kQuantiles) {
    EXPECT_EQ(first.quantile(q), all.quantile(q)) << "q=" << q;
  }
}

INSTANTIATE_TEST_SUITE_P(RandomData, LogHistogramAccuracyTest, ::testing::ValuesIn(distributions()),
                         [](const auto& test) { return test.param.name; });

TEST(LogHistogramTest, EmptyHistogramHasNoQuantile) {
  const LogHistogram histogram;
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.sum(), 0.0);
  for (const double q : kQuantiles) EXPECT_EQ(histogram.quantile(q), std::nullopt) << "q=" << q;
}

TEST(LogHistogramTest, ClearedHistogramHasNoQuantile) {
  LogHistogram histogram;
  histogram.record(0.25);
  histogram.clear();
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.sum(), 0.0);
  EXPECT_EQ(histogram.quantile(0.5), std::nullopt);
}

// A histogram emptied with its range kept answers as a fresh one given the same values, though
// its buckets still span the old range; a range wider than kKeptBuckets is let go.
TEST(LogHistogramTest, ClearingKeepingTheRangeAnswersAsAFreshHistogram) {
  LogHistogram kept;
  kept.record(0.01);
  kept.record(0.1);
  const int first = kept.first_index();
  const std::size_t range = kept.buckets().size();
  kept.clear_keeping_range();
  EXPECT_EQ(kept.count(), 0u);
  EXPECT_EQ(kept.sum(), 0.0);
  EXPECT_EQ(kept.quantile(0.5), std::nullopt);
  EXPECT_EQ(kept.first_index(), first);
  EXPECT_EQ(kept.buckets().size(), range);
  LogHistogram fresh;
  for (const double value : {0.01, 0.02, 0.05, 0.0005}) {
    kept.record(value);
    fresh.record(value);
  }
  EXPECT_EQ(kept.count(), fresh.count());
  EXPECT_EQ(kept.sum(), fresh.sum());
  for (const double q : kQuantiles) EXPECT_EQ(kept.quantile(q), fresh.quantile(q)) << "q=" << q;
  EXPECT_LT(kept.first_index(), first);  // 0.0005 s is below the kept range

  LogHistogram wide;
  wide.record(1e-5);
  wide.record(10.0);
  ASSERT_GT(wide.buckets().size(), LogHistogram::kKeptBuckets);
  wide.clear_keeping_range();
  EXPECT_TRUE(wide.buckets().empty());
}

TEST(LogHistogramTest, CountsAndSumsEveryRecordedValue) {
  LogHistogram histogram;
  histogram.record(0.5);
  histogram.record(0.25, 3);
  histogram.record(2.0, 0);  // recording zero times changes nothing
  EXPECT_EQ(histogram.count(), 4u);
  EXPECT_DOUBLE_EQ(histogram.sum(), 1.25);
}

TEST(LogHistogramTest, MergeAddsCountsAndSums) {
  LogHistogram a;
  a.record(0.001, 2);
  LogHistogram b;
  b.record(3.0);
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_DOUBLE_EQ(a.sum(), 3.002);
  EXPECT_LE(relative_error(*a.quantile(0.5), 0.001), kTolerance);
  EXPECT_LE(relative_error(*a.quantile(1.0), 3.0), kTolerance);
}

TEST(LogHistogramTest, MergingIntoAnEmptyHistogramCopiesIt) {
  LogHistogram source;
  source.record(0.02);
  source.record(0.4);
  LogHistogram target;
  target.merge(source);
  EXPECT_EQ(target.count(), 2u);
  EXPECT_EQ(target.quantile(0.5), source.quantile(0.5));
  EXPECT_EQ(target.quantile(1.0), source.quantile(1.0));
}

TEST(LogHistogramTest, SingleValueIsEveryQuantile) {
  LogHistogram histogram;
  histogram.record(0.123);
  for (const double q : {0.0, 0.5, 1.0}) {
    EXPECT_LE(relative_error(*histogram.quantile(q), 0.123), kTolerance) << "q=" << q;
  }
}

TEST(LogHistogramTest, ValuesAtOrBelowTheMinimumAreReportedAsTheMinimum) {
  LogHistogram histogram;
  histogram.record(0.0);
  histogram.record(1e-9);
  histogram.record(LogHistogram::kMinValue);
  EXPECT_EQ(histogram.quantile(1.0), LogHistogram::kMinValue);
}

// Values just above kMinValue fall into the lowest bucket, (gamma^-691, gamma^-690], whose upper
// edge is about 1.0152e-6. That bucket is reported as kMinValue, so such values come back more
// than 1 % too low.
TEST(LogHistogramTest, ValuesJustAboveTheMinimumKeepOnePercentAccuracy) {
  for (const double value : {1.005e-6, 1.012e-6, 1.015e-6, 1.02e-6, 1.03e-6}) {
    LogHistogram histogram;
    histogram.record(value);
    const auto estimate = histogram.quantile(0.5);
    ASSERT_TRUE(estimate.has_value());
    EXPECT_LE(relative_error(*estimate, value), kTolerance)
        << "value=" << value << " estimate=" << *estimate;
  }
}

// index_of() answers from a table for most values; it must give the logarithm's bucket for every
// value, and a bucket changes only at its edge, so the check is every edge from below kMinValue
// to beyond the table's end (2^14), a few hundred doubles either side of each, and values spread
// over the whole range at random.
TEST(LogHistogramTest, TableAgreesWithTheLogarithm) {
  const double gamma =
      (1.0 + LogHistogram::kRelativeAccuracy) / (1.0 - LogHistogram::kRelativeAccuracy);
  const auto agrees = [](double value) {
    return LogHistogram::index_of(value) == LogHistogram::index_by_logarithm(value);
  };
  for (int bucket = -720; bucket <= 520; ++bucket) {
    double below = std::pow(gamma, bucket - 1);
    double above = below;
    for (int step = 0; step < 300; ++step) {
      ASSERT_TRUE(agrees(below)) << below;
      ASSERT_TRUE(agrees(above)) << above;
      below = std::nextafter(below, 0.0);
      above = std::nextafter(above, 1e300);
    }
  }
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> exponent(-22.0, 16.0);
  for (int i = 0; i < 1'000'000; ++i) {
    const double value = std::exp2(exponent(rng));
    ASSERT_TRUE(agrees(value)) << value;
  }
  for (const double value :
       {0.0, -1.0, LogHistogram::kMinValue, std::nextafter(LogHistogram::kMinValue, 1.0),
        std::exp2(-20.0), 16384.0, std::nextafter(16384.0, 0.0), 1e300,
        std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::denorm_min()}) {
    EXPECT_TRUE(agrees(value)) << value;
  }
}

}  // namespace
}  // namespace hb::core

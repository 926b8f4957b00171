// RequestCounts keeps counts by key in key order, as a std::map would, and finds a pod's count
// first where it found it last: the shortcut must never answer another key's count. A duration
// histogram's branch-free search finds the bucket std::lower_bound finds, and its table from
// LogHistogram buckets finds the bucket the search finds.
#include "core/request_metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <vector>

#include "core/log_histogram.h"

namespace hb::core {
namespace {

std::vector<std::pair<RequestKey, std::uint64_t>> contents(const RequestCounts& counts) {
  return {counts.begin(), counts.end()};
}

TEST(RequestCounts, APodsCountMovedByANewKeyIsStillFound) {
  RequestCounts counts;
  ++counts[{.service = 1, .pod = 5, .code = 200}];  // pod 5 remembers index 0
  ++counts[{.service = 0, .pod = 2, .code = 200}];  // inserted before it: pod 5's moves to 1
  ++counts[{.service = 1, .pod = 5, .code = 200}];
  ++counts[{.service = 1, .pod = 5, .code = 500}];  // another code of the same pod
  ++counts[{.service = 1, .pod = 5, .code = 200}];
  EXPECT_EQ(contents(counts), (std::vector<std::pair<RequestKey, std::uint64_t>>{
                                  {{.service = 0, .pod = 2, .code = 200}, 1},
                                  {{.service = 1, .pod = 5, .code = 200}, 3},
                                  {{.service = 1, .pod = 5, .code = 500}, 1}}));
}

TEST(RequestCounts, CountsAsAnOrderedMapDoes) {
  std::mt19937 random(11);
  std::map<RequestKey, std::uint64_t> expected;
  RequestCounts counts;
  const int codes[] = {200, 200, 200, 200, 500, 502, 503, 504};
  for (int i = 0; i < 200'000; ++i) {
    RequestKey key{.service = random() % 4, .pod = std::nullopt, .code = codes[random() % 8]};
    if (random() % 10 != 0) key.pod = random() % 40;  // a pod's answer, or refused before one
    ++expected[key];
    ++counts[key];
    if (i % 10'000 == 0) {
      ASSERT_EQ(contents(counts), (std::vector<std::pair<RequestKey, std::uint64_t>>(
                                      expected.begin(), expected.end())));
    }
  }
  EXPECT_EQ(contents(counts),
            (std::vector<std::pair<RequestKey, std::uint64_t>>(expected.begin(), expected.end())));
  EXPECT_EQ(counts.size(), expected.size());
  EXPECT_EQ(counts.count({.service = 0, .pod = 0, .code = 200}), 1U);
  EXPECT_EQ(counts.count({.service = 0, .pod = 0, .code = 201}), 0U);
}

// The bucket std::lower_bound gives: the first bound at or above the value, or +Inf.
std::size_t bucket_by_search(const DurationHistogram& h, double seconds) {
  return static_cast<std::size_t>(std::lower_bound(h.bounds.begin(), h.bounds.end(), seconds) -
                                  h.bounds.begin());
}

// Each of the histogram's bounds and the three doubles either side of it.
void add_around_bounds(const DurationHistogram& h, std::vector<double>& values) {
  for (const double bound : h.bounds) {
    double below = bound;
    double above = bound;
    for (int i = 0; i < 3; ++i) {
      values.push_back(below = std::nextafter(below, 0.0));
      values.push_back(above = std::nextafter(above, 100.0));
    }
    values.push_back(bound);
  }
}

TEST(DurationHistogram, FindsTheBucketStdLowerBoundFinds) {
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> log_seconds(-8.0, 3.0);
  for (const double threshold : {0.2, 0.35, 0.001, 20.0}) {
    DurationHistogram h(threshold);
    std::vector<double> values = {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()};
    add_around_bounds(h, values);
    for (int i = 0; i < 100'000; ++i) values.push_back(std::pow(10.0, log_seconds(random)));
    for (const double seconds : values) {
      DurationHistogram one(threshold);
      one.observe(seconds);
      const std::size_t expected = bucket_by_search(h, seconds);
      ASSERT_EQ(one.buckets[expected], 1U) << "threshold " << threshold << ", " << seconds << " s";
    }
  }
}

// The table's answer, from each latency's LogHistogram bucket, against the search: around every
// bound, around every LogHistogram bucket's edges from 1 ms to 20 s, and at random, for
// thresholds that add no bound, one apart from the others, one within 0.01 % of a shared bound
// (so that one LogHistogram bucket holds two), and ones below and above every shared bound.
TEST(DurationHistogram, FindsTheSameBucketFromALatencysLogHistogramBucket) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> log_seconds(-8.0, 3.0);
  for (const double threshold : {0.2, 0.35, 0.20002, 0.001, 20.0, 1e-7}) {
    const DurationHistogram h(threshold);
    std::vector<double> values = {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(), 1e-9};
    add_around_bounds(h, values);
    for (double edge = 0.001; edge < 20.0; edge *= 1.0 + LogHistogram::kRelativeAccuracy) {
      // The first double of the next LogHistogram bucket, by bisection on the doubles' bits
      // (positive doubles are ordered as their bits), and the double before it.
      const int bucket = LogHistogram::index_of(edge);
      auto in = std::bit_cast<std::uint64_t>(edge);
      auto out = std::bit_cast<std::uint64_t>(edge * 1.05);
      while (out - in > 1) {
        const std::uint64_t middle = in + (out - in) / 2;
        (LogHistogram::index_of(std::bit_cast<double>(middle)) == bucket ? in : out) = middle;
      }
      values.push_back(std::bit_cast<double>(in));
      values.push_back(std::bit_cast<double>(out));
    }
    for (int i = 0; i < 100'000; ++i) values.push_back(std::pow(10.0, log_seconds(random)));
    DurationHistogram by_table(threshold);
    DurationHistogram by_search(threshold);
    for (const double seconds : values) {
      by_table.observe(seconds, LogHistogram::index_of(seconds));
      by_search.observe(seconds);
      ASSERT_EQ(by_table.buckets, by_search.buckets)
          << "threshold " << threshold << ", " << seconds << " s";
    }
  }
}

}  // namespace
}  // namespace hb::core

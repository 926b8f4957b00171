#include "core/rolling_counts.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

namespace hb::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr Duration kDay = hours(24);

TimePoint at(Duration since_zero) {
  return TimePoint{since_zero};
}

Counts requests(std::uint64_t total, std::uint64_t errors = 0, std::uint64_t slow = 0) {
  return Counts{total, errors, slow};
}

TEST(RollingCountsTest, EmptyCountsAreZero) {
  const RollingCounts counts(kDay * 30);
  EXPECT_EQ(counts.over(at(hours(1)), minutes(5)), Counts{});
  EXPECT_EQ(counts.over(at(hours(1)), kDay * 30), Counts{});
}

TEST(RollingCountsTest, CountsAddedInTheSameBucketAreSummed) {
  RollingCounts counts(kDay);
  counts.add(at(seconds(100)), requests(3, 1, 2));
  counts.add(at(seconds(105)), requests(4, 0, 1));
  EXPECT_EQ(counts.over(at(seconds(109)), minutes(5)), requests(7, 1, 3));
}

// The 5-minute window at now = 600 s uses 10 s buckets: it covers the current bucket
// [600 s, 610 s) and the 29 before it, i.e. [310 s, 610 s). A count at 309 s is in bucket
// [300 s, 310 s), which has left the window even though 309 s > now - 5m = 300 s: the window
// covers between 4m50s and 5m of the past, never more.
TEST(RollingCountsTest, FiveMinuteWindowSumsTheLastThirtyFineBuckets) {
  struct Case {
    Duration added_at;
    bool counted;
  };
  const std::vector<Case> cases = {
      {seconds(0), false},  {seconds(299), false}, {seconds(300), false}, {seconds(309), false},
      {seconds(310), true}, {seconds(450), true},  {seconds(599), true},  {seconds(600), true},
  };
  const TimePoint now = at(seconds(600));
  for (const auto& c : cases) {
    RollingCounts counts(kDay * 30);
    counts.add(at(c.added_at), requests(1, 1, 1));
    const Counts expected = c.counted ? requests(1, 1, 1) : Counts{};
    EXPECT_EQ(counts.over(now, minutes(5)), expected) << "added at " << c.added_at.count() << " us";
  }
}

TEST(RollingCountsTest, FiveMinuteWindowSumsOnlyTheLastFiveMinutesOfSteadyTraffic) {
  RollingCounts counts(kDay * 30);
  // One request per second for 20 minutes, every tenth one an error.
  for (int s = 0; s < 1200; ++s) {
    counts.add(at(seconds(s)), requests(1, s % 10 == 0 ? 1u : 0u));
  }
  // now = 1199 s: buckets [900 s, 1200 s) are in the window, 300 requests and 30 errors.
  EXPECT_EQ(counts.over(at(seconds(1199)), minutes(5)), requests(300, 30));
  EXPECT_EQ(counts.over(at(seconds(1199)), minutes(20)), requests(1200, 120));
}

TEST(RollingCountsTest, WindowOfSixHoursStillUsesTenSecondBuckets) {
  RollingCounts counts(kDay * 30);
  const TimePoint now = at(hours(10));
  // Six hours back from bucket [10h, 10h+10s): the oldest covered bucket starts at 4h + 10 s.
  counts.add(now - hours(6) + seconds(5), requests(1));
  counts.add(now - hours(6) + seconds(10), requests(2));
  EXPECT_EQ(counts.over(now, hours(6)), requests(2));
}

// Windows over six hours come from 5-minute buckets: the 1-day window at now = 2d covers the
// current bucket [2d, 2d+5m) and the 287 before it, so it starts at 1d + 5m.
TEST(RollingCountsTest, LongWindowsUseFiveMinuteBuckets) {
  struct Case {
    std::string name;
    Duration window;
  };
  const std::vector<Case> cases = {{"1d", kDay}, {"3d", kDay * 3}, {"30d", kDay * 30}};
  for (const auto& c : cases) {
    RollingCounts counts(kDay * 30);
    const TimePoint now = at(kDay * 40);
    counts.add(now - c.window + minutes(4), requests(1));   // in the bucket that just left
    counts.add(now - c.window + minutes(5), requests(10));  // oldest covered bucket
    counts.add(now - hours(7), requests(100));  // beyond the 6 h that the fine buckets cover
    counts.add(now, requests(1000));
    EXPECT_EQ(counts.over(now, c.window), requests(1110)) << c.name;
  }
}

TEST(RollingCountsTest, DataOlderThanTheHorizonIsGone) {
  RollingCounts counts(kDay * 3);
  counts.add(at(hours(1)), requests(5, 5));
  counts.add(at(hours(49)), requests(7, 1));
  // At 4d, the 3-day horizon starts after 1d: the first count is gone, even from a longer window.
  const TimePoint now = at(kDay * 4);
  EXPECT_EQ(counts.over(now, kDay * 3), requests(7, 1));
  EXPECT_EQ(counts.over(now, kDay * 30), requests(7, 1));
}

TEST(RollingCountsTest, ReusedRingSlotHoldsOnlyTheNewCounts) {
  RollingCounts counts(kDay);
  counts.add(at(hours(1)), requests(5, 5));
  // Exactly one horizon plus one coarse bucket later the same ring slot is reused.
  counts.add(at(hours(1) + kDay + minutes(5)), requests(1));
  EXPECT_EQ(counts.over(at(hours(1) + kDay + minutes(5)), kDay), requests(1));
}

TEST(RollingCountsTest, WindowsLongerThanTheHorizonAreCutToIt) {
  RollingCounts counts(hours(1));
  counts.add(at(hours(1)), requests(1));
  counts.add(at(hours(2) + minutes(30)), requests(2));
  EXPECT_EQ(counts.over(at(hours(3)), hours(1)), requests(2));
  EXPECT_EQ(counts.over(at(hours(3)), kDay), requests(2));
}

TEST(RollingCountsTest, MemoryForAThirtyDayHorizonIsBounded) {
  const RollingCounts counts(kDay * 30);
  const std::size_t bytes = counts.memory_bytes();
  std::cout << "RollingCounts(30d) memory_bytes = " << bytes << " (" << bytes / 1024 << " KiB)\n";
  RecordProperty("memory_bytes_30d", std::to_string(bytes));
  EXPECT_GT(bytes, 0u);
  EXPECT_LT(bytes, 512u * 1024u);
}

}  // namespace
}  // namespace hb::core

#include "core/rolling_counts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace hb::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr Duration kDay = hours(24);
constexpr Duration kMicro{1};

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
  counts.add(at(seconds(100) + millis(999)), requests(4, 0, 1));
  EXPECT_EQ(counts.over(at(seconds(109)), minutes(5)), requests(7, 1, 3));
  EXPECT_EQ(counts.over(at(seconds(109)), kDay), requests(7, 1, 3));
}

// The 5-minute window at now = 600 s uses 1 s buckets: it covers the current bucket
// [600 s, 601 s) and the 299 before it, i.e. [301 s, 601 s). A count at 300.5 s is in bucket
// [300 s, 301 s), which has left the window even though 300.5 s > now - 5m = 300 s: the window
// covers between 4m59s and 5m of the past, never more.
TEST(RollingCountsTest, FiveMinuteWindowSumsTheLastThreeHundredOneSecondBuckets) {
  struct Case {
    Duration added_at;
    bool counted;
  };
  const std::vector<Case> cases = {
      {seconds(0), false},     {seconds(299), false},          {seconds(300), false},
      {millis(300500), false}, {seconds(301) - kMicro, false}, {seconds(301), true},
      {seconds(450), true},    {seconds(599), true},           {seconds(600), true},
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
  // now = 1200 s: the current bucket is empty and [900 s, 901 s) has left.
  EXPECT_EQ(counts.over(at(seconds(1200)), minutes(5)), requests(299, 29));
}

// Every window comes from the finest ring that holds it: 1 s buckets up to 1 h, 1 min buckets up
// to 3 d, 5 min buckets beyond. With now on a bucket edge, a window w of buckets b covers the
// current bucket and the (w / b - 1) before it, so it starts at now - w + b; the start stays put
// until now reaches the next edge, so the window covers between w - b and w of the past.
TEST(RollingCountsTest, EachWindowStartsOneBucketAfterNowMinusTheWindow) {
  struct Case {
    std::string name;
    Duration window;
    Duration bucket;
  };
  const std::vector<Case> cases = {
      {"5m", minutes(5), seconds(1)}, {"30m", minutes(30), seconds(1)},
      {"1h", hours(1), seconds(1)},   {"2h", hours(2), minutes(1)},
      {"6h", hours(6), minutes(1)},   {"1d", kDay, minutes(1)},
      {"3d", kDay * 3, minutes(1)},   {"30d", kDay * 30, minutes(5)},
  };
  const TimePoint edge = at(kDay * 40);  // a multiple of every bucket width
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const TimePoint start = edge - c.window + c.bucket;
    for (const TimePoint now : {edge, edge + c.bucket / 2, edge + c.bucket - kMicro}) {
      SCOPED_TRACE("now = edge + " + std::to_string((now - edge).count()) + " us");
      RollingCounts counts(kDay * 30);
      counts.add(start - c.bucket, requests(1));  // the bucket that just left
      counts.add(start - kMicro, requests(2));    // its last microsecond
      counts.add(start, requests(10));            // the oldest covered bucket
      counts.add(start + c.bucket / 2, requests(20));
      counts.add(edge - hours(7), requests(100));  // beyond what the finest ring covers
      counts.add(now, requests(1000));
      const Counts expected = c.window > hours(7) ? requests(1130) : requests(1030);
      EXPECT_EQ(counts.over(now, c.window), expected);
    }
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

// A ring slot is reused once its ring has gone round; it then holds only the new counts.
TEST(RollingCountsTest, ReusedRingSlotHoldsOnlyTheNewCounts) {
  struct Case {
    std::string name;
    Duration window;
    Duration slot_period;  // how long until the ring's slots come round again
  };
  const std::vector<Case> cases = {
      {"1 s ring", hours(1), seconds(3601)},
      {"1 min ring", kDay * 3, minutes(4321)},
      {"5 min ring", kDay * 30, minutes(5) * 8641},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    RollingCounts counts(kDay * 30);
    counts.add(at(hours(1)), requests(5, 5, 5));
    counts.add(at(hours(1) + c.slot_period), requests(1));
    EXPECT_EQ(counts.over(at(hours(1) + c.slot_period), c.window), requests(1));
  }
}

// History reaches at least 3 days whatever the horizon; windows beyond it are cut to it.
TEST(RollingCountsTest, WindowsLongerThanTheHorizonAreCutToIt) {
  {
    SCOPED_TRACE("horizon 1h");
    RollingCounts counts(hours(1));
    counts.add(at(hours(1)), requests(1));
    counts.add(at(kDay + minutes(10)), requests(2));
    counts.add(at(kDay * 3), requests(4));
    EXPECT_EQ(counts.over(at(kDay * 3), hours(1)), requests(4));
    EXPECT_EQ(counts.over(at(kDay * 3), kDay * 3), requests(7));
    // At 4d, 3 days of 5-minute buckets (and the current one) go back to 1d: 1h has left.
    EXPECT_EQ(counts.over(at(kDay * 4), kDay * 30), requests(6));
  }
  {
    SCOPED_TRACE("horizon 30d");
    RollingCounts counts(kDay * 30);
    counts.add(at(kDay), requests(1));
    counts.add(at(kDay * 35), requests(2));
    EXPECT_EQ(counts.over(at(kDay * 40), kDay * 30), requests(2));
    EXPECT_EQ(counts.over(at(kDay * 40), kDay * 90), requests(2));
  }
}

// The running totals give every window the sum of exactly the buckets it covers: checked
// against a plain list of everything added, for windows of each ring, with gaps in the traffic
// longer than a ring, and with adds that arrive late (older than the latest bucket).
TEST(RollingCountsTest, EveryWindowEqualsTheSumOfTheBucketsItCovers) {
  struct Added {
    TimePoint at;
    Counts counts;
  };
  const Duration horizon = kDay * 7;
  RollingCounts counts(horizon);
  std::vector<Added> added;
  std::mt19937_64 random(7);
  const auto reference = [&](TimePoint now, Duration window) {
    // The ring that over() uses, and its bucket width: what a window of it covers.
    const Duration width = window <= hours(1)    ? Duration{std::chrono::seconds(1)}
                           : window <= hours(72) ? Duration{minutes(1)}
                                                 : Duration{minutes(5)};
    const Duration ring_horizon = window <= hours(1)    ? hours(1)
                                  : window <= hours(72) ? hours(72)
                                                        : horizon;
    const std::int64_t buckets = ring_horizon / width + 1;
    const std::int64_t current = now.time_since_epoch() / width;
    const std::int64_t span = std::clamp<std::int64_t>(window / width, 1, buckets);
    Counts sum;
    for (const Added& a : added) {
      const std::int64_t index = a.at.time_since_epoch() / width;
      if (index > current - span && index <= current && index > current - buckets) {
        sum += a.counts;
      }
    }
    return sum;
  };
  TimePoint now{};
  for (int step = 0; step < 3000; ++step) {
    const std::uint64_t gap_kind = random() % 100;
    const Duration gap = gap_kind < 80   ? Duration{static_cast<std::int64_t>(random() % 3'000'000)}
                         : gap_kind < 98 ? Duration{minutes(static_cast<int>(random() % 90))}
                                         : Duration{kDay * static_cast<int>(1 + random() % 9)};
    now += gap;
    TimePoint when = now;
    if (random() % 10 == 0) when -= Duration{static_cast<std::int64_t>(random() % 120'000'000)};
    if (when < TimePoint{}) when = TimePoint{};
    const Counts c = requests(1 + random() % 5, random() % 2, random() % 3);
    counts.add(when, c);
    added.push_back({when, c});
    for (const Duration window :
         {Duration{std::chrono::seconds(1)}, Duration{minutes(5)}, Duration{hours(1)},
          Duration{hours(6)}, Duration{kDay * 3}, Duration{kDay * 7}, Duration{kDay * 30}}) {
      ASSERT_EQ(counts.over(now, window), reference(now, window))
          << "step " << step << ", window " << window.count();
    }
  }
}

// A store keeps buckets() and a resumed lab restore()s them: every window then answers as before,
// late additions and long gaps included.
TEST(RollingCountsTest, RestoredFromItsBucketsEveryWindowAnswersAsBefore) {
  const Duration horizon = kDay * 30;
  RollingCounts counts(horizon);
  std::mt19937_64 random(11);
  TimePoint now{};
  const std::vector<Duration> windows = {Duration{std::chrono::seconds(1)},
                                         Duration{minutes(5)},
                                         Duration{hours(1)},
                                         Duration{hours(6)},
                                         Duration{kDay * 3},
                                         Duration{kDay * 30}};
  for (int round = 0; round < 20; ++round) {
    for (int step = 0; step < 200; ++step) {
      const std::uint64_t gap_kind = random() % 100;
      now += gap_kind < 90   ? Duration{static_cast<std::int64_t>(random() % 2'000'000)}
             : gap_kind < 99 ? Duration{minutes(static_cast<int>(random() % 90))}
                             : Duration{kDay * static_cast<int>(1 + random() % 4)};
      TimePoint when = now;
      if (random() % 10 == 0) when -= Duration{static_cast<std::int64_t>(random() % 90'000'000)};
      if (when < TimePoint{}) when = TimePoint{};
      counts.add(when, requests(1 + random() % 5, random() % 2, random() % 3));
    }
    RollingCounts restored(horizon);
    restored.restore(counts.buckets());
    EXPECT_EQ(restored.buckets(), counts.buckets());
    for (const Duration later : {Duration{}, Duration{minutes(7)}, Duration{kDay * 2}}) {
      for (const Duration window : windows) {
        ASSERT_EQ(restored.over(now + later, window), counts.over(now + later, window))
            << "round " << round << ", window " << window.count() << ", later " << later.count();
      }
    }
  }
}

TEST(RollingCountsTest, BucketsSinceASaveAreTheOnesThatChanged) {
  RollingCounts counts(kDay * 30);
  counts.add(at(minutes(1)), requests(2));
  counts.add(at(minutes(10)), requests(3, 1));
  const std::vector<BucketCounts> changed = counts.buckets(at(minutes(10)));
  ASSERT_EQ(changed.size(), 3u) << "one bucket per ring";
  EXPECT_EQ(changed[0], (BucketCounts{0, 600, requests(3, 1)}));
  EXPECT_EQ(changed[1], (BucketCounts{1, 10, requests(3, 1)}));
  EXPECT_EQ(changed[2], (BucketCounts{2, 2, requests(3, 1)}));
  EXPECT_EQ(counts.buckets().size(), 6u);
}

TEST(RollingCountsTest, MemoryForAThirtyDayHorizonIsBounded) {
  const RollingCounts counts(kDay * 30);
  const std::size_t bytes = counts.memory_bytes();
  std::cout << "RollingCounts(30d) memory_bytes = " << bytes << " (" << bytes / 1024 << " KiB)\n";
  RecordProperty("memory_bytes_30d", std::to_string(bytes));
  EXPECT_GT(bytes, 0u);
  EXPECT_LT(bytes, 1024u * 1024u);
}

}  // namespace
}  // namespace hb::core

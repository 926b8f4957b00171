// A recent window's figures: the counts a status is decided from agree with the percentiles a
// report shows, and the percentiles found in one pass agree with the merged histogram's.
#include "core/recent_window.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

namespace hb::core {
namespace {

TimePoint at_ms(std::int64_t ms) {
  return TimePoint{std::chrono::milliseconds(ms)};
}

TEST(RecentWindow, PercentilesInOnePassAreTheMergedHistogramsQuantiles) {
  RecentWindow window(std::chrono::seconds(2), 8, TimePoint{}, 200.0);
  std::mt19937_64 random(9);
  std::lognormal_distribution<double> latency(std::log(0.05), 0.8);
  for (std::int64_t ms = 0; ms < 20000; ms += 1 + static_cast<std::int64_t>(random() % 40)) {
    window.record(at_ms(ms), latency(random), random() % 20 == 0);
    const TimePoint now = at_ms(ms + static_cast<std::int64_t>(random() % 300));
    const LogHistogram merged = window.latencies(now);
    const RecentWindow::Percentiles p = window.percentiles(now);
    ASSERT_EQ(p.p50, merged.quantile(0.50)) << ms;
    ASSERT_EQ(p.p95, merged.quantile(0.95)) << ms;
    ASSERT_EQ(p.p99, merged.quantile(0.99)) << ms;
    const WindowCounts counts = window.counts(now);
    ASSERT_EQ(counts.requests, merged.count());
    ASSERT_EQ(counts.p95_over_limit(), p.p95 && *p.p95 * 1000.0 > 200.0) << ms;
  }
}

TEST(RecentWindow, AnEmptyWindowHasNoPercentilesAndIsNotOverTheLimit) {
  RecentWindow window(std::chrono::seconds(2), 8, TimePoint{}, 200.0);
  window.record(at_ms(100), 5.0, false);
  const TimePoint later = at_ms(10000);
  EXPECT_FALSE(window.percentiles(later).p50);
  EXPECT_EQ(window.counts(later).requests, 0u);
  EXPECT_FALSE(window.counts(later).p95_over_limit());
  EXPECT_TRUE(window.counts(at_ms(200)).p95_over_limit());
}

// Most records land in the latest slot, which the window finds without a division. One from an
// interval the ring no longer holds (here on the latest slot's position) is dropped: it must
// neither take the latest slot over nor count for it.
TEST(RecentWindow, ARecordLongPastIsDroppedAndHidesNothing) {
  RecentWindow window(std::chrono::seconds(2), 8, TimePoint{}, 200.0);  // 250 ms slots
  window.record(at_ms(10'100), 0.01, false);
  window.record(at_ms(10'100 - 2'000), 0.01, false);  // eight slots back: the same position
  window.record(at_ms(10'150), 0.01, true);
  window.record(at_ms(10'200), 0.01, false);
  const WindowCounts counts = window.counts(at_ms(10'200));
  EXPECT_EQ(counts.requests, 3u);
  EXPECT_EQ(counts.errors, 1u);
  EXPECT_EQ(window.latencies(at_ms(10'200)).count(), 3u);
}

// The counts are running totals; they must be what counting the covered records one by one
// gives, whatever the order of the records (late ones within the window included), the gaps
// between them and the resets.
TEST(RecentWindow, CountsAreTheCoveredRecordsCounted) {
  struct Recorded {
    std::int64_t ms;
    bool error;
    bool over;
  };
  const std::int64_t slot_ms = 250;
  RecentWindow window(std::chrono::seconds(2), 8, TimePoint{}, 200.0);
  std::vector<Recorded> recorded;
  std::mt19937_64 random(11);
  std::int64_t now_ms = 0;
  for (int i = 0; i < 200'000; ++i) {
    const std::uint64_t kind = random() % 1000;
    if (kind == 0) {
      window.reset(at_ms(now_ms));
      recorded.clear();
    } else if (kind < 20) {
      now_ms += static_cast<std::int64_t>(random() % 5'000);  // a gap, up to 20 slots
    } else {
      now_ms += static_cast<std::int64_t>(random() % 3);
      // One in ten a little late, up to three slots back.
      const std::int64_t ms =
          random() % 10 == 0
              ? std::max<std::int64_t>(now_ms - static_cast<std::int64_t>(random() % 750), 0)
              : now_ms;
      const double latency_s = random() % 8 == 0 ? 0.5 : 0.01;
      const bool error = random() % 20 == 0;
      window.record(at_ms(ms), latency_s, error);
      recorded.push_back({ms, error, latency_s > 0.2});
    }
    if (i % 7 != 0) continue;
    const std::int64_t current = now_ms / slot_ms;
    WindowCounts expected;
    for (const Recorded& r : recorded) {
      if (r.ms / slot_ms <= current - 8 || r.ms / slot_ms > current) continue;
      expected += WindowCounts{1, r.error ? 1u : 0u, r.over ? 1u : 0u};
    }
    const WindowCounts counts = window.counts(at_ms(now_ms));
    ASSERT_EQ(counts, expected) << "record " << i << " at " << now_ms << " ms";
    ASSERT_EQ(window.latencies(at_ms(now_ms)).count(), expected.requests) << i;
  }
}

}  // namespace
}  // namespace hb::core

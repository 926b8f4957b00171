// A recent window's figures: the counts a status is decided from agree with the percentiles a
// report shows, and the percentiles found in one pass agree with the merged histogram's.
#include "core/recent_window.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

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

// Most records land in the latest slot, which the window finds without a division; one from an
// interval long past that lands on the latest slot's position takes it over, and the records
// that follow in the latest interval must then find their slot again, not count for the past.
TEST(RecentWindow, ARecordLongPastDoesNotHideTheLatestOnes) {
  RecentWindow window(std::chrono::seconds(2), 8, TimePoint{}, 200.0);  // 250 ms slots
  window.record(at_ms(10'100), 0.01, false);
  window.record(at_ms(10'100 - 2'000), 0.01, false);  // eight slots back: the same position
  window.record(at_ms(10'150), 0.01, true);
  window.record(at_ms(10'200), 0.01, false);
  const WindowCounts counts = window.counts(at_ms(10'200));
  EXPECT_EQ(counts.requests, 2u);
  EXPECT_EQ(counts.errors, 1u);
}

}  // namespace
}  // namespace hb::core

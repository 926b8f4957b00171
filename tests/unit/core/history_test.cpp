// The per-second history: oldest first, bounded, counting every sample ever added.
#include "core/history.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace hb::core {
namespace {

// A sample at `second` of lab time whose one service shows `pods_total` pods (a marker).
HistorySample sample_at(std::int64_t second, int pods_total = 3) {
  ServiceSample service;
  service.p50_s = 0.05;
  service.p95_s = 0.08;
  service.p99_s = 0.09;
  service.error_ratio = 0.0;
  service.request_rate = 60.0;
  service.pods_healthy = pods_total;
  service.pods_ready = pods_total;
  service.pods_total = pods_total;
  return HistorySample{TimePoint{seconds(second)}, {service}};
}

std::vector<TimePoint> times(const History& history) {
  std::vector<TimePoint> out;
  for (const HistorySample& s : history.samples()) out.push_back(s.at);
  return out;
}

TEST(HistoryTest, StartsEmpty) {
  const History history;
  EXPECT_TRUE(history.samples().empty());
  EXPECT_EQ(history.count(), 0u);
}

TEST(HistoryTest, StepIsOneSecond) {
  EXPECT_EQ(History::kStep, std::chrono::seconds(1));
}

TEST(HistoryTest, KeepsSamplesOldestFirstWithTheirFigures) {
  History history;
  history.add(sample_at(1, 3));
  history.add(sample_at(2, 4));
  history.add(sample_at(3, 5));
  EXPECT_EQ(times(history), (std::vector<TimePoint>{TimePoint{seconds(1)}, TimePoint{seconds(2)},
                                                    TimePoint{seconds(3)}}));
  EXPECT_EQ(history.count(), 3u);
  const HistorySample& last = history.samples().back();
  ASSERT_EQ(last.services.size(), 1u);
  EXPECT_EQ(last.services[0].pods_total, 5);
  EXPECT_EQ(last.services[0].p95_s, 0.08);
  EXPECT_EQ(last.services[0].request_rate, 60.0);
}

TEST(HistoryTest, MissingFiguresStayMissing) {
  History history;
  HistorySample sample{TimePoint{seconds(1)}, {ServiceSample{}}};
  history.add(sample);
  const ServiceSample& kept = history.samples().front().services.front();
  EXPECT_FALSE(kept.p50_s.has_value());
  EXPECT_FALSE(kept.p95_s.has_value());
  EXPECT_FALSE(kept.p99_s.has_value());
  EXPECT_FALSE(kept.error_ratio.has_value());
  EXPECT_EQ(kept.request_rate, 0.0);
}

TEST(HistoryTest, CapacityDropsTheOldestAndCountKeepsCounting) {
  History history(3);
  for (std::int64_t s = 1; s <= 5; ++s) history.add(sample_at(s));
  EXPECT_EQ(times(history), (std::vector<TimePoint>{TimePoint{seconds(3)}, TimePoint{seconds(4)},
                                                    TimePoint{seconds(5)}}));
  EXPECT_EQ(history.samples().size(), 3u);
  EXPECT_EQ(history.count(), 5u);
}

TEST(HistoryTest, DefaultCapacityIsAnHour) {
  EXPECT_EQ(History::kDefaultCapacity, 3600u);
  History history;
  for (std::int64_t s = 1; s <= 3601; ++s) history.add(sample_at(s));
  EXPECT_EQ(history.samples().size(), 3600u);
  EXPECT_EQ(history.samples().front().at, TimePoint{seconds(2)});
  EXPECT_EQ(history.samples().back().at, TimePoint{seconds(3601)});
  EXPECT_EQ(history.count(), 3601u);
}

TEST(HistoryTest, SpanIsCapacityTimesTheStep) {
  EXPECT_EQ(History().span(), std::chrono::hours(1));
  EXPECT_EQ(History(300).span(), std::chrono::minutes(5));
  EXPECT_EQ(History(1).span(), std::chrono::seconds(1));
  EXPECT_EQ(History(0).span(), Duration::zero());
  // The span is a property of the capacity, not of how full the history is.
  History partly_full(10);
  partly_full.add(sample_at(1));
  EXPECT_EQ(partly_full.span(), std::chrono::seconds(10));
}

}  // namespace
}  // namespace hb::core

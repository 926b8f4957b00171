// The event queue: (time, kind, order) order whatever the insertion order, and no event before
// the current time.
#include "core/event_queue.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "core/in_flight.h"

namespace hb::core {
namespace {

TimePoint at_ms(std::int64_t ms) {
  return TimePoint{millis(ms)};
}

TEST(EventQueue, ComesOutByTimeThenKindThenOrder) {
  EventQueue queue;
  queue.push(at_ms(5), DueKind::kEvaluate, 0, 1);
  queue.push(at_ms(5), DueKind::kArrival, 2, 2);
  queue.push(at_ms(5), DueKind::kArrival, 1, 3);
  queue.push(at_ms(5), DueKind::kCompletion, 9, 4);
  queue.push(at_ms(5), DueKind::kLifecycle, 7, 5);
  queue.push(at_ms(4), DueKind::kEvaluate, 0, 6);
  queue.push(at_ms(5), DueKind::kSample, 0, 7);
  std::vector<std::size_t> order;
  while (!queue.empty()) order.push_back(queue.pop().payload);
  EXPECT_EQ(order, (std::vector<std::size_t>{6, 5, 4, 7, 3, 2, 1}));
}

TEST(EventQueue, EqualKeysKeepNoHiddenOrderBecauseOrdersAreUnique) {
  EventQueue queue;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    queue.push(at_ms(1), DueKind::kCompletion, (i * 7919) % 1000, i);
  }
  std::uint64_t last = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto entry = queue.pop();
    if (i > 0) {
      EXPECT_GT(entry.key, last);
    }
    last = entry.key;
  }
}

TEST(EventQueue, RefusesAnEventBeforeTheCurrentTime) {
  EventQueue queue;
  queue.push(at_ms(10), DueKind::kSample, 0, 0);
  queue.pop();
  EXPECT_THROW(queue.push(at_ms(9), DueKind::kSample, 0, 0), std::logic_error);
  EXPECT_NO_THROW(queue.push(at_ms(10), DueKind::kSample, 0, 0));
}

TEST(InFlightSet, CountsAndFindsTheOldestWhateverTheAnswerOrder) {
  InFlightSet set;
  const auto first = set.add(at_ms(10));
  const auto second = set.add(at_ms(30));
  const auto third = set.add(at_ms(20));  // a call that starts later than it was handed
  EXPECT_EQ(set.count(), 3u);
  EXPECT_EQ(set.earliest_start(), at_ms(10));
  set.answer(third);  // answered out of order
  EXPECT_EQ(set.count(), 2u);
  EXPECT_EQ(set.earliest_start(), at_ms(10));
  set.answer(first);
  EXPECT_EQ(set.count(), 1u);
  EXPECT_EQ(set.earliest_start(), at_ms(30));
  set.answer(second);
  EXPECT_EQ(set.count(), 0u);
  EXPECT_FALSE(set.earliest_start());
  EXPECT_THROW(set.answer(second), std::logic_error);
}

TEST(InFlightSet, EqualStartsAndReusedSlotsKeepTheEarliestRight) {
  InFlightSet set;
  const auto a = set.add(at_ms(5));
  const auto b = set.add(at_ms(5));
  set.answer(b);
  EXPECT_EQ(set.count(), 1u);
  EXPECT_EQ(set.earliest_start(), at_ms(5));
  const auto c = set.add(at_ms(7));  // reuses b's slot
  EXPECT_EQ(c, b);
  set.answer(a);
  EXPECT_EQ(set.earliest_start(), at_ms(7));
  set.add(at_ms(3));
  EXPECT_EQ(set.earliest_start(), at_ms(3));
}

// Against a plain list, through random adds and answers in any order.
TEST(InFlightSet, TheEarliestIsAlwaysTheMinimumOfWhatIsLive) {
  InFlightSet set;
  std::vector<std::pair<InFlightSet::Slot, TimePoint>> live;
  std::mt19937_64 random(3);
  for (int step = 0; step < 20000; ++step) {
    if (live.empty() || random() % 3 != 0) {
      const TimePoint start = at_ms(static_cast<int>(random() % 1000));
      live.emplace_back(set.add(start), start);
    } else {
      const std::size_t k = random() % live.size();
      set.answer(live[k].first);
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(k));
    }
    if (random() % 4 != 0) continue;  // look now and then, as evaluations do
    ASSERT_EQ(set.count(), live.size());
    std::optional<TimePoint> expected;
    for (const auto& [slot, start] : live) {
      if (!expected || start < *expected) expected = start;
    }
    ASSERT_EQ(set.earliest_start(), expected) << "step " << step;
  }
}

}  // namespace
}  // namespace hb::core

// The event queue: (time, kind, order) order whatever the insertion order, and no event before
// the current time.
#include "core/event_queue.h"

#include <gtest/gtest.h>

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
  set.add(at_ms(10), 1);
  set.add(at_ms(30), 2);
  set.add(at_ms(20), 3);  // a call that starts later than it was handed
  EXPECT_EQ(set.count(), 3u);
  EXPECT_EQ(set.earliest_start(), at_ms(10));
  set.answer(at_ms(20), 3);  // answered out of order
  EXPECT_EQ(set.count(), 2u);
  EXPECT_EQ(set.earliest_start(), at_ms(10));
  set.answer(at_ms(10), 1);
  EXPECT_EQ(set.count(), 1u);
  EXPECT_EQ(set.earliest_start(), at_ms(30));
  set.answer(at_ms(30), 2);
  EXPECT_EQ(set.count(), 0u);
  EXPECT_FALSE(set.earliest_start());
}

TEST(InFlightSet, EqualStartsAreToldApartByTheirIds) {
  InFlightSet set;
  set.add(at_ms(5), 1);
  set.add(at_ms(5), 2);
  set.answer(at_ms(5), 2);
  EXPECT_EQ(set.count(), 1u);
  EXPECT_EQ(set.earliest_start(), at_ms(5));
  set.answer(at_ms(5), 1);
  EXPECT_FALSE(set.earliest_start());
}

}  // namespace
}  // namespace hb::core

// The event queue: (time, kind, order) order whatever the insertion order, and no event before
// the current time.
#include "core/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "core/in_flight.h"

namespace hb::core {
namespace {

TimePoint at_ms(std::int64_t ms) {
  return TimePoint{millis(ms)};
}

using Pending = std::tuple<TimePoint, std::uint64_t, std::size_t>;  // at, key, payload

Pending as_pending(const EventQueue::Entry& e) {
  return Pending{e.at, e.key, e.payload};
}

// A queue and a sorted set given the same pushes: the set says what the queue must give back.
struct QueueBesideASet {
  EventQueue queue;
  std::set<Pending> expected;
  std::uint64_t order = 0;

  void push(std::int64_t at_us, DueKind kind) {
    const std::uint64_t o = order++;
    queue.push(TimePoint{Duration{at_us}}, kind, o, o);
    expected.emplace(TimePoint{Duration{at_us}},
                     (std::uint64_t{static_cast<std::uint8_t>(kind)} << 56) | o, o);
  }
};

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

TEST(EventQueue, PopsOnlyWhatIsDue) {
  EventQueue queue;
  EventQueue::Entry entry{};
  EXPECT_FALSE(queue.pop_due(at_ms(100), entry));  // empty
  queue.push(at_ms(5), DueKind::kArrival, 0, 1);
  queue.push(at_ms(5), DueKind::kCompletion, 0, 2);
  queue.push(at_ms(9), DueKind::kSample, 0, 3);
  EXPECT_FALSE(queue.pop_due(at_ms(4), entry));
  ASSERT_TRUE(queue.pop_due(at_ms(5), entry));
  EXPECT_EQ(entry.payload, 2u);
  ASSERT_TRUE(queue.pop_due(at_ms(5), entry));
  EXPECT_EQ(entry.payload, 1u);
  EXPECT_FALSE(queue.pop_due(at_ms(8), entry));
  EXPECT_EQ(queue.size(), 1u);
  ASSERT_TRUE(queue.pop_due(at_ms(9), entry));
  EXPECT_EQ(entry.payload, 3u);
  EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, RefusesAnEventBeforeTheCurrentTime) {
  EventQueue queue;
  queue.push(at_ms(10), DueKind::kSample, 0, 0);
  queue.pop();
  EXPECT_THROW(queue.push(at_ms(9), DueKind::kSample, 0, 0), std::logic_error);
  EXPECT_NO_THROW(queue.push(at_ms(10), DueKind::kSample, 0, 0));
}

// The queue against a sorted set, through a random mix of what the Cluster does: events
// at the last time taken, near it, far ahead (days) and before zero, pushes after a look at the
// first entry that come before it, and the queue run dry and filled again.
TEST(EventQueue, AgreesWithASortedSetThroughRandomPushesPeeksAndPops) {
  std::mt19937_64 random(7);
  QueueBesideASet both;
  auto& [queue, expected, order] = both;
  const auto push = [&both](std::int64_t at_us, DueKind kind) { both.push(at_us, kind); };
  std::int64_t floor_us = -5'000'000;
  for (int step = 0; step < 200'000; ++step) {
    const auto roll = random() % 100;
    if (roll < 55 || expected.empty()) {
      // At the last time taken, within the near bucket, within the ring, at the ring's far
      // edge (1.05 s), and days ahead.
      const auto spread = random() % 5;
      const std::int64_t ahead = spread == 0   ? 0
                                 : spread == 1 ? static_cast<std::int64_t>(random() % 1'000)
                                 : spread == 2 ? static_cast<std::int64_t>(random() % 100'000)
                                 : spread == 3
                                     ? 1'040'000 + static_cast<std::int64_t>(random() % 20'000)
                                     : static_cast<std::int64_t>(random() % 86'400'000'000);
      push(floor_us + ahead, static_cast<DueKind>(random() % 6));
    } else if (roll < 60) {
      // A look at the first entry, then one scheduled before it (a command at the current time).
      const EventQueue::Entry first = queue.top();
      ASSERT_EQ(as_pending(first), *expected.begin()) << "at step " << step;
      if (first.at.time_since_epoch().count() > floor_us) push(floor_us, DueKind::kLifecycle);
    } else {
      const EventQueue::Entry popped = queue.pop();
      ASSERT_EQ(as_pending(popped), *expected.begin()) << "at step " << step;
      expected.erase(expected.begin());
      floor_us = popped.at.time_since_epoch().count();
    }
    ASSERT_EQ(queue.size(), expected.size());
  }
  while (!expected.empty()) {
    ASSERT_EQ(as_pending(queue.pop()), *expected.begin());
    expected.erase(expected.begin());
  }
  EXPECT_TRUE(queue.empty());
}

// The simulation's loop: pop_due() up to a time, with pushes between, most of them soon after
// the current time (the entry pushed last waits outside the buckets until the next push, and a
// pop_due() must still find it when it comes first), and now and then a look at the first.
TEST(EventQueue, AgreesWithASortedSetThroughPushesAndPopsUpToATime) {
  std::mt19937_64 random(11);
  QueueBesideASet both;
  auto& [queue, expected, order] = both;
  const auto push = [&both](std::int64_t at_us, DueKind kind) { both.push(at_us, kind); };
  std::int64_t now_us = 0;
  for (int step = 0; step < 200'000; ++step) {
    const auto roll = random() % 100;
    if (roll < 50) {
      // At the current time, an arrival's gap ahead, a completion's, or past the ring.
      const auto spread = random() % 4;
      const std::int64_t ahead = spread == 0   ? 0
                                 : spread == 1 ? static_cast<std::int64_t>(random() % 300)
                                 : spread == 2 ? static_cast<std::int64_t>(random() % 150'000)
                                               : static_cast<std::int64_t>(random() % 5'000'000);
      push(now_us + ahead, static_cast<DueKind>(random() % 6));
    } else if (roll < 52) {
      if (expected.empty()) continue;
      ASSERT_EQ(queue.top().at, std::get<0>(*expected.begin())) << "at step " << step;
    } else {
      const std::int64_t until_us = now_us + static_cast<std::int64_t>(random() % 200);
      EventQueue::Entry entry{};
      const bool due =
          !expected.empty() && std::get<0>(*expected.begin()) <= TimePoint{Duration{until_us}};
      ASSERT_EQ(queue.pop_due(TimePoint{Duration{until_us}}, entry), due) << "at step " << step;
      if (due) {
        ASSERT_EQ(as_pending(entry), *expected.begin()) << "at step " << step;
        expected.erase(expected.begin());
        now_us = entry.at.time_since_epoch().count();
      } else {
        now_us = until_us;
      }
    }
    ASSERT_EQ(queue.size(), expected.size());
  }
}

// Times on either side of the edges of the queue's 1.024 ms buckets and of its 1,024-bucket ring
// (and far past it), pushed in a shuffled order, some sharing an instant: they come out in
// (time, key) order.
TEST(EventQueue, BucketAndRingEdgesComeOutInOrder) {
  std::vector<std::pair<std::int64_t, std::uint64_t>> pushed;  // at (us), order
  for (std::int64_t bucket = 0; bucket < 3000; bucket += 7) {
    for (const std::int64_t offset : {-1, 0, 1, 1023}) {
      pushed.emplace_back(bucket * 1024 + offset, pushed.size());
      pushed.emplace_back(bucket * 1024 + offset, pushed.size());  // the same instant
    }
  }
  pushed.emplace_back(std::int64_t{1024} * 1024 * 40, pushed.size());  // 40 rings ahead
  std::shuffle(pushed.begin(), pushed.end(), std::mt19937_64(3));
  EventQueue queue;
  for (const auto& [at_us, order] : pushed) {
    queue.push(TimePoint{Duration{at_us}}, DueKind::kCompletion, order, order);
  }
  std::sort(pushed.begin(), pushed.end());
  for (const auto& [at_us, order] : pushed) {
    const EventQueue::Entry entry = queue.pop();
    ASSERT_EQ(entry.at, TimePoint{Duration{at_us}});
    ASSERT_EQ(entry.payload, order);
  }
  EXPECT_TRUE(queue.empty());
}

// Ten thousand pods' timers due at one instant (pods started together), among arrivals of the
// same instant and the instants around it, come out lifecycle first, each kind by its order.
TEST(EventQueue, ManyEntriesOfOneInstantComeOutByKindThenOrder) {
  EventQueue queue;
  std::vector<std::tuple<std::int64_t, std::uint8_t, std::uint64_t>> expected;
  std::mt19937_64 random(11);
  std::vector<std::uint64_t> pods(10'000);
  for (std::uint64_t i = 0; i < pods.size(); ++i) pods[i] = i;
  std::shuffle(pods.begin(), pods.end(), random);
  const std::int64_t instant_us = 5'000'300;
  for (const std::uint64_t pod : pods) {
    queue.push(TimePoint{Duration{instant_us}}, DueKind::kLifecycle, pod, pod);
    expected.emplace_back(instant_us, 0, pod);
    if (pod % 100 == 0) {
      const std::int64_t at_us = instant_us + static_cast<std::int64_t>(random() % 3) - 1;
      queue.push(TimePoint{Duration{at_us}}, DueKind::kArrival, pod, pod);
      expected.emplace_back(at_us, static_cast<std::uint8_t>(DueKind::kArrival), pod);
    }
  }
  std::sort(expected.begin(), expected.end());
  for (const auto& [at_us, kind, order] : expected) {
    const EventQueue::Entry entry = queue.pop();
    ASSERT_EQ(entry.at, TimePoint{Duration{at_us}});
    ASSERT_EQ(static_cast<std::uint8_t>(entry.kind()), kind);
    ASSERT_EQ(entry.payload, order);
  }
  EXPECT_TRUE(queue.empty());
}

// With the near bucket at each of the ring's 1,024 slots, the next bucket that holds an entry is
// found at every distance, across the bitmap's words and around its end; the ring's far edge is
// beyond it.
TEST(EventQueue, FindsTheNextBucketFromEverySlotAtEveryDistance) {
  constexpr std::int64_t kBucket = 1024;  // us
  for (std::int64_t slot = 0; slot < 1024; ++slot) {
    for (const std::int64_t distance : {1, 63, 64, 65, 960, 1022, 1023}) {
      EventQueue queue;
      const std::vector<std::int64_t> times = {
          slot * kBucket, (slot + distance) * kBucket + kBucket - 1, (slot + 1024) * kBucket};
      for (auto it = times.rbegin(); it != times.rend(); ++it) {
        queue.push(TimePoint{Duration{*it}}, DueKind::kSample, 0, 0);
      }
      for (const std::int64_t at_us : times) {
        ASSERT_EQ(queue.pop().at, TimePoint{Duration{at_us}})
            << "slot " << slot << ", distance " << distance;
      }
    }
  }
}

// After a look at the first entry (which may move the queue on to its bucket), entries scheduled
// between the last time taken and it, just after it, and far ahead come out in order.
TEST(EventQueue, PushesAfterALookAtTheFirstComeOutInOrder) {
  EventQueue queue;
  queue.push(at_ms(1), DueKind::kSample, 0, 0);
  ASSERT_EQ(queue.pop().at, at_ms(1));
  queue.push(at_ms(500), DueKind::kSample, 0, 1);
  ASSERT_EQ(queue.top().at, at_ms(500));
  const TimePoint top = at_ms(500);
  queue.push(top + Duration{1}, DueKind::kArrival, 0, 2);
  queue.push(at_ms(2), DueKind::kArrival, 0, 3);
  queue.push(top - Duration{1}, DueKind::kArrival, 0, 4);
  queue.push(at_ms(1), DueKind::kCompletion, 0, 5);  // at the last time taken
  queue.push(at_ms(2'001), DueKind::kArrival, 0, 6);
  std::vector<std::size_t> order;
  while (!queue.empty()) order.push_back(queue.pop().payload);
  EXPECT_EQ(order, (std::vector<std::size_t>{5, 3, 4, 1, 2, 6}));
}

// The ends of time: the earliest and latest instants, around zero, and the latest again once it
// was taken.
TEST(EventQueue, TheEndsOfTimeComeOutInOrder) {
  EventQueue queue;
  const std::vector<TimePoint> times = {TimePoint::min(), TimePoint{Duration{-1}}, TimePoint{},
                                        TimePoint::max() - Duration{1024}, TimePoint::max()};
  for (auto it = times.rbegin(); it != times.rend(); ++it) {
    queue.push(*it, DueKind::kSample, 0, 0);
  }
  for (const TimePoint at : times) ASSERT_EQ(queue.pop().at, at);
  queue.push(TimePoint::max(), DueKind::kControl, 0, 1);
  EXPECT_EQ(queue.pop().payload, 1u);
  EXPECT_TRUE(queue.empty());
}

// A burst: thousands of timers due at one instant, each scheduling the next within the same
// 1.024 ms as it fires, among arrivals: every entry in (time, key) order. (The follow-ups go to
// the near bucket's overflow heap; ahead of thousands of entries, an insertion would be slow.)
TEST(EventQueue, ABurstWhoseEntriesScheduleMoreWithinTheBucketComesOutInOrder) {
  EventQueue queue;
  std::set<Pending> expected;
  const auto push = [&](TimePoint at, DueKind kind, std::uint64_t order) {
    queue.push(at, kind, order, order);
    expected.emplace(at, QueueEntry::key_of(kind, order), order);
  };
  const TimePoint instant{Duration{100 * 1024}};
  constexpr std::uint64_t kPods = 5'000;
  for (std::uint64_t pod = 0; pod < kPods; ++pod) push(instant, DueKind::kLifecycle, pod);
  std::mt19937_64 random(5);
  while (!expected.empty()) {
    const EventQueue::Entry popped = queue.pop();
    ASSERT_EQ(as_pending(popped), *expected.begin());
    expected.erase(expected.begin());
    if (popped.payload < kPods) {  // a pod's timer: its next, 100 to 900 us later
      push(popped.at + Duration{100 + static_cast<std::int64_t>(random() % 800)},
           DueKind::kLifecycle, popped.payload + kPods);
    }
    if (random() % 8 == 0) {
      push(popped.at + Duration{static_cast<std::int64_t>(random() % 300)}, DueKind::kArrival,
           2 * kPods + random() % 1'000'000);
    }
  }
  EXPECT_TRUE(queue.empty());
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

// Idle, it keeps no slots: the next request takes the first one again, and a slot answered
// already is refused, whether it was dropped or is free.
TEST(InFlightSet, KeepsNoSlotsWhileIdle) {
  InFlightSet set;
  const auto a = set.add(at_ms(1));
  const auto b = set.add(at_ms(2));
  set.answer(a);
  EXPECT_THROW(set.answer(a), std::logic_error);  // free
  EXPECT_EQ(set.earliest_start(), at_ms(2));
  set.answer(b);
  EXPECT_EQ(set.add(at_ms(9)), a);                // the first slot again
  EXPECT_THROW(set.answer(b), std::logic_error);  // dropped
  EXPECT_EQ(set.count(), 1u);
  EXPECT_EQ(set.earliest_start(), at_ms(9));
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

// A pod's workers: c at once, first come first served, a bounded queue behind them, and what
// busy_at and queued_at count at each instant.
#include "core/worker_pool.h"

#include <gtest/gtest.h>

#include "cluster_test_helpers.h"

namespace hb::core {
namespace {

// Asks the pool when a request arriving at `at` starts and, when it does, takes the worker for
// `work_s` from then; answers the start (none when refused).
std::optional<TimePoint> serve(WorkerPool& pool, double at, double work_s) {
  const auto start = pool.start_of(at_s(at));
  if (start) pool.take(at_s(at), *start, *start + from_seconds(work_s));
  return start;
}

TEST(WorkerPool, UnlimitedByDefault) {
  const WorkerPool pool;
  EXPECT_FALSE(pool.limited());
  EXPECT_EQ(pool.workers(), 0);
}

TEST(WorkerPool, StartsAtOnceWhileAWorkerIsFree) {
  WorkerPool pool(2, 1);
  EXPECT_TRUE(pool.limited());
  EXPECT_EQ(pool.workers(), 2);
  EXPECT_EQ(serve(pool, 0.0, 1.0), at_s(0.0));
  EXPECT_EQ(serve(pool, 0.1, 1.0), at_s(0.1));
  EXPECT_EQ(pool.busy_at(at_s(0.2)), 2);
  EXPECT_EQ(pool.queued_at(at_s(0.2)), 0u);
  // The first worker is free again at 1.0: a request then starts at once.
  EXPECT_EQ(serve(pool, 1.0, 1.0), at_s(1.0));
  EXPECT_EQ(pool.busy_at(at_s(1.05)), 2);
  EXPECT_EQ(pool.busy_at(at_s(3.0)), 0);
}

TEST(WorkerPool, WaitsFirstComeFirstServedThenRefusesWhenTheQueueIsFull) {
  WorkerPool pool(2, 2);
  EXPECT_EQ(serve(pool, 0.0, 1.0), at_s(0.0));  // worker A until 1.0
  EXPECT_EQ(serve(pool, 0.0, 2.0), at_s(0.0));  // worker B until 2.0
  // Both busy: the third waits for A (1.0), the fourth for B (2.0), in arrival order.
  EXPECT_EQ(serve(pool, 0.1, 1.0), at_s(1.0));  // A again until 2.0
  EXPECT_EQ(serve(pool, 0.2, 1.0), at_s(2.0));  // the first worker free after that
  EXPECT_EQ(pool.queued_at(at_s(0.3)), 2u);
  EXPECT_EQ(pool.busy_at(at_s(0.3)), 2);
  // The queue holds two: the fifth is refused, and nothing changes.
  EXPECT_EQ(serve(pool, 0.3, 1.0), std::nullopt);
  EXPECT_EQ(pool.queued_at(at_s(0.3)), 2u);
  // At 1.5 the third has started: one waits, so one more may queue.
  EXPECT_EQ(pool.queued_at(at_s(1.5)), 1u);
  EXPECT_EQ(pool.busy_at(at_s(1.5)), 2);
  EXPECT_EQ(serve(pool, 1.5, 1.0), at_s(2.0));  // the second worker free: 2.0 (B)
  EXPECT_EQ(pool.queued_at(at_s(1.6)), 2u);
  EXPECT_EQ(pool.busy_at(at_s(3.5)), 0);
  EXPECT_EQ(pool.queued_at(at_s(3.5)), 0u);
}

TEST(WorkerPool, AQueueOfZeroRefusesAsSoonAsEveryWorkerIsBusy) {
  WorkerPool pool(1, 0);
  EXPECT_EQ(serve(pool, 0.0, 1.0), at_s(0.0));
  EXPECT_EQ(serve(pool, 0.5, 1.0), std::nullopt);
  EXPECT_EQ(serve(pool, 1.0, 1.0), at_s(1.0));
}

TEST(WorkerPool, ClearFreesEveryWorkerAndEmptiesTheQueue) {
  WorkerPool pool(1, 1);
  EXPECT_EQ(serve(pool, 0.0, 10.0), at_s(0.0));
  EXPECT_EQ(serve(pool, 0.1, 1.0), at_s(10.0));
  EXPECT_EQ(serve(pool, 0.2, 1.0), std::nullopt);
  pool.clear();
  EXPECT_EQ(pool.busy_at(at_s(0.3)), 0);
  EXPECT_EQ(pool.queued_at(at_s(0.3)), 0u);
  EXPECT_EQ(serve(pool, 0.3, 1.0), at_s(0.3));
  EXPECT_TRUE(pool.limited());
  EXPECT_EQ(pool.workers(), 1);
}

}  // namespace
}  // namespace hb::core

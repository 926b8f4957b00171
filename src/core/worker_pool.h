// A pod's workers when its service sets `concurrency`: at most that many requests are served at
// once, and up to `queue_length` more wait, first come first served; a request that finds the
// queue full is refused. Every request's service time is known when it starts (the cluster works
// it out at once), so the pool keeps when each busy worker frees up, and a request's start is
// the moment the first worker is free: the exact FIFO multi-server queue. A call a pod makes
// downstream reserves its worker a few milliseconds ahead (once its caller's own work is
// done), so a worker counts as busy from the reservation (docs/kubernetes.md).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/time.h"

namespace hb::core {

class WorkerPool {
 public:
  WorkerPool() = default;
  WorkerPool(int workers, int queue_length)
      : workers_(static_cast<std::size_t>(workers)),
        queue_length_(static_cast<std::size_t>(queue_length)) {}

  bool limited() const { return workers_ > 0; }
  int workers() const { return static_cast<int>(workers_); }

  // When a request arriving at `at` would start: at once when a worker is free, else when the
  // first frees up; none when the queue is full.
  std::optional<TimePoint> start_of(TimePoint at) {
    if (free_.size() < workers_ || free_.front() <= at) return at;
    const TimePoint start = free_.front();
    prune(at);
    if (queued_at(at) >= queue_length_) return std::nullopt;
    return start;
  }
  // Takes the worker a request holds from `start` (as start_of() answered) to `end`.
  void take(TimePoint arrival, TimePoint start, TimePoint end) {
    if (free_.size() == workers_) {
      std::pop_heap(free_.begin(), free_.end(), std::greater<>{});
      free_.pop_back();
    }
    free_.push_back(end);
    std::push_heap(free_.begin(), free_.end(), std::greater<>{});
    // Kept until it starts: queued meanwhile if it has arrived, reserved ahead if not.
    if (waits_.size() > 2 * (workers_ + queue_length_) + 16) prune(arrival);
    waits_.push_back({arrival, start});
  }
  // Requests waiting for a worker at `now`: arrived and not started.
  std::size_t queued_at(TimePoint now) const {
    return static_cast<std::size_t>(
        std::count_if(waits_.begin(), waits_.end(),
                      [now](const Wait& w) { return w.arrival <= now && now < w.start; }));
  }
  // Workers serving a request at `now`. A worker is busy until the last request given to it
  // ends: a request that waits for it starts the instant the one before ends, so the heap's
  // latest end per worker is enough, less the workers reserved for calls not arrived yet.
  int busy_at(TimePoint now) const {
    const auto held =
        std::count_if(free_.begin(), free_.end(), [now](TimePoint t) { return t > now; });
    // A worker whose next request waits in the queue is busy with the one before it; one
    // reserved for a call that arrives later without waiting is idle until then.
    const auto ahead = std::count_if(waits_.begin(), waits_.end(), [now](const Wait& w) {
      return now < w.arrival && w.arrival == w.start;
    });
    return static_cast<int>(std::max<std::ptrdiff_t>(0, held - ahead));
  }
  // Every worker free and nobody waiting: the process was replaced.
  void clear() {
    free_.clear();
    waits_.clear();
  }

 private:
  // A request that holds a worker, from its arrival (or a call's reservation) to its start.
  struct Wait {
    TimePoint arrival;
    TimePoint start;
  };
  // Drops the requests that have started by `at`: neither queued nor ahead any more.
  void prune(TimePoint at) {
    std::erase_if(waits_, [at](const Wait& w) { return w.start <= at; });
  }

  std::size_t workers_ = 0;  // 0: no limit
  std::size_t queue_length_ = 0;
  std::vector<TimePoint> free_;  // a min-heap: when each busy worker frees up
  std::vector<Wait> waits_;
};

}  // namespace hb::core

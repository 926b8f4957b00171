// The simulation's pending events in one 4-ary heap of small entries stored by value (no
// allocation per event, as ns-3's heap scheduler; four children a node halve the levels a pop
// walks through, and they sit side by side in memory). They come out in (time, kind, order) order,
// never by time alone: at one instant lifecycle changes come first, then completions, history
// samples, arrivals, the scheduled evaluation and the controllers' tick, and within a kind `order`
// decides (a service or pod index, or an insertion count of up to 56 bits), so a run does not
// depend on how the heap breaks ties (OMNeT++'s scheduling order). Scheduling before the current
// time is a bug and is refused.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/time.h"

namespace hb::core {

enum class DueKind : std::uint8_t {
  kLifecycle,
  kCompletion,
  kSample,
  kArrival,
  kEvaluate,
  kControl
};

class EventQueue {
 public:
  struct Entry {
    TimePoint at;
    std::uint64_t key;    // the kind in the top 8 bits, the order below
    std::size_t payload;  // what the event is about: a service, a pod, a completion's slot
    DueKind kind() const { return static_cast<DueKind>(key >> 56); }
  };
  static constexpr std::uint64_t kMaxOrder = (std::uint64_t{1} << 56) - 1;

  void push(TimePoint at, DueKind kind, std::uint64_t order, std::size_t payload) {
    if (at < floor_) throw std::logic_error("an event scheduled before the current time");
    if (order > kMaxOrder) throw std::logic_error("an event order past 56 bits");
    const Entry entry{at, (std::uint64_t{static_cast<std::uint8_t>(kind)} << 56) | order, payload};
    // Sift up: move the hole from the end towards the root while its parent comes later.
    std::size_t hole = heap_.size();
    heap_.push_back(entry);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!before(entry, heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = entry;
  }
  bool empty() const { return heap_.empty(); }
  const Entry& top() const { return heap_.front(); }
  // Removes and answers the first entry; nothing may be scheduled before it from then on.
  Entry pop() {
    const Entry first = heap_.front();
    const Entry last = heap_.back();
    heap_.pop_back();
    const std::size_t size = heap_.size();
    if (size > 0) {
      // Sift down: move the hole from the root towards the leaves while a child comes before
      // the last entry, then put the last entry there.
      std::size_t hole = 0;
      for (;;) {
        const std::size_t child = hole * kArity + 1;
        if (child >= size) break;
        std::size_t soonest = child;
        const std::size_t end = std::min(child + kArity, size);
        for (std::size_t c = child + 1; c < end; ++c) {
          if (before(heap_[c], heap_[soonest])) soonest = c;
        }
        if (!before(heap_[soonest], last)) break;
        heap_[hole] = heap_[soonest];
        hole = soonest;
      }
      heap_[hole] = last;
    }
    floor_ = first.at;
    return first;
  }
  std::size_t size() const { return heap_.size(); }

 private:
  static constexpr std::size_t kArity = 4;
  // Whether `a` comes out before `b`.
  static bool before(const Entry& a, const Entry& b) {
    return a.at != b.at ? a.at < b.at : a.key < b.key;
  }

  std::vector<Entry> heap_;
  TimePoint floor_{TimePoint::min()};
};

}  // namespace hb::core

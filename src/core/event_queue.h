// The simulation's pending events in one binary heap, stored by value (no allocation per event,
// as ns-3's heap scheduler). They come out in (time, kind, order) order, never by time alone:
// at one instant lifecycle changes come first, then completions, history samples, arrivals and
// the scheduled evaluation, and within a kind `order` decides (a service or pod index, or a
// 64-bit insertion count), so a run does not depend on how the heap breaks ties (OMNeT++'s
// scheduling order). Scheduling before the current time is a bug and is refused.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/time.h"

namespace hb::core {

enum class DueKind : std::uint8_t { kLifecycle, kCompletion, kSample, kArrival, kEvaluate };

template <typename Payload>
class EventQueue {
 public:
  struct Entry {
    TimePoint at;
    DueKind kind;
    std::uint64_t order;
    Payload payload;
  };

  void push(TimePoint at, DueKind kind, std::uint64_t order, Payload payload) {
    if (at < floor_) throw std::logic_error("an event scheduled before the current time");
    heap_.push_back(Entry{at, kind, order, std::move(payload)});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  bool empty() const { return heap_.empty(); }
  const Entry& top() const { return heap_.front(); }
  // Removes and answers the first entry; nothing may be scheduled before it from then on.
  Entry pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    Entry entry = std::move(heap_.back());
    heap_.pop_back();
    floor_ = entry.at;
    return entry;
  }
  std::size_t size() const { return heap_.size(); }

 private:
  static bool later(const Entry& a, const Entry& b) {
    if (a.at != b.at) return a.at > b.at;
    if (a.kind != b.kind) return a.kind > b.kind;
    return a.order > b.order;
  }

  std::vector<Entry> heap_;
  TimePoint floor_{TimePoint::min()};
};

}  // namespace hb::core

// The simulation's pending events in one binary heap of small entries stored by value (no
// allocation per event, as ns-3's heap scheduler). They come out in (time, kind, order) order,
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
    heap_.push_back(
        Entry{at, (std::uint64_t{static_cast<std::uint8_t>(kind)} << 56) | order, payload});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  bool empty() const { return heap_.empty(); }
  const Entry& top() const { return heap_.front(); }
  // Removes and answers the first entry; nothing may be scheduled before it from then on.
  Entry pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const Entry entry = heap_.back();
    heap_.pop_back();
    floor_ = entry.at;
    return entry;
  }
  std::size_t size() const { return heap_.size(); }

 private:
  // A function object, not a function: the heap algorithms inline it.
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.at != b.at ? a.at > b.at : a.key > b.key;
    }
  };
  static constexpr Later later{};

  std::vector<Entry> heap_;
  TimePoint floor_{TimePoint::min()};
};

}  // namespace hb::core

// The requests a pod has been handed and not answered yet: how many, and when the oldest of
// them started. Two binary heaps of (start, id), the handed ones and the answered ones not yet
// at the top, so that adding and answering cost O(log n) without an allocation per request.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/time.h"

namespace hb::core {

class InFlightSet {
 public:
  void add(TimePoint start, std::uint64_t id) { push(handed_, {start, id}); }
  // `start` and `id` must be those of a request added and not answered yet.
  void answer(TimePoint start, std::uint64_t id) {
    if (handed_.empty()) throw std::logic_error("a request answered that was never handed");
    if (handed_.front() == Item{start, id}) {
      pop(handed_);  // the usual case: the oldest is answered first
    } else {
      push(answered_, {start, id});
    }
    while (!answered_.empty() && handed_.front() == answered_.front()) {
      pop(handed_);
      pop(answered_);
    }
  }
  void clear() {
    handed_.clear();
    answered_.clear();
  }
  std::uint64_t count() const { return handed_.size() - answered_.size(); }
  // The earliest start of a request not answered yet, which may lie ahead of now (calls a pod
  // makes downstream start once its own work is done).
  std::optional<TimePoint> earliest_start() const {
    if (handed_.empty()) return std::nullopt;
    return handed_.front().first;
  }

 private:
  using Item = std::pair<TimePoint, std::uint64_t>;
  static void push(std::vector<Item>& heap, Item item) {
    heap.push_back(item);
    std::push_heap(heap.begin(), heap.end(), std::greater<>{});
  }
  static void pop(std::vector<Item>& heap) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
    heap.pop_back();
  }

  std::vector<Item> handed_;    // min-heap
  std::vector<Item> answered_;  // min-heap: answered, but an earlier start is still handed
};

}  // namespace hb::core

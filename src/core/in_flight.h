// The requests a pod has been handed and not answered yet: how many, and when the oldest of
// them started. Each request holds a slot (stable until answered, reused after) whose start it
// keeps, so adding and answering cost O(1): a free slot holds no start. The earliest start is kept
// while it stays known and found again, when the request that held it is answered, by one pass
// over the slots, at most once per look; the slots are dropped whenever none is in use, so they
// number at most the most requests in flight since the pod was last idle.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "core/time.h"

namespace hb::core {

class InFlightSet {
 public:
  using Slot = std::uint32_t;

  // Answers the slot to hand to answer() when the request is answered.
  Slot add(TimePoint start) {
    Slot slot;
    if (free_.empty()) {
      slot = static_cast<Slot>(starts_.size());
      starts_.push_back(start);
    } else {
      slot = free_.back();
      free_.pop_back();
      starts_[slot] = start;
    }
    if (earliest_known_ && (count_ == 0 || start < earliest_)) earliest_ = start;
    ++count_;
    return slot;
  }
  // `slot` must be one add() answered and not answered since (nor cleared).
  void answer(Slot slot) {
    if (slot >= starts_.size() || starts_[slot] == kFree) {
      throw std::logic_error("a request answered that was never handed");
    }
    if (--count_ == 0) {  // idle: no slot in use, none kept
      clear();
      return;
    }
    // Another may start as early; found on the next look.
    if (starts_[slot] == earliest_) earliest_known_ = false;
    starts_[slot] = kFree;
    free_.push_back(slot);
  }
  void clear() {
    starts_.clear();
    free_.clear();
    count_ = 0;
    earliest_known_ = true;
  }
  std::uint64_t count() const { return count_; }
  // The earliest start of a request not answered yet, which may lie ahead of now (calls a pod
  // makes downstream start once its own work is done).
  std::optional<TimePoint> earliest_start() const {
    if (count_ == 0) return std::nullopt;
    if (!earliest_known_) {
      earliest_ = *std::min_element(starts_.begin(), starts_.end());  // a free slot's is latest
      earliest_known_ = true;
    }
    return earliest_;
  }

 private:
  // A free slot's start: later than any request's, so that it never is the earliest.
  static constexpr TimePoint kFree = TimePoint::max();
  std::vector<TimePoint> starts_;  // by slot: the start of its request, or kFree
  std::vector<Slot> free_;
  std::uint64_t count_ = 0;
  // The earliest start among the live requests, while earliest_known_.
  mutable TimePoint earliest_;
  mutable bool earliest_known_ = true;
};

}  // namespace hb::core

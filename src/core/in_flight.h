// The requests a pod has been handed and not answered yet: how many, and when the oldest of
// them started. Each request holds a slot (stable until answered, reused after), so adding and
// answering cost O(1); the earliest start is kept while it stays known and found again by one
// pass over the slots when the request that held it is answered, at most once per look.
#pragma once

#include <algorithm>
#include <cassert>
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
    assert(start != kFree);
    Slot slot;
    if (free_.empty()) {
      slot = static_cast<Slot>(starts_.size());
      starts_.push_back(start);
    } else {
      slot = free_.back();
      free_.pop_back();
      starts_[slot] = start;
    }
    ++count_;
    if (earliest_known_ && (count_ == 1 || start < earliest_)) earliest_ = start;
    return slot;
  }
  // `slot` must be one add() answered and not answered since (nor cleared).
  void answer(Slot slot) {
    if (slot >= starts_.size() || starts_[slot] == kFree) {
      throw std::logic_error("a request answered that was never handed");
    }
    const TimePoint start = starts_[slot];
    starts_[slot] = kFree;
    free_.push_back(slot);
    --count_;
    if (count_ == 0) {
      earliest_known_ = true;
    } else if (start == earliest_) {
      earliest_known_ = false;  // another may start as early; found on the next look
    }
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
      earliest_ = kFree;  // a free slot's start is the latest time, so it never wins
      for (const TimePoint start : starts_) earliest_ = std::min(earliest_, start);
      earliest_known_ = true;
    }
    return earliest_;
  }

 private:
  static constexpr TimePoint kFree = TimePoint::max();
  std::vector<TimePoint> starts_;  // by slot; kFree once answered
  std::vector<Slot> free_;
  std::uint64_t count_ = 0;
  // The earliest start among the live slots, while earliest_known_.
  mutable TimePoint earliest_;
  mutable bool earliest_known_ = true;
};

}  // namespace hb::core

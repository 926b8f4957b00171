// The requests a pod has been handed and not answered yet: how many, and when the oldest of
// them started. Each request holds a slot (stable until answered, reused after), so adding and
// answering cost O(1). The starts of the live requests lie packed together (an answered one's
// place goes to the last), so the earliest start is kept while it stays known and found again,
// when the request that held it is answered, by one pass over the live requests only, at most
// once per look.
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
      slot = static_cast<Slot>(place_of_.size());
      place_of_.push_back(0);
    } else {
      slot = free_.back();
      free_.pop_back();
    }
    place_of_[slot] = static_cast<std::uint32_t>(starts_.size());
    starts_.push_back(start);
    slot_at_.push_back(slot);
    if (earliest_known_ && (starts_.size() == 1 || start < earliest_)) earliest_ = start;
    return slot;
  }
  // `slot` must be one add() answered and not answered since (nor cleared).
  void answer(Slot slot) {
    if (slot >= place_of_.size() || place_of_[slot] == kFree) {
      throw std::logic_error("a request answered that was never handed");
    }
    const std::uint32_t place = place_of_[slot];
    const TimePoint start = starts_[place];
    // The last live request moves into its place (itself, when it is the last).
    starts_[place] = starts_.back();
    slot_at_[place] = slot_at_.back();
    place_of_[slot_at_[place]] = place;
    starts_.pop_back();
    slot_at_.pop_back();
    place_of_[slot] = kFree;
    free_.push_back(slot);
    if (starts_.empty()) {
      earliest_known_ = true;
    } else if (start == earliest_) {
      earliest_known_ = false;  // another may start as early; found on the next look
    }
  }
  void clear() {
    starts_.clear();
    slot_at_.clear();
    place_of_.clear();
    free_.clear();
    earliest_known_ = true;
  }
  std::uint64_t count() const { return starts_.size(); }
  // The earliest start of a request not answered yet, which may lie ahead of now (calls a pod
  // makes downstream start once its own work is done).
  std::optional<TimePoint> earliest_start() const {
    if (starts_.empty()) return std::nullopt;
    if (!earliest_known_) {
      earliest_ = *std::min_element(starts_.begin(), starts_.end());
      earliest_known_ = true;
    }
    return earliest_;
  }

 private:
  static constexpr std::uint32_t kFree = UINT32_MAX;  // in place_of_: the slot is not in use
  std::vector<TimePoint> starts_;                     // of the live requests, packed
  std::vector<Slot> slot_at_;            // the slot of each of them, by place in starts_
  std::vector<std::uint32_t> place_of_;  // by slot: its place in starts_, or kFree
  std::vector<Slot> free_;
  // The earliest start among the live requests, while earliest_known_.
  mutable TimePoint earliest_;
  mutable bool earliest_known_ = true;
};

}  // namespace hb::core

#include "core/history.h"

namespace hb::core {

void History::add(HistorySample sample) {
  samples_.push_back(std::move(sample));
  ++count_;
  while (samples_.size() > capacity_) samples_.pop_front();
}

void History::restore(std::deque<HistorySample> samples, std::uint64_t count) {
  samples_ = std::move(samples);
  count_ = count;
  while (samples_.size() > capacity_) samples_.pop_front();
}

}  // namespace hb::core

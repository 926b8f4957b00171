#include "core/event_queue.h"

#include <algorithm>
#include <cassert>
#include <new>
#include <utility>

namespace hb::core {

std::optional<std::uint64_t> EventQueue::next_in_ring() const {
  // The ring's buckets in time order start after the near one's slot and wrap around; the last
  // word is looked at twice, its bits before `from` the second time.
  const std::uint64_t from = (near_bucket_ + 1) % kRingBuckets;
  const std::uint64_t from_bit = from % 64;
  for (std::size_t step = 0; step <= kBitmapWords; ++step) {
    const std::size_t word_index = (from / 64 + step) % kBitmapWords;
    std::uint64_t word = occupied_[word_index];
    if (step == 0) word &= ~std::uint64_t{0} << from_bit;
    if (step == kBitmapWords) word &= (std::uint64_t{1} << from_bit) - 1;
    if (word != 0) {
      const std::uint64_t slot =
          word_index * 64 + static_cast<std::uint64_t>(std::countr_zero(word));
      return near_bucket_ + 1 + (slot + kRingBuckets - from) % kRingBuckets;
    }
  }
  return std::nullopt;
}

EventQueue::Entry EventQueue::pop_either() {
  if (!overflow_first()) {
    const Entry entry = near_.back();
    near_.pop_back();
    return entry;
  }
  const Entry entry = overflow_.front();
  std::pop_heap(overflow_.begin(), overflow_.end(), comes_later);
  overflow_.pop_back();
  return entry;
}

void EventQueue::refill() {
  assert(near_.empty() && overflow_.empty() && held_.key == kNoKey);
  assert(beyond_.empty() || bucket_of(beyond_.top()) - near_bucket_ >= kRingBuckets);
  const std::optional<std::uint64_t> next = next_in_ring();
  near_bucket_ = next ? *next : bucket_of(beyond_.top());
  const std::size_t slot = near_bucket_ % kRingBuckets;
  std::swap(near_, ring_[slot]);  // the emptied vectors keep their room
  occupied_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
  // The ring now reaches further: what lies beyond it and within reach moves in, an instant at a
  // time, the near bucket's share unsorted (it is sorted next, with the rest).
  while (!beyond_.empty() && bucket_of(beyond_.top()) - near_bucket_ < kRingBuckets) {
    pulled_.clear();
    beyond_.pop_instant(pulled_);
    for (const Entry& entry : pulled_) {
      if (bucket_of(entry) == near_bucket_) {
        near_.push_back(entry);
      } else {
        place(entry);
      }
    }
  }
  sort_near();
}

void EventQueue::sort_near() {
  const std::size_t n = near_.size();
  if (n < 2) return;
  try {
    sorted_.resize(n);               // the same size as near_, which it is swapped with
  } catch (const std::bad_alloc&) {  // no room for the scratch: sorted in place instead
    std::sort(near_.begin(), near_.end(), comes_later);
    return;
  }
  // A stable counting sort by the time's offset in the bucket, low digit first, descending.
  for (int shift = 0; shift < kBucketBits; shift += kDigitBits) {
    const auto digit = [shift](const Entry& entry) {
      return kDigits - 1 - ((entry.unsigned_time() >> shift) & (kDigits - 1));
    };
    std::array<std::uint32_t, kDigits> start{};
    for (const Entry& entry : near_) ++start[digit(entry)];
    std::uint32_t sum = 0;
    for (std::uint32_t& count : start) sum += std::exchange(count, sum);
    for (const Entry& entry : near_) sorted_[start[digit(entry)]++] = entry;
    std::swap(near_, sorted_);
  }
  // Entries of one instant are now in the order they were appended: their keys decide. (Many
  // may share one, as the probes of pods started together; most share it with none.)
  for (std::size_t first = 0; first < n;) {
    std::size_t end = first + 1;
    while (end < n && near_[end].at == near_[first].at) ++end;
    if (end - first > 1) {
      std::sort(near_.begin() + static_cast<std::ptrdiff_t>(first),
                near_.begin() + static_cast<std::ptrdiff_t>(end),
                [](const Entry& a, const Entry& b) { return a.key > b.key; });
    }
    first = end;
  }
}

}  // namespace hb::core

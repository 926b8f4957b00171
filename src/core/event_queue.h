// The simulation's pending events, in (time, kind, order) order (core/queue_entry.h). Scheduling
// before the current time is a bug and is refused.
//
// A ladder of three tiers, as a calendar queue keeps its events (Brown, 1988; the ladder queue of
// Tang, Goh and Thng, 2005), since most of a lab's events are due within a second:
// - the near bucket: the entries of the current 1.024 ms of time (and any scheduled before its
//   end), sorted, the first at the back of a vector: a pop is a pop_back, a push into it an
//   insertion from the back, a few places for an arrival 100 us ahead;
// - the ring: 1,024 buckets of 1.024 ms for the next 1.05 s, each a vector the entries are
//   appended to unsorted, found through a bitmap of the buckets that hold any; when the near
//   bucket runs dry, the next of them becomes it and is sorted at once by a counting sort of the
//   times' offsets in it (two digits of five bits, no comparisons to mispredict);
// - beyond the ring: a radix heap (core/radix_heap.h), whose entries move into the ring as it
//   comes within reach of them.
// An entry is placed once or twice instead of moving down 3.6 buckets of a radix heap on average,
// and sorted in bulk instead of found by a scan per pop: the default chain runs about 12 % faster
// than with the radix heap alone (docs/benchmarks.md).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "core/queue_entry.h"
#include "core/radix_heap.h"
#include "core/time.h"

namespace hb::core {

class EventQueue {
 public:
  using Entry = QueueEntry;
  static constexpr std::uint64_t kMaxOrder = QueueEntry::kMaxOrder;

  void push(TimePoint at, DueKind kind, std::uint64_t order, std::size_t payload) {
    if (at < floor_) throw std::logic_error("an event scheduled before the current time");
    if (order > kMaxOrder) throw std::logic_error("an event order past 56 bits");
    place({at, QueueEntry::key_of(kind, order), payload});
    ++size_;
  }
  bool empty() const { return size_ == 0; }
  // The first entry; the queue must not be empty.
  const Entry& top() const {
    if (near_.empty()) refill();
    return near_.back();
  }
  // Removes and answers the first entry; nothing may be scheduled before it from then on.
  Entry pop() {
    const Entry entry = top();
    near_.pop_back();
    --size_;
    floor_ = entry.at;
    return entry;
  }
  std::size_t size() const { return size_; }

 private:
  static constexpr int kBucketBits = 10;  // a bucket spans 2^10 us
  static constexpr std::uint64_t kRingBuckets = 1024;
  static constexpr std::size_t kBitmapWords = kRingBuckets / 64;
  static constexpr int kDigitBits = kBucketBits / 2;  // the counting sort's two digits
  static constexpr std::size_t kDigits = std::size_t{1} << kDigitBits;
  static_assert(kDigitBits * 2 == kBucketBits && kRingBuckets % 64 == 0);

  static std::uint64_t bucket_of(const Entry& entry) {
    return entry.unsigned_time() >> kBucketBits;
  }
  // Into the near bucket, the ring or beyond, by its bucket.
  void place(const Entry& entry) const {
    const std::uint64_t bucket = bucket_of(entry);
    if (bucket <= near_bucket_) {
      insert_near(entry);
    } else if (bucket - near_bucket_ < kRingBuckets) {
      const std::size_t slot = bucket % kRingBuckets;
      ring_[slot].push_back(entry);
      occupied_[slot / 64] |= std::uint64_t{1} << (slot % 64);
    } else {
      beyond_.push(entry);
    }
  }
  // Into its place in the near bucket, found from the back (the first entries).
  void insert_near(const Entry& entry) const {
    std::size_t place = near_.size();
    near_.push_back(entry);
    while (place > 0 && before(near_[place - 1], entry)) {
      near_[place] = near_[place - 1];
      --place;
    }
    near_[place] = entry;
  }
  // The near bucket ran dry: the next bucket that holds entries becomes it, sorted.
  void refill() const;
  // The first bucket of the ring after the near one that holds entries, if any.
  std::optional<std::uint64_t> next_in_ring() const;
  // Sorts the near bucket, its first entry last.
  void sort_near() const;

  // The near bucket: its entries by (time, key), descending. Mutable, as top() fills it.
  mutable std::vector<Entry> near_;
  mutable std::uint64_t near_bucket_ = 0;  // which bucket of time it holds (bucket_of())
  // The entries of the buckets after it up to kRingBuckets - 1 ahead, at bucket % kRingBuckets.
  mutable std::array<std::vector<Entry>, kRingBuckets> ring_;
  mutable std::array<std::uint64_t, kBitmapWords> occupied_{};  // bit b: ring_[b] not empty
  mutable RadixHeap beyond_;                                    // the entries past the ring
  mutable std::vector<Entry> sorted_;                           // sort_near()'s scratch
  std::size_t size_ = 0;
  TimePoint floor_{TimePoint::min()};
};

}  // namespace hb::core

// The simulation's pending events, in (time, kind, order) order (core/queue_entry.h). Scheduling
// before the current time is a bug and is refused.
//
// A ladder of three tiers, as a calendar queue keeps its events (Brown, 1988; the ladder queue of
// Tang, Goh and Thng, 2005), since most of a lab's events are due within a second:
// - the near bucket: the entries of the current 1.024 ms (and any scheduled before its end),
//   sorted, the first at the back of a vector: a pop is a pop_back, a push into it an insertion
//   from the back, usually past a few entries (an arrival 100 us ahead). One that would move
//   more than kMaxShift of them (a burst of timers at one instant, each scheduling the next within
//   the same 1.024 ms) goes to a binary heap beside it instead, so that a burst costs n log n;
// - the ring: the buckets of 1.024 ms of the next 1.05 s, each a vector the entries are appended
//   to unsorted, found through a bitmap of the buckets that hold any; when the near bucket runs
//   dry, the next of them becomes it and is sorted at once: a counting sort of the times'
//   offsets (two digits of five bits), then each run of entries of one instant by key;
// - beyond the ring: a radix heap (core/radix_heap.h), whose entries move into the ring as it
//   comes within reach of them.
// The entry pushed last is placed only when the next one is (see hold()). No time is rounded: a
// bucket is in (time, key) order before anything leaves it. An entry is placed once or twice
// instead of moving down a radix heap's buckets, and sorted in bulk instead of found by a scan at
// each pop (docs/benchmarks.md, "The event queue as a ladder").
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
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
    hold({at, QueueEntry::key_of(kind, order), payload});
    ++size_;
  }
  bool empty() const { return size_ == 0; }
  // The first entry; the queue must not be empty.
  Entry top() {
    assert(!empty());
    release_held();
    if (overflow_.empty()) [[likely]] {
      if (near_.empty()) refill();
      return near_.back();
    }
    return overflow_first() ? overflow_.front() : near_.back();
  }
  // Removes and answers the first entry; nothing may be scheduled before it from then on.
  Entry pop() {
    assert(!empty());
    release_held();
    Entry entry;
    if (overflow_.empty()) [[likely]] {
      if (near_.empty()) refill();
      entry = near_.back();
      near_.pop_back();
    } else {
      entry = pop_either();
    }
    --size_;
    floor_ = entry.at;
    return entry;
  }
  // pop() if the first entry is due at or before `until`, into `entry`; false if it is not, or
  // the queue is empty. (One look where top() and pop() take two: the simulation's loop.)
  bool pop_due(TimePoint until, Entry& entry) {
    if (size_ == 0) return false;
    if (overflow_.empty()) [[likely]] {
      if (near_.empty()) {
        release_held();
        if (near_.empty()) refill();
      }
      if (before(held_, near_.back())) [[unlikely]] {
        if (held_.at > until) return false;
        entry = held_;
        held_ = kNothingHeld;
      } else {
        if (near_.back().at > until) return false;
        entry = near_.back();
        near_.pop_back();
      }
    } else {
      if (top().at > until) return false;
      entry = pop_either();
    }
    --size_;
    floor_ = entry.at;
    return true;
  }
  std::size_t size() const { return size_; }

 private:
  static constexpr int kBucketBits = 10;  // a bucket spans 2^10 us
  // The ring's slots; the near bucket's own slot is always empty, so the ring reaches 1,023
  // buckets past it.
  static constexpr std::uint64_t kRingBuckets = 1024;
  static constexpr std::size_t kBitmapWords = kRingBuckets / 64;
  static constexpr int kDigitBits = kBucketBits / 2;  // the counting sort's two digits
  static constexpr std::size_t kDigits = std::size_t{1} << kDigitBits;
  static constexpr std::size_t kMaxShift = 64;  // entries an insertion may move
  static_assert(kDigitBits * 2 == kBucketBits && kRingBuckets % 64 == 0);

  static std::uint64_t bucket_of(const Entry& entry) {
    return entry.unsigned_time() >> kBucketBits;
  }
  // std::push_heap's order for a heap whose front is the first entry.
  static bool comes_later(const Entry& a, const Entry& b) { return before(b, a); }
  // Whether the first entry is the overflow's, which must not be empty.
  bool overflow_first() const { return near_.empty() || before(overflow_.front(), near_.back()); }
  // pop()'s work while the overflow holds entries: the first of it or of the near bucket.
  Entry pop_either();
  // Into the near bucket, the ring or beyond, by its bucket. Flattened: GCC left the vectors'
  // push_back() a call, whose entry went through memory as a 16-byte load of a value just
  // stored in 8-byte parts, which the processor cannot forward (3.7 % of the default chain's
  // time; docs/benchmarks.md).
  [[gnu::flatten]] void place(const Entry& entry) {
    const std::uint64_t bucket = bucket_of(entry);
    if (bucket <= near_bucket_) {
      insert_near(entry);
    } else if (bucket - near_bucket_ < kRingBuckets) {
      const std::size_t slot = bucket % kRingBuckets;
      std::vector<Entry>& entries = ring_[slot];
      if (entries.size() == entries.capacity()) [[unlikely]]
        grow(entries);
      entries.push_back(entry);
      occupied_[slot / 64] |= std::uint64_t{1} << (slot % 64);
    } else {
      beyond_.push(entry);
    }
  }
  // The entry pushed last waits beside the buckets until the next push (or a look at the first
  // entry) places it. A push's time is often the end of a long chain of arithmetic (an
  // arrival's gap: a logarithm, a division; a completion's latency: the log-normal draws), and
  // placing it takes branches on that time that the processor cannot always predict (which
  // bucket; where in the near bucket, a loop from the back): each such branch waited for the
  // chain, then threw away the work done past it. By the next push the time is known. Meanwhile
  // each pop_due() compares the held entry with the near bucket's first, a branch that mostly
  // goes one way (the entry held is rarely the first). The default chain 9 % faster
  // (docs/benchmarks.md).
  void hold(const Entry& entry) {
    if (held_.key != kNoKey) place(held_);
    held_ = entry;
  }
  // Into its bucket with the others, before a look that does not compare with it.
  void release_held() {
    if (held_.key == kNoKey) return;
    place(held_);
    held_ = kNothingHeld;
  }
  // Into its place in the near bucket, found from the back (the first entries), or into the
  // overflow when more than kMaxShift entries come before it (one comparison tells).
  void insert_near(const Entry& entry) {
    std::size_t place = near_.size();
    if (place > kMaxShift && before(near_[place - 1 - kMaxShift], entry)) {
      overflow_.push_back(entry);
      std::push_heap(overflow_.begin(), overflow_.end(), comes_later);
      return;
    }
    near_.push_back(entry);
    while (place > 0 && before(near_[place - 1], entry)) {
      near_[place] = near_[place - 1];
      --place;
    }
    near_[place] = entry;
  }
  // Room for more entries in a bucket of the ring, out of line, so that place() inlines an
  // append that only stores.
  [[gnu::noinline]] static void grow(std::vector<Entry>& entries) {
    entries.reserve(std::max<std::size_t>(64, 2 * entries.capacity()));
  }
  // The near bucket and the overflow ran dry: the next bucket that holds entries becomes the
  // near one, sorted.
  void refill();
  // The first bucket of the ring after the near one that holds entries, if any.
  std::optional<std::uint64_t> next_in_ring() const;
  // Sorts the near bucket, its first entry last.
  void sort_near();

  // No entry's key: the kind's byte of a key is at most DueKind's last.
  static constexpr std::uint64_t kNoKey = ~std::uint64_t{0};
  // Comes before no entry (before() is false), so that a pop needs no test of whether one is
  // held.
  static constexpr Entry kNothingHeld{TimePoint::max(), kNoKey, 0};

  // The near bucket: its entries by (time, key), descending.
  std::vector<Entry> near_;
  // The entry pushed last, in no bucket yet (hold()); or kNothingHeld.
  Entry held_ = kNothingHeld;
  // The latest bucket of time it holds (bucket_of()): it may also hold entries scheduled before
  // it, after top() moved on to it.
  std::uint64_t near_bucket_ = 0;
  // Entries of the near bucket's time that came out of place (insert_near()): a heap, the first
  // at the front.
  std::vector<Entry> overflow_;
  // The entries of the buckets after the near one up to kRingBuckets - 1 ahead, at
  // bucket % kRingBuckets.
  std::array<std::vector<Entry>, kRingBuckets> ring_;
  std::array<std::uint64_t, kBitmapWords> occupied_{};  // bit b: ring_[b] not empty
  RadixHeap beyond_;                                    // the entries past the ring
  std::vector<Entry> sorted_;                           // sort_near()'s scratch
  std::vector<Entry> pulled_;                           // refill()'s, from beyond_
  std::size_t size_ = 0;
  TimePoint floor_{TimePoint::min()};
};

}  // namespace hb::core

// The event queue's far tier (core/event_queue.h): a radix heap (Ahuja, Mehlhorn, Orlin and
// Tarjan, 1990), which fits a simulation's queue since nothing is ever scheduled before the last
// entry taken. Bucket b holds the entries whose time first differs from that last time in bit
// b - 1 (bucket 0: the same time), so the first non-empty bucket holds the first entry. Taking it
// from bucket b > 0 spreads the rest of that bucket over lower ones, relative to the new last
// time: an entry moves down at most once a bit, by an append, instead of a binary heap's
// unpredictable comparisons at every level (1.18 times faster than a binary heap on the default
// chain when it held every event, docs/benchmarks.md). Nothing may be pushed before the last
// entry taken.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/queue_entry.h"

namespace hb::core {

class RadixHeap {
 public:
  using Entry = QueueEntry;

  void push(const Entry& entry) {
    assert(entry.unsigned_time() >= last_);
    const std::size_t place = put(entry);
    ++size_;
    if (first_ && before(entry, *first_)) {
      first_ = entry;
      first_place_ = place;  // an earlier entry is in the first bucket, now this one's
    }
  }
  bool empty() const { return size_ == 0; }
  // The first entry; the queue must not be empty.
  const Entry& top() const {
    if (!first_) find_first();
    return *first_;
  }
  // Removes and answers the first entry; nothing may be scheduled before it from then on.
  Entry pop() {
    const Entry entry = top();
    const int bucket = first_bucket();
    Bucket& from = buckets_[static_cast<std::size_t>(bucket)];
    from.remove(first_place_);
    if (bucket > 0) {  // the rest of its bucket goes lower, relative to the new last time
      last_ = entry.unsigned_time();
      for (const Entry& e : from) put(e);
      from.clear();
    }
    if (from.empty() && bucket < 64) occupied_ &= ~(std::uint64_t{1} << bucket);
    --size_;
    first_.reset();
    return entry;
  }
  // Removes every entry of the first instant, in no particular order, appending them to `out`:
  // what the event queue takes into its ring, where they are sorted again. (Taken one by one,
  // the entries of one instant would each cost a scan of those left.)
  void pop_instant(std::vector<Entry>& out) {
    const Entry first = top();
    const int bucket = first_bucket();
    if (bucket > 0) {  // its bucket goes lower, relative to the new last time: the instant to 0
      Bucket& from = buckets_[static_cast<std::size_t>(bucket)];
      last_ = first.unsigned_time();
      for (const Entry& e : from) put(e);
      from.clear();
      if (bucket < 64) occupied_ &= ~(std::uint64_t{1} << bucket);
    }
    Bucket& instant = buckets_[0];
    out.insert(out.end(), instant.begin(), instant.end());
    size_ -= instant.size();
    instant.clear();
    occupied_ &= ~std::uint64_t{1};
    first_.reset();
  }
  std::size_t size() const { return size_; }

 private:
  // 0 for the last time taken, b for a time that first differs from it in bit b - 1.
  int bucket_of(const Entry& entry) const {
    return static_cast<int>(std::bit_width(entry.unsigned_time() ^ last_));
  }
  // Adds it to its bucket; answers its place there.
  std::size_t put(const Entry& entry) {
    const int bucket = bucket_of(entry);
    const std::size_t place = buckets_[static_cast<std::size_t>(bucket)].push_back(entry);
    if (bucket < 64) occupied_ |= std::uint64_t{1} << bucket;
    return place;
  }
  // The first bucket that is not empty; the queue must not be empty.
  int first_bucket() const { return occupied_ != 0 ? std::countr_zero(occupied_) : 64; }
  // Finds the first entry, in the first bucket that is not empty, and its place there.
  void find_first() const {
    const Bucket& bucket = buckets_[static_cast<std::size_t>(first_bucket())];
    const Entry* entries = bucket.begin();
    std::size_t first = 0;
    for (std::size_t i = 1; i < bucket.size(); ++i) {
      first = before(entries[i], entries[first]) ? i : first;
    }
    first_ = entries[first];
    first_place_ = first;
  }

  // A bucket's entries: a vector whose growth is out of line, so that put() is small enough to be
  // inlined where it is called (with std::vector's push_back it was not, and its register saves
  // alone were 3 % of a virtual month's instructions).
  class Bucket {
   public:
    // Answers its place.
    std::size_t push_back(const Entry& entry) {
      if (size_ == capacity_) [[unlikely]]
        grow();
      data_[size_] = entry;
      return size_++;
    }
    // Removes the entry at `place`; the last one takes its place.
    void remove(std::size_t place) { data_[place] = data_[--size_]; }
    void clear() { size_ = 0; }
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    const Entry* begin() const { return data_.get(); }
    const Entry* end() const { return data_.get() + size_; }

   private:
    [[gnu::noinline]] void grow() {
      capacity_ = capacity_ == 0 ? 8 : capacity_ * 2;
      auto data = std::make_unique_for_overwrite<Entry[]>(capacity_);
      std::copy(begin(), end(), data.get());
      data_ = std::move(data);
    }

    std::unique_ptr<Entry[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
  };

  std::array<Bucket, 65> buckets_;
  std::uint64_t occupied_ = 0;  // bit b: buckets_[b] is not empty, for b < 64
  std::size_t size_ = 0;
  std::uint64_t last_ = 0;               // the last time taken, as QueueEntry::unsigned_time()
  mutable std::optional<Entry> first_;   // top(), until the next pop
  mutable std::size_t first_place_ = 0;  // its place in the first bucket that is not empty
};

}  // namespace hb::core

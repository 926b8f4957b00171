// The simulation's pending events, in a radix heap of small entries stored by value (no
// allocation per event once the buckets have grown). They come out in (time, kind, order) order,
// never by time alone: at one instant lifecycle changes come first, then completions, history
// samples, arrivals, the scheduled evaluation and the controllers' tick, and within a kind `order`
// decides (a service or pod index, or an insertion count of up to 56 bits), so a run does not
// depend on how the queue breaks ties (OMNeT++'s scheduling order). Scheduling before the current
// time is a bug and is refused.
//
// A radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, 1990) fits a simulation's queue, since nothing
// is ever scheduled before the last event taken. Bucket b holds the entries whose time first
// differs from that last time in bit b - 1 (bucket 0: the same time), so the first non-empty
// bucket holds the first entry. Taking it from bucket b > 0 spreads the rest of that bucket over
// lower ones, relative to the new last time: an entry moves down at most once a bit, by an append,
// instead of a binary heap's unpredictable comparisons at every level (ns-3 and OMNeT++ keep
// binary heaps; this one is 1.18 times faster on the default chain, docs/benchmarks.md).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>

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
    const Entry entry{at, (std::uint64_t{static_cast<std::uint8_t>(kind)} << 56) | order, payload};
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
      last_ = unsigned_time(entry.at);
      for (const Entry& e : from) put(e);
      from.clear();
    }
    if (from.empty() && bucket < 64) occupied_ &= ~(std::uint64_t{1} << bucket);
    --size_;
    first_.reset();
    floor_ = entry.at;
    return entry;
  }
  std::size_t size() const { return size_; }

 private:
  // Times as unsigned numbers in the same order.
  static std::uint64_t unsigned_time(TimePoint at) {
    return static_cast<std::uint64_t>(at.time_since_epoch().count()) ^ (std::uint64_t{1} << 63);
  }
  // 0 for the last time taken, b for a time that first differs from it in bit b - 1.
  int bucket_of(TimePoint at) const {
    return static_cast<int>(std::bit_width(unsigned_time(at) ^ last_));
  }
  // Adds it to its bucket; answers its place there.
  std::size_t put(const Entry& entry) {
    const int bucket = bucket_of(entry.at);
    if (bucket < 64) occupied_ |= std::uint64_t{1} << bucket;
    return buckets_[static_cast<std::size_t>(bucket)].push_back(entry);
  }
  // The first bucket that is not empty; the queue must not be empty.
  int first_bucket() const { return occupied_ != 0 ? std::countr_zero(occupied_) : 64; }
  // Whether `a` comes out before `b`, without a branch: the time's comparison, then the key's,
  // mispredicted for 5 % of a virtual month's mispredictions while find_first() scanned a bucket.
  static bool before(const Entry& a, const Entry& b) {
    const int earlier = a.at < b.at;
    const int same_time = a.at == b.at;
    const int smaller_key = a.key < b.key;
    return (earlier | (same_time & smaller_key)) != 0;
  }
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
  std::uint64_t last_ = unsigned_time(TimePoint::min());  // the last time taken
  mutable std::optional<Entry> first_;                    // top(), until the next pop
  mutable std::size_t first_place_ = 0;  // its place in the first bucket that is not empty
  TimePoint floor_{TimePoint::min()};
};

}  // namespace hb::core

// What the event queue holds: small entries stored by value, ordered by (time, kind, order),
// never by time alone. At one instant lifecycle changes come first, then completions, history
// samples, arrivals, the scheduled evaluation and the controllers' tick, and within a kind `order`
// decides (a service or pod index, or an insertion count of up to 56 bits), so a run does not
// depend on how a queue breaks ties (OMNeT++'s scheduling order).
#pragma once

#include <cstddef>
#include <cstdint>

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

struct QueueEntry {
  static constexpr std::uint64_t kMaxOrder = (std::uint64_t{1} << 56) - 1;

  TimePoint at;
  std::uint64_t key;    // the kind in the top 8 bits, the order below
  std::size_t payload;  // what the event is about: a service, a pod, a completion's slot

  static std::uint64_t key_of(DueKind kind, std::uint64_t order) {
    return (std::uint64_t{static_cast<std::uint8_t>(kind)} << 56) | order;
  }
  DueKind kind() const { return static_cast<DueKind>(key >> 56); }
  std::uint64_t order() const { return key & kMaxOrder; }
  // Times as unsigned numbers in the same order.
  std::uint64_t unsigned_time() const {
    return static_cast<std::uint64_t>(at.time_since_epoch().count()) ^ (std::uint64_t{1} << 63);
  }
};

// Whether `a` comes out before `b`, without a branch: the time's comparison, then the key's (as
// a branch, in the radix heap's scan of a bucket, it was mispredicted often).
inline bool before(const QueueEntry& a, const QueueEntry& b) {
  const int earlier = a.at < b.at;
  const int same_time = a.at == b.at;
  const int smaller_key = a.key < b.key;
  return (earlier | (same_time & smaller_key)) != 0;
}

}  // namespace hb::core

// Simulated time. The core never reads a clock: every call that depends on time takes a
// TimePoint, so tests move time by hand and replays run faster than real time.
#pragma once

#include <chrono>
#include <cstdint>

namespace hb::core {

// A clock with no now(): its time points only come from the caller.
struct SimClock {
  using rep = std::int64_t;
  using period = std::micro;
  using duration = std::chrono::microseconds;
  using time_point = std::chrono::time_point<SimClock>;
  static constexpr bool is_steady = true;
};

using Duration = SimClock::duration;
using TimePoint = SimClock::time_point;

constexpr Duration millis(std::int64_t ms) {
  return std::chrono::milliseconds(ms);
}
constexpr Duration seconds(std::int64_t s) {
  return std::chrono::seconds(s);
}

inline double to_seconds(Duration d) {
  return std::chrono::duration<double>(d).count();
}
inline double to_millis(Duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}
inline Duration from_seconds(double s) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(s));
}

}  // namespace hb::core

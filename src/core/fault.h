// Faults injected into one pod, partial updates of them as POST /fault sends them, and the
// timed reverts that end a fault given a duration.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/time.h"

namespace hb::core {

inline constexpr std::int64_t kMaxDelayMs = 600000;
inline constexpr double kMaxFaultDurationS = 86400.0;  // a day

struct FaultSpec {
  std::int64_t delay_ms = 0;   // added to every request the pod serves
  std::int64_t jitter_ms = 0;  // the added delay varies uniformly by up to this much either way
  double error_rate = 0.0;     // probability that a request fails with 500
  bool kill = false;           // the pod's process is dead

  bool operator==(const FaultSpec&) const = default;
  bool active() const { return *this != FaultSpec{}; }
};

// Fields left out keep their value. With a duration, the fields the patch sets go back by
// themselves to what they were before, once the duration has passed.
struct FaultPatch {
  std::optional<std::int64_t> delay_ms = std::nullopt;
  std::optional<std::int64_t> jitter_ms = std::nullopt;
  std::optional<double> error_rate = std::nullopt;
  std::optional<bool> kill = std::nullopt;
  std::optional<double> duration_s = std::nullopt;

  // True when the patch sets no fault field (a duration alone sets nothing).
  bool empty() const { return !delay_ms && !jitter_ms && !error_rate && !kill; }
};

// Checks every field of the patch against its rule; nothing is applied unless all pass.
Status validate(const FaultPatch& patch);
// A fault's or a partition's duration_s: over 0 and at most a day.
Status validate_duration(double duration_s);
FaultSpec apply(FaultSpec fault, const FaultPatch& patch);
// The patch that puts back, as they are in `fault`, the fields `patch` sets.
FaultPatch restoring(const FaultSpec& fault, const FaultPatch& patch);
// Drops from `patch` the fields `newer` sets: a later setting of a field supersedes a pending
// revert of it.
FaultPatch without(FaultPatch patch, const FaultPatch& newer);
// "delay_ms 1000, kill true": the fields a patch sets, for people.
std::string describe(const FaultPatch& patch);
// The active faults, described the same way; "none" when there are none.
std::string describe(const FaultSpec& fault);

// A fault's end: at `at`, `restore` is applied to the pod.
struct FaultRevert {
  TimePoint at;
  FaultPatch restore;
};

}  // namespace hb::core

// Faults injected into one pod, partial updates of them as POST /fault sends them, and the
// timed faults that end by themselves once their duration has passed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/field_rules.h"
#include "core/result.h"
#include "core/time.h"

namespace hb::core {

struct FaultSpec {
  std::int64_t delay_ms = 0;   // added to every request the pod serves
  std::int64_t jitter_ms = 0;  // the added delay varies uniformly by up to this much either way
  double error_rate = 0.0;     // probability that a request fails with 500
  bool kill = false;           // the pod's process is dead, and nothing restarts it in place
  bool crash_loop = false;     // every start of the container dies at once; the kubelet backs off

  bool operator==(const FaultSpec&) const = default;
  bool active() const { return *this != FaultSpec{}; }
};

// Fields left out keep their value. With a duration, the fields the patch sets are in force until
// it has passed (or a later setting replaces them); then the newest setting still in force wins.
struct FaultPatch {
  std::optional<std::int64_t> delay_ms = std::nullopt;
  std::optional<std::int64_t> jitter_ms = std::nullopt;
  std::optional<double> error_rate = std::nullopt;
  std::optional<bool> kill = std::nullopt;
  std::optional<bool> crash_loop = std::nullopt;
  // One-shot, never kept: the container exits with an error now and the kubelet restarts it.
  std::optional<bool> crash = std::nullopt;
  std::optional<double> duration_s = std::nullopt;

  // True when the patch sets no fault field (a duration alone sets nothing).
  bool empty() const {
    return !delay_ms && !jitter_ms && !error_rate && !kill && !crash_loop && !crash;
  }
  bool operator==(const FaultPatch&) const = default;
};

// Checks every field of the patch against its rule; nothing is applied unless all pass.
Status validate(const FaultPatch& patch);
// A fault's or a partition's duration_s: over 0 and at most a day.
Status validate_duration(double duration_s);
// Sets the fault field `rule` names (one of fault_fields()) to `value`, read by its type.
void set_field(FaultPatch& patch, const FieldRule& rule, const FieldValue& value);
FaultSpec apply(FaultSpec fault, const FaultPatch& patch);
// Drops from `patch` the fields `newer` sets: a later setting of a field supersedes an earlier
// timed one.
FaultPatch without(FaultPatch patch, const FaultPatch& newer);
// The fields whose value differs between `from` and `to`, with their values in `to`.
FaultPatch difference(const FaultSpec& from, const FaultSpec& to);
// "delay_ms 1000, kill true": the fields a patch sets, for people.
std::string describe(const FaultPatch& patch);
// The active faults, described the same way; "none" when there are none.
std::string describe(const FaultSpec& fault);

// A fault set for a duration: `sets` holds the fields it set that no later setting has replaced.
struct TimedFault {
  TimePoint until;
  FaultPatch sets;  // no duration_s
  bool operator==(const TimedFault&) const = default;
};

// The faults in force: the settings without a duration (`base`), overlaid by the timed ones in
// the order they were set, so that for each field the newest unexpired setting wins.
FaultSpec in_force(FaultSpec base, const std::vector<TimedFault>& timed);

// When each timed fault ends and what changes then, soonest first: `ends` is what it set,
// `restores` the fields that take another value at that instant (empty when a newer setting of
// the same fields still holds).
struct FaultEnd {
  TimePoint at;
  FaultPatch ends;
  FaultPatch restores;
};
std::vector<FaultEnd> fault_ends(const FaultSpec& base, const std::vector<TimedFault>& timed);

}  // namespace hb::core

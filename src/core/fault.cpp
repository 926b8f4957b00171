#include "core/fault.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

namespace hb::core {

Status validate(const FaultPatch& patch) {
  const auto check_ms = [](const char* field, const std::optional<std::int64_t>& value) -> Status {
    if (value && (*value < 0 || *value > kMaxDelayMs)) {
      return invalid(
          field, fmt::format("must be an integer from 0 to 600000 (milliseconds), got {}", *value));
    }
    return Done{};
  };
  if (auto status = check_ms("delay_ms", patch.delay_ms); !status) return status;
  if (auto status = check_ms("jitter_ms", patch.jitter_ms); !status) return status;
  if (patch.error_rate && !(*patch.error_rate >= 0.0 && *patch.error_rate <= 1.0)) {
    return invalid("error_rate",
                   fmt::format("must be a number from 0 to 1, got {}", *patch.error_rate));
  }
  if (patch.crash && !*patch.crash) {
    return invalid("crash", "must be true: it crashes the container once (false would do nothing)");
  }
  if (patch.duration_s) {
    if (auto status = validate_duration(*patch.duration_s); !status) return status;
    if (patch.crash) {
      return invalid(
          "duration_s",
          "cannot bound crash, which happens once; use crash_loop for a crash that lasts");
    }
    if (patch.empty()) {
      return invalid("duration_s",
                     "bounds the faults set in the same request, but none is set (give "
                     "delay_ms, jitter_ms, error_rate, kill or crash_loop beside it)");
    }
  }
  return Done{};
}

Status validate_duration(double duration_s) {
  if (!(duration_s > 0.0 && duration_s <= kMaxFaultDurationS)) {
    return invalid(
        "duration_s",
        fmt::format("must be a number of seconds over 0 and at most 86400, got {}", duration_s));
  }
  return Done{};
}

FaultSpec apply(FaultSpec fault, const FaultPatch& patch) {
  if (patch.delay_ms) fault.delay_ms = *patch.delay_ms;
  if (patch.jitter_ms) fault.jitter_ms = *patch.jitter_ms;
  if (patch.error_rate) fault.error_rate = *patch.error_rate;
  if (patch.kill) fault.kill = *patch.kill;
  if (patch.crash_loop) fault.crash_loop = *patch.crash_loop;
  return fault;
}

FaultPatch without(FaultPatch patch, const FaultPatch& newer) {
  if (newer.delay_ms) patch.delay_ms.reset();
  if (newer.jitter_ms) patch.jitter_ms.reset();
  if (newer.error_rate) patch.error_rate.reset();
  if (newer.kill) patch.kill.reset();
  if (newer.crash_loop) patch.crash_loop.reset();
  return patch;
}

FaultPatch difference(const FaultSpec& from, const FaultSpec& to) {
  FaultPatch changed;
  if (from.delay_ms != to.delay_ms) changed.delay_ms = to.delay_ms;
  if (from.jitter_ms != to.jitter_ms) changed.jitter_ms = to.jitter_ms;
  if (from.error_rate != to.error_rate) changed.error_rate = to.error_rate;
  if (from.kill != to.kill) changed.kill = to.kill;
  if (from.crash_loop != to.crash_loop) changed.crash_loop = to.crash_loop;
  return changed;
}

FaultSpec in_force(FaultSpec base, const std::vector<TimedFault>& timed) {
  for (const TimedFault& fault : timed) base = apply(base, fault.sets);
  return base;
}

std::vector<FaultEnd> fault_ends(const FaultSpec& base, const std::vector<TimedFault>& timed) {
  std::vector<TimedFault> left = timed;
  std::vector<FaultEnd> ends;
  while (!left.empty()) {
    const auto soonest = std::min_element(
        left.begin(), left.end(),
        [](const TimedFault& a, const TimedFault& b) { return a.until < b.until; });
    const FaultSpec before = in_force(base, left);
    const FaultEnd end{soonest->until, soonest->sets, {}};
    left.erase(soonest);
    ends.push_back(end);
    ends.back().restores = difference(before, in_force(base, left));
  }
  return ends;
}

std::string describe(const FaultPatch& patch) {
  std::vector<std::string> parts;
  if (patch.delay_ms) parts.push_back(fmt::format("delay_ms {}", *patch.delay_ms));
  if (patch.jitter_ms) parts.push_back(fmt::format("jitter_ms {}", *patch.jitter_ms));
  if (patch.error_rate) parts.push_back(fmt::format("error_rate {}", *patch.error_rate));
  if (patch.kill) parts.push_back(fmt::format("kill {}", *patch.kill));
  if (patch.crash_loop) parts.push_back(fmt::format("crash_loop {}", *patch.crash_loop));
  if (patch.crash) parts.push_back("crash");
  if (patch.duration_s) parts.push_back(fmt::format("for {} s", *patch.duration_s));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string describe(const FaultSpec& fault) {
  FaultPatch active;
  if (fault.delay_ms != 0) active.delay_ms = fault.delay_ms;
  if (fault.jitter_ms != 0) active.jitter_ms = fault.jitter_ms;
  if (fault.error_rate != 0.0) active.error_rate = fault.error_rate;
  if (fault.kill) active.kill = true;
  if (fault.crash_loop) active.crash_loop = true;
  return active.empty() ? "none" : describe(active);
}

}  // namespace hb::core

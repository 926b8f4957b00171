#include "core/fault.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

namespace hb::core {

Status validate(const FaultPatch& patch) {
  if (patch.delay_ms) {
    if (auto status = check(rules::kDelayMs, *patch.delay_ms); !status) return status;
  }
  if (patch.jitter_ms) {
    if (auto status = check(rules::kJitterMs, *patch.jitter_ms); !status) return status;
  }
  if (patch.error_rate) {
    if (auto status = check(rules::kErrorRate, *patch.error_rate); !status) return status;
  }
  if (patch.crash && !*patch.crash) {
    return invalid("crash", std::string(rules::kCrashOnlyTrue));
  }
  if (patch.duration_s) {
    if (auto status = validate_duration(*patch.duration_s); !status) return status;
    if (patch.crash) {
      return invalid("duration_s", std::string(rules::kCrashUntimed));
    }
    if (patch.empty()) return invalid("duration_s", std::string(rules::kDurationAlone));
  }
  return Done{};
}

Status validate_duration(double duration_s) {
  return check(rules::kDurationS, duration_s);
}

void set_field(FaultPatch& patch, const FieldRule& rule, const FieldValue& value) {
  const std::string_view name = rule.name;
  if (name == rules::kDelayMs.name) patch.delay_ms = std::get<std::int64_t>(value);
  if (name == rules::kJitterMs.name) patch.jitter_ms = std::get<std::int64_t>(value);
  if (name == rules::kErrorRate.name) patch.error_rate = std::get<double>(value);
  if (name == rules::kKill.name) patch.kill = std::get<bool>(value);
  if (name == rules::kCrashLoop.name) patch.crash_loop = std::get<bool>(value);
  if (name == rules::kCrash.name) patch.crash = std::get<bool>(value);
  if (name == rules::kDurationS.name) patch.duration_s = std::get<double>(value);
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

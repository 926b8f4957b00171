#include "core/fault.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

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
  if (patch.duration_s) {
    if (auto status = validate_duration(*patch.duration_s); !status) return status;
    if (patch.empty()) {
      return invalid("duration_s",
                     "bounds the faults set in the same request, but none is set (give "
                     "delay_ms, jitter_ms, error_rate or kill beside it)");
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
  return fault;
}

FaultPatch restoring(const FaultSpec& fault, const FaultPatch& patch) {
  FaultPatch restore;
  if (patch.delay_ms) restore.delay_ms = fault.delay_ms;
  if (patch.jitter_ms) restore.jitter_ms = fault.jitter_ms;
  if (patch.error_rate) restore.error_rate = fault.error_rate;
  if (patch.kill) restore.kill = fault.kill;
  return restore;
}

FaultPatch without(FaultPatch patch, const FaultPatch& newer) {
  if (newer.delay_ms) patch.delay_ms.reset();
  if (newer.jitter_ms) patch.jitter_ms.reset();
  if (newer.error_rate) patch.error_rate.reset();
  if (newer.kill) patch.kill.reset();
  return patch;
}

std::string describe(const FaultPatch& patch) {
  std::vector<std::string> parts;
  if (patch.delay_ms) parts.push_back(fmt::format("delay_ms {}", *patch.delay_ms));
  if (patch.jitter_ms) parts.push_back(fmt::format("jitter_ms {}", *patch.jitter_ms));
  if (patch.error_rate) parts.push_back(fmt::format("error_rate {}", *patch.error_rate));
  if (patch.kill) parts.push_back(fmt::format("kill {}", *patch.kill));
  if (patch.duration_s) parts.push_back(fmt::format("for {} s", *patch.duration_s));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string describe(const FaultSpec& fault) {
  FaultPatch active;
  if (fault.delay_ms != 0) active.delay_ms = fault.delay_ms;
  if (fault.jitter_ms != 0) active.jitter_ms = fault.jitter_ms;
  if (fault.error_rate != 0.0) active.error_rate = fault.error_rate;
  if (fault.kill) active.kill = true;
  return active.empty() ? "none" : describe(active);
}

}  // namespace hb::core

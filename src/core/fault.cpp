#include "core/fault.h"

#include <fmt/format.h>

namespace hb::core {

Status validate(const FaultPatch& patch) {
  if (patch.delay_ms && (*patch.delay_ms < 0 || *patch.delay_ms > kMaxDelayMs)) {
    return invalid(
        "delay_ms",
        fmt::format("must be an integer from 0 to 600000 (milliseconds), got {}", *patch.delay_ms));
  }
  if (patch.error_rate && !(*patch.error_rate >= 0.0 && *patch.error_rate <= 1.0)) {
    return invalid("error_rate",
                   fmt::format("must be a number from 0 to 1, got {}", *patch.error_rate));
  }
  return Done{};
}

FaultSpec apply(FaultSpec fault, const FaultPatch& patch) {
  if (patch.delay_ms) fault.delay_ms = *patch.delay_ms;
  if (patch.error_rate) fault.error_rate = *patch.error_rate;
  if (patch.kill) fault.kill = *patch.kill;
  return fault;
}

}  // namespace hb::core

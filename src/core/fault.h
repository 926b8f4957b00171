// Faults injected into one pod, and partial updates of them as POST /fault sends them.
#pragma once

#include <cstdint>
#include <optional>

#include "core/result.h"

namespace hb::core {

inline constexpr std::int64_t kMaxDelayMs = 600000;

struct FaultSpec {
  std::int64_t delay_ms = 0;  // added to every request the pod serves
  double error_rate = 0.0;    // probability that a request fails with 500
  bool kill = false;          // the pod's process is dead

  bool operator==(const FaultSpec&) const = default;
};

// Fields left out keep their value.
struct FaultPatch {
  std::optional<std::int64_t> delay_ms;
  std::optional<double> error_rate;
  std::optional<bool> kill;
};

// Checks every field of the patch against its rule; nothing is applied unless all pass.
Status validate(const FaultPatch& patch);
FaultSpec apply(FaultSpec fault, const FaultPatch& patch);

}  // namespace hb::core

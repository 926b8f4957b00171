// Which pods of a service a service-wide fault hits, with the modes Chaos Mesh has:
// `one` pod, `all` pods, a `fixed` number, or a `fixed-percent` of them (rounded down).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hb::core {

enum class SelectMode { kOne, kAll, kFixed, kFixedPercent };

std::string_view to_string(SelectMode mode);
std::optional<SelectMode> parse_select_mode(std::string_view text);

struct PodSelector {
  SelectMode mode = SelectMode::kOne;
  std::optional<std::int64_t> value = std::nullopt;  // pods for kFixed, percent for kFixedPercent
};

// How many of a service's `replicas` pods the selector picks (at least one), or the error naming
// `value` (or `mode`) and its rule, or a conflict when the service has no pods (scaled to 0).
// `service` names the service in messages.
Result<std::size_t> pods_to_pick(const PodSelector& selector, std::size_t replicas,
                                 std::string_view service);

}  // namespace hb::core

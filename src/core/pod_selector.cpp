#include "core/pod_selector.h"

#include <fmt/format.h>

namespace hb::core {

std::string_view to_string(SelectMode mode) {
  switch (mode) {
    case SelectMode::kOne:
      return "one";
    case SelectMode::kAll:
      return "all";
    case SelectMode::kFixed:
      return "fixed";
    case SelectMode::kFixedPercent:
      return "fixed-percent";
  }
  return "unknown";
}

std::optional<SelectMode> parse_select_mode(std::string_view text) {
  for (const SelectMode mode :
       {SelectMode::kOne, SelectMode::kAll, SelectMode::kFixed, SelectMode::kFixedPercent}) {
    if (text == to_string(mode)) return mode;
  }
  return std::nullopt;
}

namespace {

// A service scaled to zero has no pod to pick, whatever the selector asks: a state, not a bad
// value, so a conflict (409) rather than a refusal of the value.
Error no_pods(std::string_view service) {
  return conflict(
      fmt::format("{} has no pods (scaled to 0 replicas): there is no pod to pick", service));
}

}  // namespace

Result<std::size_t> pods_to_pick(const PodSelector& selector, std::size_t replicas,
                                 std::string_view service) {
  const auto count = static_cast<std::int64_t>(replicas);
  switch (selector.mode) {
    case SelectMode::kOne:
    case SelectMode::kAll:
      if (selector.value) {
        return invalid("value", fmt::format("is only for the modes fixed and fixed-percent, not {}",
                                            to_string(selector.mode)));
      }
      if (replicas == 0) return no_pods(service);
      return selector.mode == SelectMode::kOne ? std::size_t{1} : replicas;
    case SelectMode::kFixed:
      if (replicas == 0 && selector.value && *selector.value >= 1) return no_pods(service);
      if (!selector.value || *selector.value < 1 || *selector.value > count) {
        return invalid("value",
                       fmt::format("with mode fixed, must be a number of pods from 1 to "
                                   "{} (the pods of {}){}",
                                   count, service,
                                   selector.value ? fmt::format(", got {}", *selector.value)
                                                  : ", and it is missing"));
      }
      return static_cast<std::size_t>(*selector.value);
    case SelectMode::kFixedPercent: {
      if (!selector.value || *selector.value < 1 || *selector.value > 100) {
        return invalid("value",
                       fmt::format("with mode fixed-percent, must be a percentage from 1 "
                                   "to 100{}",
                                   selector.value ? fmt::format(", got {}", *selector.value)
                                                  : ", and it is missing"));
      }
      if (replicas == 0) return no_pods(service);
      const std::int64_t picked = count * *selector.value / 100;
      if (picked == 0) {
        return invalid("value",
                       fmt::format("{} % of the {} pods of {} rounds down to no pod; "
                                   "give at least {} %",
                                   *selector.value, count, service, (100 + count - 1) / count));
      }
      return static_cast<std::size_t>(picked);
    }
  }
  return invalid("mode", "must be one, all, fixed or fixed-percent");
}

}  // namespace hb::core

#include "experiment/slo_windows.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <string_view>
#include <vector>

#include "core/slo.h"

namespace hb::experiment {
namespace {

std::vector<const Probe*> probes_of(const Experiment& experiment) {
  std::vector<const Probe*> probes;
  for (const Probe& probe : experiment.hypothesis.probes) probes.push_back(&probe);
  for (const Step& step : experiment.method) {
    if (const auto* probe = std::get_if<Probe>(&step)) probes.push_back(probe);
  }
  return probes;
}

}  // namespace

bool names_windows(const Experiment& experiment) {
  const auto probes = probes_of(experiment);
  return std::any_of(probes.begin(), probes.end(),
                     [](const Probe* probe) { return !probe->window.empty(); });
}

core::Result<core::Duration> slo_window_of(const Answer& slo) {
  const auto refuse = [](const std::string& why) {
    return core::invalid("--server",
                         "GET /slo " + why + ", so the probes' windows cannot be checked");
  };
  if (!slo.ok()) return refuse(fmt::format("answered {}", slo.status));
  if (!slo.body.is_object() || !slo.body.contains("window_seconds") ||
      !slo.body.at("window_seconds").is_number_integer() ||
      slo.body.at("window_seconds").get<std::int64_t>() <= 0) {
    return refuse("has no window_seconds (a whole number of seconds over 0)");
  }
  return core::Duration(std::chrono::seconds(slo.body.at("window_seconds").get<std::int64_t>()));
}

core::Status check_windows(const Experiment& experiment, core::Duration slo_window,
                           const std::string& source) {
  std::vector<std::string> fixed;
  for (const core::Duration window : core::kBurnWindows) fixed.push_back(core::window_name(window));
  const std::string slo_name = core::window_name(slo_window);
  for (const Probe* probe : probes_of(experiment)) {
    if (probe->window.empty() || probe->window == slo_name ||
        std::find(fixed.begin(), fixed.end(), probe->window) != fixed.end()) {
      continue;
    }
    const std::string field = probe->field + ".window";
    return core::Error{
        core::ErrorKind::kInvalid, field,
        fmt::format(
            "{}:{}: {}: must be a window the SLO has: {} or the SLO window, {} ({}), got {}",
            experiment.file, probe->window_line, field, fmt::join(fixed, ", "), slo_name, source,
            probe->window)};
  }
  return core::Done{};
}

}  // namespace hb::experiment

#include "cli/lab_options.h"

#include "lab/config_file.h"

namespace hb::cli {

void add_lab_options(CLI::App& command, LabOptions& options) {
  command.add_option("--config", options.config,
                     "Lab definition, YAML or JSON: services, replicas, rates, latencies, "
                     "dependencies, SLO targets (see docs/configuration.md); default: the "
                     "three-service lab");
  command.add_option("--slo-window", options.slo_window,
                     "Rolling SLO window W, e.g. 30d, 7d or 1h (5m to 90d); overrides the "
                     "config's slo.window (default 30d)");
}

core::Result<core::LabSpec> load_lab(const LabOptions& options) {
  core::LabSpec spec = core::default_lab_spec();
  if (!options.config.empty()) {
    auto loaded = lab::load_lab_spec(options.config);
    if (!loaded) return loaded.error();
    spec = std::move(loaded).value();
  }
  if (!options.slo_window.empty()) {
    const auto window = lab::parse_duration(options.slo_window);
    if (!window) {
      return core::invalid(
          "--slo-window",
          "must be a duration such as 30d, 12h, 90m or 3600s, got '" + options.slo_window + "'");
    }
    spec.slo.window = *window;
    if (auto status = core::validate(spec); !status) {
      return core::invalid("--slo-window",
                           "must be from 5m to 90d, got '" + options.slo_window + "'");
    }
  }
  return spec;
}

}  // namespace hb::cli

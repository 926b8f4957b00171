// Reading a probe of the experiment file, and the tolerance it must keep to.
#include "experiment/probe_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "core/burn_alerts.h"
#include "core/slo.h"
#include "experiment/figures.h"
#include "experiment/yaml_fields.h"
#include "lab/config_file.h"

namespace hb::experiment::detail {
namespace {

const std::vector<std::string_view> kProbeSources = {"slo", "pod", "service", "alert", "lab"};

std::string source_name(ProbeSource source) {
  switch (source) {
    case ProbeSource::kLab:
      return "the lab";
    case ProbeSource::kSlo:
      return "an slo";
    case ProbeSource::kPod:
      return "a pod";
    case ProbeSource::kService:
      return "a service";
    case ProbeSource::kAlert:
      return "an alert";
  }
  return "";
}

bool type_fits(const json& value, const FigureInfo& figure) {
  if (value.is_null()) return true;  // "no data" is a value a figure may have
  switch (figure.type) {
    case FigureType::kText:
      return value.is_string() &&
             (figure.values.empty() || std::find(figure.values.begin(), figure.values.end(),
                                                 value.get<std::string>()) != figure.values.end());
    case FigureType::kNumber:
      return value.is_number();
    case FigureType::kBool:
      return value.is_boolean();
  }
  return false;
}

std::string expected_values(const FigureInfo& figure) {
  switch (figure.type) {
    case FigureType::kText:
      if (figure.values.empty()) return "a text";
      {
        std::string list;
        for (std::size_t i = 0; i < figure.values.size(); ++i) {
          list += i == 0 ? "" : (i + 1 == figure.values.size() ? " or " : ", ");
          list += figure.values[i];
        }
        return list;
      }
    case FigureType::kNumber:
      return "a number";
    case FigureType::kBool:
      return "true or false";
  }
  return "";
}

void check_value(const YAML::Node& node, const std::string& field, const FigureInfo& figure) {
  if (!node.IsScalar() && !node.IsNull()) {
    fail(node, field, "must be a single value, got " + shown(node));
  }
  if (!type_fits(scalar_json(node), figure)) {
    fail(node, field,
         fmt::format("{} is {} (or null for no data), got {}", figure.name, expected_values(figure),
                     shown(node)));
  }
}

Tolerance read_tolerance(const YAML::Node& node, const std::string& field,
                         const FigureInfo& figure) {
  Tolerance tolerance;
  if (node.IsSequence()) {
    if (node.size() == 0) fail(node, field, "must list at least one value");
    tolerance.kind = Tolerance::Kind::kOneOf;
    for (std::size_t i = 0; i < node.size(); ++i) {
      check_value(node[i], index_field(field, i), figure);
      tolerance.values.push_back(scalar_json(node[i]));
    }
  } else if (node.IsMap()) {
    const Mapping range(node, field, "a range");
    range.allow_only({"min", "max"}, "a range");
    if (figure.type != FigureType::kNumber) {
      fail(node, field,
           fmt::format("a range needs a number, and {} is {}; give a value or a list of values",
                       figure.name, expected_values(figure)));
    }
    tolerance.kind = Tolerance::Kind::kRange;
    for (const auto& [key, value] : range.entries()) {
      const auto number = as_number(value);
      if (!number) fail(value, range.field(key), "must be a number, got " + shown(value));
      (key == "min" ? tolerance.min : tolerance.max) = *number;
    }
    if (!tolerance.min && !tolerance.max) fail(node, field, "a range needs min, max or both");
    if (tolerance.min && tolerance.max && *tolerance.min > *tolerance.max) {
      fail(node, field, fmt::format("min {} is over max {}", *tolerance.min, *tolerance.max));
    }
  } else {
    check_value(node, field, figure);
    tolerance.kind = Tolerance::Kind::kEquals;
    tolerance.values.push_back(scalar_json(node));
  }
  return tolerance;
}

}  // namespace

Probe read_probe(const YAML::Node& node, const std::string& at, bool tolerance_required) {
  const Mapping m(node, at, "a probe: probe (its name), what it reads, figure and tolerance");
  m.allow_only({"probe", "slo", "pod", "service", "alert", "lab", "figure", "window", "sli",
                "severity", "tolerance"},
               "a probe");
  Probe probe;
  probe.line = line_of(node);
  probe.field = at;
  probe.name = text(m.required("probe"), m.field("probe"));

  // What it reads: `alert` may be narrowed by `slo`; otherwise exactly one source.
  std::vector<std::string> given;
  for (std::string_view key : kProbeSources) {
    if (m.has(key)) given.emplace_back(key);
  }
  const bool alert = m.has("alert");
  if (given.empty()) {
    fail(node, at, "needs what it reads: one of slo, pod, service, alert or lab");
  }
  if (!alert && given.size() > 1) {
    fail(m.get(given[1]), m.field(given[1]),
         "a probe reads one thing: give one of slo, pod, service, alert or lab, not both " +
             given[0] + " and " + given[1]);
  }
  if (alert) {
    for (std::string_view key : {"pod", "service", "lab"}) {
      if (m.has(key)) {
        fail(m.get(key), m.field(key),
             "an alert probe reads GET /alerts; narrow it with slo, sli and severity");
      }
    }
  }

  if (alert) {
    probe.source = ProbeSource::kAlert;
    std::vector<std::string_view> rules;
    for (const auto& rule : core::kBurnAlertRules) rules.push_back(rule.name);
    rules.push_back("any");
    probe.target = choice(m.get("alert"), m.field("alert"), rules);
    if (m.has("slo")) probe.slo = text(m.get("slo"), m.field("slo"));
    if (m.has("sli")) probe.sli = choice(m.get("sli"), m.field("sli"), {"availability", "latency"});
    if (m.has("severity")) {
      probe.severity = choice(m.get("severity"), m.field("severity"), {"page", "ticket"});
    }
  } else if (m.has("lab")) {
    probe.source = ProbeSource::kLab;
    probe.target = "lab";
    // `lab: status`: the lab has one figure, so the key names it.
    probe.figure = choice(m.get("lab"), m.field("lab"), {"status"});
    if (m.has("figure")) {
      fail(m.get("figure"), m.field("figure"),
           "a lab probe names its figure in `lab:` (lab: status)");
    }
  } else {
    const std::string key = given[0];
    probe.source = key == "slo"   ? ProbeSource::kSlo
                   : key == "pod" ? ProbeSource::kPod
                                  : ProbeSource::kService;
    probe.target = text(m.get(key), m.field(key));
  }
  if (probe.source != ProbeSource::kAlert && m.has("severity")) {
    fail(m.get("severity"), m.field("severity"), "is only for alert probes");
  }

  if (probe.source != ProbeSource::kLab) {
    if (m.has("figure")) {
      probe.figure = text(m.get("figure"), m.field("figure"));
    } else if (probe.source == ProbeSource::kAlert) {
      probe.figure = "firing";
    } else {
      fail(node, m.field("figure"),
           "is required; the figures of " + source_name(probe.source) + " are " +
               figure_names(probe.source));
    }
  }
  const FigureInfo* figure = find_figure(probe.source, probe.figure);
  if (!figure) {
    fail(m.get("figure"), m.field("figure"),
         "is not a figure of " + source_name(probe.source) + "; give " +
             figure_names(probe.source) + ", got " + shown(m.get("figure")));
  }

  if (probe.source == ProbeSource::kSlo) {
    if (m.has("sli")) {
      if (!figure->per_sli) {
        fail(m.get("sli"), m.field("sli"),
             "is only for the figures of one SLI (target, budget_remaining, budget_consumed, "
             "budget_exhausted_in_seconds, burn_rate, error_ratio, requests, bad_requests); " +
                 probe.figure + " is the SLO's");
      }
      probe.sli = choice(m.get("sli"), m.field("sli"), {"availability", "latency"});
    } else if (figure->per_sli) {
      probe.sli = "availability";
    }
  } else if (probe.source != ProbeSource::kAlert && m.has("sli")) {
    fail(m.get("sli"), m.field("sli"), "is only for slo and alert probes");
  }
  if (figure->windowed) {
    const YAML::Node window = m.get("window");
    const std::string windows =
        "a window of GET /slo: 5m, 30m, 1h, 2h, 6h, 1d, 3d or the SLO "
        "window";
    if (!m.has("window")) {
      fail(node, m.field("window"), "is required for " + probe.figure + ": give " + windows);
    }
    const auto duration = window.IsScalar() ? lab::parse_duration(window.Scalar()) : std::nullopt;
    if (!duration || *duration <= core::Duration::zero()) {
      fail(window, m.field("window"), "must be " + windows + ", got " + shown(window));
    }
    // As GET /slo names it: "60m" is "1h" there. Whether the SLO has it is known only with the
    // lab (check_windows, slo_windows.h).
    probe.window = core::window_name(*duration);
    probe.window_line = line_of(window);
  } else if (m.has("window")) {
    fail(m.get("window"), m.field("window"),
         "is only for burn_rate, error_ratio, requests and bad_requests");
  }

  if (m.has("tolerance")) {
    probe.tolerance = read_tolerance(m.get("tolerance"), m.field("tolerance"), *figure);
  } else if (tolerance_required) {
    fail(node, m.field("tolerance"),
         "is required in the hypothesis: a value, a list of values or a range {min, max}");
  }
  return probe;
}

}  // namespace hb::experiment::detail

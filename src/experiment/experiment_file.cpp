#include "experiment/experiment_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string_view>

#include "core/burn_alerts.h"
#include "core/fault.h"
#include "core/lab_spec.h"
#include "core/pod_selector.h"
#include "core/slo.h"
#include "experiment/figures.h"
#include "lab/config_file.h"

namespace hb::experiment {
namespace {

// Thrown anywhere inside the parser and turned into a core::Error at its edge.
struct FileError {
  int line;
  std::string field;
  std::string rule;
};

// The line of a node, counting from 1; a node yaml-cpp made up (a missing key) has none.
int line_of(const YAML::Node& node) {
  return node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
}

[[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& rule) {
  throw FileError{line_of(node), field, rule};
}

std::string index_field(const std::string& at, std::size_t i) {
  return at + "[" + std::to_string(i) + "]";
}

// A mapping of the file: its keys in order (a key given twice is an error, although yaml-cpp
// would take it), the path of fields that leads to it, and what it is, for messages.
class Mapping {
 public:
  Mapping(const YAML::Node& node, std::string at, const std::string& what)
      : node_(node), at_(std::move(at)) {
    if (!node.IsMap()) fail(node, at_.empty() ? "(top level)" : at_, "must be " + what);
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) fail(entry.first, at_, "has a key that is not a name");
      const std::string key = entry.first.Scalar();
      for (const auto& [seen, value] : entries_) {
        if (seen == key) fail(entry.first, field(key), "is given twice");
      }
      // `key:` with nothing after it: yaml-cpp places the empty value at the next token, a line
      // or more below, so it is reported here, at the key. `- reset:` needs no value.
      if (entry.second.IsNull() && entry.second.Mark().line != entry.first.Mark().line &&
          key != "reset" && key != "rollbacks") {
        fail(entry.first, field(key), "has no value");
      }
      entries_.emplace_back(key, entry.second);
      key_nodes_.push_back(entry.first);
    }
  }

  bool has(std::string_view key) const { return find(key) != nullptr; }
  // The value of `key`; a null node when absent.
  YAML::Node get(std::string_view key) const {
    const YAML::Node* value = find(key);
    return value ? *value : YAML::Node();
  }
  YAML::Node required(std::string_view key) const {
    const YAML::Node* value = find(key);
    if (!value) fail(node_, field(key), "is required");
    return *value;
  }
  // Fails on the first key that is not one of `allowed`, listing them.
  void allow_only(const std::vector<std::string_view>& allowed, const std::string& what) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const std::string& key = entries_[i].first;
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string list;
      for (std::size_t j = 0; j < allowed.size(); ++j) {
        list += j == 0 ? "" : (j + 1 == allowed.size() ? " and " : ", ");
        list += allowed[j];
      }
      fail(key_nodes_[i], field(key), "is not a known field; " + what + " has " + list);
    }
  }
  std::string field(std::string_view key) const {
    return at_.empty() ? std::string(key) : at_ + "." + std::string(key);
  }
  const YAML::Node& node() const { return node_; }
  const std::vector<std::pair<std::string, YAML::Node>>& entries() const { return entries_; }

 private:
  const YAML::Node* find(std::string_view key) const {
    for (const auto& [name, value] : entries_) {
      if (name == key) return &value;
    }
    return nullptr;
  }

  YAML::Node node_;
  std::string at_;
  std::vector<std::pair<std::string, YAML::Node>> entries_;
  std::vector<YAML::Node> key_nodes_;
};

// ---------------------------------------------------------------------------------------------
// Scalars. YAML says `3`, `3.0`, `true` and `"3"` are different things, and so do we: a quoted
// scalar is always text, as it would be in the JSON the API takes.

bool is_plain(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() != "!";
}
bool is_null(const YAML::Node& node) {
  if (node.IsNull()) return true;
  if (!is_plain(node)) return false;
  const std::string& s = node.Scalar();
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}
std::optional<bool> as_bool(const YAML::Node& node) {
  if (!is_plain(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}
std::optional<std::int64_t> as_integer(const YAML::Node& node) {
  if (!is_plain(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  const std::size_t digits = s.size() - (!s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0);
  if (digits == 0 || digits > 18 ||
      s.find_first_not_of("0123456789", s.size() - digits) != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(s);
}
std::optional<double> as_number(const YAML::Node& node) {
  if (auto integer = as_integer(node)) return static_cast<double>(*integer);
  if (!is_plain(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  if (s.empty() || s.find_first_not_of("0123456789.eE+-") != std::string::npos) return std::nullopt;
  try {
    std::size_t used = 0;
    const double value = std::stod(s, &used);
    if (used != s.size() || !std::isfinite(value)) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// How a scalar reads in the journal's JSON: null, a bool, a number or a string.
json scalar_json(const YAML::Node& node) {
  if (is_null(node)) return nullptr;
  if (auto b = as_bool(node)) return *b;
  if (auto i = as_integer(node)) return *i;
  if (auto d = as_number(node)) return *d;
  return node.Scalar();
}

std::string shown(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "nothing";
}

// A non-empty string.
std::string text(const YAML::Node& node, const std::string& field) {
  if (!node.IsScalar() || is_null(node) || node.Scalar().empty()) {
    fail(node, field, "must be a non-empty text, got " + shown(node));
  }
  return node.Scalar();
}

// One of `names`.
std::string choice(const YAML::Node& node, const std::string& field,
                   const std::vector<std::string_view>& names) {
  const std::string value = node.IsScalar() ? node.Scalar() : "";
  if (std::find(names.begin(), names.end(), value) != names.end()) return value;
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    list += i == 0 ? "" : (i + 1 == names.size() ? " or " : ", ");
    list += names[i];
  }
  fail(node, field, "must be " + list + ", got " + shown(node));
}

// A duration such as 30s, 5m, 1h, at least a second and at most a day.
Pause pause(const YAML::Node& node, const std::string& field) {
  const std::string rule = "must be a duration from 1s to 1d, such as 30s, 5m or 1h";
  if (!node.IsScalar()) fail(node, field, rule + ", got " + shown(node));
  const auto duration = lab::parse_duration(node.Scalar());
  if (!duration || *duration < std::chrono::seconds(1) || *duration > std::chrono::hours(24)) {
    fail(node, field, rule + ", got " + shown(node));
  }
  return Pause{node.Scalar(), *duration, line_of(node)};
}

// ---------------------------------------------------------------------------------------------
// Probes

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

// A probe is `probe: NAME` plus what it reads, in the hypothesis and in the method alike; only
// the hypothesis requires a tolerance.
Probe read_probe(const YAML::Node& node, const std::string& at, bool tolerance_required) {
  const Mapping m(node, at, "a probe: probe (its name), what it reads, figure and tolerance");
  m.allow_only({"probe", "slo", "pod", "service", "alert", "lab", "figure", "window", "sli",
                "severity", "tolerance"},
               "a probe");
  Probe probe;
  probe.line = line_of(node);
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
    // As GET /slo names it: "60m" is "1h" there.
    probe.window = core::window_name(*duration);
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

// ---------------------------------------------------------------------------------------------
// Actions

std::string encode_segment(const std::string& segment) {
  std::string out;
  for (const unsigned char c : segment) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

const std::vector<std::string_view> kFaultFields = {"delay_ms", "jitter_ms", "error_rate", "kill",
                                                    "duration_s"};

// A number as the YAML has it: 60 stays an integer in the request, 0.5 a fraction.
json number_json(const YAML::Node& node, double value) {
  if (auto integer = as_integer(node)) return *integer;
  return value;
}

// The fault fields of a fault or service-fault step, checked by the core's own rules (the rules
// POST /fault applies), into the request body.
void read_fault_fields(const Mapping& m, json& body) {
  core::FaultPatch patch;
  const auto ms_field = [&](std::string_view key, std::optional<std::int64_t>& into) {
    if (!m.has(key)) return;
    const YAML::Node node = m.get(key);
    const auto value = as_integer(node);
    if (!value) {
      fail(node, m.field(key),
           "must be an integer from 0 to 600000 (milliseconds), got " + shown(node));
    }
    into = *value;
    body[std::string(key)] = *value;
  };
  ms_field("delay_ms", patch.delay_ms);
  ms_field("jitter_ms", patch.jitter_ms);
  if (m.has("error_rate")) {
    const YAML::Node node = m.get("error_rate");
    const auto value = as_number(node);
    if (!value)
      fail(node, m.field("error_rate"), "must be a number from 0 to 1, got " + shown(node));
    patch.error_rate = *value;
    body["error_rate"] = number_json(node, *value);
  }
  if (m.has("kill")) {
    const YAML::Node node = m.get("kill");
    const auto value = as_bool(node);
    if (!value) fail(node, m.field("kill"), "must be true or false, got " + shown(node));
    patch.kill = *value;
    body["kill"] = *value;
  }
  if (m.has("duration_s")) {
    const YAML::Node node = m.get("duration_s");
    const auto value = as_number(node);
    if (!value) {
      fail(node, m.field("duration_s"),
           "must be a number of seconds over 0 and at most 86400, got " + shown(node));
    }
    patch.duration_s = *value;
    body["duration_s"] = number_json(node, *value);
  }
  if (patch.empty()) {
    fail(m.node(), m.field("delay_ms"),
         "a fault step sets at least one of delay_ms, jitter_ms, error_rate or kill");
  }
  if (auto status = core::validate(patch); !status) {
    const core::Error& error = status.error();
    // The core's detail is "field: rule"; the field is said again with the step's path.
    std::string rule = error.detail;
    if (rule.rfind(error.field + ": ", 0) == 0) rule = rule.substr(error.field.size() + 2);
    fail(m.get(error.field), m.field(error.field), rule);
  }
}

std::vector<std::string_view> with(std::vector<std::string_view> keys,
                                   const std::vector<std::string_view>& more) {
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

Action read_action(const Mapping& m, const std::string& kind) {
  Action action;
  action.kind = kind;
  action.line = line_of(m.node());
  if (m.has("name")) action.name = text(m.get("name"), m.field("name"));
  const std::string what = "a " + kind + " step";
  if (kind == "fault") {
    m.allow_only(with({"fault", "name"}, kFaultFields), what);
    action.target = text(m.get(kind), m.field(kind));
    json body = json::object();
    read_fault_fields(m, body);
    action.request = {"POST", "/fault/" + encode_segment(action.target), std::move(body)};
  } else if (kind == "service-fault") {
    m.allow_only(with({"service-fault", "name", "mode", "value"}, kFaultFields), what);
    action.target = text(m.get(kind), m.field(kind));
    const std::string mode =
        choice(m.required("mode"), m.field("mode"), {"one", "all", "fixed", "fixed-percent"});
    json body = {{"mode", mode}};
    const auto parsed_mode = core::parse_select_mode(mode);
    const bool needs_value =
        parsed_mode == core::SelectMode::kFixed || parsed_mode == core::SelectMode::kFixedPercent;
    if (needs_value) {
      const YAML::Node node = m.required("value");
      const auto value = as_integer(node);
      // The upper bound of `fixed` is the service's replicas, which only the lab knows.
      const std::int64_t most = mode == "fixed" ? core::kMaxReplicas : 100;
      const std::string rule = mode == "fixed" ? "with mode fixed, must be a number of pods from 1"
                                               : "with mode fixed-percent, must be a percentage "
                                                 "from 1 to 100";
      if (!value || *value < 1 || *value > most) {
        fail(node, m.field("value"), rule + ", got " + shown(node));
      }
      body["value"] = *value;
    } else if (m.has("value")) {
      fail(m.get("value"), m.field("value"),
           "is only for the modes fixed and fixed-percent, not " + mode);
    }
    read_fault_fields(m, body);
    action.request = {"POST", "/fault/service/" + encode_segment(action.target), std::move(body)};
  } else if (kind == "partition") {
    m.allow_only({"partition", "name", "to", "duration_s"}, what);
    const std::string from = text(m.get(kind), m.field(kind));
    const std::string to = text(m.required("to"), m.field("to"));
    action.target = from + " -> " + to;
    json body = {{"from", from}, {"to", to}};
    if (m.has("duration_s")) {
      const YAML::Node node = m.get("duration_s");
      const auto value = as_number(node);
      if (!value || !core::validate_duration(*value)) {
        fail(node, m.field("duration_s"),
             "must be a number of seconds over 0 and at most 86400, got " + shown(node));
      }
      body["duration_s"] = number_json(node, *value);
    }
    action.request = {"POST", "/partition", std::move(body)};
  } else if (kind == "clear" || kind == "restart") {
    m.allow_only({kind, "name"}, what);
    action.target = text(m.get(kind), m.field(kind));
    action.request = kind == "clear"
                         ? Request{"DELETE", "/fault/" + encode_segment(action.target), {}}
                         : Request{"POST", "/restart/" + encode_segment(action.target), {}};
  } else {  // reset
    m.allow_only({"reset", "name"}, what);
    if (!is_null(m.get(kind))) {
      fail(m.get(kind), m.field(kind), "takes no value: write `- reset` (it clears the whole lab)");
    }
    action.target = "lab";
    action.request = {"POST", "/reset", {}};
  }
  return action;
}

const std::vector<std::string_view> kStepKinds = {"fault",   "service-fault", "partition", "clear",
                                                  "restart", "reset",         "pause",     "probe"};

Step read_step(const YAML::Node& node, const std::string& at, bool probes_allowed) {
  // `- reset` alone is a step too.
  if (node.IsScalar() && node.Scalar() == "reset") {
    return Action{"reset", "lab", "", line_of(node), Request{"POST", "/reset", {}}};
  }
  const Mapping m(node, at,
                  "a step: a mapping with one of fault, service-fault, partition, clear, restart, "
                  "reset, pause" +
                      std::string(probes_allowed ? " or probe" : ""));
  std::vector<std::string> kinds;
  for (const auto& [key, value] : m.entries()) {
    if (std::find(kStepKinds.begin(), kStepKinds.end(), key) != kStepKinds.end()) {
      kinds.push_back(key);
    }
  }
  if (kinds.empty()) {
    fail(node, at,
         "must say what it does: one of fault, service-fault, partition, clear, restart, reset, "
         "pause" +
             std::string(probes_allowed ? " or probe" : ""));
  }
  if (kinds.size() > 1) {
    fail(m.get(kinds[1]), m.field(kinds[1]),
         "a step does one thing: it has both " + kinds[0] + " and " + kinds[1]);
  }
  const std::string& kind = kinds[0];
  if (kind == "probe") {
    if (!probes_allowed) fail(m.get(kind), m.field(kind), "rollbacks hold actions and pauses only");
    return read_probe(node, at, false);
  }
  if (kind == "pause") {
    m.allow_only({"pause", "name"}, "a pause step");
    return pause(m.get(kind), m.field(kind));
  }
  return read_action(m, kind);
}

std::vector<Step> read_steps(const YAML::Node& node, const std::string& at, bool probes_allowed) {
  if (!node.IsSequence()) fail(node, at, "must be a list of steps");
  std::vector<Step> steps;
  for (std::size_t i = 0; i < node.size(); ++i) {
    steps.push_back(read_step(node[i], index_field(at, i), probes_allowed));
  }
  return steps;
}

Experiment read_experiment(const YAML::Node& root) {
  const Mapping m(root, "", "a mapping with title, steady-state-hypothesis, method and rollbacks");
  m.allow_only({"title", "description", "steady-state-hypothesis", "method", "rollbacks"},
               "an experiment");
  Experiment experiment;
  experiment.title = text(m.required("title"), "title");
  if (m.has("description")) {
    experiment.description = text(m.get("description"), "description");
  }

  const Mapping hypothesis(m.required("steady-state-hypothesis"), "steady-state-hypothesis",
                           "a mapping with title and probes");
  hypothesis.allow_only({"title", "probes"}, "the hypothesis");
  experiment.hypothesis.title = text(hypothesis.required("title"), hypothesis.field("title"));
  const YAML::Node probes = hypothesis.required("probes");
  if (!probes.IsSequence() || probes.size() == 0) {
    fail(probes, hypothesis.field("probes"), "must be a list of at least one probe");
  }
  for (std::size_t i = 0; i < probes.size(); ++i) {
    experiment.hypothesis.probes.push_back(
        read_probe(probes[i], index_field(hypothesis.field("probes"), i), true));
  }

  const YAML::Node method = m.required("method");
  experiment.method = read_steps(method, "method", true);
  if (experiment.method.empty()) fail(method, "method", "must hold at least one step");
  if (m.has("rollbacks") && !is_null(m.get("rollbacks"))) {
    experiment.rollbacks = read_steps(m.get("rollbacks"), "rollbacks", false);
  }
  return experiment;
}

}  // namespace

core::Result<Experiment> parse_experiment(const std::string& text, const std::string& source) {
  try {
    Experiment experiment = read_experiment(YAML::Load(text));
    experiment.file = source;
    return experiment;
  } catch (const FileError& error) {
    const std::string where = error.line > 0 ? source + ":" + std::to_string(error.line) : source;
    return core::Error{core::ErrorKind::kInvalid, error.field,
                       where + ": " + error.field + ": " + error.rule};
  } catch (const YAML::Exception& error) {
    // yaml-cpp's own message carries "yaml-cpp: error at line L, column C: ...".
    const std::string where =
        error.mark.line >= 0 ? source + ":" + std::to_string(error.mark.line + 1) : source;
    return core::Error{core::ErrorKind::kInvalid, "", where + ": not valid YAML: " + error.msg};
  }
}

core::Result<Experiment> load_experiment(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return core::Error{core::ErrorKind::kInvalid, "", path + ": cannot be read"};
  std::stringstream text;
  text << file.rdbuf();
  return parse_experiment(text.str(), path);
}

}  // namespace hb::experiment

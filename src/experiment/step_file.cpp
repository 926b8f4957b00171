// Reading the steps of the experiment file: each action into the request it sends, pauses, probes.
#include "experiment/step_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/fault.h"
#include "core/lab_spec.h"
#include "core/pod_selector.h"
#include "experiment/probe_file.h"
#include "experiment/yaml_fields.h"

namespace hb::experiment::detail {
namespace {

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

const std::vector<std::string_view> kFaultFields = {"delay_ms",   "jitter_ms", "error_rate", "kill",
                                                    "crash_loop", "crash",     "duration_s"};
const std::vector<std::string_view> kReleaseFields = {"latency_median_ms", "latency_sigma",
                                                      "error_rate"};

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
  for (auto [key, field] : {std::pair{"kill", &core::FaultPatch::kill},
                            std::pair{"crash_loop", &core::FaultPatch::crash_loop},
                            std::pair{"crash", &core::FaultPatch::crash}}) {
    if (!m.has(key)) continue;
    const YAML::Node node = m.get(key);
    const auto value = as_bool(node);
    if (!value) fail(node, m.field(key), "must be true or false, got " + shown(node));
    patch.*field = *value;
    body[key] = *value;
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
         "a fault step sets at least one of delay_ms, jitter_ms, error_rate, kill, crash_loop or "
         "crash");
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
  } else if (kind == "scale") {
    m.allow_only({"scale", "name", "replicas"}, what);
    action.target = text(m.get(kind), m.field(kind));
    const YAML::Node node = m.required("replicas");
    const auto value = as_integer(node);
    if (!value || *value < 0 || *value > core::kMaxReplicas) {
      fail(node, m.field("replicas"),
           fmt::format("must be an integer from 0 to {}, got {}", core::kMaxReplicas, shown(node)));
    }
    action.request = {"POST", "/scale/" + encode_segment(action.target),
                      json{{"replicas", *value}}};
  } else if (kind == "rollout") {
    m.allow_only(with({"rollout", "name", "version"}, kReleaseFields), what);
    action.target = text(m.get(kind), m.field(kind));
    const std::string version = text(m.required("version"), m.field("version"));
    if (auto status = core::validate_version_name(version, "version"); !status) {
      fail(m.get("version"), m.field("version"),
           "must be 1 to 40 letters, digits, '.', '_' or '-'");
    }
    json body = {{"version", version}};
    for (const std::string_view key : kReleaseFields) {
      if (!m.has(key)) continue;
      const YAML::Node node = m.get(key);
      const auto value = as_number(node);
      if (!value) fail(node, m.field(key), "must be a number, got " + shown(node));
      body[std::string(key)] = number_json(node, *value);
    }
    action.request = {"POST", "/rollout/" + encode_segment(action.target), std::move(body)};
  } else if (kind == "undo") {
    m.allow_only({"undo", "name"}, what);
    action.target = text(m.get(kind), m.field(kind));
    action.request = {"POST", "/rollout/" + encode_segment(action.target) + "/undo", {}};
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
                                                  "restart", "scale",         "rollout",   "undo",
                                                  "reset",   "pause",         "probe"};

Step read_step(const YAML::Node& node, const std::string& at, bool probes_allowed) {
  // `- reset` alone is a step too.
  if (node.IsScalar() && node.Scalar() == "reset") {
    return Action{"reset", "lab", "", line_of(node), Request{"POST", "/reset", {}}};
  }
  const Mapping m(node, at,
                  "a step: a mapping with one of fault, service-fault, partition, clear, restart, "
                  "scale, rollout, undo, reset, pause" +
                      std::string(probes_allowed ? " or probe" : ""));
  std::vector<std::string> kinds;
  for (const auto& [key, value] : m.entries()) {
    if (std::find(kStepKinds.begin(), kStepKinds.end(), key) != kStepKinds.end()) {
      kinds.push_back(key);
    }
  }
  if (kinds.empty()) {
    fail(node, at,
         "must say what it does: one of fault, service-fault, partition, clear, restart, scale, "
         "rollout, undo, reset, pause" +
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

}  // namespace

std::vector<Step> read_steps(const YAML::Node& node, const std::string& at, bool probes_allowed) {
  if (!node.IsSequence()) fail(node, at, "must be a list of steps");
  std::vector<Step> steps;
  for (std::size_t i = 0; i < node.size(); ++i) {
    steps.push_back(read_step(node[i], index_field(at, i), probes_allowed));
  }
  return steps;
}

}  // namespace hb::experiment::detail

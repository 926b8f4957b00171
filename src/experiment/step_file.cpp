// Reading the steps of the experiment file: each action into the request it sends, pauses, probes.
#include "experiment/step_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "core/fault.h"
#include "core/field_rules.h"
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

// A number as the YAML has it: 60 stays an integer in the request, 0.5 a fraction.
json number_json(const YAML::Node& node, double value) {
  if (auto integer = as_integer(node)) return *integer;
  return value;
}

// The rule of a core error, whose detail is "field: rule": the step says the field with its path.
std::string rule_of(const core::Error& error) {
  const std::string prefix = error.field + ": ";
  return error.detail.rfind(prefix, 0) == 0 ? error.detail.substr(prefix.size()) : error.detail;
}

// A value as the request body carries it: 60 stays an integer, 0.5 a fraction.
json body_value(const YAML::Node& node, const core::FieldValue& value) {
  if (const auto* number = std::get_if<double>(&value)) return number_json(node, *number);
  return std::visit([](auto v) { return json(v); }, value);
}

// The fault fields of a fault or service-fault step, each read by its rule in the core's table
// and checked by the core's own validate() (what POST /fault applies), into the request body.
void read_fault_fields(const Mapping& m, json& body) {
  core::FaultPatch patch;
  for (const core::FieldRule* rule : core::fault_fields().fields) {
    if (!m.has(rule->name)) continue;
    const YAML::Node node = m.get(rule->name);
    const core::FieldValue value = yaml::value(node, m.field(rule->name), *rule);
    core::set_field(patch, *rule, value);
    body[std::string(rule->name)] = body_value(node, value);
  }
  if (patch.empty()) {
    std::vector<std::string_view> settable = core::fault_fields().names();
    std::erase(settable, core::rules::kDurationS.name);
    fail(m.node(), m.field("delay_ms"),
         "a fault step sets at least one of " + yaml::listed(settable, " or "));
  }
  if (auto status = core::validate(patch); !status) {
    const core::Error& error = status.error();
    fail(m.get(error.field), m.field(error.field), rule_of(error));
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
    m.allow_only(with({"fault", "name"}, core::fault_fields().names()), what);
    action.target = text(m.get(kind), m.field(kind));
    json body = json::object();
    read_fault_fields(m, body);
    action.request = {"POST", "/fault/" + encode_segment(action.target), std::move(body)};
  } else if (kind == "service-fault") {
    m.allow_only(with({"service-fault", "name", "mode", "value"}, core::fault_fields().names()),
                 what);
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
      body["duration_s"] =
          number_json(node, yaml::number(node, m.field("duration_s"), core::rules::kDurationS));
    }
    action.request = {"POST", "/partition", std::move(body)};
  } else if (kind == "scale") {
    m.allow_only({"scale", "name", "replicas"}, what);
    action.target = text(m.get(kind), m.field(kind));
    const std::int64_t replicas =
        yaml::integer(m.required("replicas"), m.field("replicas"), core::rules::kReplicas);
    action.request = {"POST", "/scale/" + encode_segment(action.target),
                      json{{"replicas", replicas}}};
  } else if (kind == "rollout") {
    m.allow_only(with({"rollout", "name", "version"}, core::release_fields().names()), what);
    action.target = text(m.get(kind), m.field(kind));
    const std::string version = text(m.required("version"), m.field("version"));
    if (auto status = core::validate_version_name(version, "version"); !status) {
      fail(m.get("version"), m.field("version"), rule_of(status.error()));
    }
    json body = {{"version", version}};
    for (const core::FieldRule* rule : core::release_fields().fields) {
      if (!m.has(rule->name)) continue;
      const YAML::Node node = m.get(rule->name);
      body[std::string(rule->name)] =
          body_value(node, yaml::value(node, m.field(rule->name), *rule));
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
                      std::string(probes_allowed ? " or probe" : ""),
                  {"reset"});
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

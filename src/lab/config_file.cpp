#include "lab/config_file.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace hb::lab {
namespace {

using core::invalid;

// Thrown inside the parser and turned into a core::Error at its edge.
struct ConfigError {
  std::string field;
  std::string rule;
  int line;
};

[[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& rule) {
  throw ConfigError{field, rule, node.Mark().line + 1};
}

template <typename T>
T scalar(const YAML::Node& node, const std::string& field, const std::string& expected) {
  if (!node.IsScalar()) fail(node, field, "must be " + expected);
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    fail(node, field, "must be " + expected + ", got '" + node.Scalar() + "'");
  }
}

std::int64_t integer(const YAML::Node& node, const std::string& field) {
  return scalar<std::int64_t>(node, field, "an integer");
}
double number(const YAML::Node& node, const std::string& field) {
  return scalar<double>(node, field, "a number");
}
std::string text(const YAML::Node& node, const std::string& field) {
  return scalar<std::string>(node, field, "a string");
}

using FieldSetter = std::function<void(const YAML::Node&, const std::string& field)>;

// Calls the setter of each key of a mapping; a key without one is an error.
void read_mapping(const YAML::Node& node, const std::string& at,
                  const std::map<std::string, FieldSetter>& setters) {
  if (!node.IsMap()) fail(node, at.empty() ? "(top level)" : at, "must be a mapping");
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    const std::string field = at.empty() ? key : at + "." + key;
    const auto setter = setters.find(key);
    if (setter == setters.end()) fail(entry.first, field, "is not a known field");
    setter->second(entry.second, field);
  }
}

int small_integer(const YAML::Node& node, const std::string& field, std::int64_t low,
                  std::int64_t high) {
  const std::int64_t value = integer(node, field);
  if (value < low || value > high) {
    fail(node, field,
         "must be an integer from " + std::to_string(low) + " to " + std::to_string(high));
  }
  return static_cast<int>(value);
}

core::ProbeSpec read_probe(const YAML::Node& node, const std::string& at) {
  core::ProbeSpec p;
  read_mapping(node, at,
               {{"initial_delay_s", [&](auto& n, auto& f) { p.initial_delay_s = number(n, f); }},
                {"period_s", [&](auto& n, auto& f) { p.period_s = number(n, f); }},
                {"timeout_s", [&](auto& n, auto& f) { p.timeout_s = number(n, f); }},
                {"success_threshold",
                 [&](auto& n, auto& f) { p.success_threshold = small_integer(n, f, 1, 100); }},
                {"failure_threshold",
                 [&](auto& n, auto& f) { p.failure_threshold = small_integer(n, f, 1, 100); }}});
  return p;
}

// A rolling update's max_surge or max_unavailable: a number of pods, or "25%".
core::IntOrPercent int_or_percent(const YAML::Node& node, const std::string& field) {
  if (!node.IsScalar()) fail(node, field, "must be a number of pods or a percentage such as 25%");
  const std::string text = node.Scalar();
  if (!text.empty() && text.back() == '%') {
    const std::string digits = text.substr(0, text.size() - 1);
    if (digits.empty() || digits.size() > 3 ||
        digits.find_first_not_of("0123456789") != std::string::npos || std::stoi(digits) > 100) {
      fail(node, field, "must be a percentage from 0% to 100%, got '" + text + "'");
    }
    return {std::stoi(digits), true};
  }
  return {small_integer(node, field, 0, 1000), false};
}

void read_workload(const YAML::Node& node, const std::string& key, const std::string& field,
                   core::WorkloadSpec& w) {
  if (key == "concurrency") {
    w.concurrency = small_integer(node, field, 1, core::kMaxConcurrency);
  } else if (key == "queue_length") {
    w.queue_length = small_integer(node, field, 0, core::kMaxQueueLength);
  } else if (key == "termination_grace_period_s") {
    w.termination_grace_period_s = number(node, field);
  } else if (key == "version") {
    w.version = text(node, field);
  } else if (key == "probes") {
    read_mapping(node, field,
                 {{"startup", [&](auto& n, auto& f) { w.probes.startup = read_probe(n, f); }},
                  {"readiness", [&](auto& n, auto& f) { w.probes.readiness = read_probe(n, f); }},
                  {"liveness", [&](auto& n, auto& f) { w.probes.liveness = read_probe(n, f); }}});
  } else if (key == "rollout") {
    read_mapping(
        node, field,
        {{"max_surge", [&](auto& n, auto& f) { w.rollout.max_surge = int_or_percent(n, f); }},
         {"max_unavailable",
          [&](auto& n, auto& f) { w.rollout.max_unavailable = int_or_percent(n, f); }},
         {"progress_deadline_s",
          [&](auto& n, auto& f) { w.rollout.progress_deadline_s = number(n, f); }}});
  } else if (key == "autoscale") {
    core::AutoscaleSpec a;
    bool has_max = false;
    read_mapping(
        node, field,
        {{"min", [&](auto& n, auto& f) { a.min_replicas = small_integer(n, f, 1, 1000); }},
         {"max",
          [&](auto& n, auto& f) {
            a.max_replicas = small_integer(n, f, 1, 1000);
            has_max = true;
          }},
         {"target_utilization", [&](auto& n, auto& f) { a.target_utilization = number(n, f); }}});
    if (!has_max) fail(node, field + ".max", "is required");
    w.autoscale = a;
  }
}

FieldSetter workload_field(std::string key, core::WorkloadSpec& workload) {
  return [key = std::move(key), &workload](const YAML::Node& node, const std::string& field) {
    read_workload(node, key, field, workload);
  };
}

core::ServiceSpec read_service(const YAML::Node& node, const std::string& at) {
  core::ServiceSpec s;
  read_mapping(
      node, at,
      {{"name", [&](auto& n, auto& f) { s.name = text(n, f); }},
       {"replicas",
        [&](auto& n, auto& f) {
          const std::int64_t replicas = integer(n, f);
          // Checked here as well as in validate(), so that no large value wraps into range.
          if (replicas < 1 || replicas > core::kMaxReplicas) {
            fail(n, f, "must be an integer from 1 to " + std::to_string(core::kMaxReplicas));
          }
          s.replicas = static_cast<int>(replicas);
        }},
       {"rate_rps", [&](auto& n, auto& f) { s.rate_rps = number(n, f); }},
       {"latency_median_ms", [&](auto& n, auto& f) { s.latency_median_ms = number(n, f); }},
       {"latency_sigma", [&](auto& n, auto& f) { s.latency_sigma = number(n, f); }},
       {"timeout_ms", [&](auto& n, auto& f) { s.timeout_ms = integer(n, f); }},
       {"slo",
        [&](auto& n, auto& f) {
          read_mapping(
              n, f,
              {{"availability_target",
                [&](auto& m, auto& g) { s.slo.availability_target = number(m, g); }},
               {"latency_threshold_ms",
                [&](auto& m, auto& g) { s.slo.latency_threshold_ms = integer(m, g); }},
               {"latency_target", [&](auto& m, auto& g) { s.slo.latency_target = number(m, g); }}});
        }},
       {"dependencies",
        [&](auto& n, auto& f) {
          if (!n.IsSequence()) fail(n, f, "must be a list of service names");
          for (std::size_t i = 0; i < n.size(); ++i) {
            s.dependencies.push_back(text(n[i], f + "[" + std::to_string(i) + "]"));
          }
        }},
       {"concurrency", workload_field("concurrency", s.workload)},
       {"queue_length", workload_field("queue_length", s.workload)},
       {"termination_grace_period_s", workload_field("termination_grace_period_s", s.workload)},
       {"version", workload_field("version", s.workload)},
       {"probes", workload_field("probes", s.workload)},
       {"rollout", workload_field("rollout", s.workload)},
       {"autoscale", workload_field("autoscale", s.workload)}});
  if (s.name.empty()) fail(node, at + ".name", "is required");
  return s;
}

core::LabSpec read_lab(const YAML::Node& root) {
  core::LabSpec spec = core::default_lab_spec();
  if (!root || root.IsNull()) return spec;
  auto& pods = spec.pods;
  auto& slo = spec.slo;
  read_mapping(
      root, "",
      {{"services",
        [&](auto& n, auto& f) {
          if (!n.IsSequence()) fail(n, f, "must be a list of services");
          spec.services.clear();
          for (std::size_t i = 0; i < n.size(); ++i) {
            spec.services.push_back(read_service(n[i], f + "[" + std::to_string(i) + "]"));
          }
        }},
       {"client_timeout_ms", [&](auto& n, auto& f) { spec.client_timeout_ms = integer(n, f); }},
       {"pods",
        [&](auto& n, auto& f) {
          read_mapping(n, f,
                       {{"startup_ms", [&](auto& m, auto& g) { pods.startup_ms = integer(m, g); }},
                        {"readiness_delay_ms",
                         [&](auto& m, auto& g) { pods.readiness_delay_ms = integer(m, g); }},
                        {"heartbeat_interval_ms",
                         [&](auto& m, auto& g) { pods.heartbeat_interval_ms = integer(m, g); }},
                        {"heartbeat_timeout_ms",
                         [&](auto& m, auto& g) { pods.heartbeat_timeout_ms = integer(m, g); }}});
        }},
       {"status",
        [&](auto& n, auto& f) {
          read_mapping(
              n, f,
              {{"window_ms", [&](auto& m, auto& g) { spec.status.window_ms = integer(m, g); }},
               {"degraded_error_ratio",
                [&](auto& m, auto& g) { spec.status.degraded_error_ratio = number(m, g); }}});
        }},
       {"slo", [&](auto& n, auto& f) {
          read_mapping(
              n, f,
              {{"availability_target",
                [&](auto& m, auto& g) { slo.availability_target = number(m, g); }},
               {"latency_threshold_ms",
                [&](auto& m, auto& g) { slo.latency_threshold_ms = integer(m, g); }},
               {"latency_target", [&](auto& m, auto& g) { slo.latency_target = number(m, g); }},
               {"window", [&](auto& m, auto& g) {
                  const auto window = parse_duration(text(m, g));
                  if (!window) fail(m, g, "must be a duration such as 30d, 12h, 90m or 3600s");
                  slo.window = *window;
                }}});
        }}});
  return spec;
}

}  // namespace

std::optional<core::Duration> parse_duration(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const std::string digits = text.substr(0, text.size() - 1);
  if (digits.empty() || digits.size() > 7 ||  // 9999999d still fits in microseconds
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const std::int64_t n = std::stoll(digits);
  switch (unit) {
    case 's':
      return std::chrono::seconds(n);
    case 'm':
      return std::chrono::minutes(n);
    case 'h':
      return std::chrono::hours(n);
    case 'd':
      return std::chrono::hours(24 * n);
    default:
      return std::nullopt;
  }
}

core::Result<core::LabSpec> parse_lab_spec(const std::string& text, const std::string& source) {
  core::LabSpec spec;
  try {
    spec = read_lab(YAML::Load(text));
  } catch (const ConfigError& error) {
    return invalid(error.field,
                   error.rule + " (" + source + ":" + std::to_string(error.line) + ")");
  } catch (const YAML::Exception& error) {
    return invalid("", source + ": not valid YAML or JSON: " + error.what());
  }
  if (auto status = core::validate(spec); !status) {
    core::Error error = status.error();
    error.detail += " (" + source + ")";
    return error;
  }
  return spec;
}

core::Result<core::LabSpec> load_lab_spec(const std::string& path) {
  std::ifstream file(path);
  if (!file) return invalid("--config", "cannot read '" + path + "'");
  std::stringstream text;
  text << file.rdbuf();
  return parse_lab_spec(text.str(), path);
}

}  // namespace hb::lab

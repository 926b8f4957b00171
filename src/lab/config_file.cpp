#include "lab/config_file.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "yaml/field_values.h"
#include "yaml/strict_yaml.h"

namespace hb::lab {
namespace {

using core::invalid;
using yaml::fail;
using yaml::Mapping;
using yaml::shown;
namespace rules = core::rules;

// Numbers whose ranges core::validate() checks with the rest of the lab's rules.
std::int64_t integer(const Mapping& m, std::string_view key) {
  const YAML::Node node = m.get(key);
  const auto value = yaml::as_integer(node);
  if (!value) fail(node, m.field(key), "must be an integer, got " + shown(node));
  return *value;
}
double number(const Mapping& m, std::string_view key) {
  const YAML::Node node = m.get(key);
  const auto value = yaml::as_number(node);
  if (!value) fail(node, m.field(key), "must be a number, got " + shown(node));
  return *value;
}
void read_integer(const Mapping& m, std::string_view key, std::int64_t& into) {
  if (m.has(key)) into = integer(m, key);
}
void read_number(const Mapping& m, std::string_view key, double& into) {
  if (m.has(key)) into = number(m, key);
}

core::ProbeSpec read_probe(const YAML::Node& node, const std::string& at) {
  const Mapping m(node, at, "a probe");
  auto fields = core::probe_fields().names();
  if (at.ends_with(".readiness")) fields.push_back("path");  // a real service's health check
  m.allow_only(fields, "a probe");
  core::ProbeSpec p;
  yaml::read(m, rules::kInitialDelayS, p.initial_delay_s);
  yaml::read(m, rules::kPeriodS, p.period_s);
  yaml::read(m, rules::kTimeoutS, p.timeout_s);
  yaml::read(m, rules::kSuccessThreshold, p.success_threshold);
  yaml::read(m, rules::kFailureThreshold, p.failure_threshold);
  return p;
}

core::ProbesSpec read_probes(const YAML::Node& node, const std::string& at) {
  const Mapping m(node, at, "a mapping of probes");
  m.allow_only({"startup", "readiness", "liveness"}, "probes");
  core::ProbesSpec probes;
  if (m.has("startup")) probes.startup = read_probe(m.get("startup"), m.field("startup"));
  if (m.has("readiness")) probes.readiness = read_probe(m.get("readiness"), m.field("readiness"));
  if (m.has("liveness")) probes.liveness = read_probe(m.get("liveness"), m.field("liveness"));
  return probes;
}

// A rolling update's max_surge or max_unavailable: a number of pods, or "25%".
void read_int_or_percent(const Mapping& m, const core::FieldRule& rule, core::IntOrPercent& into) {
  if (!m.has(rule.name)) return;
  const YAML::Node node = m.get(rule.name);
  const std::string field = m.field(rule.name);
  const std::string text = node.IsScalar() ? node.Scalar() : std::string();
  if (text.empty() || text.back() != '%') {
    const auto pods = yaml::as_integer(node);
    if (!pods || !rule.holds(*pods)) {
      fail(node, field, "must be " + rules::int_or_percent_expected() + ", got " + shown(node));
    }
    into = {static_cast<int>(*pods), false};
    return;
  }
  const std::string digits = text.substr(0, text.size() - 1);
  if (digits.empty() || digits.size() > 3 ||
      digits.find_first_not_of("0123456789") != std::string::npos || std::stoi(digits) > 100) {
    fail(node, field, "must be " + rules::int_or_percent_expected() + ", got " + shown(node));
  }
  into = {std::stoi(digits), true};
}

core::RolloutSpec read_rollout(const YAML::Node& node, const std::string& at) {
  const Mapping m(node, at, "a rollout strategy");
  m.allow_only(core::rollout_fields().names(), "a rollout");
  core::RolloutSpec r;
  read_int_or_percent(m, rules::kMaxSurgePods, r.max_surge);
  read_int_or_percent(m, rules::kMaxUnavailablePods, r.max_unavailable);
  yaml::read(m, rules::kProgressDeadlineS, r.progress_deadline_s);
  return r;
}

core::AutoscaleSpec read_autoscale(const YAML::Node& node, const std::string& at) {
  const Mapping m(node, at, "an autoscaler");
  m.allow_only(core::autoscale_fields().names(), "an autoscaler");
  m.required(rules::kAutoscaleMax.name);
  core::AutoscaleSpec a;
  yaml::read(m, rules::kAutoscaleMin, a.min_replicas);
  yaml::read(m, rules::kAutoscaleMax, a.max_replicas);
  yaml::read(m, rules::kTargetUtilization, a.target_utilization);
  return a;
}

// The workload fields of a service mapping (core/workload_spec.h).
void read_workload(const Mapping& m, core::WorkloadSpec& w) {
  if (m.has(rules::kConcurrency.name)) {
    int concurrency = 0;
    yaml::read(m, rules::kConcurrency, concurrency);
    w.concurrency = concurrency;
  }
  yaml::read(m, rules::kQueueLength, w.queue_length);
  yaml::read(m, rules::kTerminationGracePeriodS, w.termination_grace_period_s);
  if (m.has("version")) w.version = yaml::text(m.get("version"), m.field("version"));
  if (m.has("probes")) w.probes = read_probes(m.get("probes"), m.field("probes"));
  if (m.has("rollout")) w.rollout = read_rollout(m.get("rollout"), m.field("rollout"));
  if (m.has("autoscale")) w.autoscale = read_autoscale(m.get("autoscale"), m.field("autoscale"));
}

// A real service's own fields (docs/proxy.md). What only simulated pods have is refused by
// name: a real endpoint's traffic, replicas, latency, capacity and releases are its own.
core::RealServiceSpec read_real(const Mapping& m) {
  for (const char* simulated :
       {"replicas", "rate_rps", "latency_median_ms", "latency_sigma", "concurrency", "queue_length",
        "termination_grace_period_s", "version", "rollout", "autoscale"}) {
    if (m.has(simulated)) {
      fail(m.get(simulated), m.field(simulated),
           "is for simulated services; a real service (with endpoints) has one pod per endpoint "
           "and its own traffic, latency, capacity and releases");
    }
  }
  core::RealServiceSpec real;
  real.listen = yaml::text(m.required("listen"), m.field("listen"));
  const YAML::Node list = m.required("endpoints");
  const std::string field = m.field("endpoints");
  if (!list.IsSequence()) fail(list, field, "must be a list of addresses such as 127.0.0.1:8081");
  for (std::size_t i = 0; i < list.size(); ++i) {
    real.endpoints.push_back(yaml::text(list[i], yaml::index_field(field, i)));
  }
  if (m.has("error_status")) {
    real.error_status = static_cast<int>(integer(m, "error_status"));
  }
  return real;
}

// The path of a service's readiness probe, which only a real service's health check has.
std::optional<YAML::Node> readiness_path(const YAML::Node& service) {
  const YAML::Node probes = service["probes"];
  if (!probes || !probes.IsMap()) return std::nullopt;
  const YAML::Node readiness = probes["readiness"];
  if (!readiness || !readiness.IsMap()) return std::nullopt;
  const YAML::Node path = readiness["path"];
  if (!path) return std::nullopt;
  return path;
}

core::ServiceSpec read_service(const YAML::Node& node, const std::string& at) {
  const Mapping m(node, at, "a service");
  m.allow_only({"name", "replicas", "rate_rps", "latency_median_ms", "latency_sigma", "timeout_ms",
                "slo", "dependencies", "concurrency", "queue_length", "termination_grace_period_s",
                "version", "probes", "rollout", "autoscale", "listen", "endpoints", "error_status"},
               "a service");
  core::ServiceSpec s;
  if (m.has("listen") || m.has("endpoints") || m.has("error_status")) {
    s.real = read_real(m);
    s.replicas = static_cast<int>(s.real->endpoints.size());
    s.rate_rps = 0.0;
  }
  if (const auto path = readiness_path(node)) {
    const std::string field = m.field("probes") + ".readiness.path";
    if (!s.real) fail(*path, field, "is a real service's health check; simulated probes have none");
    s.real->health_path = yaml::text(*path, field);
  }
  s.name = yaml::text(m.required("name"), m.field("name"));
  yaml::read(m, rules::kServiceReplicas, s.replicas);
  read_number(m, "rate_rps", s.rate_rps);
  yaml::read(m, rules::kLatencyMedianMs, s.latency_median_ms);
  yaml::read(m, rules::kLatencySigma, s.latency_sigma);
  read_integer(m, "timeout_ms", s.timeout_ms);
  if (m.has("slo")) {
    const Mapping slo(m.get("slo"), m.field("slo"), "a service's SLO");
    slo.allow_only({"availability_target", "latency_threshold_ms", "latency_target"},
                   "a service's SLO");
    if (slo.has("availability_target")) {
      s.slo.availability_target = number(slo, "availability_target");
    }
    if (slo.has("latency_threshold_ms")) {
      s.slo.latency_threshold_ms = integer(slo, "latency_threshold_ms");
    }
    if (slo.has("latency_target")) s.slo.latency_target = number(slo, "latency_target");
  }
  if (m.has("dependencies")) {
    const YAML::Node list = m.get("dependencies");
    const std::string field = m.field("dependencies");
    if (!list.IsSequence()) fail(list, field, "must be a list of service names");
    for (std::size_t i = 0; i < list.size(); ++i) {
      s.dependencies.push_back(yaml::text(list[i], yaml::index_field(field, i)));
    }
  }
  read_workload(m, s.workload);
  return s;
}

core::LabSpec read_lab(const YAML::Node& root) {
  core::LabSpec spec = core::default_lab_spec();
  if (!root || root.IsNull()) return spec;
  const Mapping m(root, "", "a mapping of the lab's fields");
  m.allow_only({"services", "client_timeout_ms", "pods", "status", "slo"}, "a lab");
  if (m.has("services")) {
    const YAML::Node list = m.get("services");
    if (!list.IsSequence()) fail(list, "services", "must be a list of services");
    spec.services.clear();
    for (std::size_t i = 0; i < list.size(); ++i) {
      spec.services.push_back(read_service(list[i], yaml::index_field("services", i)));
    }
  }
  read_integer(m, "client_timeout_ms", spec.client_timeout_ms);
  if (m.has("pods")) {
    const Mapping pods(m.get("pods"), "pods", "the pods' timings");
    pods.allow_only(
        {"startup_ms", "readiness_delay_ms", "heartbeat_interval_ms", "heartbeat_timeout_ms"},
        "pods");
    read_integer(pods, "startup_ms", spec.pods.startup_ms);
    read_integer(pods, "readiness_delay_ms", spec.pods.readiness_delay_ms);
    read_integer(pods, "heartbeat_interval_ms", spec.pods.heartbeat_interval_ms);
    read_integer(pods, "heartbeat_timeout_ms", spec.pods.heartbeat_timeout_ms);
  }
  if (m.has("status")) {
    const Mapping status(m.get("status"), "status", "the status rules");
    status.allow_only({"window_ms", "degraded_error_ratio"}, "status");
    read_integer(status, "window_ms", spec.status.window_ms);
    read_number(status, "degraded_error_ratio", spec.status.degraded_error_ratio);
  }
  if (m.has("slo")) {
    const Mapping slo(m.get("slo"), "slo", "the lab's SLO");
    slo.allow_only({"availability_target", "latency_threshold_ms", "latency_target", "window"},
                   "the lab's SLO");
    read_number(slo, "availability_target", spec.slo.availability_target);
    read_integer(slo, "latency_threshold_ms", spec.slo.latency_threshold_ms);
    read_number(slo, "latency_target", spec.slo.latency_target);
    if (slo.has("window")) {
      const YAML::Node node = slo.get("window");
      const auto window = node.IsScalar() ? parse_duration(node.Scalar()) : std::nullopt;
      if (!window) {
        fail(node, "slo.window",
             "must be a duration such as 30d, 12h, 90m or 3600s, got " + shown(node));
      }
      spec.slo.window = *window;
    }
  }
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
  } catch (const yaml::FieldError& error) {
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

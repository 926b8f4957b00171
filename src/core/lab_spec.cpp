#include "core/lab_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace hb::core {
namespace {

ServiceSpec service(std::string name, double median_ms, std::vector<std::string> dependencies) {
  ServiceSpec spec;
  spec.name = std::move(name);
  spec.latency_median_ms = median_ms;
  spec.dependencies = std::move(dependencies);
  return spec;
}

// Kubernetes names: lower-case letters, digits and '-', starting with a letter, at most 40
// characters (pod ids add "-pod-N").
bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 40 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  if (name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool in_range(std::int64_t value, std::int64_t low, std::int64_t high) {
  return value >= low && value <= high;
}

// What a real service cannot have: traffic, capacity, containers and rollouts are its own, not
// healthboard's (docs/proxy.md).
Status validate_real(const ServiceSpec& s, const std::string& at) {
  const RealServiceSpec& real = *s.real;
  if (static_cast<std::size_t>(s.replicas) != real.endpoints.size()) {
    return invalid(at + ".replicas", "a real service has one pod per endpoint; leave replicas out");
  }
  if (s.rate_rps != 0.0) {
    return invalid(at + ".rate_rps",
                   "a real service's traffic is what its clients send; leave rate_rps out");
  }
  const WorkloadSpec& w = s.workload;
  const char* simulated = w.concurrency       ? "concurrency"
                          : w.autoscale       ? "autoscale"
                          : w.probes.startup  ? "probes.startup"
                          : w.probes.liveness ? "probes.liveness"
                                              : nullptr;
  if (simulated != nullptr) {
    return invalid(at + "." + simulated,
                   "is for simulated pods; a real endpoint's capacity and container are its own");
  }
  return Done{};
}

Status validate_service(const ServiceSpec& s, const std::string& at) {
  if (!valid_name(s.name)) {
    return invalid(at + ".name",
                   "must be 1 to 40 lower-case letters, digits or '-', starting with a letter");
  }
  // A real service's replicas are its endpoints: their rules come first.
  if (s.real) {
    if (auto status = validate(*s.real, at); !status) return status;
  }
  const std::int64_t replicas = s.replicas;
  if (auto status = check(rules::kServiceReplicas, replicas, at + ".replicas"); !status) {
    return status;
  }
  if (!(s.rate_rps >= 0.0 && s.rate_rps <= kMaxRateRps)) {
    return invalid(at + ".rate_rps", "must be a number from 0 to 10000");
  }
  if (auto status = check(rules::kLatencyMedianMs, s.latency_median_ms, at + ".latency_median_ms");
      !status) {
    return status;
  }
  if (auto status = check(rules::kLatencySigma, s.latency_sigma, at + ".latency_sigma"); !status) {
    return status;
  }
  if (!in_range(s.timeout_ms, 1, 600000)) {
    return invalid(at + ".timeout_ms", "must be an integer from 1 to 600000");
  }
  if (auto status = validate(s.workload, s.replicas, at); !status) return status;
  return s.real ? validate_real(s, at) : Status{Done{}};
}

Status validate_slo(const SloSpec& slo, const std::string& at) {
  if (!(slo.availability_target > 0.0 && slo.availability_target < 1.0)) {
    return invalid(at + ".availability_target", "must be a number strictly between 0 and 1");
  }
  if (!(slo.latency_target > 0.0 && slo.latency_target < 1.0)) {
    return invalid(at + ".latency_target", "must be a number strictly between 0 and 1");
  }
  if (!in_range(slo.latency_threshold_ms, 1, 600000)) {
    return invalid(at + ".latency_threshold_ms", "must be an integer from 1 to 600000");
  }
  return Done{};
}

Status validate_dependencies(const LabSpec& spec) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < spec.services.size(); ++i) index[spec.services[i].name] = i;
  for (std::size_t i = 0; i < spec.services.size(); ++i) {
    const auto& deps = spec.services[i].dependencies;
    for (std::size_t d = 0; d < deps.size(); ++d) {
      const std::string at =
          "services[" + std::to_string(i) + "].dependencies[" + std::to_string(d) + "]";
      if (!index.contains(deps[d])) return invalid(at, "names no service: '" + deps[d] + "'");
      if (deps[d] == spec.services[i].name) return invalid(at, "a service cannot call itself");
      if (std::find(deps.begin(), deps.begin() + static_cast<std::ptrdiff_t>(d), deps[d]) !=
          deps.begin() + static_cast<std::ptrdiff_t>(d)) {
        return invalid(at,
                       "'" + deps[d] + "' is listed twice; a request calls each dependency once");
      }
    }
  }
  // Depth-first search for a cycle: 0 unvisited, 1 on the current path, 2 done.
  std::vector<int> state(spec.services.size(), 0);
  std::function<bool(std::size_t)> has_cycle = [&](std::size_t i) {
    state[i] = 1;
    for (const auto& dep : spec.services[i].dependencies) {
      const std::size_t j = index[dep];
      if (state[j] == 1 || (state[j] == 0 && has_cycle(j))) return true;
    }
    state[i] = 2;
    return false;
  };
  for (std::size_t i = 0; i < spec.services.size(); ++i) {
    if (state[i] == 0 && has_cycle(i)) {
      return invalid("services[" + std::to_string(i) + "].dependencies",
                     "form a cycle through '" + spec.services[i].name + "'");
    }
  }
  return Done{};
}

}  // namespace

SloSpec service_slo(const LabSpec& spec, std::size_t index) {
  SloSpec slo = spec.slo;
  const SloOverrides& own = spec.services[index].slo;
  if (own.availability_target) slo.availability_target = *own.availability_target;
  if (own.latency_threshold_ms) slo.latency_threshold_ms = *own.latency_threshold_ms;
  if (own.latency_target) slo.latency_target = *own.latency_target;
  return slo;
}

bool is_real(const LabSpec& spec) {
  return !spec.services.empty() && spec.services.front().real.has_value();
}

LabSpec default_lab_spec() {
  LabSpec spec;
  spec.services = {service("sensor-sim", 50.0, {}), service("planner-sim", 30.0, {"sensor-sim"}),
                   service("ui-proxy", 20.0, {"planner-sim"})};
  return spec;
}

Status validate(const LabSpec& spec) {
  if (spec.services.empty()) return invalid("services", "must list at least one service");
  if (spec.services.size() > kMaxServices) {
    return invalid("services", fmt::format("must list at most {} services, got {}", kMaxServices,
                                           spec.services.size()));
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < spec.services.size(); ++i) {
    const std::string at = "services[" + std::to_string(i) + "]";
    if (auto status = validate_service(spec.services[i], at); !status) return status;
    if (spec.services[i].name == "lab") {
      return invalid(at + ".name", "'lab' is reserved for the whole lab's SLO");
    }
    if (!names.insert(spec.services[i].name).second) {
      return invalid(at + ".name", "'" + spec.services[i].name + "' is used twice");
    }
  }
  std::set<std::string> listening;
  for (std::size_t i = 0; i < spec.services.size(); ++i) {
    const std::string at = "services[" + std::to_string(i) + "]";
    const auto& real = spec.services[i].real;
    if (real.has_value() != is_real(spec)) {
      return invalid(at + (real ? ".listen" : ""),
                     fmt::format("a lab is all real or all simulated: '{}' {} and '{}' {}",
                                 spec.services[0].name, is_real(spec) ? "is real" : "is simulated",
                                 spec.services[i].name, real ? "is real" : "is simulated"));
    }
    if (real && !real->listen.ends_with(":0") && !listening.insert(real->listen).second) {
      return invalid(at + ".listen", "'" + real->listen + "' is another service's address");
    }
  }
  std::int64_t total_pods = 0;
  for (const ServiceSpec& service : spec.services) total_pods += service.replicas;
  if (total_pods > kMaxPods) {
    return invalid("services",
                   fmt::format("have {} pods in all; a lab has at most {}", total_pods, kMaxPods));
  }
  if (auto status = validate_dependencies(spec); !status) return status;
  if (!in_range(spec.client_timeout_ms, 1, 600000)) {
    return invalid("client_timeout_ms", "must be an integer from 1 to 600000");
  }
  const auto& pods = spec.pods;
  if (!in_range(pods.startup_ms, 0, 600000)) {
    return invalid("pods.startup_ms", "must be an integer from 0 to 600000");
  }
  if (!in_range(pods.readiness_delay_ms, 0, 600000)) {
    return invalid("pods.readiness_delay_ms", "must be an integer from 0 to 600000");
  }
  if (!in_range(pods.heartbeat_interval_ms, 100, 60000)) {
    return invalid("pods.heartbeat_interval_ms", "must be an integer from 100 to 60000");
  }
  if (pods.heartbeat_timeout_ms <= pods.heartbeat_interval_ms ||
      pods.heartbeat_timeout_ms > 600000) {
    return invalid("pods.heartbeat_timeout_ms",
                   "must be above pods.heartbeat_interval_ms and at most 600000");
  }
  if (!in_range(spec.status.window_ms, 500, 600000)) {
    return invalid("status.window_ms", "must be an integer from 500 to 600000");
  }
  if (!(spec.status.degraded_error_ratio >= 0.0 && spec.status.degraded_error_ratio < 1.0)) {
    return invalid("status.degraded_error_ratio", "must be a number from 0 to below 1");
  }
  if (auto status = validate_slo(spec.slo, "slo"); !status) return status;
  if (spec.slo.window < std::chrono::minutes(5) || spec.slo.window > std::chrono::hours(24 * 90)) {
    return invalid("slo.window", "must be from 5m to 90d");
  }
  for (std::size_t i = 0; i < spec.services.size(); ++i) {
    const std::string at = "services[" + std::to_string(i) + "].slo";
    if (auto status = validate_slo(service_slo(spec, i), at); !status) return status;
  }
  return Done{};
}

}  // namespace hb::core

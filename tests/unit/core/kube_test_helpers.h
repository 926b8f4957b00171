// What the Kubernetes-model tests share: a one-service lab to configure, and the events of a
// pod or service with a given Kubernetes reason.
#pragma once

#include <string>
#include <vector>

#include "cluster_test_helpers.h"
#include "core/cluster.h"

namespace hb::core {

// One service, "solo", with `replicas` pods, no traffic unless `rate_rps` is given, and a fixed
// own work of 20 ms (sigma 0).
inline LabSpec solo_lab(int replicas = 1, double rate_rps = 0.0) {
  LabSpec spec;
  ServiceSpec s;
  s.name = "solo";
  s.replicas = replicas;
  s.rate_rps = rate_rps;
  s.latency_median_ms = 20.0;
  s.latency_sigma = 0.0;
  spec.services = {s};
  return spec;
}

inline WorkloadSpec& workload_of(LabSpec& spec) {
  return spec.services.front().workload;
}

// The events with `reason`, oldest first; for `target` only unless it is empty.
inline std::vector<LabEvent> events_with(const Cluster& cluster, const std::string& reason,
                                         const std::string& target = "") {
  std::vector<LabEvent> found;
  for (const LabEvent& event : cluster.events().events()) {
    if (reason_of(event) == reason && (target.empty() || event.target == target)) {
      found.push_back(event);
    }
  }
  return found;
}

inline std::vector<std::string> pod_ids(const LabReport& report) {
  std::vector<std::string> ids;
  for (const PodReport& pod : report.pods) ids.push_back(pod.id);
  return ids;
}

}  // namespace hb::core

// The labs the benchmarks build: `services` services of `replicas` pods, in chains of ten
// (svc-0 -> svc-1 -> ... -> svc-9, svc-10 -> ...), every service taking `rate_rps` client
// requests a second.
#pragma once

#include <string>

#include "core/lab_spec.h"

namespace hb::bench {

inline core::LabSpec lab_of(int services, int replicas, double rate_rps) {
  core::LabSpec spec;
  for (int s = 0; s < services; ++s) {
    core::ServiceSpec service;
    service.name = "svc-" + std::to_string(s);
    service.replicas = replicas;
    service.rate_rps = rate_rps;
    service.latency_median_ms = 20.0;
    if (s % 10 != 9 && s + 1 < services) service.dependencies = {"svc-" + std::to_string(s + 1)};
    spec.services.push_back(service);
  }
  return spec;
}

}  // namespace hb::bench

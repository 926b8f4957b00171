// A producer of request outcomes outside the cluster: the proxy in front of a real lab's
// endpoints (src/real). The lab runner hands it the cluster on the lab's strand, so that what it
// produced is measured by the same code as the simulated traffic, and the faults the API sets
// act on its requests.
#pragma once

#include <chrono>

#include "core/cluster.h"

namespace hb::lab {

class TrafficSource {
 public:
  virtual ~TrafficSource() = default;
  // Measures what was produced since the last call, in the order it happened
  // (Cluster::observe, Cluster::set_endpoint_ready); `lab_zero` is the steady-clock instant of
  // lab time zero. Called at every wake-up of the lab, before it advances.
  virtual void deliver(core::Cluster& cluster, std::chrono::steady_clock::time_point lab_zero) = 0;
  // Puts the cluster's faults in force on the producer's side. Called after every wake-up and
  // every command, when they may have changed.
  virtual void enforce(const core::Cluster& cluster) = 0;
};

}  // namespace hb::lab

#include "api/fault_views.h"

#include <cmath>

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;

// Seconds from the snapshot's time to `at`, to the millisecond.
double seconds_until(core::TimePoint at, const lab::Snapshot& snapshot) {
  return std::round(core::to_seconds(at - snapshot.report.at) * 1000.0) / 1000.0;
}

json end_json(const core::FaultEnd& end, const lab::Snapshot& snapshot) {
  return {{"at", snapshot.unix_seconds(end.at)},
          {"in_seconds", seconds_until(end.at, snapshot)},
          {"ends", patch_json(end.ends)},
          {"restores", patch_json(end.restores)}};
}

}  // namespace

json patch_json(const core::FaultPatch& patch) {
  json out = json::object();
  if (patch.delay_ms) out["delay_ms"] = *patch.delay_ms;
  if (patch.jitter_ms) out["jitter_ms"] = *patch.jitter_ms;
  if (patch.error_rate) out["error_rate"] = *patch.error_rate;
  if (patch.kill) out["kill"] = *patch.kill;
  if (patch.crash_loop) out["crash_loop"] = *patch.crash_loop;
  return out;
}

json partition_json(const core::PartitionReport& partition, const lab::Snapshot& snapshot) {
  return {
      {"from", partition.from},
      {"to", partition.to},
      {"since", snapshot.unix_seconds(partition.since)},
      {"until", partition.until ? json(snapshot.unix_seconds(*partition.until)) : json(nullptr)},
      {"in_seconds",
       partition.until ? json(seconds_until(*partition.until, snapshot)) : json(nullptr)}};
}

json faults_json(const lab::Snapshot& snapshot) {
  json faults = json::array();
  for (const core::PodReport& pod : snapshot.report.pods) {
    if (!pod.fault.active() && pod.fault_ends.empty()) continue;
    json reverts = json::array();
    for (const core::FaultEnd& end : pod.fault_ends) reverts.push_back(end_json(end, snapshot));
    faults.push_back({{"pod", pod.id},
                      {"service", pod.service},
                      {"delay_ms", pod.fault.delay_ms},
                      {"jitter_ms", pod.fault.jitter_ms},
                      {"error_rate", pod.fault.error_rate},
                      {"killed", pod.fault.kill},
                      {"crash_loop", pod.fault.crash_loop},
                      {"reverts", std::move(reverts)}});
  }
  json partitions = json::array();
  for (const core::PartitionReport& partition : snapshot.report.partitions) {
    partitions.push_back(partition_json(partition, snapshot));
  }
  return {{"faults", std::move(faults)},
          {"partitions", std::move(partitions)},
          {"timestamp", snapshot.timestamp()}};
}

}  // namespace hb::api

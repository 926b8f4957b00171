// The fault handlers: parse and validate the request, run the command on the lab, answer from
// the snapshot published after it.
#include <string>

#include "api/fault_request.h"
#include "api/fault_views.h"
#include "api/json_views.h"
#include "api/replies.h"
#include "api/routes.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;

// An answer {"message", "pod", "timestamp"} for commands on one pod. Every command's answer
// carries the lab time (unix seconds) of the snapshot it was answered from.
auto pod_answer(std::string message) {
  return [message = std::move(message)](const core::Pod* pod, const lab::Snapshot& snapshot) {
    return json{{"message", message},
                {"pod", pod_json(*find_pod(snapshot, pod->id), snapshot)},
                {"timestamp", snapshot.timestamp()}};
  };
}

// The answer to a fault on one pod: it says when nothing changed.
auto fault_answer(std::string pod_id) {
  return [pod_id = std::move(pod_id)](const core::Cluster::FaultChange& change,
                                      const lab::Snapshot& snapshot) {
    return json{{"message", change.changed
                                ? "Fault applied to " + pod_id
                                : "Nothing changed on " + pod_id + ": its faults were already so"},
                {"changed", change.changed},
                {"pod", pod_json(*find_pod(snapshot, change.pod->id), snapshot)},
                {"timestamp", snapshot.timestamp()}};
  };
}

}  // namespace

void Api::fault(http::Request request, http::Reply reply) {
  auto parsed = parse_fault_patch(request.body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const core::FaultPatch patch = std::get<core::FaultPatch>(parsed);
  const std::string pod_id = request.params.at("pod_id");
  run_command(
      lab_,
      [=](core::Cluster& cluster, core::TimePoint now) {
        return cluster.apply_fault(pod_id, patch, now);
      },
      fault_answer(pod_id), std::move(reply));
}

void Api::fault_service(http::Request request, http::Reply reply) {
  auto parsed = parse_service_fault(request.body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const ServiceFaultRequest fault = std::get<ServiceFaultRequest>(parsed);
  const std::string service = request.params.at("service");
  run_command(
      lab_,
      [=](core::Cluster& cluster, core::TimePoint now) {
        return cluster.apply_service_fault(service, fault.selector, fault.patch, now);
      },
      [=](const std::vector<core::Cluster::FaultChange>& hit, const lab::Snapshot& snapshot) {
        json pods = json::array();
        std::size_t unchanged = 0;
        for (const auto& change : hit) {
          pods.push_back(pod_json(*find_pod(snapshot, change.pod->id), snapshot));
          if (!change.changed) ++unchanged;
        }
        return json{{"message", "Fault applied to " + std::to_string(hit.size()) +
                                    " of the pods of " + service +
                                    (unchanged == 0 ? ""
                                                    : " (" + std::to_string(unchanged) +
                                                          " of them already had it: unchanged)")},
                    {"changed", hit.size() - unchanged},
                    {"service", service},
                    {"mode", core::to_string(fault.selector.mode)},
                    {"pods", std::move(pods)},
                    {"timestamp", snapshot.timestamp()}};
      },
      std::move(reply));
}

void Api::clear_fault(http::Request request, http::Reply reply) {
  const std::string pod_id = request.params.at("pod_id");
  run_command(
      lab_,
      [=](core::Cluster& cluster, core::TimePoint now) {
        return cluster.clear_faults(pod_id, now);
      },
      pod_answer("Faults cleared on " + pod_id), std::move(reply));
}

void Api::restart(http::Request request, http::Reply reply) {
  const std::string pod_id = request.params.at("pod_id");
  run_command(
      lab_,
      [=](core::Cluster& cluster, core::TimePoint now) { return cluster.restart(pod_id, now); },
      pod_answer("Pod " + pod_id + " restarted"), std::move(reply));
}

void Api::partition(http::Request request, http::Reply reply) {
  auto parsed = parse_partition(request.body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const PartitionRequest cut = std::get<PartitionRequest>(parsed);
  run_command(
      lab_,
      [=](core::Cluster& cluster, core::TimePoint now) {
        return cluster.partition(cut.from, cut.to, cut.duration_s, now);
      },
      [=](const core::PartitionReport& partition, const lab::Snapshot& snapshot) {
        return json{{"message", "Calls from " + cut.from + " to " + cut.to + " now fail"},
                    {"partition", partition_json(partition, snapshot)},
                    {"timestamp", snapshot.timestamp()}};
      },
      std::move(reply));
}

void Api::heal(http::Request request, http::Reply reply) {
  const std::string from = request.params.at("from");
  const std::string to = request.params.at("to");
  run_command(
      lab_,
      [=](core::Cluster& cluster, core::TimePoint now) { return cluster.heal(from, to, now); },
      [=](const core::Done&, const lab::Snapshot& snapshot) {
        return json{{"message", "Partition " + from + " -> " + to + " healed"},
                    {"timestamp", snapshot.timestamp()}};
      },
      std::move(reply));
}

void Api::reset(http::Request, http::Reply reply) {
  run_command(
      lab_,
      [](core::Cluster& cluster, core::TimePoint now) {
        return core::Result<core::Cluster::ResetSummary>(cluster.reset(now));
      },
      [](const core::Cluster::ResetSummary& summary, const lab::Snapshot& snapshot) {
        return json{{"message", "Every fault cleared and every partition healed"},
                    {"pods", summary.pods},
                    {"partitions", summary.partitions},
                    {"timestamp", snapshot.timestamp()}};
      },
      std::move(reply));
}

}  // namespace hb::api

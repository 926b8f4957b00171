// The Deployment handlers: scale a service, roll out a release, undo it, and read its rollout.
#include <string>

#include "api/fault_request.h"
#include "api/json_views.h"
#include "api/replies.h"
#include "api/routes.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;

http::Response refuse(const std::string& field, const std::string& rule) {
  return error_response(core::invalid(field, rule));
}

const core::ServiceReport* find_service(const lab::Snapshot& snapshot, const std::string& name) {
  for (const auto& service : snapshot.report.services) {
    if (service.name == name) return &service;
  }
  return nullptr;
}

// {"service", "rollout"} from the snapshot after a command.
auto rollout_answer(std::string service) {
  return [service = std::move(service)](const core::RolloutReport&, const lab::Snapshot& snapshot) {
    return rollout_json_of(*find_service(snapshot, service), snapshot);
  };
}

// POST /rollout/{service}: {"version", "latency_median_ms"?, "latency_sigma"?, "error_rate"?}.
std::variant<core::Cluster::Release, http::Response> parse_release(const std::string& body) {
  auto parsed = parse_object(body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return std::move(*refused);
  core::Cluster::Release release;
  bool named = false;
  for (const auto& [key, value] : std::get<nlohmann::json>(parsed).items()) {
    if (key == "version") {
      if (!value.is_string()) return refuse(key, "must be a string, got " + value.dump());
      release.version = value.get<std::string>();
      named = true;
    } else if (const core::FieldRule* rule = core::release_fields().find(key)) {
      auto read = field_value(*rule, value);
      if (auto* refused = std::get_if<http::Response>(&read)) return std::move(*refused);
      const double number = std::get<double>(std::get<core::FieldValue>(read));
      if (rule == &core::rules::kLatencyMedianMs) release.latency_median_ms = number;
      if (rule == &core::rules::kLatencySigma) release.latency_sigma = number;
      if (rule == &core::rules::kErrorRate) release.error_rate = number;
    } else {
      return unknown_field(key, "a release", "version, " + core::release_fields().listed());
    }
  }
  if (!named) return refuse("version", "is required: the new release's name, e.g. \"v2\"");
  return release;
}

}  // namespace

void Api::scale(http::Request request, http::Reply reply) {
  auto parsed = parse_object(request.body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const nlohmann::json& body = std::get<nlohmann::json>(parsed);
  for (const auto& [key, value] : body.items()) {
    if (key != "replicas") return reply(refuse(key, "is not a known field; give only replicas"));
  }
  if (!body.contains("replicas")) return reply(refuse("replicas", "is required"));
  auto read = field_value(core::rules::kReplicas, body["replicas"]);
  if (auto* refused = std::get_if<http::Response>(&read)) return reply(std::move(*refused));
  const std::int64_t wanted = std::get<std::int64_t>(std::get<core::FieldValue>(read));
  if (auto status = core::check(core::rules::kReplicas, wanted); !status) {
    return reply(error_response(status.error()));
  }
  const int replicas = static_cast<int>(wanted);
  const std::string service = request.params.at("service");
  run_command(
      lab_,
      [=](core::Cluster& cluster, core::TimePoint now) {
        return cluster.scale(service, replicas, now);
      },
      [=](const core::Cluster::ScaleChange& change, const lab::Snapshot& snapshot) {
        return json{
            {"message", change.changed
                            ? "Scaled " + service + " from " + std::to_string(change.previous) +
                                  " to " + std::to_string(change.replicas)
                            : service + " already has " + std::to_string(change.replicas) +
                                  " replicas: unchanged"},
            {"service", service},
            {"replicas", change.replicas},
            {"previous", change.previous},
            {"changed", change.changed},
            {"timestamp", snapshot.timestamp()}};
      },
      std::move(reply));
}

void Api::start_rollout(http::Request request, http::Reply reply) {
  auto parsed = parse_release(request.body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const core::Cluster::Release release = std::get<core::Cluster::Release>(parsed);
  const std::string service = request.params.at("service");
  run_command(
      lab_,
      [=](core::Cluster& cluster, core::TimePoint now) {
        return cluster.rollout(service, release, now);
      },
      rollout_answer(service), std::move(reply));
}

void Api::undo_rollout(http::Request request, http::Reply reply) {
  const std::string service = request.params.at("service");
  run_command(
      lab_, [=](core::Cluster& cluster, core::TimePoint now) { return cluster.undo(service, now); },
      rollout_answer(service), std::move(reply));
}

void Api::rollout_status(http::Request request, http::Reply reply) const {
  const auto snapshot = lab_.snapshot();
  const core::ServiceReport* service = find_service(*snapshot, request.params.at("service"));
  if (service == nullptr) return reply(error_response(core::not_found("Service not found")));
  if (!service->listen.empty()) {  // a real lab's: no rollout of healthboard's to report
    return reply(error_response(core::conflict(
        service->name +
        " is a real service: its releases are its own, not healthboard's rollouts")));
  }
  reply(json_response(rollout_json_of(*service, *snapshot)));
}

}  // namespace hb::api

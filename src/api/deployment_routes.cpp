// The Deployment handlers: scale a service, roll out a release, undo it, and read its rollout.
#include <limits>
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
    } else if (key == "latency_median_ms" || key == "latency_sigma" || key == "error_rate") {
      if (!value.is_number()) return refuse(key, "must be a number, got " + value.dump());
      auto& field = key == "latency_median_ms" ? release.latency_median_ms
                    : key == "latency_sigma"   ? release.latency_sigma
                                               : release.error_rate;
      field = value.get<double>();
    } else {
      return refuse(key,
                    "is not a known field; a release has version, latency_median_ms, "
                    "latency_sigma and error_rate");
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
  const nlohmann::json& value = body["replicas"];
  if (!value.is_number_integer() ||
      (value.is_number_unsigned() &&
       value.get<std::uint64_t>() > static_cast<std::uint64_t>(core::kMaxReplicas))) {
    return reply(refuse("replicas", "must be an integer from 0 to " +
                                        std::to_string(core::kMaxReplicas) + ", got " +
                                        value.dump()));
  }
  const std::int64_t wanted = value.get<std::int64_t>();
  if (wanted < 0) {
    return reply(refuse("replicas", "must be an integer from 0 to " +
                                        std::to_string(core::kMaxReplicas) + ", got " +
                                        value.dump()));
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
  reply(json_response(rollout_json_of(*service, *snapshot)));
}

}  // namespace hb::api

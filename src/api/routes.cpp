#include "api/routes.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/errors.h"
#include "api/fault_request.h"
#include "api/json_views.h"
#include "api/metrics_text.h"
#include "api/prometheus_writer.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;  // fields keep the order they are written in

http::Response json_response(const json& body, unsigned status = 200) {
  return http::Response{status, "application/json", body.dump(), {}};
}

const core::PodReport* find_pod(const lab::Snapshot& snapshot, const std::string& id) {
  for (const auto& pod : snapshot.report.pods) {
    if (pod.id == id) return &pod;
  }
  return nullptr;
}

// Runs a pod command on the lab, then answers {"message", "pod"} or the command's error.
template <typename Command>
void run_pod_command(lab::LabRunner& lab, const std::string& pod_id, Command command,
                     std::string message, http::Reply reply) {
  auto error = std::make_shared<std::optional<core::Error>>();
  lab.execute(
      [=](core::Cluster& cluster, core::TimePoint now) {
        const auto result = command(cluster, now);
        if (!result) *error = result.error();
      },
      [=](std::shared_ptr<const lab::Snapshot> snapshot) {
        if (*error) return reply(error_response(**error));
        reply(json_response(
            {{"message", message}, {"pod", pod_json(*find_pod(*snapshot, pod_id), *snapshot)}}));
      });
}

}  // namespace

void Api::register_routes(http::Router& router) {
  const auto bind = [this](auto method) {
    return [this, method](http::Request request, http::Reply reply) {
      (this->*method)(std::move(request), std::move(reply));
    };
  };
  router.add("GET", "/", bind(&Api::index));
  router.add("GET", "/health", bind(&Api::health));
  router.add("GET", "/pods", bind(&Api::pods));
  router.add("GET", "/pods/{pod_id}", bind(&Api::pod));
  router.add("GET", "/services", bind(&Api::services));
  router.add("POST", "/fault/{pod_id}", bind(&Api::fault));
  router.add("POST", "/restart/{pod_id}", bind(&Api::restart));
  router.add("GET", "/slo", bind(&Api::slo));
  router.add("GET", "/alerts", bind(&Api::alerts));
  router.add("GET", "/metrics", bind(&Api::metrics));
  router.add("GET", "/metrics/legacy", bind(&Api::legacy_metrics));
}

void Api::index(http::Request, http::Reply reply) const {
  reply(json_response({{"name", "healthboard"},
                       {"endpoints",
                        {"GET /health", "GET /pods", "GET /pods/{pod_id}", "GET /services",
                         "POST /fault/{pod_id}", "POST /restart/{pod_id}", "GET /slo",
                         "GET /alerts", "GET /metrics", "GET /metrics/legacy"}}}));
}

void Api::health(http::Request, http::Reply reply) const {
  reply(json_response({{"status", "healthy"}, {"timestamp", lab_.snapshot()->timestamp()}}));
}

void Api::pods(http::Request, http::Reply reply) const {
  const auto snapshot = lab_.snapshot();
  json pods = json::array();
  for (const auto& pod : snapshot->report.pods) pods.push_back(pod_json(pod, *snapshot));
  reply(json_response({{"pods", std::move(pods)}, {"timestamp", snapshot->timestamp()}}));
}

void Api::pod(http::Request request, http::Reply reply) const {
  const auto snapshot = lab_.snapshot();
  const core::PodReport* pod = find_pod(*snapshot, request.params.at("pod_id"));
  if (pod == nullptr) return reply(error_response(core::not_found("Pod not found")));
  reply(json_response(pod_json(*pod, *snapshot)));
}

void Api::services(http::Request, http::Reply reply) const {
  const auto snapshot = lab_.snapshot();
  json services = json::array();
  for (const auto& service : snapshot->report.services) services.push_back(service_json(service));
  reply(json_response({{"services", std::move(services)}, {"timestamp", snapshot->timestamp()}}));
}

void Api::fault(http::Request request, http::Reply reply) {
  auto parsed = parse_fault_patch(request.body);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const core::FaultPatch patch = std::get<core::FaultPatch>(parsed);
  const std::string pod_id = request.params.at("pod_id");
  run_pod_command(
      lab_, pod_id,
      [=](core::Cluster& cluster, core::TimePoint now) {
        return cluster.apply_fault(pod_id, patch, now);
      },
      "Fault applied to " + pod_id, std::move(reply));
}

void Api::restart(http::Request request, http::Reply reply) {
  const std::string pod_id = request.params.at("pod_id");
  run_pod_command(
      lab_, pod_id,
      [=](core::Cluster& cluster, core::TimePoint now) { return cluster.restart(pod_id, now); },
      "Pod " + pod_id + " restarted", std::move(reply));
}

void Api::slo(http::Request, http::Reply reply) const {
  reply(json_response(slo_json(*lab_.snapshot())));
}

void Api::alerts(http::Request, http::Reply reply) const {
  reply(json_response(alerts_json(*lab_.snapshot())));
}

void Api::metrics(http::Request, http::Reply reply) {
  const auto started = std::chrono::steady_clock::now();
  const ScrapeStats stats{++scrapes_, last_scrape_seconds_.load()};
  std::string body = render_metrics(*lab_.snapshot(), stats);
  last_scrape_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  reply(http::Response{200, std::string(PrometheusWriter::kContentType), std::move(body), {}});
}

void Api::legacy_metrics(http::Request, http::Reply reply) const {
  reply(http::Response{200,
                       std::string(PrometheusWriter::kContentType),
                       render_legacy_metrics(*lab_.snapshot()),
                       {}});
}

}  // namespace hb::api

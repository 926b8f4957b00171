#include "api/routes.h"

#include <chrono>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "api/errors.h"
#include "api/json_views.h"
#include "api/live_views.h"
#include "api/metrics_text.h"
#include "api/prometheus_writer.h"
#include "api/query.h"
#include "api/replies.h"
#include "lab/config_file.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;  // fields keep the order they are written in

// How often /stream sends the lab, and how long a browser waits before it reconnects.
constexpr std::chrono::milliseconds kStreamInterval{1000};
constexpr std::string_view kStreamRetry = "retry: 2000\n\n";
// GET /history's window: from 10 s to the whole kept history (an hour); 5 min unless asked.
constexpr core::Duration kMinHistoryWindow = std::chrono::seconds(10);
constexpr core::Duration kDefaultHistoryWindow = std::chrono::minutes(5);
constexpr std::size_t kMaxEventPage = 500;

const std::vector<std::string_view> kEndpoints = {"GET /health",
                                                  "GET /pods",
                                                  "GET /pods/{pod_id}",
                                                  "GET /services",
                                                  "POST /fault/{pod_id}",
                                                  "DELETE /fault/{pod_id}",
                                                  "POST /fault/service/{service}",
                                                  "POST /partition",
                                                  "DELETE /partition/{from}/{to}",
                                                  "GET /faults",
                                                  "POST /reset",
                                                  "POST /restart/{pod_id}",
                                                  "GET /slo",
                                                  "GET /alerts",
                                                  "GET /lab",
                                                  "GET /stream",
                                                  "GET /history",
                                                  "GET /events",
                                                  "GET /metrics",
                                                  "GET /metrics/legacy"};

std::string sse_event(std::uint64_t version, const std::string& data) {
  return "id: " + std::to_string(version) + "\nevent: snapshot\ndata: " + data + "\n\n";
}

// A whole number from `min` to `max`, or nullopt.
std::optional<std::uint64_t> parse_count(const std::string& text, std::uint64_t min,
                                         std::uint64_t max) {
  if (text.empty() || text.size() > 19 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const std::uint64_t value = std::stoull(text);
  if (value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace

void Api::register_routes(http::Router& router) {
  const auto bind = [this](auto method) {
    return [this, method](http::Request request, http::Reply reply) {
      (this->*method)(std::move(request), std::move(reply));
    };
  };
  router.add("GET", "/api", bind(&Api::index));
  router.add("GET", "/lab", bind(&Api::lab));
  router.add("GET", "/stream", bind(&Api::stream));
  router.add("GET", "/history", bind(&Api::history));
  router.add("GET", "/events", bind(&Api::events));
  router.add("GET", "/health", bind(&Api::health));
  router.add("GET", "/pods", bind(&Api::pods));
  router.add("GET", "/pods/{pod_id}", bind(&Api::pod));
  router.add("GET", "/services", bind(&Api::services));
  router.add("POST", "/fault/{pod_id}", bind(&Api::fault));
  router.add("DELETE", "/fault/{pod_id}", bind(&Api::clear_fault));
  router.add("POST", "/fault/service/{service}", bind(&Api::fault_service));
  router.add("POST", "/partition", bind(&Api::partition));
  router.add("DELETE", "/partition/{from}/{to}", bind(&Api::heal));
  router.add("GET", "/faults", bind(&Api::faults));
  router.add("POST", "/reset", bind(&Api::reset));
  router.add("POST", "/restart/{pod_id}", bind(&Api::restart));
  router.add("GET", "/slo", bind(&Api::slo));
  router.add("GET", "/alerts", bind(&Api::alerts));
  router.add("GET", "/metrics", bind(&Api::metrics));
  router.add("GET", "/metrics/legacy", bind(&Api::legacy_metrics));
}

void Api::index(http::Request, http::Reply reply) const {
  reply(
      json_response({{"name", "healthboard"}, {"dashboard", "GET /"}, {"endpoints", kEndpoints}}));
}

std::shared_ptr<const Api::LabBody> Api::lab_body() const {
  const auto snapshot = lab_.snapshot();
  auto cached = lab_body_.load();
  if (cached && cached->version == snapshot->version) return cached;
  auto fresh =
      std::make_shared<const LabBody>(LabBody{snapshot->version, lab_json(*snapshot).dump()});
  lab_body_.store(fresh);
  return fresh;
}

void Api::lab(http::Request, http::Reply reply) const {
  reply(http::Response{200, "application/json", lab_body()->json, {}, {}});
}

void Api::stream(http::Request request, http::Reply reply) const {
  auto refused = parse_query(request.query, {});
  if (auto* response = std::get_if<http::Response>(&refused)) return reply(std::move(*response));
  const auto first = lab_body();
  auto last_sent = std::make_shared<std::uint64_t>(first->version);
  auto next = [this, last_sent]() -> std::string {
    const auto body = lab_body();
    if (body->version == *last_sent) return ": idle\n\n";  // a comment keeps the line alive
    *last_sent = body->version;
    return sse_event(body->version, body->json);
  };
  http::Response response{
      200,
      "text/event-stream",
      std::string(kStreamRetry) + sse_event(first->version, first->json),
      {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}},
      std::make_shared<const http::BodyStream>(http::BodyStream{kStreamInterval, std::move(next)})};
  reply(std::move(response));
}

void Api::history(http::Request request, http::Reply reply) const {
  auto parsed = parse_query(request.query, {"window"});
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const auto& params = std::get<QueryParams>(parsed);
  const auto snapshot = lab_.snapshot();
  core::Duration window = kDefaultHistoryWindow;
  if (const auto it = params.find("window"); it != params.end()) {
    const auto parsed_window = lab::parse_duration(it->second);
    const core::Duration longest = snapshot->history->span();
    if (!parsed_window || *parsed_window < kMinHistoryWindow || *parsed_window > longest) {
      return reply(error_response(
          core::invalid("window", "must be a duration from 10s to " + core::window_name(longest) +
                                      ", such as 30s, 5m or 1h, got '" + it->second + "'")));
    }
    window = *parsed_window;
  }
  reply(json_response(history_json(*snapshot, window)));
}

void Api::events(http::Request request, http::Reply reply) const {
  auto parsed = parse_query(request.query, {"limit", "before"});
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const auto& params = std::get<QueryParams>(parsed);
  EventPage page;
  if (const auto it = params.find("limit"); it != params.end()) {
    const auto limit = parse_count(it->second, 1, kMaxEventPage);
    if (!limit) {
      return reply(error_response(core::invalid("limit", "must be a whole number from 1 to " +
                                                             std::to_string(kMaxEventPage) +
                                                             ", got '" + it->second + "'")));
    }
    page.limit = *limit;
  }
  if (const auto it = params.find("before"); it != params.end()) {
    page.before = parse_count(it->second, 1, std::numeric_limits<std::int64_t>::max());
    if (!page.before) {
      return reply(error_response(core::invalid(
          "before", "must be an event id (a whole number from 1), got '" + it->second + "'")));
    }
  }
  reply(json_response(events_json(*lab_.snapshot(), page)));
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
  reply(http::Response{200, std::string(PrometheusWriter::kContentType), std::move(body), {}, {}});
}

void Api::legacy_metrics(http::Request, http::Reply reply) const {
  reply(http::Response{200,
                       std::string(PrometheusWriter::kContentType),
                       render_legacy_metrics(*lab_.snapshot()),
                       {},
                       {}});
}

}  // namespace hb::api

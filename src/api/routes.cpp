#include "api/routes.h"

#include <chrono>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "api/body_cache.h"
#include "api/errors.h"
#include "api/json_views.h"
#include "api/live_views.h"
#include "api/metrics_text.h"
#include "api/prometheus_writer.h"
#include "api/query.h"
#include "api/readiness.h"
#include "api/replies.h"
#include "http/compression.h"
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
                                                  "GET /readyz",
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
                                                  "POST /scale/{service}",
                                                  "GET /rollout/{service}",
                                                  "POST /rollout/{service}",
                                                  "POST /rollout/{service}/undo",
                                                  "GET /slo",
                                                  "GET /alerts",
                                                  "GET /lab",
                                                  "GET /stream",
                                                  "GET /history",
                                                  "GET /events",
                                                  "GET /metrics",
                                                  "GET /metrics/legacy"};

bool wants_gzip(const http::Request& request) {
  return http::accepts_gzip(http::header_value(request, "accept-encoding"));
}

// A body shared by every reader, gzipped when the client accepts it and it is worth it. Bodies
// large enough to be gzipped say that they vary with Accept-Encoding.
http::Response shared_response(SharedBody body, std::string_view content_type) {
  http::Response response{200, std::string(content_type), {}, {}, {}};
  if (body.text.size() >= http::kGzipMinBytes) response.headers = {{"Vary", "Accept-Encoding"}};
  if (body.gzip) {
    response.body = std::move(*body.gzip);
    response.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    response.body = std::move(body.text);
  }
  return response;
}

// A body made for this request alone (it depends on the query), gzipped the same way.
http::Response own_response(const http::Request& request, std::string text,
                            std::string_view content_type = "application/json") {
  SharedBody body;
  if (wants_gzip(request)) {
    if (auto compressed = http::gzip_if_smaller(text, 1)) body.gzip = std::move(*compressed);
  }
  body.text = std::move(text);
  return shared_response(std::move(body), content_type);
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
  router.add("GET", "/readyz", bind(&Api::readyz));
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
  router.add("POST", "/scale/{service}", bind(&Api::scale));
  router.add("GET", "/rollout/{service}", bind(&Api::rollout_status));
  router.add("POST", "/rollout/{service}", bind(&Api::start_rollout));
  router.add("POST", "/rollout/{service}/undo", bind(&Api::undo_rollout));
  router.add("GET", "/slo", bind(&Api::slo));
  router.add("GET", "/alerts", bind(&Api::alerts));
  router.add("GET", "/metrics", bind(&Api::metrics));
  router.add("GET", "/metrics/legacy", bind(&Api::legacy_metrics));
}

void Api::index(http::Request, http::Reply reply) const {
  reply(
      json_response({{"name", "healthboard"}, {"dashboard", "GET /"}, {"endpoints", kEndpoints}}));
}

void Api::lab(http::Request request, http::Reply reply) const {
  reply(shared_response(bodies()->body(BodyKind::kLab, wants_gzip(request)), "application/json"));
}

void Api::stream(http::Request request, http::Reply reply) const {
  const auto first = bodies();
  auto parsed = parse_stream_query(request.query, first->snapshot().report);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const auto selection = std::make_shared<const PodSelection>(std::get<PodSelection>(parsed));
  // Every client that asked for the same pods is sent the same buffer, made once per snapshot.
  const http::Body event = first->stream_event(*selection);
  auto last_sent = std::make_shared<std::uint64_t>(first->version());
  auto next = [this, selection, last_sent]() -> http::Body {
    const auto latest = bodies();
    if (latest->version() == *last_sent) {
      return http::Body::borrowed(": idle\n\n");  // a comment keeps the line alive
    }
    *last_sent = latest->version();
    return latest->stream_event(*selection);
  };
  std::string opening(kStreamRetry);
  opening += event.view();
  http::Response response{
      200,
      "text/event-stream",
      std::move(opening),
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
  reply(own_response(request, history_json(*snapshot, window).dump()));
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
  reply(own_response(request, events_json(*lab_.snapshot(), page).dump()));
}

void Api::health(http::Request, http::Reply reply) const {
  reply(shared_response(bodies()->body(BodyKind::kHealth, false), "application/json"));
}

void Api::readyz(http::Request, http::Reply reply) const {
  reply(readiness_response(
      {lab_.lag(), lab_.queued_commands(), lab_.snapshot()->timestamp(), lab_.last_saved()},
      options_.max_lag));
}

void Api::pods(http::Request request, http::Reply reply) const {
  const auto cached = bodies();
  if (request.query.empty()) {
    return reply(
        shared_response(cached->body(BodyKind::kPods, wants_gzip(request)), "application/json"));
  }
  auto parsed = parse_pod_query(request.query, cached->snapshot().report);
  if (auto* refused = std::get_if<http::Response>(&parsed)) return reply(std::move(*refused));
  const PodQuery& query = std::get<PodQuery>(parsed);
  if (query.plain) {
    return reply(
        shared_response(cached->body(BodyKind::kPods, wants_gzip(request)), "application/json"));
  }
  // The selected pods' JSON, already serialised for this snapshot, spliced into one page.
  const auto& pods = cached->snapshot().report.pods;
  const auto& texts = cached->pod_texts();
  std::size_t total = 0;
  std::size_t on_page = 0;
  std::optional<std::size_t> next_offset;
  std::string text = "{\"pods\":[";
  for (std::size_t i = 0; i < pods.size(); ++i) {
    if (query.service && pods[i].service != *query.service) continue;
    if (query.status && pods[i].status != *query.status) continue;
    const std::size_t position = total++;
    if (position < query.offset) continue;
    if (query.limit && on_page == *query.limit) {
      if (!next_offset) next_offset = position;
      continue;
    }
    if (on_page++ > 0) text += ',';
    text += texts[i];
  }
  text += "],\"timestamp\":";
  text += json(cached->snapshot().timestamp()).dump();
  text += ",\"total\":" + std::to_string(total) + ",\"next_offset\":";
  text += next_offset ? std::to_string(*next_offset) : "null";
  text += '}';
  reply(own_response(request, std::move(text)));
}

void Api::pod(http::Request request, http::Reply reply) const {
  auto body = bodies()->pod(request.params.at("pod_id"));
  if (!body) return reply(error_response(core::not_found("Pod not found")));
  reply(http::Response{200, "application/json", std::move(*body), {}, {}});
}

void Api::services(http::Request request, http::Reply reply) const {
  reply(shared_response(bodies()->body(BodyKind::kServices, wants_gzip(request)),
                        "application/json"));
}

void Api::faults(http::Request request, http::Reply reply) const {
  reply(
      shared_response(bodies()->body(BodyKind::kFaults, wants_gzip(request)), "application/json"));
}

void Api::slo(http::Request request, http::Reply reply) const {
  reply(shared_response(bodies()->body(BodyKind::kSlo, wants_gzip(request)), "application/json"));
}

void Api::alerts(http::Request request, http::Reply reply) const {
  reply(
      shared_response(bodies()->body(BodyKind::kAlerts, wants_gzip(request)), "application/json"));
}

void Api::metrics(http::Request request, http::Reply reply) {
  const auto started = std::chrono::steady_clock::now();
  const ScrapeStats stats{++scrapes_, last_scrape_seconds_.load()};
  SharedBody body = bodies()->metrics(stats, wants_gzip(request));
  last_scrape_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  reply(shared_response(std::move(body), PrometheusWriter::kContentType));
}

void Api::legacy_metrics(http::Request request, http::Reply reply) const {
  reply(shared_response(bodies()->body(BodyKind::kLegacyMetrics, wants_gzip(request)),
                        PrometheusWriter::kContentType));
}

}  // namespace hb::api

#include "api/live_views.h"

#include <cmath>
#include <string_view>

#include "api/json_views.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;

double rounded_rate(double rate) {
  return std::round(rate * 1000.0) / 1000.0;
}

// Each figure of a service sample, by its JSON name.
struct Figure {
  std::string_view name;
  json (*value)(const core::ServiceSample&);
};

constexpr Figure kFigures[] = {
    {"latency_p50_ms", [](const core::ServiceSample& s) { return millis_or_null(s.p50_s); }},
    {"latency_p95_ms", [](const core::ServiceSample& s) { return millis_or_null(s.p95_s); }},
    {"latency_p99_ms", [](const core::ServiceSample& s) { return millis_or_null(s.p99_s); }},
    {"error_ratio", [](const core::ServiceSample& s) { return number_or_null(s.error_ratio); }},
    {"request_rate",
     [](const core::ServiceSample& s) { return json(rounded_rate(s.request_rate)); }},
    {"pods_healthy", [](const core::ServiceSample& s) { return json(s.pods_healthy); }},
    {"pods_ready", [](const core::ServiceSample& s) { return json(s.pods_ready); }},
    {"pods_total", [](const core::ServiceSample& s) { return json(s.pods_total); }},
};

}  // namespace

json event_json(const core::LabEvent& event, const lab::Snapshot& snapshot) {
  return {{"id", event.id},
          {"at", snapshot.unix_seconds(event.at)},
          {"kind", core::to_string(event.kind)},
          {"level", core::to_string(event.level)},
          {"target", event.target},
          {"service", event.service.empty() ? json(nullptr) : json(event.service)},
          {"message", event.message},
          {"reason", core::reason_of(event)},
          {"type", core::type_of(event)}};
}

json sample_json(const core::HistorySample& sample, const lab::Snapshot& snapshot) {
  json services = json::array();
  for (std::size_t s = 0; s < sample.services.size(); ++s) {
    json entry = {{"name", snapshot.report.services[s].name}};
    for (const Figure& figure : kFigures) entry[figure.name] = figure.value(sample.services[s]);
    services.push_back(std::move(entry));
  }
  return {{"t", snapshot.unix_seconds(sample.at)}, {"services", std::move(services)}};
}

json lab_json(const lab::Snapshot& snapshot) {
  const core::LabReport& report = snapshot.report;
  json services = json::array();
  for (const auto& service : report.services) services.push_back(service_json(service, snapshot));
  json pods = json::array();
  for (const auto& pod : report.pods) pods.push_back(pod_json(pod, snapshot));
  json events = json::array();
  for (const auto& event : report.events) events.push_back(event_json(event, snapshot));
  return {{"instance", snapshot.instance},
          {"version", snapshot.version},
          {"timestamp", snapshot.timestamp()},
          {"status", core::to_string(report.status)},
          {"services", std::move(services)},
          {"pods", std::move(pods)},
          {"slo", slo_json(snapshot)},
          {"events", std::move(events)},
          {"sample", report.sample ? sample_json(*report.sample, snapshot) : json(nullptr)},
          {"started_at", snapshot.unix_seconds(report.data_since)},
          {"downtimes", downtimes_json(snapshot)}};
}

json downtimes_json(const lab::Snapshot& snapshot) {
  json downtimes = json::array();
  for (const core::Downtime& down : snapshot.report.downtimes) {
    downtimes.push_back({{"from", snapshot.unix_seconds(down.from)},
                         {"to", snapshot.unix_seconds(down.to)},
                         {"seconds", core::to_seconds(down.to - down.from)}});
  }
  return downtimes;
}

json history_json(const lab::Snapshot& snapshot, core::Duration window) {
  const core::TimePoint since = snapshot.report.at - window;
  json t = json::array();
  std::vector<json> columns(snapshot.report.services.size() * std::size(kFigures), json::array());
  for (const core::HistorySample& sample : snapshot.history->samples()) {
    if (sample.at <= since) continue;
    t.push_back(snapshot.unix_seconds(sample.at));
    for (std::size_t s = 0; s < sample.services.size() && s < snapshot.report.services.size();
         ++s) {
      for (std::size_t f = 0; f < std::size(kFigures); ++f) {
        columns[s * std::size(kFigures) + f].push_back(kFigures[f].value(sample.services[s]));
      }
    }
  }
  json services = json::array();
  for (std::size_t s = 0; s < snapshot.report.services.size(); ++s) {
    json entry = {{"name", snapshot.report.services[s].name}};
    for (std::size_t f = 0; f < std::size(kFigures); ++f) {
      entry[kFigures[f].name] = std::move(columns[s * std::size(kFigures) + f]);
    }
    services.push_back(std::move(entry));
  }
  json events = json::array();
  for (auto it = snapshot.events->rbegin(); it != snapshot.events->rend() && it->at > since; ++it) {
    events.push_back(event_json(*it, snapshot));
  }
  return {{"window_seconds", std::chrono::duration_cast<std::chrono::seconds>(window).count()},
          {"step_seconds",
           std::chrono::duration_cast<std::chrono::seconds>(core::History::kStep).count()},
          {"timestamp", snapshot.timestamp()},
          {"t", std::move(t)},
          {"services", std::move(services)},
          {"events", std::move(events)}};
}

json events_json(const lab::Snapshot& snapshot, const EventPage& page) {
  json events = json::array();
  json next_before = nullptr;
  const auto& log = *snapshot.events;
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (page.before && it->id >= *page.before) continue;
    if (events.size() == page.limit) {  // more remain: the next page starts with this one
      next_before = it->id + 1;
      break;
    }
    events.push_back(event_json(*it, snapshot));
  }
  return {{"events", std::move(events)},
          {"total", snapshot.report.event_count},
          {"kept", log.size()},
          {"next_before", std::move(next_before)}};
}

}  // namespace hb::api

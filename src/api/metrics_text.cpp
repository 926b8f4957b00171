#include "api/metrics_text.h"

#include <fmt/format.h>

#include "api/prometheus_writer.h"
#include "core/request_metrics.h"

namespace hb::api {
namespace {

using core::PodStatus;

void write_requests(PrometheusWriter& w, const core::LabReport& report) {
  w.family("healthboard_requests_total", "counter",
           "Requests answered by each service, by pod and HTTP status code. Requests refused "
           "for want of a ready pod have no pod label.");
  for (const auto& [key, count] : report.metrics.served) {
    const std::string code = std::to_string(key.code);
    const std::string& service = report.services[key.service].name;
    if (key.pod) {
      w.sample("healthboard_requests_total",
               {{"service", service}, {"pod", report.pods[*key.pod].id}, {"code", code}}, count);
    } else {
      w.sample("healthboard_requests_total", {{"service", service}, {"code", code}}, count);
    }
  }
  w.family("healthboard_request_duration_seconds", "histogram",
           "Time each service took to answer, including its downstream calls.");
  for (std::size_t s = 0; s < report.metrics.durations.size(); ++s) {
    const auto& histogram = report.metrics.durations[s];
    const std::string& service = report.services[s].name;
    for (std::size_t b = 0; b < core::kDurationBuckets.size(); ++b) {
      const std::string le = format_value(core::kDurationBuckets[b]);
      w.sample("healthboard_request_duration_seconds_bucket", {{"service", service}, {"le", le}},
               histogram.cumulative(b));
    }
    w.sample("healthboard_request_duration_seconds_bucket", {{"service", service}, {"le", "+Inf"}},
             histogram.count);
    w.sample("healthboard_request_duration_seconds_sum", {{"service", service}}, histogram.sum);
    w.sample("healthboard_request_duration_seconds_count", {{"service", service}}, histogram.count);
  }
  w.family("healthboard_lab_requests_total", "counter",
           "Requests the lab's clients sent, by the code they saw (a client timeout is 504). "
           "The lab SLO counts these.");
  for (const auto& [code, count] : report.metrics.lab_requests) {
    w.sample("healthboard_lab_requests_total", {{"code", std::to_string(code)}}, count);
  }
}

void write_pods(PrometheusWriter& w, const core::LabReport& report) {
  using Value = double (*)(const core::PodReport&);
  const auto gauge = [&](std::string_view name, std::string_view type, std::string_view help,
                         Value value) {
    w.family(name, type, help);
    for (const auto& pod : report.pods) {
      w.sample(name, {{"service", pod.service}, {"pod", pod.id}}, value(pod));
    }
  };
  gauge("healthboard_pod_up", "gauge", "1 when the pod's process runs and heart-beats.",
        [](const core::PodReport& p) { return p.status == PodStatus::kDown ? 0.0 : 1.0; });
  gauge("healthboard_pod_ready", "gauge", "1 when the pod is in its service's endpoints.",
        [](const core::PodReport& p) { return p.ready ? 1.0 : 0.0; });
  gauge("healthboard_pod_restarts_total", "counter", "Restarts of the pod.",
        [](const core::PodReport& p) { return static_cast<double>(p.restarts); });
  gauge("healthboard_pod_fault_delay_seconds", "gauge", "Injected delay added to each request.",
        [](const core::PodReport& p) { return static_cast<double>(p.fault.delay_ms) / 1000.0; });
  gauge("healthboard_pod_fault_error_ratio", "gauge", "Injected probability of a 500 answer.",
        [](const core::PodReport& p) { return p.fault.error_rate; });
  gauge("healthboard_pod_fault_killed", "gauge", "1 when the pod was killed by a fault.",
        [](const core::PodReport& p) { return p.fault.kill ? 1.0 : 0.0; });
  w.family("healthboard_pod_status", "gauge",
           "The pod's dashboard status: 1 for the current one of Healthy, Degraded, Down.");
  for (const auto& pod : report.pods) {
    for (const auto status : {PodStatus::kHealthy, PodStatus::kDegraded, PodStatus::kDown}) {
      w.sample("healthboard_pod_status",
               {{"service", pod.service}, {"pod", pod.id}, {"status", core::to_string(status)}},
               pod.status == status ? 1.0 : 0.0);
    }
  }
}

void write_slo(PrometheusWriter& w, const core::LabReport& report) {
  const core::SloSpec& spec = report.slo_spec;
  w.family("healthboard_slo_objective_ratio", "gauge",
           "Target share of good requests for each lab SLO.");
  w.sample("healthboard_slo_objective_ratio", {{"slo", "availability"}}, spec.availability_target);
  w.sample("healthboard_slo_objective_ratio", {{"slo", "latency"}}, spec.latency_target);
  w.family("healthboard_slo_latency_threshold_seconds", "gauge",
           "A request slower than this is bad for the latency SLO.");
  w.sample("healthboard_slo_latency_threshold_seconds", {},
           static_cast<double>(spec.latency_threshold_ms) / 1000.0);
  // No traffic in a window means no sample, never NaN or a made-up 0.
  w.family("healthboard_slo_burn_rate", "gauge",
           "Error-budget burn rate of the lab availability SLO over a window (1 = on budget).");
  if (report.slo.burn_rate_5m) {
    w.sample("healthboard_slo_burn_rate", {{"slo", "availability"}, {"window", "5m"}},
             *report.slo.burn_rate_5m);
  }
  w.family("healthboard_slo_error_budget_remaining_ratio", "gauge",
           "Share of the SLO window's error budget left, 0 when exhausted.");
  if (report.slo.budget_remaining) {
    w.sample("healthboard_slo_error_budget_remaining_ratio", {{"slo", "availability"}},
             *report.slo.budget_remaining);
  }
}

}  // namespace

std::string render_metrics(const lab::Snapshot& snapshot, const ScrapeStats& scrapes) {
  PrometheusWriter w;
  write_requests(w, snapshot.report);
  write_pods(w, snapshot.report);
  write_slo(w, snapshot.report);
  w.family("healthboard_scrapes_total", "counter", "Scrapes of /metrics, this one included.");
  w.sample("healthboard_scrapes_total", {}, scrapes.scrapes);
  w.family("healthboard_scrape_duration_seconds", "gauge",
           "Time the previous scrape of /metrics took to render.");
  w.sample("healthboard_scrape_duration_seconds", {}, scrapes.last_duration_seconds);
  return w.take();
}

}  // namespace hb::api

// The metric names the original healthboard exported, computed from the same measurements as the
// rest of /metrics. /metrics carries those that pass `promtool check metrics` after its own
// series, so that a client or a scrape job that looked for them there still finds them;
// /metrics/legacy carries all of them, the three whose names abbreviate a unit (`_ms`) too.
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/json_views.h"
#include "api/metrics_text.h"
#include "api/prometheus_writer.h"

namespace hb::api {
namespace {

using core::PodStatus;

void optional_sample(PrometheusWriter& w, std::string_view name, const LabelText& labels,
                     const std::optional<double>& value, double scale = 1.0) {
  if (value) w.sample(name, labels, *value * scale);
}

// Each pod's labels in the original's pod_* families: pod_id and service.
std::vector<LabelText> pod_labels(const core::LabReport& report) {
  std::vector<LabelText> labels;
  labels.reserve(report.pods.size());
  for (const auto& p : report.pods) labels.push_back({{"pod_id", p.id}, {"service", p.service}});
  return labels;
}

// Pods of each service whose status is Healthy, in the report's order of services.
std::vector<double> healthy_pods(const core::LabReport& report) {
  std::unordered_map<std::string_view, double> by_name;
  for (const auto& p : report.pods) {
    if (p.status == PodStatus::kHealthy) by_name[p.service] += 1.0;
  }
  std::vector<double> healthy;
  healthy.reserve(report.services.size());
  for (const auto& s : report.services) healthy.push_back(by_name[s.name]);
  return healthy;
}

}  // namespace

void write_original_metrics(PrometheusWriter& w, const core::LabReport& report,
                            OriginalSeries which) {
  const bool all = which == OriginalSeries::kAll;
  const std::vector<LabelText> labels = pod_labels(report);
  w.family("pod_healthy", "gauge", "1 when the pod's status is Healthy.");
  for (std::size_t p = 0; p < report.pods.size(); ++p) {
    w.sample("pod_healthy", labels[p], report.pods[p].status == PodStatus::kHealthy ? 1.0 : 0.0);
  }
  w.family("pod_restarts", "gauge", "Restarts of the pod.");
  for (std::size_t p = 0; p < report.pods.size(); ++p) {
    w.sample("pod_restarts", labels[p], static_cast<double>(report.pods[p].restarts));
  }
  if (all) {
    w.family("pod_latency_ms", "gauge", "Measured median latency of the pod's recent requests.");
    for (std::size_t p = 0; p < report.pods.size(); ++p) {
      w.sample("pod_latency_ms", labels[p], latency_ms(report.pods[p]));
    }
  }
  w.family("pod_error_rate", "gauge", "Measured error ratio of the pod's recent requests.");
  for (std::size_t p = 0; p < report.pods.size(); ++p) {
    optional_sample(w, "pod_error_rate", labels[p], report.pods[p].recent.error_ratio);
  }
  if (all) {
    w.family("service_latency_ms", "gauge", "Measured median latency of the service's requests.");
    for (const auto& s : report.services) {
      optional_sample(w, "service_latency_ms", {{"service", s.name}}, s.recent.p50_s, 1000.0);
    }
  }
  w.family("service_error_rate", "gauge", "Measured error ratio of the service's requests.");
  for (const auto& s : report.services) {
    optional_sample(w, "service_error_rate", {{"service", s.name}}, s.recent.error_ratio);
  }
  w.family("service_healthy_pods", "gauge", "Pods of the service whose status is Healthy.");
  const std::vector<double> healthy = healthy_pods(report);
  for (std::size_t s = 0; s < report.services.size(); ++s) {
    w.sample("service_healthy_pods", {{"service", report.services[s].name}}, healthy[s]);
  }
  w.family("service_total_pods", "gauge", "Pods of the service.");
  for (const auto& s : report.services) {
    w.sample("service_total_pods", {{"service", s.name}}, static_cast<double>(s.pods_total));
  }
  if (all) {
    w.family("slo_latency_p95_target_ms", "gauge", "Latency objective: p95 under this many ms.");
    w.sample("slo_latency_p95_target_ms", {},
             static_cast<double>(report.lab_slo().spec.latency_threshold_ms));
  }
  w.family("slo_availability_target", "gauge", "Availability objective.");
  w.sample("slo_availability_target", {}, report.lab_slo().spec.availability_target);
  // As in GET /slo: 0 and 1 (nothing burned, the whole budget left) before any request counts.
  w.family("slo_burn_rate_5m", "gauge", "Error-budget burn rate over the last 5 minutes.");
  w.sample("slo_burn_rate_5m", {},
           report.lab_slo().availability.windows.front().burn_rate.value_or(0.0));
  w.family("slo_budget_remaining", "gauge", "Share of the error budget left (0 to 1).");
  w.sample("slo_budget_remaining", {},
           report.lab_slo().availability.budget_remaining.value_or(1.0));
}

std::string render_legacy_metrics(const lab::Snapshot& snapshot) {
  PrometheusWriter w(4096 + snapshot.report.pods.size() * 256);
  write_original_metrics(w, snapshot.report, OriginalSeries::kAll);
  return w.take();
}

}  // namespace hb::api

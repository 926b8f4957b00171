#include "api/metrics_text.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/kube_metrics.h"
#include "api/prometheus_writer.h"
#include "core/request_metrics.h"

namespace hb::api {
namespace {

using core::PodStatus;

// The samples of one duration histogram: cumulative buckets ending at +Inf, sum and count.
void write_histogram(PrometheusWriter& w, std::string_view name, const core::DurationHistogram& h,
                     const LabelText& labels) {
  const std::string bucket = std::string(name) + "_bucket";
  for (std::size_t b = 0; b < h.bounds.size(); ++b) {
    w.sample(bucket, labels, {"le", format_value(h.bounds[b])}, h.cumulative(b));
  }
  w.sample(bucket, labels, {"le", "+Inf"}, h.count);
  w.sample(std::string(name) + "_sum", labels, h.sum);
  w.sample(std::string(name) + "_count", labels, h.count);
}

void write_requests(PrometheusWriter& w, const core::LabReport& report) {
  w.family("healthboard_requests_total", "counter",
           "Requests answered by each service, by pod and HTTP status code. Requests refused "
           "for want of a ready pod have no pod label.");
  for (const auto& [key, count] : report.metrics.served) {
    LabelText labels{{"service", report.services[key.service].name}};
    if (key.pod) labels.add("pod", report.pods[*key.pod].id);
    w.sample("healthboard_requests_total", labels, {"code", std::to_string(key.code)}, count);
  }
  w.family("healthboard_request_duration_seconds", "histogram",
           "Time each service took to answer, including its downstream calls.");
  for (std::size_t s = 0; s < report.metrics.durations.size(); ++s) {
    write_histogram(w, "healthboard_request_duration_seconds", report.metrics.durations[s],
                    {{"service", report.services[s].name}});
  }
  w.family("healthboard_lab_requests_total", "counter",
           "Requests the lab's clients sent, by the code they saw (a client timeout is 504). "
           "The lab SLO counts these.");
  for (const auto& [code, count] : report.metrics.lab_requests) {
    w.sample("healthboard_lab_requests_total", {{"code", std::to_string(code)}}, count);
  }
  w.family("healthboard_lab_request_duration_seconds", "histogram",
           "Time the lab's client requests took, as the clients saw them.");
  write_histogram(w, "healthboard_lab_request_duration_seconds", report.metrics.lab_durations, {});
}

// Each pod's labels in the healthboard_pod_* families: service and pod.
std::vector<LabelText> pod_labels(const core::LabReport& report) {
  std::vector<LabelText> labels;
  labels.reserve(report.pods.size());
  for (const auto& pod : report.pods) labels.push_back({{"service", pod.service}, {"pod", pod.id}});
  return labels;
}

void write_pods(PrometheusWriter& w, const core::LabReport& report) {
  const std::vector<LabelText> labels = pod_labels(report);
  using Value = double (*)(const core::PodReport&);
  const auto gauge = [&](std::string_view name, std::string_view type, std::string_view help,
                         Value value) {
    w.family(name, type, help);
    for (std::size_t p = 0; p < report.pods.size(); ++p) {
      w.sample(name, labels[p], value(report.pods[p]));
    }
  };
  gauge("healthboard_pod_up", "gauge", "1 when the pod's process runs and heart-beats.",
        [](const core::PodReport& p) { return p.status == PodStatus::kDown ? 0.0 : 1.0; });
  gauge("healthboard_pod_ready", "gauge",
        "1 when the pod is Running and in its service's endpoints (ready in GET /pods).",
        [](const core::PodReport& p) { return p.ready ? 1.0 : 0.0; });
  gauge("healthboard_pod_requests_in_flight", "gauge",
        "Requests the pod has started and not yet answered.",
        [](const core::PodReport& p) { return static_cast<double>(p.in_flight.count); });
  gauge("healthboard_pod_restarts_total", "counter", "Restarts of the pod.",
        [](const core::PodReport& p) { return static_cast<double>(p.restarts); });
  gauge("healthboard_pod_fault_delay_seconds", "gauge", "Injected delay added to each request.",
        [](const core::PodReport& p) { return static_cast<double>(p.fault.delay_ms) / 1000.0; });
  gauge("healthboard_pod_fault_jitter_seconds", "gauge",
        "Injected jitter: the added delay varies uniformly by up to this much either way.",
        [](const core::PodReport& p) { return static_cast<double>(p.fault.jitter_ms) / 1000.0; });
  gauge("healthboard_pod_fault_error_ratio", "gauge", "Injected probability of a 500 answer.",
        [](const core::PodReport& p) { return p.fault.error_rate; });
  gauge("healthboard_pod_fault_killed", "gauge", "1 when the pod was killed by a fault.",
        [](const core::PodReport& p) { return p.fault.kill ? 1.0 : 0.0; });
  gauge("healthboard_pod_busy_workers", "gauge",
        "Requests the pod's workers are serving now (queued ones not counted).",
        [](const core::PodReport& p) { return static_cast<double>(p.busy_workers); });
  gauge("healthboard_pod_queued_requests", "gauge",
        "Requests waiting for one of the pod's workers.",
        [](const core::PodReport& p) { return static_cast<double>(p.queued); });
  w.family("healthboard_pod_utilization", "gauge",
           "Busy workers / the pod's concurrency limit, 0 to 1; only pods with a limit.");
  for (std::size_t p = 0; p < report.pods.size(); ++p) {
    const auto& utilization = report.pods[p].utilization;
    if (utilization) w.sample("healthboard_pod_utilization", labels[p], *utilization);
  }
  w.family("healthboard_pod_status", "gauge",
           "The pod's dashboard status: 1 for the current one of Healthy, Degraded, Down.");
  for (std::size_t p = 0; p < report.pods.size(); ++p) {
    for (const auto status : {PodStatus::kHealthy, PodStatus::kDegraded, PodStatus::kDown}) {
      w.sample("healthboard_pod_status", labels[p], {"status", core::to_string(status)},
               report.pods[p].status == status ? 1.0 : 0.0);
    }
  }
}

// One series per dependency edge, so a cut shows as a change of value, not a new series.
void write_partitions(PrometheusWriter& w, const core::LabReport& report) {
  w.family("healthboard_dependency_partitioned", "gauge",
           "1 while the calls from one service to a dependency fail by a partition fault.");
  for (const auto& service : report.services) {
    for (const auto& dependency : service.dependencies) {
      const bool cut = std::any_of(report.partitions.begin(), report.partitions.end(),
                                   [&](const core::PartitionReport& p) {
                                     return p.from == service.name && p.to == dependency;
                                   });
      w.sample("healthboard_dependency_partitioned", {{"from", service.name}, {"to", dependency}},
               cut ? 1.0 : 0.0);
    }
  }
}

// Per SLO ("lab" or a service) and SLI: objective, error ratio and burn rate per window, budget
// left, alert states; per SLO and window, how much of the window has data. A window without traffic
// has no sample, never NaN or a made-up 0.
void write_slo(PrometheusWriter& w, const core::LabReport& report) {
  using SliOf = const core::SliReport& (*)(const core::SloReport&);
  const std::pair<std::string_view, SliOf> slis[] = {
      {"availability",
       [](const core::SloReport& s) -> const core::SliReport& { return s.availability; }},
      {"latency", [](const core::SloReport& s) -> const core::SliReport& { return s.latency; }}};
  const auto per_sli = [&](std::string_view name, std::string_view help, auto write) {
    w.family(name, "gauge", help);
    for (const auto& slo : report.slos) {
      for (const auto& [sli, of] : slis) write(slo, sli, of(slo));
    }
  };
  per_sli("healthboard_slo_objective_ratio", "Target share of good requests of each SLO.",
          [&](const core::SloReport& slo, std::string_view sli, const core::SliReport& figures) {
            w.sample("healthboard_slo_objective_ratio", {{"service", slo.name}, {"slo", sli}},
                     figures.target);
          });
  w.family("healthboard_slo_latency_threshold_seconds", "gauge",
           "A request slower than this is bad for the latency SLO.");
  for (const auto& slo : report.slos) {
    w.sample("healthboard_slo_latency_threshold_seconds", {{"service", slo.name}},
             static_cast<double>(slo.spec.latency_threshold_ms) / 1000.0);
  }
  w.family("healthboard_slo_window_seconds", "gauge", "The rolling window of the error budget.");
  for (const auto& slo : report.slos) {
    w.sample("healthboard_slo_window_seconds", {{"service", slo.name}},
             core::to_seconds(slo.spec.window));
  }
  // The same for both SLIs, so one series per SLO and window.
  w.family("healthboard_slo_window_data_seconds", "gauge",
           "How much of each window has data: the time since the lab started, at most the "
           "window. Below the window's length, its figures cover only this much.");
  for (const auto& slo : report.slos) {
    for (const auto& window : slo.availability.windows) {
      w.sample("healthboard_slo_window_data_seconds",
               {{"service", slo.name}, {"window", core::window_name(window.window)}},
               core::to_seconds(window.data));
    }
  }
  const auto per_window = [&](std::string_view name, std::string_view help, auto value) {
    per_sli(
        name, help,
        [&](const core::SloReport& slo, std::string_view sli, const core::SliReport& figures) {
          for (const auto& window : figures.windows) {
            const std::optional<double> v = value(window);
            if (!v) continue;
            w.sample(
                name,
                {{"service", slo.name}, {"slo", sli}, {"window", core::window_name(window.window)}},
                *v);
          }
        });
  };
  per_window("healthboard_slo_error_ratio",
             "Share of bad requests over a window, from exact counts.",
             [](const core::WindowFigures& f) { return f.error_ratio; });
  per_window("healthboard_slo_burn_rate",
             "Error-budget burn rate over a window: error ratio / (1 - objective); 1 = on budget.",
             [](const core::WindowFigures& f) { return f.burn_rate; });
  per_sli("healthboard_slo_error_budget_remaining_ratio",
          "Share of the SLO window's error budget left, 0 when exhausted.",
          [&](const core::SloReport& slo, std::string_view sli, const core::SliReport& figures) {
            if (!figures.budget_remaining) return;
            w.sample("healthboard_slo_error_budget_remaining_ratio",
                     {{"service", slo.name}, {"slo", sli}}, *figures.budget_remaining);
          });
  w.family("healthboard_slo_alert_firing", "gauge",
           "1 while a multi-window burn-rate alert fires (Google SRE Workbook), else 0.");
  for (const auto& alert : report.alerts) {
    w.sample("healthboard_slo_alert_firing",
             {{"service", alert.slo},
              {"slo", alert.sli},
              {"alert", alert.rule->name},
              {"severity", alert.rule->severity}},
             alert.firing ? 1.0 : 0.0);
  }
}

void write_scrape_lines(PrometheusWriter& w, const ScrapeStats& scrapes) {
  w.family("healthboard_scrapes_total", "counter", "Scrapes of /metrics, this one included.");
  w.sample("healthboard_scrapes_total", {}, scrapes.scrapes);
  w.family("healthboard_scrape_duration_seconds", "gauge",
           "Time the previous scrape of /metrics took to render.");
  w.sample("healthboard_scrape_duration_seconds", {}, scrapes.last_duration_seconds);
}

}  // namespace

MetricsText render_metrics_text(const lab::Snapshot& snapshot, const ScrapeStats& scrapes) {
  const core::LabReport& report = snapshot.report;
  // More than a pod takes (about 3 kB), so that the text is never copied as it grows; pages
  // reserved and not written cost nothing.
  PrometheusWriter w(65536 + report.pods.size() * 4096);
  write_requests(w, report);
  write_pods(w, report);
  write_partitions(w, report);
  write_slo(w, report);
  MetricsText out;
  out.scrape_lines_at = w.size();
  write_scrape_lines(w, scrapes);
  out.scrape_lines_size = w.size() - out.scrape_lines_at;
  write_kube_state_metrics(w, report);
  write_original_metrics(w, report, OriginalSeries::kPromtoolClean);
  out.text = w.take();
  return out;
}

std::string render_metrics(const lab::Snapshot& snapshot, const ScrapeStats& scrapes) {
  return render_metrics_text(snapshot, scrapes).text;
}

std::string render_scrape_lines(const ScrapeStats& scrapes) {
  PrometheusWriter w;
  write_scrape_lines(w, scrapes);
  return w.take();
}

}  // namespace hb::api

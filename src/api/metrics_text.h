// /metrics: the lab's counters, histograms and gauges in Prometheus text format, then the lab in
// kube-state-metrics' terms (kube_metrics.h), followed by the original dashboard's series;
// /metrics/legacy: the original's series alone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lab/snapshot.h"

namespace hb::api {

// What /metrics reports about its own scrapes, as prometheus-cpp's exposer does.
struct ScrapeStats {
  std::uint64_t scrapes = 0;           // including the one being answered
  double last_duration_seconds = 0.0;  // of the previous scrape
};

class PrometheusWriter;

// healthboard's own series, the scrape lines, the kube_* ones, then the original's
// (write_original_metrics).
std::string render_metrics(const lab::Snapshot& snapshot, const ScrapeStats& scrapes);
// The same text, and where its scrape lines are in it: all but those depends on the snapshot
// alone, so that another scrape of the snapshot needs only new scrape lines.
struct MetricsText {
  std::string text;
  std::size_t scrape_lines_at = 0;
  std::size_t scrape_lines_size = 0;

  std::string_view head() const { return std::string_view(text).substr(0, scrape_lines_at); }
  std::string_view scrape_lines() const {
    return std::string_view(text).substr(scrape_lines_at, scrape_lines_size);
  }
  std::string_view tail() const {
    return std::string_view(text).substr(scrape_lines_at + scrape_lines_size);
  }
};
MetricsText render_metrics_text(const lab::Snapshot& snapshot, const ScrapeStats& scrapes);
// The scrape lines of /metrics (healthboard_scrapes_total, healthboard_scrape_duration_seconds).
std::string render_scrape_lines(const ScrapeStats& scrapes);
enum class OriginalSeries {
  kAll,            // /metrics/legacy
  kPromtoolClean,  // /metrics: all but pod_latency_ms, service_latency_ms,
                   // slo_latency_p95_target_ms
};
// The original healthboard's series: pod_healthy, pod_restarts, ... with its labels.
void write_original_metrics(PrometheusWriter& w, const core::LabReport& report,
                            OriginalSeries which);
std::string render_legacy_metrics(const lab::Snapshot& snapshot);

}  // namespace hb::api

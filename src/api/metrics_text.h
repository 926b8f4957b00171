// /metrics: the lab's counters, histograms and gauges in Prometheus text format, then the lab in
// kube-state-metrics' terms (kube_metrics.h), followed by the original dashboard's series;
// /metrics/legacy: the original's series alone.
#pragma once

#include <cstdint>
#include <string>

#include "lab/snapshot.h"

namespace hb::api {

// What /metrics reports about its own scrapes, as prometheus-cpp's exposer does.
struct ScrapeStats {
  std::uint64_t scrapes = 0;           // including the one being answered
  double last_duration_seconds = 0.0;  // of the previous scrape
};

class PrometheusWriter;

// healthboard's own series, the kube_* ones, then the original's (write_original_metrics).
std::string render_metrics(const lab::Snapshot& snapshot, const ScrapeStats& scrapes);
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

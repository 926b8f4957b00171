// /metrics: the lab's counters, histograms and gauges in Prometheus text format, and
// /metrics/legacy: the original dashboard's metric names, kept for old dashboards.
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

std::string render_metrics(const lab::Snapshot& snapshot, const ScrapeStats& scrapes);
std::string render_legacy_metrics(const lab::Snapshot& snapshot);

}  // namespace hb::api

// How long GET /metrics takes to render at 10,000 pods (100 services x 100 pods, 10 client
// requests a second each, 5 s of lab time), and how large it is. Wall time: the scrape is what a
// client waits for. With HB_METRICS_DUMP=FILE the body is written there first, so that two builds
// can be compared byte for byte.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "api/body_cache.h"
#include "api/metrics_text.h"
#include "core/cluster.h"
#include "lab_shapes.h"

namespace hb::api {
namespace {

using bench::lab_of;

std::shared_ptr<const lab::Snapshot> lab_100x100() {
  core::Cluster cluster(lab_of(100, 100, 10.0), 1, core::TimePoint{});
  for (core::TimePoint t{}; t < core::TimePoint{core::from_seconds(5.0)};) {
    t += core::Cluster::kStatusStep;
    cluster.advance_to(t);
  }
  auto snapshot = std::make_shared<lab::Snapshot>();
  snapshot->report = cluster.report();
  snapshot->version = 1;
  snapshot->events = std::make_shared<const std::deque<core::LabEvent>>();
  snapshot->history = std::make_shared<const core::History>();
  return snapshot;
}

const lab::Snapshot& shared_lab() {
  static const std::shared_ptr<const lab::Snapshot> snapshot = lab_100x100();
  return *snapshot;
}

void report_bytes(benchmark::State& state, std::size_t bytes) {
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

// render_metrics alone.
void BM_RenderMetrics100x100(benchmark::State& state) {
  const lab::Snapshot& snapshot = shared_lab();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = render_metrics(snapshot, ScrapeStats{1, 0.01});
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  report_bytes(state, bytes);
}
BENCHMARK(BM_RenderMetrics100x100)->Unit(benchmark::kMillisecond)->UseRealTime();

// One scrape of a fresh snapshot, as GET /metrics answers it: the body cache renders the snapshot's
// text and puts the scrape lines in.
void BM_ScrapeFreshSnapshot100x100(benchmark::State& state) {
  const auto snapshot = std::make_shared<const lab::Snapshot>(shared_lab());
  std::size_t bytes = 0;
  for (auto _ : state) {
    const SnapshotBodies bodies(snapshot);
    const SharedBody body = bodies.metrics(ScrapeStats{1, 0.01}, false);
    bytes = body.text.size();
    benchmark::DoNotOptimize(body.text.data());
  }
  report_bytes(state, bytes);
}
BENCHMARK(BM_ScrapeFreshSnapshot100x100)->Unit(benchmark::kMillisecond)->UseRealTime();

// GET /metrics/legacy.
void BM_RenderLegacyMetrics100x100(benchmark::State& state) {
  const lab::Snapshot& snapshot = shared_lab();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = render_legacy_metrics(snapshot);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  report_bytes(state, bytes);
}
BENCHMARK(BM_RenderLegacyMetrics100x100)->Unit(benchmark::kMillisecond)->UseRealTime();

void dump_if_asked() {
  const char* path = std::getenv("HB_METRICS_DUMP");
  if (path == nullptr) return;
  std::ofstream(path, std::ios::binary)
      << render_metrics(shared_lab(), ScrapeStats{1, 0.01}) << render_legacy_metrics(shared_lab());
}

}  // namespace
}  // namespace hb::api

int main(int argc, char** argv) {
  hb::api::dump_if_asked();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

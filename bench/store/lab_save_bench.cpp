// The cost of one save of a running lab (LabStore::save): its checkpoint since the last save,
// turned into rows and written in one transaction, as `serve` does once a second on the lab's
// own thread. Each iteration first advances the lab by one second of lab time (not timed), so
// each save carries a second's events, history sample and SLO buckets. Wall time.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "../lab_shapes.h"
#include "core/cluster.h"
#include "lab/lab_store.h"

namespace hb::lab {
namespace {

std::string bench_dir() {
  const char* base = std::getenv("HB_BENCH_DIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/hb-lab-save-XXXXXX";
  return ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
}

// Args: services, pods per service; 100 client req/s per service.
void BM_LabSave(benchmark::State& state) {
  const auto services = static_cast<int>(state.range(0));
  const auto replicas = static_cast<int>(state.range(1));
  const core::LabSpec spec = bench::lab_of(services, replicas, 100.0);
  core::Cluster lab(spec, 1, core::TimePoint{});
  // Something to keep for one pod in ten: a restart, and a fault on every other one of those.
  for (int s = 0; s < services; ++s) {
    for (int n = 1; n <= replicas; n += 10) {
      const std::string pod = "svc-" + std::to_string(s) + "-pod-" + std::to_string(n);
      (void)lab.restart(pod, core::TimePoint{});
      if (n % 20 == 1) (void)lab.apply_fault(pod, {.delay_ms = 5}, core::TimePoint{});
    }
  }
  const std::string dir = bench_dir();
  auto opened = LabStore::open(dir, true, spec);
  if (!opened) {
    state.SkipWithError(opened.error().detail.c_str());
    return;
  }
  LabStore& store = *opened.value().store;
  core::TimePoint now{};
  double unix_now = 1764900000.0;
  (void)store.save(lab, unix_now, 1, unix_now);  // the first save writes everything
  for (auto _ : state) {
    state.PauseTiming();
    now += std::chrono::seconds(1);
    unix_now += 1.0;
    lab.advance_to(now);
    state.ResumeTiming();
    if (const auto saved = store.save(lab, 1764900000.0, 1, unix_now); !saved) {
      state.SkipWithError(saved.error().detail.c_str());
      break;
    }
  }
  opened.value().store.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}
BENCHMARK(BM_LabSave)
    ->Args({3, 3})
    ->Args({100, 100})
    ->Iterations(30)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hb::lab

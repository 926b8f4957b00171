// How fast the simulation core runs, in virtual time on one core: simulated service requests per
// second of CPU time, against the size of the lab. Each run advances a fresh Cluster in 100 ms
// steps, as the lab runner does, and counts the requests the services answered. CPU time, not
// wall time, so that other work on the machine does not change the figures.
#include <benchmark/benchmark.h>

#include <string>

#include "core/cluster.h"
#include "lab_shapes.h"

namespace hb::core {
namespace {

using bench::lab_of;

std::uint64_t answered(const Cluster& cluster) {
  std::uint64_t total = 0;
  for (const auto& [key, count] : cluster.metrics().served) total += count;
  return total;
}

void run(benchmark::State& state, const LabSpec& spec, double lab_seconds) {
  std::uint64_t requests = 0;
  double simulated = 0.0;
  for (auto _ : state) {
    Cluster cluster(spec, 1, TimePoint{});
    for (TimePoint t{}; t < TimePoint{from_seconds(lab_seconds)};) {
      t += Cluster::kStatusStep;
      cluster.advance_to(t);
    }
    requests += answered(cluster);
    simulated += lab_seconds;
    benchmark::DoNotOptimize(cluster.now());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
  state.counters["lab_s_per_s"] = benchmark::Counter(simulated, benchmark::Counter::kIsRate);
  state.counters["pods"] = static_cast<double>(spec.services.size()) * spec.services[0].replicas;
}

// The throughput figure: the default chain, 10,000 client requests a second at each
// of its three services.
void BM_DefaultChainAt10kRps(benchmark::State& state) {
  LabSpec spec = default_lab_spec();
  for (ServiceSpec& service : spec.services) service.rate_rps = 10000.0;
  run(state, spec, 10.0);
}
BENCHMARK(BM_DefaultChainAt10kRps)->Unit(benchmark::kMillisecond);

// The real-time lab: 100 services x 100 pods, 100 client requests a second each, in
// chains of ten. Real time needs lab_s_per_s >= 1; under half a core needs >= 2.
void BM_Lab100x100At100Rps(benchmark::State& state) {
  run(state, lab_of(100, 100, 100.0), 5.0);
}
BENCHMARK(BM_Lab100x100At100Rps)->Unit(benchmark::kMillisecond)->Iterations(1);

// Requests per second against the number of pods, at 10 client requests a second per service
// (100 pods a service; the 9-pod lab is the default one at its default rates).
void BM_PodCount(benchmark::State& state) {
  const auto pods = static_cast<int>(state.range(0));
  const LabSpec spec = pods == 9 ? default_lab_spec() : lab_of(pods / 100, 100, 10.0);
  run(state, spec, pods >= 10000 ? 2.0 : 10.0);
}
BENCHMARK(BM_PodCount)
    ->Arg(9)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// The largest lab over 30 s of lab time, so that building it (about a second) weighs
// little in the figure: 10 minutes of lab time take 600 / lab_s_per_s CPU seconds.
void BM_Pods100kFor30s(benchmark::State& state) {
  run(state, lab_of(1000, 100, 10.0), 30.0);
}
BENCHMARK(BM_Pods100kFor30s)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace hb::core

BENCHMARK_MAIN();

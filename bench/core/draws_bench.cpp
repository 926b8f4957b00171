// The part of a simulated request that no bookkeeping change can remove while a seed replays
// exactly: its draws, made as Cluster makes them. Per service request of the default chain at
// 10,000 client requests a second: one log-normal latency (the polar method: two uniforms a try,
// glibc's log, a division, a square root, glibc's exp) and half an exponential gap between client
// requests (a uniform and glibc's log); no error draw, since the default pods fail at rate 0.
// Its items per second set a ceiling on the default chain's service requests per second.
#include <benchmark/benchmark.h>

#include "core/random.h"
#include "core/time.h"

namespace hb::core {
namespace {

void BM_DrawsPerServiceRequest(benchmark::State& state) {
  Rng rng(1);
  constexpr int kRequests = 1000;
  for (auto _ : state) {
    Duration total{0};
    for (int i = 0; i < kRequests; ++i) {
      total += from_seconds(rng.lognormal(30.0, 0.25) / 1000.0);
      if (i % 2 == 0) total += from_seconds(rng.exponential(1e-4));
    }
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(state.iterations() * kRequests);
}
BENCHMARK(BM_DrawsPerServiceRequest);

}  // namespace
}  // namespace hb::core

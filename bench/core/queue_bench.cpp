// The event queue alone, in the case its near bucket's overflow heap is for: a burst of timers
// due at one instant (pods started together), each scheduling its next within the same
// 1.024 ms as it fires. Time per event should not grow with the burst (an insertion into the
// near bucket past every entry still due would make it grow linearly).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>

#include "core/event_queue.h"

namespace hb::core {
namespace {

void BM_QueueBurstOfOneInstant(benchmark::State& state) {
  const auto timers = static_cast<std::uint64_t>(state.range(0));
  const TimePoint instant{Duration{100 * 1024}};
  std::int64_t events = 0;
  for (auto _ : state) {
    EventQueue queue;
    std::mt19937_64 random(5);
    for (std::uint64_t timer = 0; timer < timers; ++timer) {
      queue.push(instant, DueKind::kLifecycle, timer, timer);
    }
    while (!queue.empty()) {
      const EventQueue::Entry entry = queue.pop();
      ++events;
      if (entry.payload < timers) {  // its next, 100 to 900 us later
        queue.push(entry.at + Duration{100 + static_cast<std::int64_t>(random() % 800)},
                   DueKind::kLifecycle, entry.payload + timers, entry.payload + timers);
      }
    }
  }
  state.SetItemsProcessed(events);
}
BENCHMARK(BM_QueueBurstOfOneInstant)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hb::core

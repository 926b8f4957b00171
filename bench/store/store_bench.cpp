// The cost of one Store::write of a typical batch: the state row (5 kB of JSON), 10 events,
// 3 history rows of 500 B and 20 SLO bucket upserts, in one transaction, on a database in WAL
// mode with synchronous=NORMAL (a commit writes to the WAL file and does not wait for fsync).
// Wall time, not CPU time: the writes go through the file system. The database lives in a fresh
// directory under $HB_BENCH_DIR (default /tmp), removed afterwards.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "store/store.h"

namespace hb::store {
namespace {

class BenchDir {
 public:
  BenchDir() {
    const char* base = std::getenv("HB_BENCH_DIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/hb-store-bench-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  BenchDir(const BenchDir&) = delete;
  BenchDir& operator=(const BenchDir&) = delete;
  ~BenchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The n-th batch of a lab that writes once a second: lab time moves by 1 s, ten new events,
// three history samples, and the current bucket of each of 5 SLOs in each of 4 rings.
Batch typical_batch(std::int64_t n, bool trims) {
  Batch batch;
  batch.state = StateRow{1764900000000 + n * 1000, n * 1000, std::string(5000, 's')};
  for (std::int64_t i = 0; i < 10; ++i) {
    batch.events.push_back({n * 10 + i, std::string(200, 'e')});
  }
  for (std::int64_t i = 0; i < 3; ++i) {
    batch.history.push_back({n * 1000 + i * 333, std::string(500, 'h')});
  }
  constexpr std::int64_t kBucketSeconds[] = {10, 60, 600, 3600};
  for (int slo = 0; slo < 5; ++slo) {
    for (std::int64_t ring = 0; ring < 4; ++ring) {
      batch.buckets.push_back({"service-" + std::to_string(slo), ring, n / kBucketSeconds[ring],
                               n * 60, n / 100, n / 50});
    }
  }
  if (trims) {  // keep 10,000 events, an hour of history, 8,640 buckets a ring
    batch.events_keep_from_seq = n * 10 - 10000;
    batch.history_keep_from_ms = n * 1000 - 3600000;
    for (std::int64_t ring = 0; ring < 4; ++ring) {
      batch.bucket_trims.push_back({ring, n / kBucketSeconds[ring] - 8640});
    }
  }
  return batch;
}

void write_batches(benchmark::State& state, bool trims) {
  BenchDir dir;
  auto opened = Store::open(dir.path(), true);
  if (!opened) {
    state.SkipWithError(opened.error().detail.c_str());
    return;
  }
  Store& store = *opened.value();
  std::int64_t n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const Batch batch = typical_batch(++n, trims);
    state.ResumeTiming();
    if (const auto written = store.write(batch); !written) {
      state.SkipWithError(written.error().detail.c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_WriteTypicalBatch(benchmark::State& state) {
  write_batches(state, false);
}
BENCHMARK(BM_WriteTypicalBatch)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_WriteTypicalBatchWithTrims(benchmark::State& state) {
  write_batches(state, true);
}
BENCHMARK(BM_WriteTypicalBatchWithTrims)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hb::store

BENCHMARK_MAIN();

// A seed replays a run exactly: every request, outcome, count, event and history sample of a
// scripted ten-minute run of the default lab is fingerprinted, and the fingerprint is pinned, so
// a rewrite of the simulation core changes its speed and not its results. The same run driven
// with other advance steps (real time's irregular ticks) gives the same fingerprint.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "cluster_test_helpers.h"
#include "core/cluster.h"

namespace hb::core {
namespace {

constexpr std::uint64_t kSeed = 42;
constexpr double kRunSeconds = 600.0;

// What the scripted run does, at whole tenths of a second of lab time.
struct Step {
  double at_s;
  std::function<void(Cluster&, TimePoint)> act;
};

std::vector<Step> script() {
  const auto fault = [](std::string pod, FaultPatch patch) {
    return [pod, patch](Cluster& c, TimePoint now) { ASSERT_TRUE(c.apply_fault(pod, patch, now)); };
  };
  return {
      {30.0, fault("sensor-sim-pod-1", {.delay_ms = 800, .duration_s = 60})},
      {45.0, fault("planner-sim-pod-2", {.error_rate = 0.3})},
      {100.0, fault("ui-proxy-pod-3", {.kill = true})},
      {130.0, [](Cluster& c, TimePoint now) { ASSERT_TRUE(c.restart("ui-proxy-pod-3", now)); }},
      {150.0,
       [](Cluster& c, TimePoint now) {
         ASSERT_TRUE(c.partition("ui-proxy", "planner-sim", 20.0, now));
       }},
      {200.0,
       [](Cluster& c, TimePoint now) {
         ASSERT_TRUE(c.apply_service_fault("sensor-sim", {SelectMode::kFixed, 2},
                                           {.delay_ms = 300, .jitter_ms = 100, .duration_s = 40},
                                           now));
       }},
      {260.0, [](Cluster& c, TimePoint now) { c.reset(now); }},
      {300.0, fault("sensor-sim-pod-2", {.delay_ms = 10000, .duration_s = 30})},
      {400.0,
       [](Cluster& c, TimePoint now) {
         ASSERT_TRUE(c.apply_service_fault("ui-proxy", {SelectMode::kAll},
                                           {.error_rate = 1.0, .duration_s = 120}, now));
       }},
  };
}

// Runs the script, advancing the cluster to the instants `next_tick` gives (each after the last,
// in microseconds of lab time), with every command at its own instant.
Cluster run(const std::function<std::int64_t(std::int64_t)>& next_tick) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
  const std::vector<Step> steps = script();
  const std::int64_t end_us = static_cast<std::int64_t>(kRunSeconds) * 1'000'000;
  std::size_t next_step = 0;
  std::int64_t t = 0;
  while (t < end_us) {
    const std::int64_t tick = std::min(next_tick(t), end_us);
    while (next_step < steps.size() && at_s(steps[next_step].at_s) <= TimePoint{Duration{tick}}) {
      steps[next_step].act(cluster, at_s(steps[next_step].at_s));
      ++next_step;
    }
    cluster.advance_to(TimePoint{Duration{tick}});
    t = tick;
  }
  return cluster;
}

// The virtual runner's steps: every 100 ms of lab time.
std::int64_t every_tenth(std::int64_t t) {
  return t + 100'000;
}

// Every figure the run produced, as text: counts exactly, sums to the microsecond.
std::string fingerprint(const Cluster& cluster) {
  std::string out;
  const RequestMetrics& m = cluster.metrics();
  for (const auto& [key, count] : m.served) {
    out += fmt::format("served {} {} {} {}\n", key.service, key.pod ? int(*key.pod) : -1, key.code,
                       count);
  }
  for (const auto& [code, count] : m.lab_requests) out += fmt::format("lab {} {}\n", code, count);
  const auto histogram = [&out](const char* name, const DurationHistogram& h) {
    out += fmt::format("{} count {} sum {:.6f} buckets", name, h.count, h.sum);
    for (const auto b : h.buckets) out += fmt::format(" {}", b);
    out += "\n";
  };
  for (const auto& h : m.durations) histogram("durations", h);
  histogram("lab_durations", m.lab_durations);
  for (const LabEvent& event : cluster.events().events()) {
    out += fmt::format("event {} {} {} {}\n", event.at.time_since_epoch().count(),
                       to_string(event.kind), event.target, event.message);
  }
  for (const HistorySample& sample : cluster.history().samples()) {
    out += fmt::format("sample {}", sample.at.time_since_epoch().count());
    for (const ServiceSample& s : sample.services) {
      out += fmt::format(" [{:.6f} {:.6f} {:.6f} {} {} {}]", s.p95_s.value_or(-1.0),
                         s.error_ratio.value_or(-1.0), s.request_rate, s.pods_healthy, s.pods_ready,
                         s.pods_total);
    }
    out += "\n";
  }
  return out;
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

// Leaves the text beside the test's temporary files, to compare when a fingerprint changes.
void keep(const std::string& name, const std::string& text) {
  std::ofstream(::testing::TempDir() + name) << text;
}

TEST(ClusterReplay, TheScriptedRunOfASeedIsPinned) {
  const Cluster cluster = run(every_tenth);
  const std::string text = fingerprint(cluster);
  keep("hb_replay_virtual.txt", text);
  // Totals a person can check, then everything through the hash.
  std::uint64_t sent = 0;
  for (const auto& [code, count] : cluster.metrics().lab_requests) sent += count;
  EXPECT_EQ(sent, 107'936u);
  EXPECT_EQ(cluster.events().count(), 276u);
  EXPECT_EQ(fnv1a(text), 5363967904986841ULL)
      << "fingerprint in " << ::testing::TempDir() << "hb_replay_virtual.txt";
}

TEST(ClusterReplay, RealTimesIrregularTicksGiveTheSameRun) {
  // Ticks as a timer under load fires them: late by 1 to 90 ms, never on the tenth.
  std::uint64_t state = 7;
  const auto jittered = [&state](std::int64_t t) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return t + 100'000 + static_cast<std::int64_t>((state >> 33) % 90'000 + 1'000);
  };
  const std::string virtual_run = fingerprint(run(every_tenth));
  const std::string real_run = fingerprint(run(jittered));
  keep("hb_replay_jittered.txt", real_run);
  EXPECT_EQ(fnv1a(real_run), fnv1a(virtual_run))
      << "compare " << ::testing::TempDir() << "hb_replay_virtual.txt with hb_replay_jittered.txt";
}

}  // namespace
}  // namespace hb::core

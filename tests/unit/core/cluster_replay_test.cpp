// A seed replays a run exactly: every request, outcome, count, event and history sample of a
// scripted ten-minute run of the default lab is fingerprinted, and the fingerprint is pinned, so
// a rewrite of the simulation core changes its speed and not its results. The same run driven
// with other advance steps (real time's irregular ticks) gives the same fingerprint.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
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
Cluster run(const std::function<std::int64_t(std::int64_t)>& next_tick,
            const std::vector<Step>& steps = script()) {
  Cluster cluster(default_lab_spec(), kSeed, TimePoint{});
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
  EXPECT_EQ(fnv1a(text), 11353288404912640396ULL)
      << "fingerprint in " << ::testing::TempDir() << "hb_replay_virtual.txt";
}

// Ticks as a timer under load fires them: late by 1 to 90 ms, never on the tenth.
std::function<std::int64_t(std::int64_t)> jittered_ticks() {
  return [state = std::uint64_t{7}](std::int64_t t) mutable {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return t + 100'000 + static_cast<std::int64_t>((state >> 33) % 90'000 + 1'000);
  };
}

TEST(ClusterReplay, RealTimesIrregularTicksGiveTheSameRun) {
  const std::string virtual_run = fingerprint(run(every_tenth));
  const std::string real_run = fingerprint(run(jittered_ticks()));
  keep("hb_replay_jittered.txt", real_run);
  EXPECT_EQ(fnv1a(real_run), fnv1a(virtual_run))
      << "compare " << ::testing::TempDir() << "hb_replay_virtual.txt with hb_replay_jittered.txt";
}

TEST(ClusterReplay, ScalingDownWhileRequestsAreInFlightGivesTheSameRunWhateverTheTicks) {
  // Deployments scaled down and up again between ticks, while chains are in flight: a pod
  // leaving finishes its requests first, and its completions answer within their groups.
  const auto scale = [](std::string service, int replicas) {
    return [service, replicas](Cluster& c, TimePoint now) {
      ASSERT_TRUE(c.scale(service, replicas, now));
    };
  };
  const std::vector<Step> steps = {
      {20.05, scale("ui-proxy", 1)},
      {20.05, scale("sensor-sim", 1)},
      {31.0,
       [](Cluster& c, TimePoint now) {
         ASSERT_TRUE(c.apply_fault("planner-sim-pod-1", {.delay_ms = 400, .duration_s = 30}, now));
       }},
      {40.37, scale("ui-proxy", 4)},
      {50.01, scale("planner-sim", 1)},
      {70.0, scale("sensor-sim", 3)},
      {90.02, scale("planner-sim", 2)},
  };
  const Cluster virtual_lab = run(every_tenth, steps);
  const std::string virtual_run = fingerprint(virtual_lab);
  const std::string real_run = fingerprint(run(jittered_ticks(), steps));
  keep("hb_replay_scaled_virtual.txt", virtual_run);
  keep("hb_replay_scaled_jittered.txt", real_run);
  EXPECT_EQ(fnv1a(real_run), fnv1a(virtual_run))
      << "compare " << ::testing::TempDir()
      << "hb_replay_scaled_virtual.txt with hb_replay_scaled_jittered.txt";
  // The scaling happened: pods went away and came back.
  std::size_t scaled = 0;
  for (const LabEvent& event : virtual_lab.events().events()) {
    if (event.message.find("Scaled") != std::string::npos) ++scaled;
  }
  EXPECT_GE(scaled, 6U) << virtual_run;
}

// One alert's change of state, as its event tells it.
struct AlertChangeSeen {
  double at_s;
  std::string slo, rule, sli;
  bool firing;
};

std::vector<AlertChangeSeen> alert_changes(const Cluster& cluster) {
  std::vector<AlertChangeSeen> seen;
  for (const LabEvent& event : cluster.events().events()) {
    if (event.kind != EventKind::kAlert) continue;
    // "alert <rule> <firing|resolved> (<severity>) on <slo> <sli>: burn rate ..."
    std::istringstream words(event.message);
    std::string alert, rule, state, severity, on, slo, sli;
    words >> alert >> rule >> state >> severity >> on >> slo >> sli;
    EXPECT_EQ(slo, event.target) << event.message;
    if (!sli.empty() && sli.back() == ':') sli.pop_back();
    seen.push_back({to_seconds(event.at.time_since_epoch()), slo, rule, sli, state == "firing"});
  }
  return seen;
}

TEST(ClusterReplay, AlertsChangeWithinOneSloStepOfTheirInstantsWhenEvaluatedEvery100Ms) {
  // The scripted run's alert changes while SLOs and alerts were evaluated on every 100 ms status
  // step. Evaluated once a second (Cluster::kSloStep), each change must still happen, in the
  // same order for its alert, and at most one SLO step later: at the first whole second from
  // its former instant on.
  const std::vector<AlertChangeSeen> every_100ms = {
      {36.0, "planner-sim", "ticket-slow", "latency", true},
      {36.0, "ui-proxy", "ticket-slow", "latency", true},
      {36.3, "lab", "ticket-slow", "latency", true},
      {36.3, "sensor-sim", "ticket-slow", "latency", true},
      {46.7, "ui-proxy", "ticket-slow", "availability", true},
      {47.5, "planner-sim", "ticket-slow", "availability", true},
      {48.8, "lab", "ticket-slow", "availability", true},
      {52.8, "planner-sim", "ticket-fast", "availability", true},
      {53.3, "ui-proxy", "ticket-fast", "availability", true},
      {56.3, "sensor-sim", "ticket-fast", "latency", true},
      {57.3, "lab", "ticket-fast", "availability", true},
      {57.3, "lab", "ticket-fast", "latency", true},
      {57.4, "planner-sim", "ticket-fast", "latency", true},
      {57.9, "ui-proxy", "ticket-fast", "latency", true},
      {63.2, "planner-sim", "page-slow", "availability", true},
      {64.7, "ui-proxy", "page-slow", "availability", true},
      {80.0, "lab", "page-slow", "availability", true},
      {150.2, "ui-proxy", "page-fast", "availability", true},
      {161.8, "lab", "page-fast", "availability", true},
      {175.7, "planner-sim", "page-fast", "availability", true},
      {181.2, "ui-proxy", "ticket-fast", "latency", false},
      {184.3, "planner-sim", "ticket-fast", "latency", false},
      {186.7, "lab", "ticket-fast", "latency", false},
      {192.6, "sensor-sim", "ticket-fast", "latency", false},
      {218.3, "sensor-sim", "ticket-fast", "latency", true},
      {222.1, "planner-sim", "ticket-fast", "latency", true},
      {223.8, "lab", "ticket-fast", "latency", true},
      {226.2, "ui-proxy", "ticket-fast", "latency", true},
      {414.0, "ui-proxy", "ticket-fast", "latency", false},
      {420.5, "lab", "ticket-fast", "latency", false},
      {425.4, "planner-sim", "ticket-fast", "latency", false},
      {441.3, "sensor-sim", "ticket-fast", "latency", false},
      {530.9, "planner-sim", "page-fast", "availability", false},
  };
  using Key = std::tuple<std::string, std::string, std::string>;  // slo, rule, sli
  std::map<Key, std::vector<const AlertChangeSeen*>> before, after;
  for (const AlertChangeSeen& change : every_100ms) {
    before[{change.slo, change.rule, change.sli}].push_back(&change);
  }
  const std::vector<AlertChangeSeen> seen = alert_changes(run(every_tenth));
  for (const AlertChangeSeen& change : seen) {
    after[{change.slo, change.rule, change.sli}].push_back(&change);
  }
  ASSERT_EQ(seen.size(), every_100ms.size());
  ASSERT_EQ(after.size(), before.size());
  const double step_s = to_seconds(Cluster::kSloStep);
  for (const auto& [key, was] : before) {
    const auto& [slo, rule, sli] = key;
    SCOPED_TRACE(slo + " " + rule + " " + sli);
    ASSERT_EQ(after[key].size(), was.size());
    for (std::size_t i = 0; i < was.size(); ++i) {
      const AlertChangeSeen& now = *after[key][i];
      EXPECT_EQ(now.firing, was[i]->firing) << "change " << i;
      EXPECT_GE(now.at_s, was[i]->at_s - 1e-9) << "change " << i;
      EXPECT_LT(now.at_s, was[i]->at_s + step_s - 1e-9) << "change " << i;
      EXPECT_DOUBLE_EQ(now.at_s, std::ceil(now.at_s)) << "change " << i << ": not a whole second";
    }
  }
}

}  // namespace
}  // namespace hb::core

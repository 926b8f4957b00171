// The simulated lab under a sequence of commands: the input's bytes choose a lab (replicas,
// rates, latencies, capacity, probes, rollout budgets, an autoscaler, lifecycle timings) and up
// to 48 commands on it (faults on a pod or a service, clears, kills, crashes, restarts,
// partitions, heals, resets, scaling, rollouts, undo) with lab time moving between them, from a
// millisecond to five minutes. The core is driven directly, without HTTP, so that thousands of
// sequences run where the API fuzzer runs a few.
//
// Findings beyond the sanitizers and asserts: an exception out of the core; a refusal without a
// detail; a count that goes back (requests answered, events, event ids); the same bytes run twice
// giving two different labs (a seed that does not replay); and a checkpoint that does not resume
// (the resumed lab throws, or loses a service's replicas or release).
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/cluster.h"
#include "fuzz_checks.h"

namespace {

using hb::core::Cluster;
using hb::core::Duration;
using hb::core::LabSpec;
using hb::core::TimePoint;

constexpr std::uint64_t kSeed = 7;
constexpr int kMaxCommands = 48;
// Lab time an input may cover, shortened for busy labs so that an input runs in well under a
// second: about 10,000 client requests at most.
constexpr double kMaxClientRequests = 10'000;
constexpr double kMaxLabSeconds = 900;

template <typename T, std::size_t N>
T pick(FuzzedDataProvider& in, const std::array<T, N>& choices) {
  return choices[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

hb::core::ProbeSpec probe(FuzzedDataProvider& in, bool readiness) {
  hb::core::ProbeSpec p;
  p.initial_delay_s = pick(in, std::array{0.0, 2.0, 20.0});
  p.period_s = pick(in, std::array{1.0, 5.0, 10.0});
  p.timeout_s = pick(in, std::array{0.05, 1.0});
  p.failure_threshold = pick(in, std::array{1, 3});
  if (readiness) p.success_threshold = pick(in, std::array{1, 2});
  return p;
}

hb::core::IntOrPercent int_or_percent(FuzzedDataProvider& in) {
  return pick(in, std::array{hb::core::IntOrPercent{0, false}, hb::core::IntOrPercent{1, false},
                             hb::core::IntOrPercent{25, true}, hb::core::IntOrPercent{100, true}});
}

LabSpec lab_from(FuzzedDataProvider& in) {
  LabSpec spec = hb::core::default_lab_spec();
  spec.pods.startup_ms = pick(in, std::array<std::int64_t, 3>{0, 1000, 5000});
  spec.pods.readiness_delay_ms = pick(in, std::array<std::int64_t, 2>{0, 3000});
  spec.client_timeout_ms = pick(in, std::array<std::int64_t, 2>{300, 5000});
  for (hb::core::ServiceSpec& service : spec.services) {
    service.replicas = in.ConsumeIntegralInRange(1, 4);
    service.rate_rps = pick(in, std::array{0.0, 2.0, 20.0, 60.0});
    service.latency_median_ms = pick(in, std::array{5.0, 50.0, 400.0, 2500.0});
    service.timeout_ms = pick(in, std::array<std::int64_t, 2>{100, 3000});
    hb::core::WorkloadSpec& w = service.workload;
    if (in.ConsumeBool()) {
      w.concurrency = pick(in, std::array{1, 2, 8});
      w.queue_length = pick(in, std::array{0, 2, 100});
    }
    if (in.ConsumeBool()) w.probes.startup = probe(in, false);
    if (in.ConsumeBool()) w.probes.readiness = probe(in, true);
    if (in.ConsumeBool()) w.probes.liveness = probe(in, false);
    w.termination_grace_period_s = pick(in, std::array{0.0, 5.0, 30.0});
    w.rollout.max_surge = int_or_percent(in);
    w.rollout.max_unavailable = int_or_percent(in);
    w.rollout.progress_deadline_s = pick(in, std::array{5.0, 600.0});
    if (w.concurrency && in.ConsumeBool()) {
      w.autoscale =
          hb::core::AutoscaleSpec{.min_replicas = 1,
                                  .max_replicas = in.ConsumeIntegralInRange(service.replicas, 6),
                                  .target_utilization = pick(in, std::array{0.5, 0.8})};
    }
  }
  return spec;
}

hb::core::FaultPatch patch_from(FuzzedDataProvider& in) {
  hb::core::FaultPatch patch;
  // Each field left out, valid, or out of its range (refused).
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 1:
      patch.delay_ms = pick(in, std::array<std::int64_t, 3>{0, 300, 3000});
      break;
    case 2:
      patch.delay_ms = -1;
      break;
    default:
      break;
  }
  if (in.ConsumeBool()) patch.jitter_ms = pick(in, std::array<std::int64_t, 3>{0, 100, 5000});
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 1:
      patch.error_rate = pick(in, std::array{0.0, 0.3, 1.0});
      break;
    case 2:
      patch.error_rate = 1.5;
      break;
    default:
      break;
  }
  if (in.ConsumeBool()) patch.kill = in.ConsumeBool();
  if (in.ConsumeBool()) patch.crash_loop = in.ConsumeBool();
  if (in.ConsumeIntegralInRange(0, 3) == 0) patch.crash = true;
  if (in.ConsumeBool()) patch.duration_s = pick(in, std::array{0.0, 0.5, 30.0, 400.0});
  return patch;
}

// What one command answered, for the run's fingerprint; a refusal must say why.
template <typename Answer>
std::string outcome(const hb::core::Result<Answer>& answer, std::string_view command) {
  if (answer) return "ok";
  if (answer.error().detail.empty()) hb::fuzz::fail(command, "a refusal without a detail");
  return answer.error().detail;
}

// Everything a reader can see of the lab, as text: two runs of the same bytes must agree on it.
std::string fingerprint(const hb::core::LabReport& report) {
  std::string out = std::to_string(report.at.time_since_epoch().count()) + " events " +
                    std::to_string(report.event_count) + " alerts " +
                    std::to_string(report.alert_change_count) + "\n";
  for (const auto& pod : report.pods) {
    out += pod.id + " " + std::string(hb::core::to_string(pod.status)) + " " + pod.kubectl_status +
           " " + std::to_string(pod.restarts) + " " + std::to_string(pod.in_flight.count) + " " +
           pod.reason + "\n";
  }
  for (const auto& service : report.services) {
    out += service.name + " " + std::string(hb::core::to_string(service.status)) + " " +
           std::to_string(service.replicas_desired) + " " + std::to_string(service.pods_ready) +
           " " + service.version + " " + std::to_string(service.rollout.revision) + "\n";
  }
  for (const auto& [key, count] : report.metrics.served) {
    out += std::to_string(key.service) + "/" + (key.pod ? std::to_string(*key.pod) : "-") + "/" +
           std::to_string(key.code) + "=" + std::to_string(count) + " ";
  }
  return out;
}

// The requests each service answered, and those of the lab's clients: counters that only grow
// (a pod's own series go with the pod when it is scaled away, as a deleted pod's do).
std::vector<std::uint64_t> answered(const hb::core::LabReport& report) {
  std::vector<std::uint64_t> counts{report.metrics.lab_durations.count};
  for (const auto& service : report.metrics.durations) counts.push_back(service.count);
  return counts;
}

// Counts only grow, and event ids come in order.
struct Monotonic {
  std::vector<std::uint64_t> answered;
  std::uint64_t events = 0;
  void check(const hb::core::LabReport& report) {
    const std::vector<std::uint64_t> now_answered = ::answered(report);
    for (std::size_t i = 0; i < answered.size(); ++i) {
      if (now_answered[i] < answered[i]) {
        hb::fuzz::fail("lab", "fewer requests answered than before (" +
                                  std::to_string(now_answered[i]) + " after " +
                                  std::to_string(answered[i]) + ")");
      }
    }
    if (report.event_count < events) hb::fuzz::fail("lab", "the event count went back");
    for (std::size_t i = 1; i < report.events.size(); ++i) {  // newest first
      if (report.events[i].id >= report.events[i - 1].id) {
        hb::fuzz::fail("lab", "event ids out of order");
      }
    }
    answered = now_answered;
    events = report.event_count;
  }
};

struct Played {
  std::string trace;  // each command's outcome, then the last report's fingerprint
  LabSpec spec;
  hb::core::LabCheckpoint checkpoint;
  hb::core::LabReport report;
};

// Runs the lab and the commands the bytes choose; nullopt when the bytes make no valid lab.
std::optional<Played> play(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  LabSpec spec = lab_from(in);
  if (!hb::core::validate(spec)) return std::nullopt;
  double rate = 0.0;
  for (const auto& service : spec.services) rate += service.rate_rps;
  const Duration budget =
      hb::core::from_seconds(std::min(kMaxLabSeconds, kMaxClientRequests / std::max(rate, 1.0)));

  Cluster lab(spec, kSeed, TimePoint{});
  Played played;
  Monotonic monotonic;
  const auto pod_id = [&] {
    const std::size_t slot = in.ConsumeIntegralInRange<std::size_t>(0, lab.pods().size());
    return slot < lab.pods().size() ? lab.pods()[slot].id : std::string("no-such-pod-1");
  };
  const auto service_name = [&] {
    const std::size_t s = in.ConsumeIntegralInRange<std::size_t>(0, spec.services.size());
    return s < spec.services.size() ? spec.services[s].name : std::string("no-such-service");
  };
  for (int command = 0; command < kMaxCommands && in.remaining_bytes() > 0; ++command) {
    const Duration step = pick(
        in, std::array<Duration, 8>{Duration::zero(), std::chrono::milliseconds(1),
                                    std::chrono::milliseconds(50), std::chrono::milliseconds(100),
                                    std::chrono::seconds(1), std::chrono::seconds(10),
                                    std::chrono::seconds(60), std::chrono::seconds(300)});
    if (lab.now() + step > TimePoint{budget}) break;
    const TimePoint now = lab.now() + step;
    std::string answer;
    switch (in.ConsumeIntegralInRange(0, 12)) {
      case 0:
        lab.advance_to(now);
        break;
      case 1:
        answer = outcome(lab.apply_fault(pod_id(), patch_from(in), now), "apply_fault");
        break;
      case 2: {
        hb::core::PodSelector selector;
        selector.mode =
            pick(in, std::array{hb::core::SelectMode::kOne, hb::core::SelectMode::kAll,
                                hb::core::SelectMode::kFixed, hb::core::SelectMode::kFixedPercent});
        if (in.ConsumeBool()) selector.value = in.ConsumeIntegralInRange<std::int64_t>(-1, 120);
        answer = outcome(lab.apply_service_fault(service_name(), selector, patch_from(in), now),
                         "apply_service_fault");
        break;
      }
      case 3:
        answer = outcome(lab.clear_faults(pod_id(), now), "clear_faults");
        break;
      case 4:
        answer = outcome(lab.restart(pod_id(), now), "restart");
        break;
      case 5: {
        const std::string from = service_name();
        const std::string to = service_name();
        std::optional<double> duration;
        if (in.ConsumeBool()) duration = pick(in, std::array{-1.0, 0.2, 5.0, 120.0});
        answer = outcome(lab.partition(from, to, duration, now), "partition");
        break;
      }
      case 6: {
        const std::string from = service_name();
        answer = outcome(lab.heal(from, service_name(), now), "heal");
        break;
      }
      case 7:
        answer = std::to_string(lab.reset(now).pods.size());
        break;
      case 8: {
        const std::string service = service_name();
        answer = outcome(lab.scale(service, in.ConsumeIntegralInRange(-1, 7), now), "scale");
        break;
      }
      case 9: {
        const std::string service = service_name();
        Cluster::Release release{.version =
                                     pick(in, std::array<std::string, 3>{"v2", "v3", "bad name!"})};
        if (in.ConsumeBool()) release.latency_median_ms = pick(in, std::array{10.0, 900.0, -5.0});
        if (in.ConsumeBool()) release.error_rate = pick(in, std::array{0.0, 0.6, 2.0});
        answer = outcome(lab.rollout(service, release, now), "rollout");
        break;
      }
      case 10:
        answer = outcome(lab.undo(service_name(), now), "undo");
        break;
      case 11: {
        lab.advance_to(now);
        monotonic.check(lab.report());
        break;
      }
      default: {  // a step to the next evaluation instant, where statuses are decided
        const auto steps = now.time_since_epoch() / Cluster::kStatusStep + 1;
        lab.advance_to(TimePoint{steps * Cluster::kStatusStep});
        break;
      }
    }
    played.trace += answer + "\n";
  }
  played.report = lab.report();
  monotonic.check(played.report);
  played.trace += fingerprint(played.report);
  played.checkpoint = lab.checkpoint();
  played.spec = std::move(spec);
  return played;
}

// The lab carries on from its checkpoint a minute later with each service's replicas and
// release, and runs.
void resume(const Played& played) {
  const TimePoint start = played.report.at + std::chrono::seconds(60);
  Cluster resumed(played.spec, kSeed, start, played.checkpoint);
  const hb::core::LabReport report = resumed.report();
  for (std::size_t s = 0; s < report.services.size(); ++s) {
    const auto& before = played.report.services[s];
    const auto& after = report.services[s];
    if (after.replicas_desired != before.replicas_desired) {
      hb::fuzz::fail("resume", before.name + ": replicas " +
                                   std::to_string(before.replicas_desired) + " came back as " +
                                   std::to_string(after.replicas_desired));
    }
    if (after.version != before.version || after.rollout.revision != before.rollout.revision) {
      hb::fuzz::fail(
          "resume", before.name + ": release " + before.version + " came back as " + after.version);
    }
  }
  resumed.advance_to(start + std::chrono::seconds(5));
  (void)resumed.report();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hb::fuzz::no_exception("lab_ops", [&] {
    const std::optional<Played> first = play(data, size);
    if (!first) return;
    const std::optional<Played> second = play(data, size);
    if (!second || second->trace != first->trace) {
      hb::fuzz::fail("lab_ops", "the same seed and commands gave two different labs:\n" +
                                    first->trace + "\n---\n" +
                                    (second ? second->trace : std::string("(no lab)")));
    }
    resume(*first);
  });
  return 0;
}

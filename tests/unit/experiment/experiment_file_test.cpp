#include "experiment/experiment_file.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/lab_spec.h"
#include "experiment/slo_windows.h"

namespace hb::experiment {
namespace {

// A valid experiment; the error cases below change one part of it.
const std::string kHead = R"(title: t
steady-state-hypothesis:
  title: h
  probes:
    - probe: lab healthy
      lab: status
      tolerance: Healthy
)";

Experiment parse_ok(const std::string& text) {
  auto parsed = parse_experiment(text, "x.yaml");
  if (!parsed) ADD_FAILURE() << parsed.error().detail;
  return parsed ? parsed.value() : Experiment{};
}

std::string error_of(const std::string& text) {
  auto parsed = parse_experiment(text, "x.yaml");
  if (parsed) return "(no error)";
  return parsed.error().detail;
}

// A method of one step, written at line 9 of the file.
std::string with_method(const std::string& step) {
  return kHead + "method:\n" + step;
}

TEST(ExperimentFile, ReadsEveryKindOfStep) {
  const Experiment e = parse_ok(kHead + R"(method:
  - fault: sensor-sim-pod-1
    name: slow
    delay_ms: 1000
    jitter_ms: 50
    error_rate: 0.5
    kill: false
    duration_s: 90
  - service-fault: planner-sim
    mode: fixed-percent
    value: 50
    error_rate: 1
  - partition: ui-proxy
    to: planner-sim
    duration_s: 1.5
  - clear: sensor-sim-pod-1
  - restart: pod/1
  - reset
  - reset:
  - pause: 5m
  - probe: p95
    slo: planner-sim
    figure: burn_rate
    window: 60m
rollbacks:
  - pause: 1s
  - reset
)");
  ASSERT_EQ(e.method.size(), 9u);
  const auto& fault = std::get<Action>(e.method[0]);
  EXPECT_EQ(fault.kind, "fault");
  EXPECT_EQ(fault.name, "slow");
  EXPECT_EQ(fault.line, 9);
  EXPECT_EQ(fault.request.method, "POST");
  EXPECT_EQ(fault.request.path, "/fault/sensor-sim-pod-1");
  EXPECT_EQ(fault.request.body->dump(),
            R"({"delay_ms":1000,"jitter_ms":50,"error_rate":0.5,"kill":false,"duration_s":90})");
  const auto& service = std::get<Action>(e.method[1]);
  EXPECT_EQ(service.request.path, "/fault/service/planner-sim");
  EXPECT_EQ(service.request.body->dump(), R"({"mode":"fixed-percent","value":50,"error_rate":1})");
  const auto& partition = std::get<Action>(e.method[2]);
  EXPECT_EQ(partition.request.path, "/partition");
  EXPECT_EQ(partition.target, "ui-proxy -> planner-sim");
  EXPECT_EQ(partition.request.body->dump(),
            R"({"from":"ui-proxy","to":"planner-sim","duration_s":1.5})");
  EXPECT_EQ(std::get<Action>(e.method[3]).request.method, "DELETE");
  EXPECT_EQ(std::get<Action>(e.method[3]).request.path, "/fault/sensor-sim-pod-1");
  // Path segments are percent-encoded.
  EXPECT_EQ(std::get<Action>(e.method[4]).request.path, "/restart/pod%2F1");
  EXPECT_FALSE(std::get<Action>(e.method[4]).request.body.has_value());
  EXPECT_EQ(std::get<Action>(e.method[5]).request.path, "/reset");
  EXPECT_EQ(std::get<Action>(e.method[6]).request.path, "/reset");
  EXPECT_EQ(std::get<Pause>(e.method[7]).duration, std::chrono::minutes(5));
  const auto& probe = std::get<Probe>(e.method[8]);
  EXPECT_EQ(probe.source, ProbeSource::kSlo);
  EXPECT_EQ(probe.window, "1h");  // as GET /slo names it
  EXPECT_EQ(probe.sli, "availability");
  EXPECT_FALSE(probe.tolerance.has_value());
  ASSERT_EQ(e.rollbacks.size(), 2u);
}

TEST(ExperimentFile, ReadsTolerancesAndProbeSources) {
  const Experiment e = parse_ok(R"(title: t
description: d
steady-state-hypothesis:
  title: h
  probes:
    - probe: a
      pod: sensor-sim-pod-1
      figure: restarts
      tolerance: 0
    - probe: b
      service: ui-proxy
      figure: status
      tolerance: [Healthy, Degraded]
    - probe: c
      slo: lab
      sli: latency
      figure: budget_remaining
      tolerance: {min: 0.5}
    - probe: d
      alert: page-fast
      slo: lab
      severity: page
      tolerance: false
    - probe: e
      slo: lab
      figure: latency_p95_ms
      tolerance: {min: 1, max: 200}
    - probe: f
      pod: p
      figure: reason
      tolerance: "3"
method:
  - pause: 1s
)");
  EXPECT_EQ(e.description, "d");
  const auto& probes = e.hypothesis.probes;
  ASSERT_EQ(probes.size(), 6u);
  EXPECT_EQ(probes[0].tolerance->kind, Tolerance::Kind::kEquals);
  EXPECT_EQ(probes[0].tolerance->values[0], json(0));
  EXPECT_EQ(probes[1].tolerance->kind, Tolerance::Kind::kOneOf);
  EXPECT_EQ(probes[1].tolerance->values.size(), 2u);
  EXPECT_EQ(probes[2].sli, "latency");
  EXPECT_EQ(probes[2].tolerance->min, 0.5);
  EXPECT_FALSE(probes[2].tolerance->max.has_value());
  EXPECT_EQ(probes[3].source, ProbeSource::kAlert);
  EXPECT_EQ(probes[3].target, "page-fast");
  EXPECT_EQ(probes[3].slo, "lab");
  EXPECT_EQ(probes[3].figure, "firing");  // the default figure of an alert probe
  EXPECT_EQ(probes[3].tolerance->values[0], json(false));
  EXPECT_EQ(probes[4].tolerance->max, 200.0);
  // Quoted, a number is a text.
  EXPECT_EQ(probes[5].tolerance->values[0], json("3"));
  EXPECT_EQ(probes[5].line, 28);
}

struct ErrorCase {
  std::string text;
  std::string message;
};

// Every error path of the parser, with the line and field it names.
TEST(ExperimentFile, NamesTheLineAndFieldOfEachError) {
  const std::vector<ErrorCase> cases = {
      {"",
       "x.yaml: (top level): must be a mapping with title, steady-state-hypothesis, method "
       "and rollbacks"},
      {"title: [", "x.yaml:1: not valid YAML: end of sequence flow not found"},
      {"title:\n", "x.yaml:1: title: has no value"},
      {"title: t\ntitel: u\n",
       "x.yaml:2: titel: is not a known field; an experiment has title, description, lab, "
       "steady-state-hypothesis, method and rollbacks"},
      {"title: t\ntitle: u\n", "x.yaml:2: title: is given twice"},
      {"description: d\n", "x.yaml:1: title: is required"},
      {"title: [a]\n", "x.yaml:1: title: must be a non-empty text, got a list"},
      {"title: t\nmethod: []\n", "x.yaml:1: steady-state-hypothesis: is required"},
      {"title: t\nsteady-state-hypothesis:\n  title: h\n  probes: []\n",
       "x.yaml:4: steady-state-hypothesis.probes: must be a list of at least one probe"},
      {"title: t\nsteady-state-hypothesis: 3\n",
       "x.yaml:2: steady-state-hypothesis: must be a mapping with title and probes"},
      {kHead, "x.yaml:1: method: is required"},
      {kHead + "method: []\n", "x.yaml:8: method: must hold at least one step"},
      {kHead + "method: 3\n", "x.yaml:8: method: must be a list of steps"},
      // Steps
      {with_method("  - 3\n"),
       "x.yaml:9: method[0]: must be a step: a mapping with one of fault, service-fault, "
       "partition, clear, restart, scale, rollout, undo, reset, pause or probe"},
      {with_method("  - name: x\n"),
       "x.yaml:9: method[0]: must say what it does: one of fault, service-fault, partition, "
       "clear, restart, scale, rollout, undo, reset, pause or probe"},
      {with_method("  - fault: p\n    pause: 1s\n"),
       "x.yaml:10: method[0].pause: a step does one thing: it has both fault and pause"},
      {with_method("  - fault: p\n    delay: 3\n"),
       "x.yaml:10: method[0].delay: is not a known field; a fault step has fault, name, "
       "delay_ms, jitter_ms, error_rate, kill, crash_loop, crash and duration_s"},
      {with_method("  - fault: p\n"),
       "x.yaml:9: method[0].delay_ms: a fault step sets at least one of delay_ms, jitter_ms, "
       "error_rate, kill, crash_loop or crash"},
      {with_method("  - pause: 1s\n  - pause: 1s\n  - fault: p\n    delay_ms: 700000\n"),
       "x.yaml:12: method[2].delay_ms: must be an integer from 0 to 600000 (milliseconds), got "
       "700000"},
      {with_method("  - fault: p\n    delay_ms: 1.5\n"),
       "x.yaml:10: method[0].delay_ms: must be an integer number of milliseconds, got '1.5'"},
      {with_method("  - fault: p\n    jitter_ms: -1\n"),
       "x.yaml:10: method[0].jitter_ms: must be an integer from 0 to 600000 (milliseconds), got "
       "-1"},
      {with_method("  - fault: p\n    delay_ms: \"10\"\n"),
       "x.yaml:10: method[0].delay_ms: must be an integer number of milliseconds, got '10'"},
      {with_method("  - fault: p\n    error_rate: 1.5\n"),
       "x.yaml:10: method[0].error_rate: must be a number from 0 to 1, got 1.5"},
      {with_method("  - fault: p\n    error_rate: lots\n"),
       "x.yaml:10: method[0].error_rate: must be a number, got 'lots'"},
      {with_method("  - fault: p\n    kill: yes\n"),
       "x.yaml:10: method[0].kill: must be true or false, got 'yes'"},
      {with_method("  - fault: p\n    kill: true\n    duration_s: 0\n"),
       "x.yaml:11: method[0].duration_s: must be a number of seconds over 0 and at most 86400, "
       "got 0"},
      {with_method("  - fault: p\n    kill: true\n    duration_s: 1m\n"),
       "x.yaml:11: method[0].duration_s: must be a number of seconds, got '1m'"},
      {with_method("  - fault: p\n    duration_s: 5\n"),
       "x.yaml:9: method[0].delay_ms: a fault step sets at least one of delay_ms, jitter_ms, "
       "error_rate, kill, crash_loop or crash"},
      {with_method("  - fault:\n    kill: true\n"), "x.yaml:9: method[0].fault: has no value"},
      {with_method("  - fault: \"\"\n    kill: true\n"),
       "x.yaml:9: method[0].fault: must be a non-empty text, got ''"},
      {with_method("  - service-fault: s\n    kill: true\n"),
       "x.yaml:9: method[0].mode: is required"},
      {with_method("  - service-fault: s\n    mode: some\n    kill: true\n"),
       "x.yaml:10: method[0].mode: must be one, all, fixed or fixed-percent, got 'some'"},
      {with_method("  - service-fault: s\n    mode: fixed\n    kill: true\n"),
       "x.yaml:9: method[0].value: is required"},
      {with_method("  - service-fault: s\n    mode: fixed\n    value: 0\n    kill: true\n"),
       "x.yaml:11: method[0].value: with mode fixed, must be a number of pods from 1, got '0'"},
      {with_method(
           "  - service-fault: s\n    mode: fixed-percent\n    value: 101\n    kill: true\n"),
       "x.yaml:11: method[0].value: with mode fixed-percent, must be a percentage from 1 to 100, "
       "got '101'"},
      {with_method("  - service-fault: s\n    mode: all\n    value: 2\n    kill: true\n"),
       "x.yaml:11: method[0].value: is only for the modes fixed and fixed-percent, not all"},
      {with_method("  - service-fault: s\n    mode: one\n"),
       "x.yaml:9: method[0].delay_ms: a fault step sets at least one of delay_ms, jitter_ms, "
       "error_rate, kill, crash_loop or crash"},
      {with_method("  - partition: a\n"), "x.yaml:9: method[0].to: is required"},
      {with_method("  - partition: a\n    to: b\n    duration_s: 100000\n"),
       "x.yaml:11: method[0].duration_s: must be a number of seconds over 0 and at most 86400, "
       "got 100000"},
      {with_method("  - clear: p\n    kill: true\n"),
       "x.yaml:10: method[0].kill: is not a known field; a clear step has clear and name"},
      {with_method("  - restart: [p]\n"),
       "x.yaml:9: method[0].restart: must be a non-empty text, got a list"},
      {with_method("  - reset: all\n"),
       "x.yaml:9: method[0].reset: takes no value: write `- reset` (it clears the whole lab)"},
      {with_method("  - pause: 30\n"),
       "x.yaml:9: method[0].pause: must be a duration from 1s to 1d, such as 30s, 5m or 1h, got "
       "'30'"},
      {with_method("  - pause: 2d\n"),
       "x.yaml:9: method[0].pause: must be a duration from 1s to 1d, such as 30s, 5m or 1h, got "
       "'2d'"},
      {with_method("  - pause: 0s\n"),
       "x.yaml:9: method[0].pause: must be a duration from 1s to 1d, such as 30s, 5m or 1h, got "
       "'0s'"},
      {kHead + "method:\n  - pause: 1s\nrollbacks:\n  - probe: p\n    lab: status\n",
       "x.yaml:11: rollbacks[0].probe: rollbacks hold actions and pauses only"},
      {kHead + "method:\n  - pause: 1s\nrollbacks: 3\n",
       "x.yaml:10: rollbacks: must be a list of steps"},
      // Probes
      {with_method("  - probe: p\n"),
       "x.yaml:9: method[0]: needs what it reads: one of slo, pod, service, alert or lab"},
      {with_method("  - probe: p\n    pod: a\n    service: b\n    figure: status\n"),
       "x.yaml:11: method[0].service: a probe reads one thing: give one of slo, pod, service, "
       "alert or lab, not both pod and service"},
      {with_method("  - probe: p\n    alert: any\n    pod: a\n"),
       "x.yaml:11: method[0].pod: an alert probe reads GET /alerts; narrow it with slo, sli and "
       "severity"},
      {with_method("  - probe: p\n    pod: a\n"),
       "x.yaml:9: method[0].figure: is required; the figures of a pod are status, reason, phase, "
       "ready, in_endpoints, restarts, last_heartbeat, latency_ms, latency_p50_ms, "
       "latency_p95_ms, latency_p99_ms, error_ratio, request_rate, error_rate, delay_ms, "
       "jitter_ms, killed, fault_ends_at, requests_in_flight, oldest_in_flight_ms, crash_loop, "
       "pod_phase, container_state, container_reason, kubectl_status, age_seconds, version, "
       "busy_workers, queued, utilization, back_off_until, last_restart_at, terminating"},
      {with_method("  - probe: p\n    service: a\n    figure: latency\n"),
       "x.yaml:11: method[0].figure: is not a figure of a service; give status, pods_ready, "
       "pods_total, restarts, request_rate, error_ratio, latency_p50_ms, latency_p95_ms, "
       "latency_p99_ms, reason, requests_in_flight, oldest_in_flight_ms, replicas_desired, "
       "replicas_current, replicas_ready, replicas_available, replicas_updated, version, "
       "utilization, rollout.status, rollout.reason, rollout.revision, "
       "rollout.updated_replicas, autoscaler.desired_replicas, "
       "autoscaler.current_utilization, got 'latency'"},
      {with_method("  - probe: p\n    lab: health\n"),
       "x.yaml:10: method[0].lab: must be status, got 'health'"},
      {with_method("  - probe: p\n    lab: status\n    figure: status\n"),
       "x.yaml:11: method[0].figure: a lab probe names its figure in `lab:` (lab: status)"},
      {with_method("  - probe: p\n    alert: page-fastest\n"),
       "x.yaml:10: method[0].alert: must be page-fast, page-slow, ticket-fast, ticket-slow or "
       "any, got 'page-fastest'"},
      {with_method("  - probe: p\n    alert: any\n    severity: urgent\n"),
       "x.yaml:11: method[0].severity: must be page or ticket, got 'urgent'"},
      {with_method("  - probe: p\n    pod: a\n    figure: status\n    severity: page\n"),
       "x.yaml:12: method[0].severity: is only for alert probes"},
      {with_method("  - probe: p\n    pod: a\n    figure: status\n    sli: latency\n"),
       "x.yaml:12: method[0].sli: is only for slo and alert probes"},
      {with_method("  - probe: p\n    slo: lab\n    figure: latency_p95_ms\n    sli: latency\n"),
       "x.yaml:12: method[0].sli: is only for the figures of one SLI (target, budget_remaining, "
       "budget_consumed, budget_exhausted_in_seconds, burn_rate, error_ratio, requests, "
       "bad_requests); latency_p95_ms is the SLO's"},
      {with_method("  - probe: p\n    slo: lab\n    figure: burn_rate\n    sli: errors\n"),
       "x.yaml:12: method[0].sli: must be availability or latency, got 'errors'"},
      {with_method("  - probe: p\n    slo: lab\n    figure: burn_rate\n"),
       "x.yaml:9: method[0].window: is required for burn_rate: give a window of GET /slo: 5m, "
       "30m, 1h, 2h, 6h, 1d, 3d or the SLO window"},
      {with_method("  - probe: p\n    slo: lab\n    figure: burn_rate\n    window: 5 minutes\n"),
       "x.yaml:12: method[0].window: must be a window of GET /slo: 5m, 30m, 1h, 2h, 6h, 1d, 3d "
       "or the SLO window, got '5 minutes'"},
      {with_method("  - probe: p\n    slo: lab\n    figure: availability\n    window: 5m\n"),
       "x.yaml:12: method[0].window: is only for burn_rate, error_ratio, requests and "
       "bad_requests"},
      {with_method("  - probe: p\n    pod: a\n    figure: status\n    tolerance: healthy\n"),
       "x.yaml:12: method[0].tolerance: status is Healthy, Degraded or Down (or null for no "
       "data), got 'healthy'"},
      {with_method("  - probe: p\n    pod: a\n    figure: status\n    tolerance: {min: 1}\n"),
       "x.yaml:12: method[0].tolerance: a range needs a number, and status is Healthy, Degraded "
       "or Down; give a value or a list of values"},
      {with_method("  - probe: p\n    pod: a\n    figure: ready\n    tolerance: [true, 1]\n"),
       "x.yaml:12: method[0].tolerance[1]: ready is true or false (or null for no data), got "
       "'1'"},
      {with_method("  - probe: p\n    pod: a\n    figure: restarts\n    tolerance: \"1\"\n"),
       "x.yaml:12: method[0].tolerance: restarts is a number (or null for no data), got '1'"},
      {with_method("  - probe: p\n    pod: a\n    figure: restarts\n    tolerance: []\n"),
       "x.yaml:12: method[0].tolerance: must list at least one value"},
      {with_method("  - probe: p\n    pod: a\n    figure: restarts\n    tolerance: [[1]]\n"),
       "x.yaml:12: method[0].tolerance[0]: must be a single value, got a list"},
      {with_method("  - probe: p\n    pod: a\n    figure: restarts\n    tolerance: {}\n"),
       "x.yaml:12: method[0].tolerance: a range needs min, max or both"},
      {with_method("  - probe: p\n    pod: a\n    figure: restarts\n    tolerance: {min: 2, "
                   "max: 1}\n"),
       "x.yaml:12: method[0].tolerance: min 2 is over max 1"},
      {with_method("  - probe: p\n    pod: a\n    figure: restarts\n    tolerance: {min: x}\n"),
       "x.yaml:12: method[0].tolerance.min: must be a number, got 'x'"},
      {with_method("  - probe: p\n    pod: a\n    figure: restarts\n    tolerance: {least: 1}\n"),
       "x.yaml:12: method[0].tolerance.least: is not a known field; a range has min and max"},
      {"title: t\nsteady-state-hypothesis:\n  title: h\n  probes:\n    - probe: p\n      lab: "
       "status\nmethod:\n  - pause: 1s\n",
       "x.yaml:5: steady-state-hypothesis.probes[0].tolerance: is required in the hypothesis: a "
       "value, a list of values or a range {min, max}"},
      {"title: t\nsteady-state-hypothesis:\n  title: h\n  probes:\n    - probe: p\n      lab: "
       "status\n      tolerance: Healthy\n      extra: 1\nmethod:\n  - pause: 1s\n",
       "x.yaml:8: steady-state-hypothesis.probes[0].extra: is not a known field; a probe has "
       "probe, slo, pod, service, alert, lab, figure, window, sli, severity and tolerance"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(error_of(c.text), c.message);
  }
}

TEST(ExperimentFile, AFileThatCannotBeReadIsAnError) {
  auto loaded = load_experiment("/nonexistent/x.yaml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().detail, "/nonexistent/x.yaml: cannot be read");
}

TEST(ExperimentFile, EveryShippedExperimentIsValid) {
  for (const char* name :
       {"normal", "latency", "error_rate", "pod_failure", "cascade", "page_alert"}) {
    SCOPED_TRACE(name);
    const std::string path = std::string(HB_SOURCE_DIR) + "/experiments/" + name + ".yaml";
    auto loaded = load_experiment(path);
    ASSERT_TRUE(loaded) << loaded.error().detail;
    // Against the default lab's SLO window, as the test suite runs them.
    const core::Status windows =
        check_windows(loaded.value(), core::default_lab_spec().slo.window, "the default");
    EXPECT_TRUE(windows) << (windows ? "" : windows.error().detail);
  }
}

}  // namespace
}  // namespace hb::experiment

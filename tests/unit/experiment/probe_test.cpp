#include "experiment/probe.h"

#include <gtest/gtest.h>

#include "experiment/experiment_file.h"

namespace hb::experiment {
namespace {

// The probe of a one-probe method written in YAML.
Probe probe_from(const std::string& yaml) {
  auto parsed = parse_experiment(
      "title: t\nsteady-state-hypothesis:\n  title: h\n  probes:\n    - probe: x\n      lab: "
      "status\n      tolerance: Healthy\nmethod:\n  - probe: p\n" +
          yaml,
      "t.yaml");
  if (!parsed) throw std::runtime_error(parsed.error().detail);
  return std::get<Probe>(parsed.value().method.at(0));
}

Answer ok(json body) {
  return Answer{200, std::move(body), ""};
}

const json kSlo = json::parse(R"({
  "burn_rate_5m": 0.5,
  "slos": [
    {"name": "lab", "availability": {"sli": 0.999, "budget_remaining": 0.8,
                                     "burn_rate": {"5m": 2.5, "1h": null}},
     "latency": {"sli": 0.97, "budget_remaining": 0.4, "burn_rate": {"5m": 0.1}},
     "latency_p95_ms": 120.5, "indicator": "high"},
    {"name": "planner-sim", "availability": {"sli": 1.0}, "latency": {"sli": 1.0}}
  ],
  "timestamp": 1234.5
})");

TEST(Probe, ReadsSloFiguresWhereGetSloHasThem) {
  struct Case {
    std::string yaml;
    std::string figure;
    json value;
  };
  const std::vector<Case> cases = {
      {"    slo: lab\n    figure: availability\n", "slos[name=lab].availability.sli", 0.999},
      {"    slo: lab\n    figure: latency\n", "slos[name=lab].latency.sli", 0.97},
      {"    slo: lab\n    figure: latency_p95_ms\n", "slos[name=lab].latency_p95_ms", 120.5},
      {"    slo: lab\n    figure: indicator\n", "slos[name=lab].indicator", "high"},
      {"    slo: lab\n    figure: budget_remaining\n",
       "slos[name=lab].availability.budget_remaining", 0.8},
      {"    slo: lab\n    sli: latency\n    figure: budget_remaining\n",
       "slos[name=lab].latency.budget_remaining", 0.4},
      {"    slo: lab\n    figure: burn_rate\n    window: 5m\n",
       "slos[name=lab].availability.burn_rate.5m", 2.5},
      {"    slo: lab\n    figure: burn_rate\n    window: 60m\n",
       "slos[name=lab].availability.burn_rate.1h", nullptr},
      {"    slo: planner-sim\n    figure: availability\n",
       "slos[name=planner-sim].availability.sli", 1.0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.yaml);
    const Probe probe = probe_from(c.yaml);
    EXPECT_EQ(probe_path(probe), "/slo");
    const ProbeReading reading = read_probe(probe, ok(kSlo));
    EXPECT_EQ(reading.figure, c.figure);
    EXPECT_EQ(reading.value, c.value);
    EXPECT_EQ(reading.error, "");
    EXPECT_EQ(reading.lab_time, 1234.5);
  }
}

TEST(Probe, SaysWhyAFigureCannotBeRead) {
  const auto error = [](const std::string& yaml, const Answer& answer) {
    return read_probe(probe_from(yaml), answer).error;
  };
  EXPECT_EQ(error("    slo: ui\n    figure: availability\n", ok(kSlo)),
            "no SLO ui in GET /slo (there are lab, planner-sim)");
  EXPECT_EQ(error("    slo: lab\n    figure: burn_rate\n    window: 7d\n", ok(kSlo)),
            "GET /slo has no slos[name=lab].availability.burn_rate.7d (there is 5m, 1h)");
  EXPECT_EQ(error("    pod: a\n    figure: status\n", ok({{"pods", json::array()}})),
            "no pod a in GET /pods (there are none)");
  EXPECT_EQ(error("    pod: a\n    figure: status\n", ok({{"items", 1}})),
            "GET /pods has no pods list");
  EXPECT_EQ(error("    pod: a\n    figure: status\n", Answer{503, {{"detail", "busy"}}, ""}),
            "GET /pods answered 503: \"busy\"");
  const ProbeReading unreachable =
      read_probe(probe_from("    lab: status\n"), Answer{0, nullptr, "connection refused"});
  EXPECT_FALSE(unreachable.reached());
  EXPECT_EQ(unreachable.error, "GET /lab: connection refused");
  EXPECT_EQ(unreachable.value, nullptr);
}

TEST(Probe, ReadsPodsServicesAndTheLab) {
  const json pods = {{"pods",
                      {{{"id", "a"}, {"status", "Down"}, {"ready", false}},
                       {{"id", "b"}, {"status", "Healthy"}, {"ready", true}}}}};
  const ProbeReading pod = read_probe(probe_from("    pod: b\n    figure: ready\n"), ok(pods));
  EXPECT_EQ(pod.figure, "pods[id=b].ready");
  EXPECT_EQ(pod.value, true);
  const json services = {{"services", {{{"name", "s"}, {"pods_ready", 2}}}}};
  const Probe service_probe = probe_from("    service: s\n    figure: pods_ready\n");
  EXPECT_EQ(probe_path(service_probe), "/services");
  EXPECT_EQ(read_probe(service_probe, ok(services)).value, 2);
  const Probe lab = probe_from("    lab: status\n");
  EXPECT_EQ(probe_path(lab), "/lab");
  EXPECT_EQ(read_probe(lab, ok({{"status", "Degraded"}})).value, "Degraded");
}

TEST(Probe, SelectsAlerts) {
  const json alerts = {{"alerts",
                        {{{"name", "page-fast"},
                          {"severity", "page"},
                          {"slo", "lab"},
                          {"sli", "availability"},
                          {"state", "firing"}},
                         {{"name", "page-fast"},
                          {"severity", "page"},
                          {"slo", "lab"},
                          {"sli", "latency"},
                          {"state", "inactive"}},
                         {{"name", "ticket-slow"},
                          {"severity", "ticket"},
                          {"slo", "ui"},
                          {"sli", "availability"},
                          {"state", "firing"}}}}};
  const auto read = [&](const std::string& yaml) {
    return read_probe(probe_from(yaml), ok(alerts));
  };
  EXPECT_EQ(read("    alert: page-fast\n").value, true);
  EXPECT_EQ(read("    alert: page-fast\n    sli: latency\n").value, false);
  EXPECT_EQ(read("    alert: any\n    figure: firing_count\n").value, 2);
  EXPECT_EQ(read("    alert: any\n    severity: page\n    figure: firing_count\n").value, 1);
  const ProbeReading ui = read("    alert: any\n    slo: ui\n");
  EXPECT_EQ(ui.value, true);
  EXPECT_EQ(ui.figure, "alerts[slo=ui].state: any firing");
  ASSERT_EQ(ui.selected.size(), 1u);
  EXPECT_EQ(ui.selected[0]["name"], "ticket-slow");
  const ProbeReading none = read("    alert: page-slow\n");
  EXPECT_EQ(none.value, nullptr);
  EXPECT_EQ(none.error, "no alert of GET /alerts matches alerts[name=page-slow]");
}

}  // namespace
}  // namespace hb::experiment

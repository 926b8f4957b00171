#include "api/prometheus_rules.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/lab_spec.h"

namespace hb::api {
namespace {

using std::chrono::hours;

const std::vector<std::string> kRatioRecords30d = {
    "slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate30m", "slo:sli_error:ratio_rate1h",
    "slo:sli_error:ratio_rate2h", "slo:sli_error:ratio_rate6h",  "slo:sli_error:ratio_rate1d",
    "slo:sli_error:ratio_rate3d", "slo:sli_error:ratio_rate30d"};
const std::vector<std::string> kMetaRecords = {
    "slo:objective:ratio",        "slo:error_budget:ratio",
    "slo:time_period:days",       "slo:current_burn_rate:ratio",
    "slo:period_burn_rate:ratio", "slo:period_error_budget_remaining:ratio"};
const std::vector<std::string> kAlerts = {"HealthboardPageFastBurn", "HealthboardPageSlowBurn",
                                          "HealthboardTicketFastBurn", "HealthboardTicketSlowBurn"};

YAML::Node parse(const std::string& text) {
  YAML::Node root = YAML::Load(text);
  EXPECT_TRUE(root.IsMap());
  EXPECT_TRUE(root["groups"].IsSequence());
  return root;
}

// The group of one SLO, e.g. ("sensor-sim", "availability").
YAML::Node group(const YAML::Node& root, const std::string& service, const std::string& slo) {
  const std::string name = "healthboard-slo-" + service + "-" + slo;
  for (const auto& g : root["groups"]) {
    if (g["name"].as<std::string>() == name) return g;
  }
  ADD_FAILURE() << "no group " << name;
  return YAML::Node();
}

// The rule that records `record` (or raises `alert`) in a group.
YAML::Node rule(const YAML::Node& g, const std::string& key, const std::string& name) {
  for (const auto& r : g["rules"]) {
    if (r[key] && r[key].as<std::string>() == name) return r;
  }
  ADD_FAILURE() << "no " << key << " " << name << " in " << g["name"].as<std::string>();
  return YAML::Node();
}

std::vector<std::string> names(const YAML::Node& g, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& r : g["rules"]) {
    if (r[key]) out.push_back(r[key].as<std::string>());
  }
  return out;
}

std::string expr_of(const YAML::Node& g, const std::string& key, const std::string& name) {
  const YAML::Node r = rule(g, key, name);
  return r ? r["expr"].as<std::string>() : std::string();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PrometheusRulesTest, OneGroupPerSloOfTheDefaultLab) {
  const YAML::Node root = parse(render_rules(core::default_lab_spec()));
  std::vector<std::string> groups;
  for (const auto& g : root["groups"]) groups.push_back(g["name"].as<std::string>());
  EXPECT_EQ(groups, (std::vector<std::string>{
                        "healthboard-slo-sensor-sim-availability",
                        "healthboard-slo-sensor-sim-latency",
                        "healthboard-slo-planner-sim-availability",
                        "healthboard-slo-planner-sim-latency",
                        "healthboard-slo-ui-proxy-availability",
                        "healthboard-slo-ui-proxy-latency",
                        "healthboard-slo-lab-availability",
                        "healthboard-slo-lab-latency",
                    }));
}

TEST(PrometheusRulesTest, EveryGroupHasTheSlothRecordsThenTheFourAlerts) {
  const YAML::Node root = parse(render_rules(core::default_lab_spec()));
  std::vector<std::string> records = kRatioRecords30d;
  records.insert(records.end(), kMetaRecords.begin(), kMetaRecords.end());
  for (const auto& g : root["groups"]) {
    SCOPED_TRACE(g["name"].as<std::string>());
    EXPECT_EQ(names(g, "record"), records);
    EXPECT_EQ(names(g, "alert"), kAlerts);
    // Records before alerts: a group evaluates in order.
    ASSERT_EQ(g["rules"].size(), records.size() + kAlerts.size());
    EXPECT_TRUE(g["rules"][records.size()]["alert"]);
    EXPECT_FALSE(g["interval"]);
  }
}

TEST(PrometheusRulesTest, EveryRuleIsLabelledWithItsServiceAndSlo) {
  const YAML::Node root = parse(render_rules(core::default_lab_spec()));
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& g : root["groups"]) {
    const std::string name = g["name"].as<std::string>();
    const std::string service = g["rules"][0]["labels"]["service"].as<std::string>();
    const std::string slo = g["rules"][0]["labels"]["slo"].as<std::string>();
    EXPECT_EQ(name, "healthboard-slo-" + service + "-" + slo);
    seen.emplace(service, slo);
    for (const auto& r : g["rules"]) {
      SCOPED_TRACE(name + " " + (r["record"] ? r["record"] : r["alert"]).as<std::string>());
      EXPECT_EQ(r["labels"]["service"].as<std::string>(), service);
      EXPECT_EQ(r["labels"]["slo"].as<std::string>(), slo);
      EXPECT_FALSE(r["for"]) << "the short window filters; no `for:`";
      if (r["record"]) {
        EXPECT_FALSE(r["keep_firing_for"]);
      }
      if (r["alert"]) {
        // The lab's own alerts hold as long (core::kBurnAlertRules).
        EXPECT_EQ(r["keep_firing_for"].as<std::string>(), "1m");
        const std::string severity = r["labels"]["severity"].as<std::string>();
        EXPECT_TRUE(severity == "page" || severity == "ticket") << severity;
        EXPECT_FALSE(r["annotations"]["summary"].as<std::string>().empty());
        EXPECT_FALSE(r["annotations"]["description"].as<std::string>().empty());
      }
    }
  }
  EXPECT_EQ(seen.size(), 8u);
  EXPECT_TRUE(seen.contains({"lab", "availability"}));
  EXPECT_TRUE(seen.contains({"lab", "latency"}));
}

TEST(PrometheusRulesTest, ErrorRatiosAreExactRatiosOfCounts) {
  const YAML::Node root = parse(render_rules(core::default_lab_spec()));
  const YAML::Node avail = group(root, "sensor-sim", "availability");
  EXPECT_EQ(expr_of(avail, "record", "slo:sli_error:ratio_rate30d"),
            "(sum(rate(healthboard_requests_total{service=\"sensor-sim\",code=~\"5..\"}[30d]))\n"
            "  or 0 * sum(rate(healthboard_requests_total{service=\"sensor-sim\"}[30d])))\n"
            "/\n"
            "sum(rate(healthboard_requests_total{service=\"sensor-sim\"}[30d]))\n");
  const YAML::Node lat = group(root, "ui-proxy", "latency");
  EXPECT_EQ(expr_of(lat, "record", "slo:sli_error:ratio_rate5m"),
            "(sum(rate(healthboard_request_duration_seconds_count{service=\"ui-proxy\"}[5m]))\n"
            "  - "
            "sum(rate(healthboard_request_duration_seconds_bucket{service=\"ui-proxy\",le=\"0.2\"}"
            "[5m])))\n"
            "/\n"
            "sum(rate(healthboard_request_duration_seconds_count{service=\"ui-proxy\"}[5m]))\n");
  const YAML::Node lab = group(root, "lab", "availability");
  EXPECT_EQ(expr_of(lab, "record", "slo:sli_error:ratio_rate1h"),
            "(sum(rate(healthboard_lab_requests_total{code=~\"5..\"}[1h]))\n"
            "  or 0 * sum(rate(healthboard_lab_requests_total[1h])))\n"
            "/\n"
            "sum(rate(healthboard_lab_requests_total[1h]))\n");
  const YAML::Node lab_latency = group(root, "lab", "latency");
  EXPECT_TRUE(contains(expr_of(lab_latency, "record", "slo:sli_error:ratio_rate6h"),
                       "healthboard_lab_request_duration_seconds_bucket{le=\"0.2\"}[6h]"));
}

TEST(PrometheusRulesTest, MetaRecordsOfTheDefaultLab) {
  const YAML::Node root = parse(render_rules(core::default_lab_spec()));
  const YAML::Node avail = group(root, "planner-sim", "availability");
  EXPECT_EQ(expr_of(avail, "record", "slo:objective:ratio"), "vector(0.995)");
  EXPECT_EQ(expr_of(avail, "record", "slo:error_budget:ratio"), "vector(0.005)");
  EXPECT_EQ(expr_of(avail, "record", "slo:time_period:days"), "vector(30)");
  EXPECT_EQ(expr_of(avail, "record", "slo:current_burn_rate:ratio"),
            "slo:sli_error:ratio_rate5m{service=\"planner-sim\",slo=\"availability\"} / 0.005");
  EXPECT_EQ(expr_of(avail, "record", "slo:period_burn_rate:ratio"),
            "slo:sli_error:ratio_rate30d{service=\"planner-sim\",slo=\"availability\"} / 0.005");
  EXPECT_EQ(expr_of(avail, "record", "slo:period_error_budget_remaining:ratio"),
            "1 - slo:period_burn_rate:ratio{service=\"planner-sim\",slo=\"availability\"}");
  const YAML::Node lat = group(root, "planner-sim", "latency");
  EXPECT_EQ(expr_of(lat, "record", "slo:objective:ratio"), "vector(0.95)");
  EXPECT_EQ(expr_of(lat, "record", "slo:error_budget:ratio"), "vector(0.05)");
}

// The alert's expression, as the rule file writes it.
std::string alert_expr(const std::string& service, const std::string& slo, const std::string& lw,
                       const std::string& sw, const std::string& budget,
                       const std::string& threshold) {
  const std::string own = "{service=\"" + service + "\",slo=\"" + slo + "\"}";
  return "slo:sli_error:ratio_rate" + lw + own + " / " + budget + " > " + threshold + "\nand\n" +
         "slo:sli_error:ratio_rate" + sw + own + " / " + budget + " > " + threshold + "\n";
}

TEST(PrometheusRulesTest, ThirtyDayThresholdsAreTheWorkbooks) {
  const YAML::Node root = parse(render_rules(core::default_lab_spec()));
  const YAML::Node g = group(root, "sensor-sim", "availability");
  EXPECT_EQ(expr_of(g, "alert", "HealthboardPageFastBurn"),
            alert_expr("sensor-sim", "availability", "1h", "5m", "0.005", "14.4"));
  EXPECT_EQ(expr_of(g, "alert", "HealthboardPageSlowBurn"),
            alert_expr("sensor-sim", "availability", "6h", "30m", "0.005", "6"));
  EXPECT_EQ(expr_of(g, "alert", "HealthboardTicketFastBurn"),
            alert_expr("sensor-sim", "availability", "1d", "2h", "0.005", "3"));
  EXPECT_EQ(expr_of(g, "alert", "HealthboardTicketSlowBurn"),
            alert_expr("sensor-sim", "availability", "3d", "6h", "0.005", "1"));
  const YAML::Node lab = group(root, "lab", "latency");
  EXPECT_EQ(expr_of(lab, "alert", "HealthboardPageFastBurn"),
            alert_expr("lab", "latency", "1h", "5m", "0.05", "14.4"));

  const YAML::Node page = rule(g, "alert", "HealthboardPageFastBurn");
  EXPECT_EQ(page["labels"]["severity"].as<std::string>(), "page");
  EXPECT_EQ(rule(g, "alert", "HealthboardTicketSlowBurn")["labels"]["severity"].as<std::string>(),
            "ticket");
  const std::string summary = page["annotations"]["summary"].as<std::string>();
  EXPECT_TRUE(contains(summary, "sensor-sim availability SLO")) << summary;
  EXPECT_TRUE(contains(summary, "14.4")) << summary;
  EXPECT_TRUE(contains(summary, "1h and 5m")) << summary;
  EXPECT_TRUE(contains(summary, "2 % of the 30d budget")) << summary;
  const std::string description = page["annotations"]["description"].as<std::string>();
  EXPECT_TRUE(contains(description, "99.5 %")) << description;
}

TEST(PrometheusRulesTest, SevenDayWindowScalesThresholdsAndRecordsTheWindow) {
  core::LabSpec spec = core::default_lab_spec();
  spec.slo.window = hours(24 * 7);
  const YAML::Node root = parse(render_rules(spec));
  const YAML::Node g = group(root, "ui-proxy", "availability");
  EXPECT_EQ(names(g, "record")[7], "slo:sli_error:ratio_rate7d");
  EXPECT_EQ(expr_of(g, "alert", "HealthboardPageFastBurn"),
            alert_expr("ui-proxy", "availability", "1h", "5m", "0.005", "3.36"));
  EXPECT_EQ(expr_of(g, "alert", "HealthboardPageSlowBurn"),
            alert_expr("ui-proxy", "availability", "6h", "30m", "0.005", "1.4"));
  EXPECT_EQ(expr_of(g, "alert", "HealthboardTicketFastBurn"),
            alert_expr("ui-proxy", "availability", "1d", "2h", "0.005", "0.7"));
  EXPECT_EQ(expr_of(g, "alert", "HealthboardTicketSlowBurn"),
            alert_expr("ui-proxy", "availability", "3d", "6h", "0.005", "0.23333333333333334"));
  EXPECT_EQ(expr_of(g, "record", "slo:time_period:days"), "vector(7)");
  EXPECT_EQ(expr_of(g, "record", "slo:period_burn_rate:ratio"),
            "slo:sli_error:ratio_rate7d{service=\"ui-proxy\",slo=\"availability\"} / 0.005");
  const std::string summary =
      rule(g, "alert", "HealthboardTicketSlowBurn")["annotations"]["summary"].as<std::string>();
  EXPECT_TRUE(contains(summary, "above 0.2333 over both 3d and 6h")) << summary;
  EXPECT_TRUE(contains(summary, "10 % of the 7d budget in 3d")) << summary;
}

TEST(PrometheusRulesTest, AWindowAmongTheBurnWindowsIsRecordedOnce) {
  core::LabSpec spec = core::default_lab_spec();
  spec.slo.window = hours(24);
  const YAML::Node g = group(parse(render_rules(spec)), "sensor-sim", "latency");
  const std::vector<std::string> records = names(g, "record");
  EXPECT_EQ(std::vector<std::string>(records.begin(), records.begin() + 7),
            std::vector<std::string>(kRatioRecords30d.begin(), kRatioRecords30d.begin() + 7));
  EXPECT_EQ(records.size(), 7u + kMetaRecords.size());
  EXPECT_EQ(expr_of(g, "record", "slo:period_burn_rate:ratio"),
            "slo:sli_error:ratio_rate1d{service=\"sensor-sim\",slo=\"latency\"} / 0.05");
}

TEST(PrometheusRulesTest, AShortWindowSortsAmongTheBurnWindows) {
  core::LabSpec spec = core::default_lab_spec();
  spec.slo.window = hours(12);
  const YAML::Node g = group(parse(render_rules(spec)), "lab", "availability");
  const std::vector<std::string> records = names(g, "record");
  EXPECT_EQ(records[5], "slo:sli_error:ratio_rate12h");
  EXPECT_EQ(records[6], "slo:sli_error:ratio_rate1d");
  EXPECT_EQ(expr_of(g, "record", "slo:time_period:days"), "vector(0.5)");
}

TEST(PrometheusRulesTest, PerServiceOverridesShowUp) {
  core::LabSpec spec = core::default_lab_spec();
  spec.services[1].slo.latency_threshold_ms = 350;  // planner-sim
  spec.services[1].slo.latency_target = 0.9;
  spec.services[2].slo.availability_target = 0.999;  // ui-proxy
  spec.services[2].slo.latency_threshold_ms = 1000;
  const YAML::Node root = parse(render_rules(spec));

  const YAML::Node planner = group(root, "planner-sim", "latency");
  EXPECT_TRUE(contains(expr_of(planner, "record", "slo:sli_error:ratio_rate1h"),
                       "healthboard_request_duration_seconds_bucket{service=\"planner-sim\","
                       "le=\"0.35\"}[1h]"));
  EXPECT_EQ(expr_of(planner, "record", "slo:objective:ratio"), "vector(0.9)");
  EXPECT_EQ(expr_of(planner, "record", "slo:error_budget:ratio"), "vector(0.1)");
  EXPECT_TRUE(
      contains(rule(planner, "alert", "HealthboardPageFastBurn")["annotations"]["description"]
                   .as<std::string>(),
               "90 % of the requests planner-sim answers take at most 350 ms"));

  const YAML::Node ui = group(root, "ui-proxy", "latency");
  EXPECT_TRUE(contains(expr_of(ui, "record", "slo:sli_error:ratio_rate5m"),
                       "{service=\"ui-proxy\",le=\"1\"}[5m]"));
  const YAML::Node ui_avail = group(root, "ui-proxy", "availability");
  EXPECT_EQ(expr_of(ui_avail, "record", "slo:objective:ratio"), "vector(0.999)");
  EXPECT_EQ(expr_of(ui_avail, "alert", "HealthboardPageFastBurn"),
            alert_expr("ui-proxy", "availability", "1h", "5m", "0.001", "14.4"));

  // The others keep the lab's targets.
  const YAML::Node sensor = group(root, "sensor-sim", "latency");
  EXPECT_TRUE(contains(expr_of(sensor, "record", "slo:sli_error:ratio_rate5m"), "le=\"0.2\""));
  EXPECT_TRUE(
      contains(expr_of(group(root, "lab", "latency"), "record", "slo:sli_error:ratio_rate5m"),
               "le=\"0.2\""));
}

TEST(PrometheusRulesTest, SameSpecSameText) {
  const std::string first = render_rules(core::default_lab_spec());
  EXPECT_EQ(first, render_rules(core::default_lab_spec()));
  EXPECT_EQ(first.back(), '\n');
}

TEST(PrometheusRulesTest, HeaderExplainsTheChoices) {
  const std::string text = render_rules(core::default_lab_spec());
  EXPECT_EQ(text.rfind("# Prometheus recording and alerting rules", 0), 0u);
  EXPECT_TRUE(contains(text, "Unlike Sloth")) << text;
  EXPECT_TRUE(contains(text, "never an average of 5m ratios")) << text;
  EXPECT_TRUE(contains(text, "No `for:`")) << text;
  EXPECT_TRUE(contains(text, "HealthboardPageFastBurn    page     1h and 5m   > 14.4")) << text;
  EXPECT_TRUE(contains(text, "1h), keep_firing_for 1m\n")) << text;
  EXPECT_TRUE(contains(text, "`keep_firing_for:`")) << text;
}

// The YAML line itself: one per alert, after its expression (before its labels), 4 alerts x 8
// SLOs.
TEST(PrometheusRulesTest, EveryAlertKeepsFiringForOneMinute) {
  const std::string text = render_rules(core::default_lab_spec());
  std::size_t lines = 0;
  for (std::size_t at = text.find("\n        keep_firing_for: 1m\n"); at != std::string::npos;
       at = text.find("\n        keep_firing_for: 1m\n", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 32u) << text;
  const YAML::Node root = parse(text);
  const YAML::Node page = rule(group(root, "lab", "latency"), "alert", "HealthboardPageSlowBurn");
  EXPECT_EQ(page["keep_firing_for"].as<std::string>(), "1m");
}

}  // namespace
}  // namespace hb::api

#include "api/json_views.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/alerts.h"
#include "core/burn_alerts.h"
#include "core/slo.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;
using std::chrono::hours;
using std::chrono::minutes;

constexpr core::TimePoint kNow{hours(10)};
constexpr double kStartUnix = 1700000000.0;  // the lab's time zero
constexpr double kNowUnix = kStartUnix + 36000.0;
constexpr double kEps = 1e-9;

// The lab's SLO (99.5 %, 95 % within 200 ms, 30 d): 720 good requests 9 h ago and 80 a minute ago,
// 1 of them failed and 4 slow. Up to 6 h availability burns at (1/80) / 0.005 = 2.5, from 1 d on
// at (1/800) / 0.005 = 0.25: a quarter of the budget spent.
core::SloReport lab_slo(bool with_traffic = true) {
  core::SloTracker tracker("lab", core::SloSpec{}, core::TimePoint{});
  if (with_traffic) {
    for (int i = 0; i < 720; ++i) tracker.record(kNow - hours(9), false, core::millis(50));
    for (int i = 0; i < 80; ++i) {
      tracker.record(kNow - minutes(1), i == 0, i < 4 ? core::millis(250) : core::millis(50));
    }
  }
  return tracker.report(kNow);
}

// Service "svc": 99 %, 90 % within 350 ms, over 1 h. 200 requests 10 minutes ago, 1 failed and
// 10 slow: nothing in the last 5 minutes; from 30 m on both SLIs burn at 0.5.
core::SloReport svc_slo(bool with_traffic = true) {
  core::SloSpec spec;
  spec.availability_target = 0.99;
  spec.latency_threshold_ms = 350;
  spec.latency_target = 0.9;
  spec.window = hours(1);
  core::SloTracker tracker("svc", spec, core::TimePoint{});
  if (with_traffic) {
    for (int i = 0; i < 200; ++i) {
      tracker.record(kNow - minutes(10), i == 0, i < 10 ? core::millis(400) : core::millis(20));
    }
  }
  return tracker.report(kNow);
}

core::AlertStatus alert(std::string slo, std::string sli, std::size_t rule, bool firing,
                        core::TimePoint since) {
  core::AlertStatus status;
  status.slo = std::move(slo);
  status.sli = std::move(sli);
  status.rule = &core::kBurnAlertRules[rule];
  status.threshold = core::burn_threshold(*status.rule, hours(24 * 30));
  status.firing = firing;
  status.since = since;
  return status;
}

lab::Snapshot small_snapshot() {
  lab::Snapshot snapshot;
  snapshot.start_unix = kStartUnix;
  core::LabReport& report = snapshot.report;
  report.at = kNow;

  core::PodReport pod;
  pod.id = "svc-pod-1";
  pod.service = "svc";
  pod.phase = core::PodPhase::kRunning;
  pod.ready = true;
  pod.status = core::PodStatus::kHealthy;
  pod.reason = "within targets";
  pod.last_heartbeat = kNow - core::seconds(1);
  pod.restarts = 2;
  pod.fault = core::FaultSpec{.delay_ms = 1500, .error_rate = 0.25, .kill = false};
  pod.recent.requests = 8;
  pod.recent.error_ratio = 0.125;
  pod.recent.p50_s = 0.03125;
  report.pods.push_back(pod);

  report.slos = {lab_slo(), svc_slo()};
  core::AlertStatus page_fast = alert("lab", "availability", 0, false, kNow - hours(2));
  page_fast.long_burn_rate = 2.5;
  page_fast.short_burn_rate = 2.5;
  core::AlertStatus page_slow = alert("svc", "availability", 1, true, kNow - minutes(1));
  page_slow.long_burn_rate = 0.5;
  page_slow.short_burn_rate = 0.5;
  const core::AlertStatus ticket_slow = alert("svc", "latency", 3, true, kNow - minutes(5));
  report.alerts = {page_fast, page_slow, ticket_slow};
  // The latest changes, newest first.
  core::AlertStatus page_fast_fired = page_fast;
  page_fast_fired.firing = true;
  page_fast_fired.since = kNow - hours(3);
  report.alert_changes = {core::AlertChange{kNow - minutes(1), page_slow},
                          core::AlertChange{kNow - minutes(5), ticket_slow},
                          core::AlertChange{kNow - hours(2), page_fast},
                          core::AlertChange{kNow - hours(3), page_fast_fired}};
  report.alert_change_count = 7;
  return snapshot;
}

// The same lab without any SLO data or alerts.
lab::Snapshot quiet_snapshot() {
  lab::Snapshot snapshot = small_snapshot();
  snapshot.report.slos = {lab_slo(false), svc_slo(false)};
  snapshot.report.alerts.clear();
  snapshot.report.alert_changes.clear();
  snapshot.report.alert_change_count = 0;
  return snapshot;
}

std::vector<std::string> keys_of(const json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

const std::vector<std::string> kLabWindows = {"5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"};
const std::vector<std::string> kSvcWindows = {"5m", "30m", "1h", "2h", "6h", "1d", "3d"};

TEST(SloJsonTest, TheOriginalFourFieldsComeFirst) {
  const json body = slo_json(small_snapshot());
  const std::vector<std::string> keys = keys_of(body);
  ASSERT_GE(keys.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 4),
            (std::vector<std::string>{"latency_p95_target_ms", "availability_target",
                                      "burn_rate_5m", "budget_remaining"}));
  ASSERT_TRUE(body["latency_p95_target_ms"].is_number_integer());
  EXPECT_EQ(body["latency_p95_target_ms"].get<std::int64_t>(), 200);
  EXPECT_EQ(body["availability_target"].get<double>(), 0.995);
  EXPECT_NEAR(body["burn_rate_5m"].get<double>(), 2.5, kEps);
  EXPECT_NEAR(body["budget_remaining"].get<double>(), 0.75, kEps);
  EXPECT_EQ(body["indicator"], "high");
  EXPECT_EQ(body["window"], "30d");
  EXPECT_EQ(body["window_seconds"], 2592000);
  // The lab is 10 h old: that much of its 30 days has data.
  EXPECT_EQ(body["window_data_seconds"], 36000.0);
  EXPECT_EQ(body["requests_5m"], 80);
  EXPECT_EQ(body["requests_window"], 800);
  // 0.75 of the budget left, burning at 2.5 over the last hour: 0.75 * 30 d / 2.5 = 9 d.
  EXPECT_NEAR(body["budget_exhausted_in_seconds"].get<double>(), 777600.0, 1e-3);
  EXPECT_NEAR(body["timestamp"].get<double>(), kNowUnix, kEps);
}

TEST(SloJsonTest, WithoutDataTheOriginalFieldsStayNumbersAndTheAddedOnesAreNull) {
  const json body = slo_json(quiet_snapshot());
  EXPECT_EQ(body["latency_p95_target_ms"], 200);
  EXPECT_EQ(body["availability_target"], 0.995);
  // The original's clients format these as numbers: nothing burned, the whole budget left.
  EXPECT_TRUE(body["burn_rate_5m"].is_number());
  EXPECT_EQ(body["burn_rate_5m"], 0.0);
  EXPECT_TRUE(body["budget_remaining"].is_number());
  EXPECT_EQ(body["budget_remaining"], 1.0);
  for (const char* key : {"indicator", "error_ratio_5m", "latency_p95_ms", "availability",
                          "budget_consumed", "budget_exhausted_in_seconds"}) {
    ASSERT_TRUE(body.contains(key)) << key;
    EXPECT_TRUE(body[key].is_null()) << key << ": " << body[key].dump();
  }
  EXPECT_EQ(body["requests_5m"], 0);
  ASSERT_EQ(body["slos"].size(), 2u);
  for (const auto& slo : body["slos"]) {
    SCOPED_TRACE(slo["name"].get<std::string>());
    for (const char* sli : {"availability", "latency"}) {
      SCOPED_TRACE(sli);
      ASSERT_FALSE(slo[sli]["burn_rate"].empty());
      for (const auto& [window, burn] : slo[sli]["burn_rate"].items()) {
        EXPECT_TRUE(burn.is_null()) << window << ": " << burn.dump();
        EXPECT_TRUE(slo[sli]["error_ratio"][window].is_null()) << window;
        EXPECT_EQ(slo[sli]["requests"][window], 0) << window;
      }
      for (const char* key :
           {"sli", "budget_consumed", "budget_remaining", "budget_exhausted_in_seconds"}) {
        EXPECT_TRUE(slo[sli][key].is_null()) << key;
      }
    }
    EXPECT_TRUE(slo["alerts"].empty());
  }
  EXPECT_TRUE(body["alerts_firing"].empty());
}

TEST(SloJsonTest, EverySloWithItsWindowsThresholdAndAlerts) {
  const json body = slo_json(small_snapshot());
  ASSERT_EQ(body["slos"].size(), 2u);

  const json& lab = body["slos"][0];
  EXPECT_EQ(lab["name"], "lab");
  EXPECT_EQ(lab["scope"], "lab");
  EXPECT_EQ(lab["window"], "30d");
  EXPECT_EQ(lab["latency"]["threshold_ms"], 200);
  EXPECT_EQ(lab["availability"]["target"], 0.995);
  EXPECT_EQ(lab["latency"]["target"], 0.95);
  EXPECT_EQ(keys_of(lab["availability"]["burn_rate"]), kLabWindows);
  EXPECT_EQ(keys_of(lab["latency"]["burn_rate"]), kLabWindows);
  for (const auto& [window, burn] : std::vector<std::pair<std::string, double>>{{"5m", 2.5},
                                                                                {"30m", 2.5},
                                                                                {"1h", 2.5},
                                                                                {"2h", 2.5},
                                                                                {"6h", 2.5},
                                                                                {"1d", 0.25},
                                                                                {"3d", 0.25},
                                                                                {"30d", 0.25}}) {
    SCOPED_TRACE(window);
    ASSERT_TRUE(lab["availability"]["burn_rate"][window].is_number());
    EXPECT_NEAR(lab["availability"]["burn_rate"][window].get<double>(), burn, kEps);
    // 4 of the requests were slow: 0.05 / 0.05 = 1 up to 6 h, 0.005 / 0.05 = 0.1 beyond.
    EXPECT_NEAR(lab["latency"]["burn_rate"][window].get<double>(), burn / 2.5, kEps);
  }
  EXPECT_EQ(lab["availability"]["requests"]["5m"], 80);
  EXPECT_EQ(lab["availability"]["bad_requests"]["5m"], 1);
  EXPECT_EQ(lab["availability"]["requests"]["30d"], 800);
  EXPECT_EQ(lab["latency"]["bad_requests"]["30d"], 4);
  EXPECT_NEAR(lab["availability"]["budget_remaining"].get<double>(), 0.75, kEps);
  EXPECT_NEAR(lab["latency"]["budget_remaining"].get<double>(), 0.9, kEps);
  EXPECT_EQ(lab["indicator"], "high");
  ASSERT_EQ(lab["alerts"].size(), 1u);
  EXPECT_EQ(lab["alerts"][0]["name"], "page-fast");
  EXPECT_EQ(lab["alerts"][0]["state"], "inactive");

  // 10 h after the start: the windows up to 6 h are full, the longer ones have 10 h of data.
  const std::vector<std::pair<std::string, double>> lab_data = {
      {"5m", 300.0},   {"30m", 1800.0}, {"1h", 3600.0},  {"2h", 7200.0},
      {"6h", 21600.0}, {"1d", 36000.0}, {"3d", 36000.0}, {"30d", 36000.0}};
  for (const char* sli : {"availability", "latency"}) {
    SCOPED_TRACE(sli);
    EXPECT_EQ(keys_of(lab[sli]["data_seconds"]), kLabWindows);
    for (const auto& [window, seconds] : lab_data) {
      ASSERT_TRUE(lab[sli]["data_seconds"][window].is_number_float()) << window;
      EXPECT_EQ(lab[sli]["data_seconds"][window].get<double>(), seconds) << window;
    }
  }

  const json& svc = body["slos"][1];
  EXPECT_EQ(svc["name"], "svc");
  EXPECT_EQ(svc["scope"], "service");
  EXPECT_EQ(svc["window"], "1h");
  EXPECT_EQ(svc["latency"]["threshold_ms"], 350);
  EXPECT_EQ(svc["availability"]["target"], 0.99);
  // 1h is among the burn windows: not repeated.
  EXPECT_EQ(keys_of(svc["availability"]["burn_rate"]), kSvcWindows);
  for (const char* sli : {"availability", "latency"}) {
    SCOPED_TRACE(sli);
    const json& burn_rate = svc[sli]["burn_rate"];
    // No request in the last 5 minutes: null, not 0.
    ASSERT_TRUE(burn_rate.contains("5m"));
    EXPECT_TRUE(burn_rate["5m"].is_null()) << burn_rate["5m"].dump();
    EXPECT_TRUE(svc[sli]["error_ratio"]["5m"].is_null());
    EXPECT_EQ(svc[sli]["requests"]["5m"], 0);
    // No traffic is not no time: the window has been open all of its 5 minutes.
    EXPECT_EQ(svc[sli]["data_seconds"]["5m"], 300.0);
    EXPECT_EQ(svc[sli]["data_seconds"]["1h"], 3600.0);
    EXPECT_EQ(svc[sli]["data_seconds"]["3d"], 36000.0);
    for (const auto& window : kSvcWindows) {
      if (window == "5m") continue;
      ASSERT_TRUE(burn_rate[window].is_number()) << window;
      EXPECT_NEAR(burn_rate[window].get<double>(), 0.5, kEps) << window;
    }
    EXPECT_NEAR(svc[sli]["budget_remaining"].get<double>(), 0.5, kEps);
    // 0.5 of a 1 h budget left, burning at 0.5: one hour.
    EXPECT_NEAR(svc[sli]["budget_exhausted_in_seconds"].get<double>(), 3600.0, 1e-3);
  }
  EXPECT_TRUE(svc["indicator"].is_null());
  ASSERT_EQ(svc["alerts"].size(), 2u);
  EXPECT_EQ(svc["alerts"][0]["name"], "page-slow");
  EXPECT_EQ(svc["alerts"][0]["state"], "firing");
  EXPECT_EQ(svc["alerts"][1]["name"], "ticket-slow");
  EXPECT_EQ(svc["alerts"][1]["sli"], "latency");

  ASSERT_EQ(body["alerts_firing"].size(), 2u);
  EXPECT_EQ(body["alerts_firing"][0]["name"], "page-slow");
  EXPECT_EQ(body["alerts_firing"][1]["name"], "ticket-slow");
}

TEST(AlertsJsonTest, AlertsWithTheirStateAndChangesNewestFirst) {
  lab::Snapshot snapshot = small_snapshot();
  // page-slow still fires, but its condition has been false for 20 s.
  snapshot.report.alerts[1].resolving_since = kNow - core::seconds(20);
  const json body = alerts_json(snapshot);
  ASSERT_EQ(body["alerts"].size(), 3u);
  const json& page_fast = body["alerts"][0];
  EXPECT_EQ(page_fast["name"], "page-fast");
  EXPECT_EQ(page_fast["severity"], "page");
  EXPECT_EQ(page_fast["slo"], "lab");
  EXPECT_EQ(page_fast["sli"], "availability");
  EXPECT_EQ(page_fast["state"], "inactive");
  EXPECT_NEAR(page_fast["since"].get<double>(), kNowUnix - 7200.0, kEps);
  EXPECT_EQ(page_fast["long_window"], "1h");
  EXPECT_EQ(page_fast["short_window"], "5m");
  EXPECT_NEAR(page_fast["threshold"].get<double>(), 14.4, kEps);
  EXPECT_NEAR(page_fast["long_burn_rate"].get<double>(), 2.5, kEps);
  EXPECT_EQ(page_fast["keep_firing_for_seconds"], 60);
  EXPECT_TRUE(page_fast["resolving_since"].is_null());
  EXPECT_TRUE(page_fast["resolves_at"].is_null());
  EXPECT_EQ(body["alerts"][1]["state"], "firing");
  EXPECT_EQ(body["alerts"][1]["keep_firing_for_seconds"], 60);
  EXPECT_NEAR(body["alerts"][1]["resolving_since"].get<double>(), kNowUnix - 20.0, kEps);
  EXPECT_NEAR(body["alerts"][1]["resolves_at"].get<double>(), kNowUnix + 40.0, kEps);
  // Firing with its condition holding: nothing to resolve.
  EXPECT_TRUE(body["alerts"][2]["resolving_since"].is_null());
  EXPECT_TRUE(body["alerts"][2]["resolves_at"].is_null());
  EXPECT_EQ(body["alerts"][1]["long_window"], "6h");
  EXPECT_EQ(body["alerts"][1]["short_window"], "30m");
  EXPECT_EQ(body["alerts"][2]["state"], "firing");
  EXPECT_EQ(body["alerts"][2]["severity"], "ticket");
  // No burn rate known: null, not 0.
  EXPECT_TRUE(body["alerts"][2]["long_burn_rate"].is_null());
  EXPECT_TRUE(body["alerts"][2]["short_burn_rate"].is_null());
  EXPECT_EQ(body["firing"], 2);

  ASSERT_EQ(body["changes"].size(), 4u);
  const std::vector<std::pair<std::string, double>> expected = {{"page-slow", kNowUnix - 60.0},
                                                                {"ticket-slow", kNowUnix - 300.0},
                                                                {"page-fast", kNowUnix - 7200.0},
                                                                {"page-fast", kNowUnix - 10800.0}};
  const std::vector<std::string> states = {"firing", "firing", "inactive", "firing"};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    const json& change = body["changes"][i];
    EXPECT_EQ(change["name"], expected[i].first);
    EXPECT_EQ(change["state"], states[i]);
    ASSERT_TRUE(change.contains("at"));
    EXPECT_NEAR(change["at"].get<double>(), expected[i].second, kEps);
    if (i > 0) {
      EXPECT_LT(change["at"].get<double>(), body["changes"][i - 1]["at"].get<double>());
    }
  }
  EXPECT_EQ(body["changes_total"], 7);
  EXPECT_NEAR(body["timestamp"].get<double>(), kNowUnix, kEps);
}

// The changes an alert book logs come out newest first: svc's alerts fire at 10 h; a minute later
// its traffic has left every window, and they keep firing for another minute (keep_firing_for)
// before they resolve.
TEST(AlertsJsonTest, ChangesFromTheAlertBookAreNewestFirst) {
  lab::Snapshot snapshot = quiet_snapshot();
  core::AlertBook book;
  const auto show = [&] {
    snapshot.report.alerts = book.alerts();
    snapshot.report.alert_changes.assign(book.changes().begin(), book.changes().end());
    snapshot.report.alert_change_count = book.change_count();
    return alerts_json(snapshot);
  };
  book.evaluate(svc_slo(), kNow);
  book.evaluate(svc_slo(false), kNow + minutes(1));
  const json holding = show();
  EXPECT_EQ(holding["firing"], 6);
  EXPECT_EQ(holding["changes_total"], 6);
  for (const json& alert : holding["alerts"]) {
    SCOPED_TRACE(alert.dump());
    if (alert["state"] == "firing") {
      EXPECT_NEAR(alert["since"].get<double>(), kNowUnix, kEps);
      EXPECT_NEAR(alert["resolving_since"].get<double>(), kNowUnix + 60.0, kEps);
      EXPECT_NEAR(alert["resolves_at"].get<double>(), kNowUnix + 120.0, kEps);
    } else {
      EXPECT_TRUE(alert["resolves_at"].is_null());
    }
  }

  book.evaluate(svc_slo(false), kNow + minutes(2));
  const json body = show();
  EXPECT_EQ(body["alerts"].size(), 8u);
  EXPECT_EQ(body["firing"], 0);
  // page-fast never fired (no data over 5 minutes); the other three fired for both SLIs.
  ASSERT_EQ(body["changes"].size(), 12u);
  EXPECT_EQ(body["changes_total"], 12);
  for (std::size_t i = 0; i < 12; ++i) {
    SCOPED_TRACE(i);
    const json& change = body["changes"][i];
    EXPECT_NE(change["name"], "page-fast");
    EXPECT_EQ(change["slo"], "svc");
    EXPECT_EQ(change["state"], i < 6 ? "inactive" : "firing");
    EXPECT_NEAR(change["at"].get<double>(), i < 6 ? kNowUnix + 120.0 : kNowUnix, kEps);
    EXPECT_TRUE(change["resolves_at"].is_null());
  }
}

TEST(AlertsJsonTest, NoAlertsNoChanges) {
  const json body = alerts_json(quiet_snapshot());
  EXPECT_TRUE(body["alerts"].is_array());
  EXPECT_TRUE(body["alerts"].empty());
  EXPECT_TRUE(body["changes"].is_array());
  EXPECT_TRUE(body["changes"].empty());
  EXPECT_EQ(body["firing"], 0);
  EXPECT_EQ(body["changes_total"], 0);
}

TEST(PodJsonTest, TheOriginalFieldsComeFirstInTheirOrder) {
  const lab::Snapshot snapshot = small_snapshot();
  const json body = pod_json(snapshot.report.pods[0], snapshot);
  const std::vector<std::string> original = {
      "id",         "service",    "status",   "last_heartbeat", "restarts",
      "latency_ms", "error_rate", "delay_ms", "killed"};
  const std::vector<std::string> keys = keys_of(body);
  ASSERT_GE(keys.size(), original.size());
  EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 9), original);
  EXPECT_EQ(body["id"], "svc-pod-1");
  EXPECT_EQ(body["service"], "svc");
  EXPECT_EQ(body["status"], "Healthy");
  EXPECT_NEAR(body["last_heartbeat"].get<double>(), kNowUnix - 1.0, kEps);
  EXPECT_EQ(body["restarts"], 2);
  EXPECT_NEAR(body["latency_ms"].get<double>(), 31.25, kEps);
  EXPECT_EQ(body["error_rate"], 0.25);
  EXPECT_EQ(body["delay_ms"], 1500);
  EXPECT_EQ(body["killed"], false);
  // Measured detail after them.
  EXPECT_EQ(body["phase"], "Running");
  EXPECT_EQ(body["ready"], true);
  EXPECT_NEAR(body["error_ratio"].get<double>(), 0.125, kEps);
}

TEST(PodJsonTest, NoRecentRequestsKeepsTheLastMeasuredLatency) {
  lab::Snapshot snapshot = small_snapshot();
  snapshot.report.pods[0].recent = core::WindowSummary{};
  snapshot.report.pods[0].last_latency = core::from_seconds(0.0421);
  const json body = pod_json(snapshot.report.pods[0], snapshot);
  EXPECT_TRUE(body["latency_ms"].is_number());
  EXPECT_NEAR(body["latency_ms"].get<double>(), 42.1, kEps);
  EXPECT_TRUE(body["latency_p50_ms"].is_null());  // healthboard's own fields say "no data"
  EXPECT_TRUE(body["error_ratio"].is_null());
  EXPECT_EQ(body["error_rate"], 0.25);  // the injected fault, not a measurement
}

TEST(PodJsonTest, BeforeAnyMeasurementLatencyIsZero) {
  lab::Snapshot snapshot = small_snapshot();
  snapshot.report.pods[0].recent = core::WindowSummary{};
  snapshot.report.pods[0].last_latency.reset();
  const json body = pod_json(snapshot.report.pods[0], snapshot);
  EXPECT_TRUE(body["latency_ms"].is_number());
  EXPECT_EQ(body["latency_ms"], 0.0);
}

}  // namespace
}  // namespace hb::api

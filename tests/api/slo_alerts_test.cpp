// The SLO engine over HTTP: every SLO in /slo with burn rates per window, alerts in /alerts firing
// when errors are injected, and their gauges in /metrics.
#include <gtest/gtest.h>

#include <string>

#include "lab_fixture.h"

namespace hbtest {
namespace {

class SloAlertsTest : public LabTest {
 protected:
  json alerts() { return expect_json(client().get("/alerts"), 200, "GET /alerts"); }

  json slo_named(const std::string& name) {
    const json all = slo();
    for (const auto& entry : all.at("slos"))
      if (entry.at("name") == name) return entry;
    throw std::runtime_error("no SLO named " + name + " in GET /slo");
  }
};

TEST_F(SloAlertsTest, SloListsTheLabAndEveryServiceWithEveryWindow) {
  ASSERT_TRUE(eventually(
      "the lab SLO has a 5m burn rate", [&] { return slo_named("lab"); },
      [](const json& s) { return s.at("availability").at("burn_rate").at("5m").is_number(); }));
  const json all = slo().at("slos");
  ASSERT_EQ(all.size(), 4u) << all.dump();
  EXPECT_EQ(all[0].at("name"), "lab");
  for (std::size_t i = 0; i < kServices.size(); ++i) EXPECT_EQ(all[i + 1].at("name"), kServices[i]);
  for (const auto& entry : all) {
    EXPECT_EQ(entry.at("window"), "30d");
    for (const char* sli : {"availability", "latency"}) {
      const json& figures = entry.at(sli);
      for (const char* window : {"5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"}) {
        EXPECT_TRUE(figures.at("burn_rate").contains(window)) << sli << " " << window;
        EXPECT_TRUE(is_number_or_null(figures.at("burn_rate").at(window)));
      }
    }
    EXPECT_EQ(entry.at("latency").at("threshold_ms"), 200);
    EXPECT_EQ(entry.at("alerts").size(), 8u);  // four rules, two SLIs
  }
}

// A lab seconds old: every window, 5m to 30d, holds the same few seconds of data, says so in
// /slo and /metrics, and the figure grows with the lab's age.
TEST_F(SloAlertsTest, AYoungLabsWindowsSayHowMuchDataTheyHold) {
  const json first = slo();
  const double age = first.at("window_data_seconds").get<double>();
  EXPECT_GE(age, 0.0);
  EXPECT_LT(age, 120.0);
  for (const auto& entry : first.at("slos")) {
    for (const char* sli : {"availability", "latency"}) {
      const json& data = entry.at(sli).at("data_seconds");
      ASSERT_EQ(data.size(), 8u) << data.dump();
      for (const auto& [window, seconds] : data.items()) {
        ASSERT_TRUE(seconds.is_number()) << window;
        // One snapshot: the same instant for every window and SLO.
        EXPECT_EQ(seconds.get<double>(), age) << entry.at("name") << " " << sli << " " << window;
      }
    }
  }
  ASSERT_TRUE(eventually(
      "the windows hold more data a second later", [&] { return slo(); },
      [&](const json& s) { return s.at("window_data_seconds").get<double>() >= age + 1.0; }));
  const std::string metrics = client().get("/metrics").body;
  EXPECT_NE(metrics.find("# TYPE healthboard_slo_window_data_seconds gauge"), std::string::npos);
  EXPECT_NE(metrics.find("healthboard_slo_window_data_seconds{service=\"lab\",window=\"30d\"} "),
            std::string::npos);
  EXPECT_NE(
      metrics.find("healthboard_slo_window_data_seconds{service=\"ui-proxy\",window=\"5m\"} "),
      std::string::npos);
}

TEST_F(SloAlertsTest, ErrorsFireBurnRateAlertsAndTheyShowEverywhere) {
  for (const char* id : {"planner-sim-pod-1", "planner-sim-pod-2", "planner-sim-pod-3"}) {
    fault(id, {{"error_rate", 1.0}});
  }
  ASSERT_TRUE(eventually(
      "page-fast fires on planner-sim availability", [&] { return alerts(); },
      [](const json& a) {
        for (const auto& alert : a.at("alerts")) {
          if (alert.at("slo") == "planner-sim" && alert.at("sli") == "availability" &&
              alert.at("name") == "page-fast" && alert.at("state") == "firing")
            return true;
        }
        return false;
      }));
  const json a = alerts();
  EXPECT_GT(a.at("firing").get<int>(), 0);
  ASSERT_FALSE(a.at("changes").empty());
  EXPECT_TRUE(is_recent_timestamp(a.at("changes")[0].at("at")));
  const json planner = slo_named("planner-sim");
  EXPECT_GT(planner.at("availability").at("burn_rate").at("5m").get<double>(), 14.4);
  EXPECT_FALSE(slo().at("alerts_firing").empty());
  const std::string metrics = client().get("/metrics").body;
  EXPECT_NE(
      metrics.find("healthboard_slo_alert_firing{service=\"planner-sim\",slo=\"availability\","
                   "alert=\"page-fast\",severity=\"page\"} 1"),
      std::string::npos);
}

class ShortSloWindowTest : public LabTest {
 protected:
  std::vector<std::string> extra_args() const override { return {"--slo-window", "1h"}; }
};

TEST_F(ShortSloWindowTest, SloWindowFlagSetsTheWindowAndScalesThresholds) {
  const json s = slo();
  EXPECT_EQ(s.at("window"), "1h");
  EXPECT_EQ(s.at("window_seconds"), 3600);
  for (const auto& alert : s.at("slos")[0].at("alerts")) {
    if (alert.at("name") == "page-fast") {
      EXPECT_NEAR(alert.at("threshold").get<double>(), 0.02, 1e-12);
    }
  }
}

}  // namespace
}  // namespace hbtest

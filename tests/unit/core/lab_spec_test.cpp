#include "core/lab_spec.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace hb::core {
namespace {

TEST(LabSpecTest, DefaultLabIsValid) {
  const Status status = validate(default_lab_spec());
  EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.error().detail);
}

TEST(LabSpecTest, DefaultLabIsUiProxyToPlannerToSensorWithThreeReplicasEach) {
  const LabSpec spec = default_lab_spec();
  struct Expected {
    std::string name;
    std::vector<std::string> dependencies;
  };
  const std::vector<Expected> expected = {
      {"sensor-sim", {}}, {"planner-sim", {"sensor-sim"}}, {"ui-proxy", {"planner-sim"}}};
  ASSERT_EQ(spec.services.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(expected[i].name);
    EXPECT_EQ(spec.services[i].name, expected[i].name);
    EXPECT_EQ(spec.services[i].dependencies, expected[i].dependencies);
    EXPECT_EQ(spec.services[i].replicas, 3);
  }
}

TEST(LabSpecTest, DefaultSloIs99_5PercentAndP95Under200msOver30Days) {
  const SloSpec& slo = default_lab_spec().slo;
  EXPECT_EQ(slo.availability_target, 0.995);
  EXPECT_EQ(slo.latency_threshold_ms, 200);
  EXPECT_EQ(slo.latency_target, 0.95);
  EXPECT_EQ(slo.window, std::chrono::hours(24 * 30));
}

struct Mutation {
  std::string name;
  std::function<void(LabSpec&)> change;
  std::string field;  // empty: the spec stays valid
};

ServiceSpec named(std::string name, std::vector<std::string> dependencies = {}) {
  ServiceSpec service;
  service.name = std::move(name);
  service.dependencies = std::move(dependencies);
  return service;
}

std::vector<Mutation> mutations() {
  return {
      // Limits that are still valid.
      {"OneReplica", [](LabSpec& s) { s.services[0].replicas = 1; }, ""},
      {"ThousandReplicas", [](LabSpec& s) { s.services[0].replicas = 1000; }, ""},
      {"ThousandServicesOfAHundredPods",
       [](LabSpec& s) {
         s.services.resize(1000, s.services[0]);
         for (std::size_t i = 0; i < s.services.size(); ++i) {
           s.services[i].name = "s" + std::to_string(i);
           s.services[i].dependencies.clear();
           s.services[i].replicas = 100;
         }
       },
       ""},
      {"ZeroRate", [](LabSpec& s) { s.services[0].rate_rps = 0.0; }, ""},
      {"WindowOfFiveMinutes", [](LabSpec& s) { s.slo.window = std::chrono::minutes(5); }, ""},
      {"WindowOfNinetyDays", [](LabSpec& s) { s.slo.window = std::chrono::hours(24 * 90); }, ""},
      {"HeartbeatTimeoutJustAboveInterval",
       [](LabSpec& s) { s.pods.heartbeat_timeout_ms = s.pods.heartbeat_interval_ms + 1; }, ""},
      // Broken ones, each naming the field.
      {"NoServices", [](LabSpec& s) { s.services.clear(); }, "services"},
      {"ZeroReplicas", [](LabSpec& s) { s.services[0].replicas = 0; }, "services[0].replicas"},
      {"ThousandAndOneReplicas", [](LabSpec& s) { s.services[1].replicas = 1001; },
       "services[1].replicas"},
      {"ThousandAndOneServices",
       [](LabSpec& s) {
         s.services.resize(1001, s.services[0]);
         for (std::size_t i = 0; i < s.services.size(); ++i) {
           s.services[i].name = "s" + std::to_string(i);
           s.services[i].dependencies.clear();
         }
       },
       "services"},
      {"MoreThanAHundredThousandPods",
       [](LabSpec& s) {
         for (ServiceSpec& service : s.services) service.replicas = 1000;
         s.services.resize(101, s.services[0]);
         for (std::size_t i = 0; i < s.services.size(); ++i) {
           s.services[i].name = "s" + std::to_string(i);
           s.services[i].dependencies.clear();
         }
       },
       "services"},
      {"NegativeRate", [](LabSpec& s) { s.services[2].rate_rps = -1.0; }, "services[2].rate_rps"},
      {"UpperCaseName", [](LabSpec& s) { s.services[0].name = "Sensor"; }, "services[0].name"},
      {"EmptyName", [](LabSpec& s) { s.services[1].name = ""; }, "services[1].name"},
      {"DuplicateName", [](LabSpec& s) { s.services[2].name = "sensor-sim"; }, "services[2].name"},
      {"UnknownDependency",
       [](LabSpec& s) {
         s.services[2].dependencies = {"planner-sim", "no-such"};
       },
       "services[2].dependencies[1]"},
      {"SelfDependency", [](LabSpec& s) { s.services[0].dependencies = {"sensor-sim"}; },
       "services[0].dependencies[0]"},
      {"DependencyListedTwice",
       [](LabSpec& s) {
         s.services[1].dependencies = {"sensor-sim", "sensor-sim"};
       },
       "services[1].dependencies[1]"},
      {"RateTooSmallForAnyArrivalIsValid", [](LabSpec& s) { s.services[2].rate_rps = 1e-300; }, ""},
      {"CycleAToBToA",
       [](LabSpec& s) {
         s.services = {named("a", {"b"}), named("b", {"a"})};
       },
       "services[0].dependencies"},
      {"AvailabilityTargetOfOne", [](LabSpec& s) { s.slo.availability_target = 1.0; },
       "slo.availability_target"},
      {"AvailabilityTargetOfZero", [](LabSpec& s) { s.slo.availability_target = 0.0; },
       "slo.availability_target"},
      {"WindowUnderFiveMinutes",
       [](LabSpec& s) { s.slo.window = std::chrono::minutes(5) - std::chrono::seconds(1); },
       "slo.window"},
      {"HeartbeatTimeoutEqualToInterval",
       [](LabSpec& s) { s.pods.heartbeat_timeout_ms = s.pods.heartbeat_interval_ms; },
       "pods.heartbeat_timeout_ms"},
      {"HeartbeatTimeoutBelowInterval",
       [](LabSpec& s) {
         s.pods.heartbeat_interval_ms = 2000;
         s.pods.heartbeat_timeout_ms = 1500;
       },
       "pods.heartbeat_timeout_ms"},
  };
}

class LabSpecValidationTest : public ::testing::TestWithParam<Mutation> {};

TEST_P(LabSpecValidationTest, RefusesBrokenRulesNamingTheField) {
  LabSpec spec = default_lab_spec();
  GetParam().change(spec);
  const Status status = validate(spec);
  if (GetParam().field.empty()) {
    EXPECT_TRUE(status.ok()) << status.error().detail;
    return;
  }
  ASSERT_FALSE(status.ok()) << "accepted";
  EXPECT_EQ(status.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(status.error().field, GetParam().field);
  // The detail starts with the field path, so people see which value broke which rule.
  EXPECT_EQ(status.error().detail.rfind(GetParam().field + ": ", 0), 0u) << status.error().detail;
}

INSTANTIATE_TEST_SUITE_P(Table, LabSpecValidationTest, ::testing::ValuesIn(mutations()),
                         [](const auto& test) { return test.param.name; });

}  // namespace
}  // namespace hb::core

#include "lab/config_file.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace hb::lab {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// Every field of the two specs, compared one by one (LabSpec has no operator==).
void expect_same_spec(const core::LabSpec& actual, const core::LabSpec& expected) {
  ASSERT_EQ(actual.services.size(), expected.services.size());
  for (std::size_t i = 0; i < expected.services.size(); ++i) {
    SCOPED_TRACE("services[" + std::to_string(i) + "]");
    const auto& a = actual.services[i];
    const auto& e = expected.services[i];
    EXPECT_EQ(a.name, e.name);
    EXPECT_EQ(a.replicas, e.replicas);
    EXPECT_EQ(a.rate_rps, e.rate_rps);
    EXPECT_EQ(a.latency_median_ms, e.latency_median_ms);
    EXPECT_EQ(a.latency_sigma, e.latency_sigma);
    EXPECT_EQ(a.timeout_ms, e.timeout_ms);
    EXPECT_EQ(a.dependencies, e.dependencies);
  }
  EXPECT_EQ(actual.client_timeout_ms, expected.client_timeout_ms);
  EXPECT_EQ(actual.pods.startup_ms, expected.pods.startup_ms);
  EXPECT_EQ(actual.pods.readiness_delay_ms, expected.pods.readiness_delay_ms);
  EXPECT_EQ(actual.pods.heartbeat_interval_ms, expected.pods.heartbeat_interval_ms);
  EXPECT_EQ(actual.pods.heartbeat_timeout_ms, expected.pods.heartbeat_timeout_ms);
  EXPECT_EQ(actual.status.window_ms, expected.status.window_ms);
  EXPECT_EQ(actual.status.degraded_error_ratio, expected.status.degraded_error_ratio);
  EXPECT_EQ(actual.slo.availability_target, expected.slo.availability_target);
  EXPECT_EQ(actual.slo.latency_threshold_ms, expected.slo.latency_threshold_ms);
  EXPECT_EQ(actual.slo.latency_target, expected.slo.latency_target);
  EXPECT_EQ(actual.slo.window, expected.slo.window);
}

core::LabSpec parsed_ok(const std::string& text) {
  auto result = parse_lab_spec(text, "lab.yaml");
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().detail);
  return result.ok() ? result.value() : core::LabSpec{};
}

core::Error parsed_error(const std::string& text) {
  auto result = parse_lab_spec(text, "lab.yaml");
  EXPECT_FALSE(result.ok()) << "accepted: " << text;
  return result.ok() ? core::Error{} : result.error();
}

TEST(ConfigFileTest, EmptyTextGivesTheDefaultLab) {
  for (const std::string text : {"", "\n", "# nothing here\n", "~\n"}) {
    SCOPED_TRACE("text: '" + text + "'");
    expect_same_spec(parsed_ok(text), core::default_lab_spec());
  }
}

TEST(ConfigFileTest, ServicesListReplacesTheDefaultOne) {
  const core::LabSpec spec = parsed_ok(R"(services:
  - name: front
    replicas: 2
    rate_rps: 12.5
    dependencies: [back]
  - name: back
    replicas: 5
    latency_median_ms: 80
    latency_sigma: 0.5
    timeout_ms: 1500
)");
  core::LabSpec expected = core::default_lab_spec();
  expected.services.resize(2);
  expected.services[0] = core::ServiceSpec{};
  expected.services[0].name = "front";
  expected.services[0].replicas = 2;
  expected.services[0].rate_rps = 12.5;
  expected.services[0].dependencies = {"back"};
  expected.services[1] = core::ServiceSpec{};
  expected.services[1].name = "back";
  expected.services[1].replicas = 5;
  expected.services[1].latency_median_ms = 80.0;
  expected.services[1].latency_sigma = 0.5;
  expected.services[1].timeout_ms = 1500;
  expect_same_spec(spec, expected);
}

TEST(ConfigFileTest, FieldsLeftOutKeepTheirDefaults) {
  const core::LabSpec spec = parsed_ok(R"(client_timeout_ms: 7000
pods:
  heartbeat_timeout_ms: 9000
status:
  degraded_error_ratio: 0.1
slo:
  availability_target: 0.999
  window: 1h
)");
  core::LabSpec expected = core::default_lab_spec();
  expected.client_timeout_ms = 7000;
  expected.pods.heartbeat_timeout_ms = 9000;
  expected.status.degraded_error_ratio = 0.1;
  expected.slo.availability_target = 0.999;
  expected.slo.window = hours(1);
  expect_same_spec(spec, expected);
}

TEST(ConfigFileTest, JsonTextIsReadToo) {
  const core::LabSpec spec = parsed_ok(
      R"({"services": [{"name": "solo", "replicas": 4}], "slo": {"window": "7d", "latency_threshold_ms": 300}})");
  core::LabSpec expected = core::default_lab_spec();
  expected.services = {core::ServiceSpec{}};
  expected.services[0].name = "solo";
  expected.services[0].replicas = 4;
  expected.slo.window = hours(24 * 7);
  expected.slo.latency_threshold_ms = 300;
  expect_same_spec(spec, expected);
}

TEST(ConfigFileTest, SloWindowIsADuration) {
  EXPECT_EQ(parsed_ok("slo:\n  window: 1h\n").slo.window, hours(1));
  EXPECT_EQ(parsed_ok("slo:\n  window: 90m\n").slo.window, minutes(90));
  EXPECT_EQ(parsed_ok("slo:\n  window: 30d\n").slo.window, hours(24 * 30));
}

struct BadConfig {
  std::string name;
  std::string text;
  std::string field;
  std::vector<std::string> detail_parts;  // each must appear in the detail
};

std::vector<BadConfig> bad_configs() {
  return {
      {"UnknownServiceField",
       "services:\n  - name: a\n    replica: 2\n",
       "services[0].replica",
       {"services[0].replica", "is not a known field", "lab.yaml:3"}},
      {"UnknownTopLevelField", "client_timeout_ms: 10\nslos: {}\n", "slos", {"slos", "lab.yaml:2"}},
      {"UnknownNestedField",
       "slo:\n  availability_target: 0.99\n  windw: 1h\n",
       "slo.windw",
       {"slo.windw", "lab.yaml:3"}},
      {"UnknownFieldInJson",
       R"({"services": [{"name": "a", "replicaz": 2}]})",
       "services[0].replicaz",
       {"services[0].replicaz", "lab.yaml:1"}},
      {"ReplicasAsWord",
       "services:\n  - name: a\n    replicas: \"three\"\n",
       "services[0].replicas",
       {"services[0].replicas", "must be an integer", "three", "lab.yaml:3"}},
      {"ReplicasAsFraction",
       "services:\n  - name: a\n    replicas: 2.5\n",
       "services[0].replicas",
       {"services[0].replicas", "must be an integer", "lab.yaml:3"}},
      {"RateAsList",
       "services:\n  - name: a\n    rate_rps: [1]\n",
       "services[0].rate_rps",
       {"services[0].rate_rps", "must be a number"}},
      {"ServicesNotAList", "services: {name: a}\n", "services", {"services", "must be a list"}},
      {"DependenciesNotAList",
       "services:\n  - name: a\n    dependencies: b\n",
       "services[0].dependencies",
       {"services[0].dependencies"}},
      {"ServiceWithoutName",
       "services:\n  - replicas: 2\n",
       "services[0].name",
       {"services[0].name", "is required"}},
      {"TopLevelNotAMapping", "- a\n- b\n", "(top level)", {"must be a mapping"}},
      {"BadWindow",
       "slo:\n  window: 1.5h\n",
       "slo.window",
       {"slo.window", "must be a duration", "lab.yaml:2"}},
      // The strict reader the experiment files use too: a quoted number is text, a key given
      // twice or left without a value is an error, an unknown key is told the known ones.
      {"QuotedNumberIsText",
       "services:\n  - name: a\n    replicas: \"3\"\n",
       "services[0].replicas",
       {"services[0].replicas: must be an integer, got '3' (lab.yaml:3)"}},
      {"KeyGivenTwice",
       "services:\n  - name: a\n    replicas: 2\n    replicas: 3\n",
       "services[0].replicas",
       {"services[0].replicas: is given twice (lab.yaml:4)"}},
      {"KeyWithoutValue",
       "services:\n  - name: a\n    probes:\n",
       "services[0].probes",
       {"services[0].probes: has no value (lab.yaml:3)"}},
      {"UnknownProbeFieldListsTheKnownOnes",
       "services:\n  - name: a\n    probes:\n      liveness:\n        period: 5\n",
       "services[0].probes.liveness.period",
       {"is not a known field; a probe has initial_delay_s, period_s, timeout_s, "
        "success_threshold and failure_threshold (lab.yaml:5)"}},
      // Field rules from the core's table, in the words of the API, with the line.
      {"ProbePeriodOutOfRange",
       "services:\n  - name: a\n    probes:\n      liveness:\n        period_s: 0\n",
       "services[0].probes.liveness.period_s",
       {"services[0].probes.liveness.period_s: must be a number of seconds from 0.1 to 3600, "
        "got 0 (lab.yaml:5)"}},
      {"ConcurrencyOutOfRange",
       "services:\n  - name: a\n    concurrency: 0\n",
       "services[0].concurrency",
       {"services[0].concurrency: must be an integer from 1 to 10000, got 0 (lab.yaml:3)"}},
      {"MaxSurgeOverAHundredPercent",
       "services:\n  - name: a\n    rollout: {max_surge: 120%}\n",
       "services[0].rollout.max_surge",
       {"must be a number of pods from 0 to 1000 or a percentage from 0% to 100%, got '120%' "
        "(lab.yaml:3)"}},
      {"AutoscaleNeedsMax",
       "services:\n  - name: a\n    concurrency: 4\n    autoscale: {min: 2}\n",
       "services[0].autoscale.max",
       {"services[0].autoscale.max: is required (lab.yaml:4)"}},
      // Rules checked after reading name the field and the file.
      {"ZeroReplicas",
       "services:\n  - name: a\n    replicas: 0\n",
       "services[0].replicas",
       {"services[0].replicas", "lab.yaml"}},
      {"WindowUnderFiveMinutes", "slo:\n  window: 4m\n", "slo.window", {"slo.window", "lab.yaml"}},
      {"UnknownDependency",
       "services:\n  - name: a\n    dependencies: [b]\n",
       "services[0].dependencies[0]",
       {"services[0].dependencies[0]", "lab.yaml"}},
  };
}

class ConfigFileErrorTest : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ConfigFileErrorTest, NamesTheFieldAndWhereItIs) {
  const core::Error error = parsed_error(GetParam().text);
  EXPECT_EQ(error.kind, core::ErrorKind::kInvalid);
  EXPECT_EQ(error.field, GetParam().field);
  for (const auto& part : GetParam().detail_parts) {
    EXPECT_NE(error.detail.find(part), std::string::npos)
        << "'" << part << "' missing from: " << error.detail;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ConfigFileErrorTest, ::testing::ValuesIn(bad_configs()),
                         [](const auto& test) { return test.param.name; });

TEST(ConfigFileTest, SyntaxErrorNamesTheSource) {
  const core::Error error = parsed_error("services: [a, b\n");
  EXPECT_EQ(error.kind, core::ErrorKind::kInvalid);
  EXPECT_NE(error.detail.find("lab.yaml"), std::string::npos) << error.detail;
  EXPECT_NE(error.detail.find("not valid YAML or JSON"), std::string::npos) << error.detail;
}

// replicas is read as a 64-bit integer and narrowed to int: 4294967297 (2^32 + 1) wraps to 1 and
// passes validation instead of being refused as out of range.
TEST(ConfigFileTest, ReplicasTooLargeForAnIntAreRefusedNotWrapped) {
  const auto result =
      parse_lab_spec("services:\n  - name: a\n    replicas: 4294967297\n", "lab.yaml");
  ASSERT_FALSE(result.ok()) << "accepted with replicas = " << result.value().services[0].replicas;
  EXPECT_EQ(result.error().field, "services[0].replicas");
}

TEST(ParseDurationTest, AcceptsAnIntegerAndAUnit) {
  struct Case {
    std::string text;
    core::Duration expected;
  };
  const std::vector<Case> cases = {
      {"90s", std::chrono::seconds(90)},
      {"5m", minutes(5)},
      {"1h", hours(1)},
      {"30d", hours(24 * 30)},
      {"0s", core::Duration::zero()},
      {"3600s", hours(1)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(parse_duration(c.text), std::optional<core::Duration>(c.expected)) << c.text;
  }
}

TEST(ParseDurationTest, RefusesAnythingElse) {
  for (const std::string text :
       {"", "5", "m", "-5m", "5x", "1.5h", "+5m", " 5m", "5m ", "5 m", "5M", "1h30m", "1e3s"}) {
    EXPECT_EQ(parse_duration(text), std::nullopt) << "'" << text << "'";
  }
}

// 213503983d is 5124095592 hours, more microseconds than an int64 holds: the conversion
// overflows and wraps to about 16 hours, which then passes the 5m..90d rule.
TEST(ParseDurationTest, RefusesDurationsTooLongToRepresent) {
  for (const std::string text : {"213503983d", "999999999d"}) {
    const auto duration = parse_duration(text);
    EXPECT_TRUE(!duration || *duration > hours(24 * 90))
        << text << " read as " << std::chrono::duration_cast<hours>(*duration).count() << "h";
  }
  const auto result = parse_lab_spec("slo:\n  window: 213503983d\n", "lab.yaml");
  ASSERT_FALSE(result.ok()) << "accepted with a window of "
                            << std::chrono::duration_cast<hours>(result.value().slo.window).count()
                            << "h";
  EXPECT_EQ(result.error().field, "slo.window");
}

TEST(LoadLabSpecTest, MissingFileNamesThePath) {
  const std::string path = "/nonexistent-healthboard-dir/lab.yaml";
  const auto result = load_lab_spec(path);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().detail.find(path), std::string::npos) << result.error().detail;
}

}  // namespace
}  // namespace hb::lab

// The original's clients run unchanged: every endpoint they call answers with the field types of
// tests/api/schema/original_api.json, written from the original contract, at every instant:
// from the first answered request, while a pod restarts, with a killed pod, with a service that
// gets no traffic, after POST /reset, and with any --slo-window.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "lab_fixture.h"

namespace hbtest {
namespace {

// How long a wait may take on a loaded machine; the conditions come within seconds of lab time.
constexpr std::chrono::seconds kPatience{60};

// A small validator for the subset of JSON Schema the file uses: type, required, properties,
// items, enum and $ref (to a name under "definitions"). Collects every problem with its path.
class Schema {
 public:
  Schema() {
    std::ifstream file(std::string(HB_SCHEMA_DIR) + "/original_api.json");
    std::stringstream text;
    text << file.rdbuf();
    document_ = json::parse(text.str());
  }

  std::vector<std::string> problems(const std::string& endpoint, const json& value) const {
    std::vector<std::string> found;
    check(document_.at("endpoints").at(endpoint), value, endpoint, found);
    return found;
  }

 private:
  static bool has_type(const json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "number") return value.is_number();
    if (type == "integer") return value.is_number_integer();
    if (type == "boolean") return value.is_boolean();
    throw std::logic_error("schema type not supported: " + type);
  }

  void check(const json& rule, const json& value, const std::string& path,
             std::vector<std::string>& found) const {
    if (rule.contains("$ref")) {
      return check(document_.at("definitions").at(rule.at("$ref").get<std::string>()), value, path,
                   found);
    }
    const std::string type = rule.at("type");
    if (!has_type(value, type)) {
      found.push_back(path + ": expected " + type + ", got " + value.dump());
      return;
    }
    if (rule.contains("enum") &&
        std::find(rule.at("enum").begin(), rule.at("enum").end(), value) == rule.at("enum").end()) {
      found.push_back(path + ": " + value.dump() + " is not one of " + rule.at("enum").dump());
    }
    if (type == "object") {
      const json required = rule.value("required", json::array());
      for (const auto& name : required) {
        if (!value.contains(name.get<std::string>())) {
          found.push_back(path + "." + name.get<std::string>() + ": missing");
        }
      }
      const json properties = rule.value("properties", json::object());
      for (const auto& [name, property] : properties.items()) {
        if (value.contains(name)) check(property, value.at(name), path + "." + name, found);
      }
    }
    if (type == "array" && rule.contains("items")) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        check(rule.at("items"), value.at(i), path + "[" + std::to_string(i) + "]", found);
      }
    }
  }

  json document_;
};

class OriginalSchemaTest : public LabTest {
 protected:
  // Calls every GET endpoint of the original and validates each answer; counts the answers.
  void validate_reads(const std::string& when) {
    expect_valid("GET /health", get("/health"), when);
    const json all = get("/pods");
    expect_valid("GET /pods", all, when);
    for (const std::string& id : kPodIds)
      expect_valid("GET /pods/{pod_id}", get("/pods/" + id), when);
    expect_valid("GET /slo", get("/slo"), when);
  }

  void expect_valid(const std::string& endpoint, const json& body, const std::string& when) {
    const auto found = schema_.problems(endpoint, body);
    EXPECT_TRUE(found.empty()) << endpoint << " " << when << ":\n  "
                               << ::testing::PrintToString(found)
                               << "\n  body: " << detail::truncate(body.dump(), 2000);
    ++validated_;
  }

  json get(const std::string& target) { return expect_json(client().get(target), 200, target); }

  json pod_status(const std::string& id) { return get("/pods/" + id); }

  Schema schema_;
  int validated_ = 0;
};

TEST_F(OriginalSchemaTest, FromTheFirstAnsweredRequestUntilEveryPodHasMeasurements) {
  // Validate every answer from the start until each pod has measured figures of its own (the
  // first second, when nothing has completed yet, is the instant that used to answer null).
  ASSERT_TRUE(eventually_true(
      "every pod has a measured p50",
      [&] {
        validate_reads("at start");
        const json pods = get("/pods");  // kept: the loop's range is a part of it
        for (const auto& pod : pods.at("pods")) {
          if (pod.at("latency_p50_ms").is_null()) return false;
        }
        return true;
      },
      Poll{kPatience, std::chrono::milliseconds(20)}));
  EXPECT_GT(validated_, 0);
}

TEST_F(OriginalSchemaTest, FaultAndRestartAnswersAndTheStartUpAfterARestart) {
  expect_valid("POST /fault/{pod_id}", fault("ui-proxy-pod-1", {{"delay_ms", 300}}), "fault");
  expect_valid("POST /fault/{pod_id}", fault("ui-proxy-pod-1", {{"delay_ms", 300}}),
               "a fault that changes nothing");
  expect_valid("POST /restart/{pod_id}", restart("ui-proxy-pod-1"), "restart");
  // Through the start-up (Down, starting) until the pod serves and has measured again.
  ASSERT_TRUE(eventually_true(
      "ui-proxy-pod-1 is Healthy with a measured p50 again",
      [&] {
        validate_reads("while ui-proxy-pod-1 restarts");
        const json pod = pod_status("ui-proxy-pod-1");
        return pod.at("status") == "Healthy" && !pod.at("latency_p50_ms").is_null();
      },
      Poll{kPatience, std::chrono::milliseconds(20)}));
}

TEST_F(OriginalSchemaTest, AKilledPodUntilItLeavesTheEndpoints) {
  expect_valid("POST /fault/{pod_id}", fault("sensor-sim-pod-2", {{"kill", true}}), "kill");
  ASSERT_TRUE(eventually_true(
      "sensor-sim-pod-2 has left the endpoints",
      [&] {
        validate_reads("with a killed pod");
        return pod_status("sensor-sim-pod-2").at("in_endpoints") == false;
      },
      Poll{kPatience, std::chrono::milliseconds(50)}));
  // Nothing reaches it now: its figures have no data, its original fields are still numbers.
  ASSERT_TRUE(eventually_true(
      "sensor-sim-pod-2 has no recent requests",
      [&] {
        validate_reads("with a killed pod out of the endpoints");
        return pod_status("sensor-sim-pod-2").at("latency_p50_ms").is_null();
      },
      Poll{kPatience, std::chrono::milliseconds(50)}));
}

TEST_F(OriginalSchemaTest, AfterReset) {
  fault("planner-sim-pod-1", {{"error_rate", 0.5}, {"duration_s", 30}});
  fault("sensor-sim-pod-3", {{"kill", true}});
  ASSERT_EQ(client().post("/reset", "").status, 200u);
  ASSERT_TRUE(eventually_true(
      "sensor-sim-pod-3 is Healthy again after the reset",
      [&] {
        validate_reads("after /reset");
        return pod_status("sensor-sim-pod-3").at("status") == "Healthy";
      },
      Poll{kPatience, std::chrono::milliseconds(50)}));
}

// A service that receives no traffic at all: nothing calls it and its own rate is 0.
class IdleServiceSchemaTest : public OriginalSchemaTest {
 protected:
  std::vector<std::string> extra_args() const override {
    const std::string path = ::testing::TempDir() + "hb_idle_service_lab.yaml";
    std::ofstream(path) << "services:\n"
                           "  - {name: sensor-sim, rate_rps: 60}\n"
                           "  - {name: planner-sim, rate_rps: 60, dependencies: [sensor-sim]}\n"
                           "  - {name: ui-proxy, rate_rps: 0, dependencies: [planner-sim]}\n";
    return {"--config", path};
  }
};

TEST_F(IdleServiceSchemaTest, ItsPodsKeepTheOriginalTypes) {
  ASSERT_TRUE(eventually_true(
      "every busy pod has a measured p50",
      [&] {
        validate_reads("with an idle service");
        const json pods = get("/pods");  // kept: the loop's range is a part of it
        for (const auto& pod : pods.at("pods")) {
          if (pod.at("service") != "ui-proxy" && pod.at("latency_p50_ms").is_null()) return false;
        }
        return true;
      },
      Poll{kPatience, std::chrono::milliseconds(50)}));
  EXPECT_EQ(pod_status("ui-proxy-pod-1").at("latency_ms"), 0.0);
}

// Every --slo-window gives /slo the same types.
class SloWindowSchemaTest : public OriginalSchemaTest,
                            public ::testing::WithParamInterface<std::string> {
 protected:
  std::vector<std::string> extra_args() const override { return {"--slo-window", GetParam()}; }
};

TEST_P(SloWindowSchemaTest, SloKeepsTheOriginalTypes) {
  ASSERT_TRUE(eventually_true(
      "the lab has counted requests in the last 5 minutes",
      [&] {
        expect_valid("GET /slo", get("/slo"), "with --slo-window " + GetParam());
        return get("/slo").at("requests_5m") != 0;
      },
      Poll{kPatience, std::chrono::milliseconds(20)}));
  expect_valid("GET /slo", get("/slo"), "with --slo-window " + GetParam());
}

INSTANTIATE_TEST_SUITE_P(Windows, SloWindowSchemaTest, ::testing::Values("1h", "7d", "30d", "90d"));

}  // namespace
}  // namespace hbtest

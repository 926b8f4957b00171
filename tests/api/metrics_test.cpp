// /metrics (Prometheus text exposition) and /metrics/legacy (the original dashboard's names).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lab_fixture.h"

namespace hbtest {
namespace {

using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
  std::string line;
};

// A small parser for the Prometheus text format 0.0.4; problems go to `errors`.
struct Exposition {
  std::vector<Sample> samples;
  std::map<std::string, std::string> help;
  std::map<std::string, std::string> type;
  std::vector<std::string> errors;
  std::string text;

  explicit Exposition(std::string body) : text(std::move(body)) {
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty()) continue;
      if (line[0] == '#') {
        std::istringstream words(line.substr(1));
        std::string keyword, name;
        words >> keyword >> name;
        std::string rest;
        std::getline(words, rest);
        if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
        if (keyword == "HELP") help[name] = rest;
        if (keyword == "TYPE") type[name] = rest;
        continue;
      }
      if (!parse_sample(line)) errors.push_back("line " + std::to_string(number) + ": " + line);
    }
  }

  bool parse_sample(const std::string& line) {
    Sample s;
    s.line = line;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    s.name = line.substr(0, i);
    if (s.name.empty()) return false;
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        const auto eq = line.find('=', i);
        if (eq == std::string::npos || eq + 1 >= line.size() || line[eq + 1] != '"') return false;
        const std::string key = line.substr(i, eq - i);
        std::string value;
        std::size_t j = eq + 2;
        for (; j < line.size() && line[j] != '"'; ++j) {
          if (line[j] == '\\' && j + 1 < line.size()) {
            ++j;
            value += line[j] == 'n' ? '\n' : line[j];
          } else {
            value += line[j];
          }
        }
        if (j >= line.size()) return false;
        s.labels[key] = value;
        i = j + 1;
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (i >= line.size()) return false;
      ++i;  // '}'
    }
    if (i >= line.size() || line[i] != ' ') return false;
    std::istringstream rest(line.substr(i + 1));
    std::string value;
    rest >> value;
    if (value == "+Inf") {
      s.value = std::numeric_limits<double>::infinity();
    } else if (value == "-Inf") {
      s.value = -std::numeric_limits<double>::infinity();
    } else if (value == "NaN") {
      s.value = std::numeric_limits<double>::quiet_NaN();
    } else {
      char* end = nullptr;
      s.value = std::strtod(value.c_str(), &end);
      if (value.empty() || end != value.c_str() + value.size()) return false;
    }
    samples.push_back(std::move(s));
    return true;
  }

  // Samples of `name` whose labels include all of `subset`.
  std::vector<Sample> find(const std::string& name, const Labels& subset = {}) const {
    std::vector<Sample> out;
    for (const auto& s : samples) {
      if (s.name != name) continue;
      const bool match = std::all_of(subset.begin(), subset.end(), [&](const auto& kv) {
        const auto it = s.labels.find(kv.first);
        return it != s.labels.end() && it->second == kv.second;
      });
      if (match) out.push_back(s);
    }
    return out;
  }

  // The value of the one sample of `name` with exactly these labels.
  std::optional<double> value(const std::string& name, const Labels& labels) const {
    for (const auto& s : samples)
      if (s.name == name && s.labels == labels) return s.value;
    return std::nullopt;
  }

  // The first sample line starting with `prefix`, parsed; nullopt when absent.
  std::optional<double> line_value(const std::string& prefix) const {
    for (const auto& s : samples)
      if (s.line.rfind(prefix, 0) == 0) return s.value;
    return std::nullopt;
  }
};

std::string family_of(const Exposition& e, const std::string& sample_name) {
  if (e.type.count(sample_name)) return sample_name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string sfx = suffix;
    if (sample_name.size() > sfx.size() &&
        sample_name.compare(sample_name.size() - sfx.size(), sfx.size(), sfx) == 0) {
      const auto base = sample_name.substr(0, sample_name.size() - sfx.size());
      if (e.type.count(base)) return base;
    }
  }
  return {};
}

// The sample lines containing any of `needles`, for failure messages.
std::string lines_with(const Exposition& e, const std::vector<std::string>& needles) {
  std::string out;
  for (const auto& s : e.samples)
    if (std::any_of(needles.begin(), needles.end(),
                    [&](const std::string& n) { return s.line.find(n) != std::string::npos; }))
      out += "\n    " + s.line;
  return out.empty() ? "(no sample line mentions " + ::testing::PrintToString(needles) + ")" : out;
}

// One scrape, and the part of it that eventually() shows when it fails.
struct Focus {
  Exposition e;
  std::vector<std::string> needles;
  std::string describe() const { return lines_with(e, needles); }
};

class MetricsTest : public LabTest {
 protected:
  Exposition scrape(const std::string& path = "/metrics") {
    const auto r = client().get(path);
    if (r.status != 200)
      throw std::runtime_error("GET " + path + ": expected 200, got " + r.describe());
    return Exposition(r.body);
  }
  Focus focus(const std::string& path, std::vector<std::string> needles) {
    return Focus{scrape(path), std::move(needles)};
  }
  // Eventually the sample `name{labels}` (exactly these labels) satisfies `ok`.
  template <typename Ok>
  ::testing::AssertionResult eventually_value(const std::string& name, const Labels& labels,
                                              const char* rule, Ok ok,
                                              const std::string& path = "/metrics") {
    std::string what = name + "{";
    for (const auto& [k, v] : labels) what += k + "=\"" + v + "\",";
    what += "} " + std::string(rule) + " in " + path;
    const std::string needle = labels.count("pod")      ? labels.at("pod")
                               : labels.count("pod_id") ? labels.at("pod_id")
                                                        : name;
    return eventually(
        what, [&] { return focus(path, {needle}); },
        [&](const Focus& f) {
          const auto v = f.e.value(name, labels);
          return v.has_value() && ok(*v);
        });
  }
};

const std::vector<std::string> kPodGauges = {
    "healthboard_pod_up",
    "healthboard_pod_ready",
    "healthboard_pod_restarts_total",
    "healthboard_pod_fault_delay_seconds",
    "healthboard_pod_fault_error_ratio",
    "healthboard_pod_fault_killed",
};

Labels pod_labels(const std::string& id) {
  return {{"service", id.substr(0, id.find("-pod-"))}, {"pod", id}};
}

TEST_F(MetricsTest, ServedAsPrometheusTextWithHelpAndType) {
  const auto r = client().get("/metrics");
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(r.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const Exposition e(r.body);
  EXPECT_TRUE(e.errors.empty()) << ::testing::PrintToString(e.errors);

  const std::map<std::string, std::string> families = {
      {"healthboard_requests_total", "counter"},
      {"healthboard_request_duration_seconds", "histogram"},
      {"healthboard_pod_up", "gauge"},
      {"healthboard_pod_ready", "gauge"},
      {"healthboard_pod_restarts_total", ""},  // counter or gauge; promtool_check lints it
      {"healthboard_pod_fault_delay_seconds", "gauge"},
      {"healthboard_pod_fault_error_ratio", "gauge"},
      {"healthboard_pod_fault_killed", "gauge"},
  };
  for (const auto& [name, type] : families) {
    EXPECT_TRUE(e.help.count(name)) << "no # HELP line for " << name;
    ASSERT_TRUE(e.type.count(name)) << "no # TYPE line for " << name;
    if (!type.empty()) {
      EXPECT_EQ(e.type.at(name), type) << name;
    }
  }
  for (const auto& s : e.samples)
    EXPECT_FALSE(family_of(e, s.name).empty()) << "sample without # TYPE: " << s.line;
}

TEST_F(MetricsTest, RequestCounterHasTheDocumentedSeriesAndGrows) {
  const std::string prefix =
      R"(healthboard_requests_total{service="sensor-sim",pod="sensor-sim-pod-1",code="200"} )";
  std::optional<double> first;
  ASSERT_TRUE(eventually(
      "a line starting with " + prefix + "and a value > 0",
      [&] { return focus("/metrics", {"healthboard_requests_total{service=\"sensor-sim\""}); },
      [&](const Focus& f) {
        first = f.e.line_value(prefix);
        return first.has_value() && *first > 0;
      }));
  EXPECT_TRUE(eventually(
      "the counter grows past " + std::to_string(*first),
      [&] { return scrape().line_value(prefix).value_or(-1); },
      [&](double now) { return now > *first; }));

  // Every pod has its code="200" series.
  EXPECT_TRUE(eventually(
      "healthboard_requests_total{code=\"200\"} > 0 for all 9 pods",
      [&] { return focus("/metrics", {"code=\"200\""}); },
      [&](const Focus& f) {
        const auto& e = f.e;
        return std::all_of(kPodIds.begin(), kPodIds.end(), [&](const std::string& id) {
          auto labels = pod_labels(id);
          labels["code"] = "200";
          const auto v = e.value("healthboard_requests_total", labels);
          return v && *v > 0;
        });
      }));
}

TEST_F(MetricsTest, DurationHistogramIsConsistent) {
  // The assertions below need a completed request at every service: wait for exactly that
  // (a request at sensor-sim says nothing about ui-proxy's, which completes later).
  ASSERT_TRUE(eventually(
      "healthboard_request_duration_seconds_count > 0 for every service",
      [&] { return focus("/metrics", {"healthboard_request_duration_seconds_count"}); },
      [&](const Focus& f) {
        return std::all_of(kServices.begin(), kServices.end(), [&](const std::string& service) {
          const auto count =
              f.e.value("healthboard_request_duration_seconds_count", {{"service", service}});
          return count.has_value() && *count > 0;
        });
      }));

  const auto e = scrape();
  for (const auto& service : kServices) {
    SCOPED_TRACE(service);
    // Group the buckets by their labels other than le.
    std::map<Labels, std::vector<std::pair<double, double>>> series;
    for (const auto& s :
         e.find("healthboard_request_duration_seconds_bucket", {{"service", service}})) {
      ASSERT_TRUE(s.labels.count("le")) << s.line;
      Labels rest = s.labels;
      rest.erase("le");
      const std::string le = s.labels.at("le");
      series[rest].emplace_back(
          le == "+Inf" ? std::numeric_limits<double>::infinity() : std::strtod(le.c_str(), nullptr),
          s.value);
    }
    ASSERT_FALSE(series.empty()) << "no buckets for " << service;
    for (auto& [labels, buckets] : series) {
      std::sort(buckets.begin(), buckets.end());
      EXPECT_TRUE(std::isinf(buckets.back().first)) << "no le=\"+Inf\" bucket";
      EXPECT_TRUE(std::any_of(buckets.begin(), buckets.end(), [](const auto& b) {
        return b.first == 0.2;
      })) << "no le=\"0.2\" bucket (the 200 ms objective)";
      for (std::size_t i = 1; i < buckets.size(); ++i)
        EXPECT_LE(buckets[i - 1].second, buckets[i].second)
            << "buckets not cumulative at le=" << buckets[i].first;
      const auto count = e.value("healthboard_request_duration_seconds_count", labels);
      const auto sum = e.value("healthboard_request_duration_seconds_sum", labels);
      ASSERT_TRUE(count.has_value()) << "no _count for " << ::testing::PrintToString(labels);
      ASSERT_TRUE(sum.has_value()) << "no _sum for " << ::testing::PrintToString(labels);
      EXPECT_EQ(*count, buckets.back().second) << "_count differs from the +Inf bucket";
      EXPECT_GE(*sum, 0.0);
      EXPECT_GT(*count, 0.0);
    }
  }
}

TEST_F(MetricsTest, PodGaugesExistForEveryPod) {
  const auto e = scrape();
  for (const auto& id : kPodIds) {
    for (const auto& gauge : kPodGauges)
      EXPECT_TRUE(e.value(gauge, pod_labels(id)).has_value())
          << gauge << " with labels service, pod for " << id << ":" << lines_with(e, {id});
    EXPECT_EQ(e.value("healthboard_pod_restarts_total", pod_labels(id)), 0.0) << id;
    EXPECT_EQ(e.value("healthboard_pod_fault_delay_seconds", pod_labels(id)), 0.0) << id;
    EXPECT_EQ(e.value("healthboard_pod_fault_error_ratio", pod_labels(id)), 0.0) << id;
    EXPECT_EQ(e.value("healthboard_pod_fault_killed", pod_labels(id)), 0.0) << id;
  }
  for (const auto& id : kPodIds) {
    EXPECT_TRUE(eventually_value("healthboard_pod_up", pod_labels(id), "== 1",
                                 [](double v) { return v == 1.0; }));
    EXPECT_TRUE(eventually_value("healthboard_pod_ready", pod_labels(id), "== 1",
                                 [](double v) { return v == 1.0; }));
  }
}

TEST_F(MetricsTest, PodGaugesFollowFaultsAndRestarts) {
  const std::string id = "sensor-sim-pod-2";
  const auto labels = pod_labels(id);
  fault(id, {{"delay_ms", 1500}, {"error_rate", 0.25}});
  EXPECT_TRUE(eventually_value("healthboard_pod_fault_delay_seconds", labels, "== 1.5",
                               [](double v) { return v == 1.5; }));
  EXPECT_TRUE(eventually_value("healthboard_pod_fault_error_ratio", labels, "== 0.25",
                               [](double v) { return v == 0.25; }));

  fault(id, {{"kill", true}});
  EXPECT_TRUE(eventually_value("healthboard_pod_fault_killed", labels, "== 1",
                               [](double v) { return v == 1.0; }));
  EXPECT_TRUE(
      eventually_value("healthboard_pod_up", labels, "== 0", [](double v) { return v == 0.0; }));

  restart(id);
  EXPECT_TRUE(eventually_value("healthboard_pod_restarts_total", labels, "== 1",
                               [](double v) { return v == 1.0; }));
  EXPECT_TRUE(eventually_value("healthboard_pod_fault_killed", labels, "== 0",
                               [](double v) { return v == 0.0; }));
  EXPECT_TRUE(eventually_value("healthboard_pod_fault_delay_seconds", labels, "== 0",
                               [](double v) { return v == 0.0; }));
  EXPECT_TRUE(
      eventually_value("healthboard_pod_up", labels, "== 1", [](double v) { return v == 1.0; }));
  EXPECT_TRUE(
      eventually_value("healthboard_pod_ready", labels, "== 1", [](double v) { return v == 1.0; }));
}

TEST_F(MetricsTest, InjectedErrorsAreCountedUnderA5xxCode) {
  const std::string id = "planner-sim-pod-3";
  fault(id, {{"error_rate", 1.0}});
  EXPECT_TRUE(eventually(
      "healthboard_requests_total for " + id + " with a 5xx code and a value > 0",
      [&] { return focus("/metrics", {id}); },
      [&](const Focus& f) {
        const auto samples = f.e.find("healthboard_requests_total", pod_labels(id));
        return std::any_of(samples.begin(), samples.end(), [](const Sample& s) {
          const auto it = s.labels.find("code");
          return it != s.labels.end() && !it->second.empty() && it->second[0] == '5' && s.value > 0;
        });
      }));
}

// ---- /metrics/legacy -------------------------------------------------------------------------

TEST_F(MetricsTest, LegacyMetricsKeepTheOriginalNames) {
  const auto r = client().get("/metrics/legacy");
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(r.header("content-type").rfind("text/plain", 0), 0u) << r.describe();

  // Wait until every series that needs traffic has data: the measured error ratios of every pod
  // and service, and the services' latency (pod latency and the SLO figures are always there).
  ASSERT_TRUE(eventually(
      "pod_error_rate of every pod, service_latency_ms and service_error_rate of every service",
      [&] {
        return focus("/metrics/legacy", {"pod_error_rate", "service_"});
      },
      [&](const Focus& f) {
        const auto& e = f.e;
        return std::all_of(kPodIds.begin(), kPodIds.end(),
                           [&](const std::string& id) {
                             return !e.find("pod_error_rate", {{"pod_id", id}}).empty();
                           }) &&
               std::all_of(kServices.begin(), kServices.end(), [&](const std::string& service) {
                 return !e.find("service_latency_ms", {{"service", service}}).empty() &&
                        !e.find("service_error_rate", {{"service", service}}).empty();
               });
      }));

  const auto e = scrape("/metrics/legacy");
  EXPECT_TRUE(e.errors.empty()) << ::testing::PrintToString(e.errors);
  for (const char* name : {"pod_healthy", "pod_restarts", "pod_latency_ms", "pod_error_rate",
                           "service_latency_ms", "service_error_rate", "service_healthy_pods",
                           "service_total_pods", "slo_latency_p95_target_ms",
                           "slo_availability_target", "slo_burn_rate_5m", "slo_budget_remaining"}) {
    EXPECT_TRUE(e.help.count(name)) << "no # HELP line for " << name;
    EXPECT_TRUE(e.type.count(name)) << "no # TYPE line for " << name;
    EXPECT_FALSE(e.find(name).empty()) << "no sample of " << name;
  }
  for (const char* name : {"pod_healthy", "pod_restarts", "pod_latency_ms", "pod_error_rate"}) {
    for (const auto& id : kPodIds) {
      const std::string service = id.substr(0, id.find("-pod-"));
      EXPECT_EQ(e.find(name, {{"pod_id", id}, {"service", service}}).size(), 1u)
          << name << "{pod_id=\"" << id << "\",service=\"" << service << "\"}"
          << lines_with(e, {id});
    }
  }
  for (const char* name :
       {"service_latency_ms", "service_error_rate", "service_healthy_pods", "service_total_pods"}) {
    for (const auto& service : kServices)
      EXPECT_EQ(e.find(name, {{"service", service}}).size(), 1u)
          << name << "{service=\"" << service << "\"}" << lines_with(e, {name});
  }
  for (const auto& service : kServices) {
    const auto total = e.find("service_total_pods", {{"service", service}});
    if (!total.empty()) {
      EXPECT_EQ(total[0].value, 3.0) << total[0].line;
    }
  }
  const auto target = e.find("slo_latency_p95_target_ms");
  ASSERT_FALSE(target.empty());
  EXPECT_EQ(target[0].value, 200.0);
  const auto availability = e.find("slo_availability_target");
  ASSERT_FALSE(availability.empty());
  EXPECT_EQ(availability[0].value, 0.995);
  const auto budget = e.find("slo_budget_remaining");
  ASSERT_FALSE(budget.empty());
  EXPECT_GE(budget[0].value, 0.0);
  EXPECT_LE(budget[0].value, 1.0);
}

TEST_F(MetricsTest, LegacyMetricsFollowKillAndRestart) {
  const std::string id = "ui-proxy-pod-1";
  const Labels labels = {{"pod_id", id}, {"service", "ui-proxy"}};
  fault(id, {{"kill", true}});
  EXPECT_TRUE(eventually_value(
      "pod_healthy", labels, "== 0", [](double v) { return v == 0.0; }, "/metrics/legacy"));
  restart(id);
  EXPECT_TRUE(eventually_value(
      "pod_restarts", labels, "== 1", [](double v) { return v == 1.0; }, "/metrics/legacy"));
  EXPECT_TRUE(eventually_value(
      "pod_healthy", labels, "== 1", [](double v) { return v == 1.0; }, "/metrics/legacy"));
  EXPECT_TRUE(eventually_value(
      "service_healthy_pods", {{"service", "ui-proxy"}}, "== 3", [](double v) { return v == 3.0; },
      "/metrics/legacy"));
}

}  // namespace
}  // namespace hbtest

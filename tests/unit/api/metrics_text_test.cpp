#include "api/metrics_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace hb::api {
namespace {

using core::PodStatus;

// One service "svc" with one pod "svc-pod-1". Durations are powers of two so that sums print
// exactly: 1/256 s (le 0.005), 0.125 s (le 0.15), 0.25 s (le 0.25, a bound is inclusive) and 16 s
// (only +Inf).
lab::Snapshot small_snapshot() {
  lab::Snapshot snapshot;
  core::LabReport& report = snapshot.report;
  report.at = core::TimePoint{core::seconds(60)};

  core::ServiceReport service;
  service.name = "svc";
  service.pods_ready = 1;
  service.pods_total = 1;
  service.recent.requests = 12;
  service.recent.error_ratio = 0.25;
  service.recent.p50_s = 0.015625;
  report.services.push_back(service);

  core::PodReport pod;
  pod.id = "svc-pod-1";
  pod.service = "svc";
  pod.ready = true;
  pod.status = PodStatus::kHealthy;
  pod.restarts = 2;
  pod.fault = core::FaultSpec{.delay_ms = 1500, .error_rate = 0.25, .kill = false};
  pod.recent.requests = 8;
  pod.recent.error_ratio = 0.125;
  pod.recent.p50_s = 0.03125;
  report.pods.push_back(pod);

  report.metrics.served[core::RequestKey{0, 0, 200}] = 7;
  report.metrics.served[core::RequestKey{0, 0, 500}] = 3;
  report.metrics.served[core::RequestKey{0, std::nullopt, 503}] = 2;
  core::DurationHistogram durations;
  for (const double seconds : {0.00390625, 0.125, 0.25, 16.0}) durations.observe(seconds);
  report.metrics.durations.push_back(durations);
  report.metrics.lab_requests[200] = 7;
  report.metrics.lab_requests[503] = 2;

  report.slo.burn_rate_5m = 2.5;
  report.slo.budget_remaining = 0.75;
  return snapshot;
}

// The same lab with no recent data: no measured figure and no SLO figure.
lab::Snapshot quiet_snapshot() {
  lab::Snapshot snapshot = small_snapshot();
  core::LabReport& report = snapshot.report;
  report.services[0].recent = core::WindowSummary{};
  report.pods[0].recent = core::WindowSummary{};
  report.slo = core::SloReport{};
  return snapshot;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// The HELP line of `family`, its TYPE line and its samples, up to the next family.
std::string family_block(const std::string& text, const std::string& family) {
  std::string block;
  bool inside = false;
  for (const auto& line : lines_of(text)) {
    if (starts_with(line, "# HELP ")) inside = starts_with(line, "# HELP " + family + " ");
    if (inside) block += line + "\n";
  }
  return block;
}

// Every family has exactly one HELP and one TYPE line, HELP first, and every sample follows the
// header of the family it belongs to (histograms add _bucket, _sum and _count).
void expect_well_formed(const std::string& text) {
  ASSERT_FALSE(text.empty());
  ASSERT_EQ(text.back(), '\n');
  std::map<std::string, int> help;
  std::map<std::string, int> type;
  std::string family;
  std::string family_type;
  for (const auto& line : lines_of(text)) {
    std::istringstream words(line);
    if (starts_with(line, "# HELP ")) {
      std::string hash, keyword;
      words >> hash >> keyword >> family;
      ++help[family];
      family_type.clear();
      continue;
    }
    if (starts_with(line, "# TYPE ")) {
      std::string hash, keyword, name;
      words >> hash >> keyword >> name >> family_type;
      EXPECT_EQ(name, family) << "TYPE line not right after its HELP line: " << line;
      ++type[name];
      continue;
    }
    ASSERT_FALSE(family.empty()) << "sample before any family: " << line;
    const std::string name = line.substr(0, line.find_first_of("{ "));
    const bool belongs =
        name == family ||
        (family_type == "histogram" &&
         (name == family + "_bucket" || name == family + "_sum" || name == family + "_count"));
    EXPECT_TRUE(belongs) << "sample outside its family " << family << ": " << line;
  }
  for (const auto& [name, n] : help) {
    EXPECT_EQ(n, 1) << "HELP lines for " << name;
    EXPECT_EQ(type[name], 1) << "TYPE lines for " << name;
  }
  EXPECT_EQ(help.size(), type.size());
}

double number(const std::string& text) {
  if (text == "+Inf") return std::numeric_limits<double>::infinity();
  return std::stod(text);
}

TEST(LegacyMetricsTest, RendersTheOriginalNamesWithMeasuredFigures) {
  EXPECT_EQ(render_legacy_metrics(small_snapshot()),
            "# HELP pod_healthy 1 when the pod's status is Healthy.\n"
            "# TYPE pod_healthy gauge\n"
            "pod_healthy{pod_id=\"svc-pod-1\",service=\"svc\"} 1\n"
            "# HELP pod_restarts Restarts of the pod.\n"
            "# TYPE pod_restarts gauge\n"
            "pod_restarts{pod_id=\"svc-pod-1\",service=\"svc\"} 2\n"
            "# HELP pod_latency_ms Measured median latency of the pod's recent requests.\n"
            "# TYPE pod_latency_ms gauge\n"
            "pod_latency_ms{pod_id=\"svc-pod-1\",service=\"svc\"} 31.25\n"
            "# HELP pod_error_rate Measured error ratio of the pod's recent requests.\n"
            "# TYPE pod_error_rate gauge\n"
            "pod_error_rate{pod_id=\"svc-pod-1\",service=\"svc\"} 0.125\n"
            "# HELP service_latency_ms Measured median latency of the service's requests.\n"
            "# TYPE service_latency_ms gauge\n"
            "service_latency_ms{service=\"svc\"} 15.625\n"
            "# HELP service_error_rate Measured error ratio of the service's requests.\n"
            "# TYPE service_error_rate gauge\n"
            "service_error_rate{service=\"svc\"} 0.25\n"
            "# HELP service_healthy_pods Pods of the service whose status is Healthy.\n"
            "# TYPE service_healthy_pods gauge\n"
            "service_healthy_pods{service=\"svc\"} 1\n"
            "# HELP service_total_pods Pods of the service.\n"
            "# TYPE service_total_pods gauge\n"
            "service_total_pods{service=\"svc\"} 1\n"
            "# HELP slo_latency_p95_target_ms Latency objective: p95 under this many ms.\n"
            "# TYPE slo_latency_p95_target_ms gauge\n"
            "slo_latency_p95_target_ms 200\n"
            "# HELP slo_availability_target Availability objective.\n"
            "# TYPE slo_availability_target gauge\n"
            "slo_availability_target 0.995\n"
            "# HELP slo_burn_rate_5m Error-budget burn rate over the last 5 minutes.\n"
            "# TYPE slo_burn_rate_5m gauge\n"
            "slo_burn_rate_5m 2.5\n"
            "# HELP slo_budget_remaining Share of the error budget left (0 to 1).\n"
            "# TYPE slo_budget_remaining gauge\n"
            "slo_budget_remaining 0.75\n");
}

TEST(LegacyMetricsTest, FiguresWithoutDataHaveNoSample) {
  lab::Snapshot snapshot = quiet_snapshot();
  snapshot.report.pods[0].status = PodStatus::kDown;
  EXPECT_EQ(render_legacy_metrics(snapshot),
            "# HELP pod_healthy 1 when the pod's status is Healthy.\n"
            "# TYPE pod_healthy gauge\n"
            "pod_healthy{pod_id=\"svc-pod-1\",service=\"svc\"} 0\n"
            "# HELP pod_restarts Restarts of the pod.\n"
            "# TYPE pod_restarts gauge\n"
            "pod_restarts{pod_id=\"svc-pod-1\",service=\"svc\"} 2\n"
            "# HELP pod_latency_ms Measured median latency of the pod's recent requests.\n"
            "# TYPE pod_latency_ms gauge\n"
            "# HELP pod_error_rate Measured error ratio of the pod's recent requests.\n"
            "# TYPE pod_error_rate gauge\n"
            "# HELP service_latency_ms Measured median latency of the service's requests.\n"
            "# TYPE service_latency_ms gauge\n"
            "# HELP service_error_rate Measured error ratio of the service's requests.\n"
            "# TYPE service_error_rate gauge\n"
            "# HELP service_healthy_pods Pods of the service whose status is Healthy.\n"
            "# TYPE service_healthy_pods gauge\n"
            "service_healthy_pods{service=\"svc\"} 0\n"
            "# HELP service_total_pods Pods of the service.\n"
            "# TYPE service_total_pods gauge\n"
            "service_total_pods{service=\"svc\"} 1\n"
            "# HELP slo_latency_p95_target_ms Latency objective: p95 under this many ms.\n"
            "# TYPE slo_latency_p95_target_ms gauge\n"
            "slo_latency_p95_target_ms 200\n"
            "# HELP slo_availability_target Availability objective.\n"
            "# TYPE slo_availability_target gauge\n"
            "slo_availability_target 0.995\n"
            "# HELP slo_burn_rate_5m Error-budget burn rate over the last 5 minutes.\n"
            "# TYPE slo_burn_rate_5m gauge\n"
            "# HELP slo_budget_remaining Share of the error budget left (0 to 1).\n"
            "# TYPE slo_budget_remaining gauge\n");
}

TEST(MetricsTextTest, RequestsTotalHasOneSamplePerServicePodAndCode) {
  const std::string text = render_metrics(small_snapshot(), {});
  EXPECT_EQ(family_block(text, "healthboard_requests_total"),
            "# HELP healthboard_requests_total Requests answered by each service, by pod and "
            "HTTP status code. Requests refused for want of a ready pod have no pod label.\n"
            "# TYPE healthboard_requests_total counter\n"
            "healthboard_requests_total{service=\"svc\",code=\"503\"} 2\n"
            "healthboard_requests_total{service=\"svc\",pod=\"svc-pod-1\",code=\"200\"} 7\n"
            "healthboard_requests_total{service=\"svc\",pod=\"svc-pod-1\",code=\"500\"} 3\n");
}

TEST(MetricsTextTest, DurationHistogramHasCumulativeBucketsSumAndCount) {
  const std::string text = render_metrics(small_snapshot(), {});
  EXPECT_EQ(family_block(text, "healthboard_request_duration_seconds"),
            "# HELP healthboard_request_duration_seconds Time each service took to answer, "
            "including its downstream calls.\n"
            "# TYPE healthboard_request_duration_seconds histogram\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.005\"} 1\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.01\"} 1\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.025\"} 1\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.05\"} 1\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.1\"} 1\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.15\"} 2\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.2\"} 2\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.25\"} 3\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.3\"} 3\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.5\"} 3\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.75\"} 3\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"1\"} 3\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"2.5\"} 3\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"5\"} 3\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"10\"} 3\n"
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"+Inf\"} 4\n"
            "healthboard_request_duration_seconds_sum{service=\"svc\"} 16.37890625\n"
            "healthboard_request_duration_seconds_count{service=\"svc\"} 4\n");
}

TEST(MetricsTextTest, HistogramBucketsAreCumulativeAndEndWithInfEqualToCount) {
  const std::string text = render_metrics(small_snapshot(), {});
  const std::string bucket = "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"";
  const std::string count = "healthboard_request_duration_seconds_count{service=\"svc\"} ";
  std::vector<std::pair<double, double>> buckets;  // (le, value)
  std::optional<double> total;
  for (const auto& line : lines_of(text)) {
    if (starts_with(line, bucket)) {
      const auto close = line.find('"', bucket.size());
      buckets.emplace_back(number(line.substr(bucket.size(), close - bucket.size())),
                           number(line.substr(line.rfind(' ') + 1)));
    } else if (starts_with(line, count)) {
      total = number(line.substr(count.size()));
    }
  }
  ASSERT_EQ(buckets.size(), core::kDurationBuckets.size() + 1);
  for (std::size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_LT(buckets[i - 1].first, buckets[i].first) << "le out of order at " << i;
    EXPECT_LE(buckets[i - 1].second, buckets[i].second) << "not cumulative at " << i;
  }
  EXPECT_EQ(buckets.back().first, std::numeric_limits<double>::infinity());
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(buckets.back().second, *total);
}

TEST(MetricsTextTest, LabRequestsByCode) {
  const std::string text = render_metrics(small_snapshot(), {});
  EXPECT_EQ(family_block(text, "healthboard_lab_requests_total"),
            "# HELP healthboard_lab_requests_total Requests the lab's clients sent, by the code "
            "they saw (a client timeout is 504). The lab SLO counts these.\n"
            "# TYPE healthboard_lab_requests_total counter\n"
            "healthboard_lab_requests_total{code=\"200\"} 7\n"
            "healthboard_lab_requests_total{code=\"503\"} 2\n");
}

TEST(MetricsTextTest, PodGaugesEchoTheInjectedFault) {
  const std::string text = render_metrics(small_snapshot(), {});
  const std::string labels = "{service=\"svc\",pod=\"svc-pod-1\"}";
  for (const std::string& sample :
       {"healthboard_pod_up" + labels + " 1", "healthboard_pod_ready" + labels + " 1",
        "healthboard_pod_restarts_total" + labels + " 2",
        "healthboard_pod_fault_delay_seconds" + labels + " 1.5",
        "healthboard_pod_fault_error_ratio" + labels + " 0.25",
        "healthboard_pod_fault_killed" + labels + " 0"}) {
    EXPECT_NE(text.find("\n" + sample + "\n"), std::string::npos) << sample;
  }
  EXPECT_EQ(family_block(text, "healthboard_pod_status"),
            "# HELP healthboard_pod_status The pod's dashboard status: 1 for the current one of "
            "Healthy, Degraded, Down.\n"
            "# TYPE healthboard_pod_status gauge\n"
            "healthboard_pod_status{service=\"svc\",pod=\"svc-pod-1\",status=\"Healthy\"} 1\n"
            "healthboard_pod_status{service=\"svc\",pod=\"svc-pod-1\",status=\"Degraded\"} 0\n"
            "healthboard_pod_status{service=\"svc\",pod=\"svc-pod-1\",status=\"Down\"} 0\n");
}

TEST(MetricsTextTest, BurnRateAndBudgetSamplesWhenThereIsData) {
  const std::string text = render_metrics(small_snapshot(), {});
  EXPECT_EQ(family_block(text, "healthboard_slo_burn_rate"),
            "# HELP healthboard_slo_burn_rate Error-budget burn rate of the lab availability SLO "
            "over a window (1 = on budget).\n"
            "# TYPE healthboard_slo_burn_rate gauge\n"
            "healthboard_slo_burn_rate{slo=\"availability\",window=\"5m\"} 2.5\n");
  EXPECT_EQ(family_block(text, "healthboard_slo_error_budget_remaining_ratio"),
            "# HELP healthboard_slo_error_budget_remaining_ratio Share of the SLO window's error "
            "budget left, 0 when exhausted.\n"
            "# TYPE healthboard_slo_error_budget_remaining_ratio gauge\n"
            "healthboard_slo_error_budget_remaining_ratio{slo=\"availability\"} 0.75\n");
}

TEST(MetricsTextTest, NoBurnRateOrBudgetSampleWithoutData) {
  const std::string text = render_metrics(quiet_snapshot(), {});
  EXPECT_EQ(family_block(text, "healthboard_slo_burn_rate"),
            "# HELP healthboard_slo_burn_rate Error-budget burn rate of the lab availability SLO "
            "over a window (1 = on budget).\n"
            "# TYPE healthboard_slo_burn_rate gauge\n");
  EXPECT_EQ(family_block(text, "healthboard_slo_error_budget_remaining_ratio"),
            "# HELP healthboard_slo_error_budget_remaining_ratio Share of the SLO window's error "
            "budget left, 0 when exhausted.\n"
            "# TYPE healthboard_slo_error_budget_remaining_ratio gauge\n");
  EXPECT_EQ(text.find("NaN"), std::string::npos);
}

TEST(MetricsTextTest, SloObjectivesAndScrapeStats) {
  const std::string text = render_metrics(small_snapshot(), ScrapeStats{3, 0.5});
  for (const std::string sample :
       {"healthboard_slo_objective_ratio{slo=\"availability\"} 0.995",
        "healthboard_slo_objective_ratio{slo=\"latency\"} 0.95",
        "healthboard_slo_latency_threshold_seconds 0.2", "healthboard_scrapes_total 3",
        "healthboard_scrape_duration_seconds 0.5"}) {
    EXPECT_NE(text.find("\n" + sample + "\n"), std::string::npos) << sample;
  }
}

TEST(MetricsTextTest, EveryFamilyHasOneHelpAndOneTypeLine) {
  for (const auto& [name, snapshot] :
       {std::pair{"small", small_snapshot()}, std::pair{"quiet", quiet_snapshot()}}) {
    SCOPED_TRACE(name);
    {
      SCOPED_TRACE("render_metrics");
      expect_well_formed(render_metrics(snapshot, ScrapeStats{1, 0.0}));
    }
    {
      SCOPED_TRACE("render_legacy_metrics");
      expect_well_formed(render_legacy_metrics(snapshot));
    }
  }
}

}  // namespace
}  // namespace hb::api

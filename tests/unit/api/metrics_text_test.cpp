#include "api/metrics_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/alerts.h"
#include "core/burn_alerts.h"
#include "core/request_metrics.h"
#include "core/slo.h"

namespace hb::api {
namespace {

using core::PodStatus;

using std::chrono::hours;
using std::chrono::minutes;

constexpr core::TimePoint kNow{hours(10)};

// The lab's SLO (99.5 %, 95 % within 200 ms, 30 d) with 720 good requests 9 h ago and 80 a minute
// ago, 1 of them failed and 5 slow (one more at exactly 200 ms, which is good). Windows up to 6 h
// hold the 80: availability burns (1/80) / 0.005 = 2.5 and latency (5/80) / 0.05 = 1.25; from 1 d
// on they hold all 800: 0.25 and 0.125, so 1/4 of the availability budget is spent and 1/8 of the
// latency budget.
core::SloReport lab_slo(bool with_traffic = true) {
  core::SloTracker tracker("lab", core::SloSpec{}, core::TimePoint{});
  if (with_traffic) {
    for (int i = 0; i < 720; ++i) tracker.record(kNow - hours(9), false, core::millis(50));
    for (int i = 0; i < 80; ++i) {
      const core::Duration latency =
          i < 5 ? core::millis(250) : (i == 5 ? core::millis(200) : core::millis(50));
      tracker.record(kNow - minutes(1), i == 0, latency);
    }
  }
  return tracker.report(kNow);
}

// Service "svc": 99 %, 90 % within 350 ms, over 1 h (one of the burn windows, so not repeated).
// 200 requests 10 minutes ago, 1 failed and 10 slow (one more at exactly 350 ms): nothing in the
// last 5 minutes, and from 30 m on both SLIs burn at 0.5.
core::SloSpec svc_spec() {
  core::SloSpec spec;
  spec.availability_target = 0.99;
  spec.latency_threshold_ms = 350;
  spec.latency_target = 0.9;
  spec.window = hours(1);
  return spec;
}

core::SloReport svc_slo(bool with_traffic = true) {
  core::SloTracker tracker("svc", svc_spec(), core::TimePoint{});
  if (with_traffic) {
    for (int i = 0; i < 200; ++i) {
      const core::Duration latency =
          i < 10 ? core::millis(400) : (i == 10 ? core::millis(350) : core::millis(20));
      tracker.record(kNow - minutes(10), i == 0, latency);
    }
  }
  return tracker.report(kNow);
}

core::AlertStatus alert(std::string slo, std::string sli, std::size_t rule, bool firing) {
  core::AlertStatus status;
  status.slo = std::move(slo);
  status.sli = std::move(sli);
  status.rule = &core::kBurnAlertRules[rule];
  status.threshold = core::burn_threshold(*status.rule, hours(24 * 30));
  status.firing = firing;
  status.since = kNow - minutes(3);
  return status;
}

// One service "svc" with one pod "svc-pod-1". Durations are powers of two so that sums print
// exactly: 1/256 s (le 0.005), 0.125 s (le 0.15), 0.25 s (le 0.25, a bound is inclusive) and 16 s
// (only +Inf). The service's histogram has its 350 ms threshold among its bounds.
lab::Snapshot small_snapshot() {
  lab::Snapshot snapshot;
  core::LabReport& report = snapshot.report;
  report.at = kNow;

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
  core::DurationHistogram durations(0.35);
  for (const double seconds : {0.00390625, 0.125, 0.25, 16.0}) durations.observe(seconds);
  report.metrics.durations.push_back(durations);
  report.metrics.lab_requests[200] = 7;
  report.metrics.lab_requests[503] = 2;
  report.metrics.lab_durations = core::DurationHistogram(0.2);
  for (const double seconds : {0.03125, 0.125, 0.25, 0.5, 4.0}) {
    report.metrics.lab_durations.observe(seconds);
  }

  report.slos = {lab_slo(), svc_slo()};
  report.alerts = {alert("lab", "availability", 0, false), alert("svc", "availability", 1, true),
                   alert("svc", "latency", 3, true)};
  return snapshot;
}

// The same lab with no recent data: no measured figure and no SLO figure.
lab::Snapshot quiet_snapshot() {
  lab::Snapshot snapshot = small_snapshot();
  core::LabReport& report = snapshot.report;
  report.services[0].recent = core::WindowSummary{};
  report.pods[0].recent = core::WindowSummary{};
  report.slos = {lab_slo(false), svc_slo(false)};
  for (auto& a : report.alerts) a.firing = false;
  return snapshot;
}

// The small lab with every alert of both SLOs, as the alert book evaluates them.
lab::Snapshot alerting_snapshot() {
  lab::Snapshot snapshot = small_snapshot();
  core::AlertBook book;
  for (const auto& slo : snapshot.report.slos) book.evaluate(slo, kNow);
  snapshot.report.alerts = book.alerts();
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

// A sample's series: its name and its labels, sorted, so that the order they are written in does
// not matter.
std::string series_of(const std::string& line) {
  const auto name_end = line.find_first_of("{ ");
  std::string series = line.substr(0, name_end);
  if (name_end == std::string::npos || line[name_end] != '{') return series;
  std::vector<std::string> labels;
  std::string label;
  bool quoted = false;
  std::size_t i = name_end + 1;
  for (; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '\\' && i + 1 < line.size()) {
      label += c;
      label += line[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == ',' || c == '}')) {
      labels.push_back(label);
      label.clear();
      if (c == '}') break;
      continue;
    }
    label += c;
  }
  std::sort(labels.begin(), labels.end());
  for (const auto& l : labels) series += "|" + l;
  return series;
}

// No two samples anywhere in the text have the same name and labels.
void expect_no_duplicate_series(const std::string& text) {
  std::set<std::string> seen;
  for (const auto& line : lines_of(text)) {
    if (line.empty() || line[0] == '#') continue;
    EXPECT_TRUE(seen.insert(series_of(line)).second) << "duplicate series: " << line;
  }
  EXPECT_FALSE(seen.empty());
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

// The original's clients read the pod latency, burn rate and budget as numbers at every
// instant: 0, 0 and 1 before any request counts. Measured ratios have no sample without data.
TEST(LegacyMetricsTest, FiguresWithoutDataKeepTheOriginalsNumbers) {
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
            "pod_latency_ms{pod_id=\"svc-pod-1\",service=\"svc\"} 0\n"
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
            "slo_burn_rate_5m 0\n"
            "# HELP slo_budget_remaining Share of the error budget left (0 to 1).\n"
            "# TYPE slo_budget_remaining gauge\n"
            "slo_budget_remaining 1\n");
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

// The service's histogram has the shared bounds plus its SLO's 350 ms threshold, in order.
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
            "healthboard_request_duration_seconds_bucket{service=\"svc\",le=\"0.35\"} 3\n"
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
  ASSERT_EQ(buckets.size(), core::kDurationBuckets.size() + 2);  // the threshold, then +Inf
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

TEST(MetricsTextTest, PodWorkersAndUtilizationOnlyWithALimit) {
  lab::Snapshot snapshot = small_snapshot();
  core::PodReport limited = snapshot.report.pods[0];
  limited.id = "svc-pod-2";
  limited.concurrency = 4;
  limited.busy_workers = 3;
  limited.queued = 2;
  limited.utilization = 0.75;
  snapshot.report.pods[0].busy_workers = 1;
  snapshot.report.pods.push_back(limited);
  const std::string text = render_metrics(snapshot, {});
  EXPECT_EQ(family_block(text, "healthboard_pod_busy_workers"),
            "# HELP healthboard_pod_busy_workers Requests the pod's workers are serving now "
            "(queued ones not counted).\n"
            "# TYPE healthboard_pod_busy_workers gauge\n"
            "healthboard_pod_busy_workers{service=\"svc\",pod=\"svc-pod-1\"} 1\n"
            "healthboard_pod_busy_workers{service=\"svc\",pod=\"svc-pod-2\"} 3\n");
  EXPECT_EQ(family_block(text, "healthboard_pod_queued_requests"),
            "# HELP healthboard_pod_queued_requests Requests waiting for one of the pod's "
            "workers.\n"
            "# TYPE healthboard_pod_queued_requests gauge\n"
            "healthboard_pod_queued_requests{service=\"svc\",pod=\"svc-pod-1\"} 0\n"
            "healthboard_pod_queued_requests{service=\"svc\",pod=\"svc-pod-2\"} 2\n");
  EXPECT_EQ(family_block(text, "healthboard_pod_utilization"),
            "# HELP healthboard_pod_utilization Busy workers / the pod's concurrency limit, 0 to "
            "1; only pods with a limit.\n"
            "# TYPE healthboard_pod_utilization gauge\n"
            "healthboard_pod_utilization{service=\"svc\",pod=\"svc-pod-2\"} 0.75\n");
  // The kube-state-metrics families follow healthboard's own, before the original's.
  EXPECT_LT(text.find("# HELP healthboard_scrape_duration_seconds"),
            text.find("# HELP kube_pod_status_phase"));
  EXPECT_LT(text.find("# HELP kube_horizontalpodautoscaler_status_desired_replicas"),
            text.find("# HELP pod_healthy"));
}

TEST(MetricsTextTest, PodGaugesEchoTheInjectedFault) {
  const std::string text = render_metrics(small_snapshot(), {});
  const std::string labels = "{service=\"svc\",pod=\"svc-pod-1\"}";
  for (const std::string& sample :
       {"healthboard_pod_up" + labels + " 1", "healthboard_pod_ready" + labels + " 1",
        "healthboard_pod_restarts_total" + labels + " 2",
        "healthboard_pod_fault_delay_seconds" + labels + " 1.5",
        "healthboard_pod_fault_jitter_seconds" + labels + " 0",
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

// The lab's histogram, as its clients saw the requests: 0.2 s, its SLO's threshold, is already
// one of the shared bounds and is not repeated.
TEST(MetricsTextTest, LabDurationHistogram) {
  const std::string text = render_metrics(small_snapshot(), {});
  EXPECT_EQ(family_block(text, "healthboard_lab_request_duration_seconds"),
            "# HELP healthboard_lab_request_duration_seconds Time the lab's client requests took, "
            "as the clients saw them.\n"
            "# TYPE healthboard_lab_request_duration_seconds histogram\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.005\"} 0\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.01\"} 0\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.025\"} 0\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.05\"} 1\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.1\"} 1\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.15\"} 2\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.2\"} 2\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.25\"} 3\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.3\"} 3\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.5\"} 4\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"0.75\"} 4\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"1\"} 4\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"2.5\"} 4\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"5\"} 5\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"10\"} 5\n"
            "healthboard_lab_request_duration_seconds_bucket{le=\"+Inf\"} 5\n"
            "healthboard_lab_request_duration_seconds_sum 4.90625\n"
            "healthboard_lab_request_duration_seconds_count 5\n");
}

TEST(MetricsTextTest, SloObjectivesThresholdsAndWindowsPerService) {
  for (const auto& [name, snapshot] :
       {std::pair{"small", small_snapshot()}, std::pair{"quiet", quiet_snapshot()}}) {
    SCOPED_TRACE(name);
    const std::string text = render_metrics(snapshot, {});
    EXPECT_EQ(family_block(text, "healthboard_slo_objective_ratio"),
              "# HELP healthboard_slo_objective_ratio Target share of good requests of each SLO.\n"
              "# TYPE healthboard_slo_objective_ratio gauge\n"
              "healthboard_slo_objective_ratio{service=\"lab\",slo=\"availability\"} 0.995\n"
              "healthboard_slo_objective_ratio{service=\"lab\",slo=\"latency\"} 0.95\n"
              "healthboard_slo_objective_ratio{service=\"svc\",slo=\"availability\"} 0.99\n"
              "healthboard_slo_objective_ratio{service=\"svc\",slo=\"latency\"} 0.9\n");
    EXPECT_EQ(family_block(text, "healthboard_slo_latency_threshold_seconds"),
              "# HELP healthboard_slo_latency_threshold_seconds A request slower than this is bad "
              "for the latency SLO.\n"
              "# TYPE healthboard_slo_latency_threshold_seconds gauge\n"
              "healthboard_slo_latency_threshold_seconds{service=\"lab\"} 0.2\n"
              "healthboard_slo_latency_threshold_seconds{service=\"svc\"} 0.35\n");
    EXPECT_EQ(family_block(text, "healthboard_slo_window_seconds"),
              "# HELP healthboard_slo_window_seconds The rolling window of the error budget.\n"
              "# TYPE healthboard_slo_window_seconds gauge\n"
              "healthboard_slo_window_seconds{service=\"lab\"} 2592000\n"
              "healthboard_slo_window_seconds{service=\"svc\"} 3600\n");
  }
}

// 10 h after the lab's start: windows up to 6 h are full, longer ones have 10 h of data, with or
// without traffic.
TEST(MetricsTextTest, WindowDataSecondsPerSloAndWindow) {
  for (const auto& [name, snapshot] :
       {std::pair{"small", small_snapshot()}, std::pair{"quiet", quiet_snapshot()}}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(
        family_block(render_metrics(snapshot, {}), "healthboard_slo_window_data_seconds"),
        "# HELP healthboard_slo_window_data_seconds How much of each window has data: the time "
        "since the lab started, at most the window. Below the window's length, its figures cover "
        "only this much.\n"
        "# TYPE healthboard_slo_window_data_seconds gauge\n"
        "healthboard_slo_window_data_seconds{service=\"lab\",window=\"5m\"} 300\n"
        "healthboard_slo_window_data_seconds{service=\"lab\",window=\"30m\"} 1800\n"
        "healthboard_slo_window_data_seconds{service=\"lab\",window=\"1h\"} 3600\n"
        "healthboard_slo_window_data_seconds{service=\"lab\",window=\"2h\"} 7200\n"
        "healthboard_slo_window_data_seconds{service=\"lab\",window=\"6h\"} 21600\n"
        "healthboard_slo_window_data_seconds{service=\"lab\",window=\"1d\"} 36000\n"
        "healthboard_slo_window_data_seconds{service=\"lab\",window=\"3d\"} 36000\n"
        "healthboard_slo_window_data_seconds{service=\"lab\",window=\"30d\"} 36000\n"
        "healthboard_slo_window_data_seconds{service=\"svc\",window=\"5m\"} 300\n"
        "healthboard_slo_window_data_seconds{service=\"svc\",window=\"30m\"} 1800\n"
        "healthboard_slo_window_data_seconds{service=\"svc\",window=\"1h\"} 3600\n"
        "healthboard_slo_window_data_seconds{service=\"svc\",window=\"2h\"} 7200\n"
        "healthboard_slo_window_data_seconds{service=\"svc\",window=\"6h\"} 21600\n"
        "healthboard_slo_window_data_seconds{service=\"svc\",window=\"1d\"} 36000\n"
        "healthboard_slo_window_data_seconds{service=\"svc\",window=\"3d\"} 36000\n");
  }
}

// Every window with data, for both SLIs of both SLOs; svc has nothing in its last 5 minutes, so
// no 5m sample, and its SLO window is 1h, which is not repeated.
TEST(MetricsTextTest, BurnRateAndErrorRatioPerWindowWhenThereIsData) {
  const std::string text = render_metrics(small_snapshot(), {});
  EXPECT_EQ(family_block(text, "healthboard_slo_burn_rate"),
            "# HELP healthboard_slo_burn_rate Error-budget burn rate over a window: error ratio / "
            "(1 - objective); 1 = on budget.\n"
            "# TYPE healthboard_slo_burn_rate gauge\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"availability\",window=\"5m\"} 2.5\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"availability\",window=\"30m\"} 2.5\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"availability\",window=\"1h\"} 2.5\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"availability\",window=\"2h\"} 2.5\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"availability\",window=\"6h\"} 2.5\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"availability\",window=\"1d\"} 0.25\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"availability\",window=\"3d\"} 0.25\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"availability\",window=\"30d\"} 0.25\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"latency\",window=\"5m\"} 1.25\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"latency\",window=\"30m\"} 1.25\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"latency\",window=\"1h\"} 1.25\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"latency\",window=\"2h\"} 1.25\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"latency\",window=\"6h\"} 1.25\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"latency\",window=\"1d\"} 0.125\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"latency\",window=\"3d\"} 0.125\n"
            "healthboard_slo_burn_rate{service=\"lab\",slo=\"latency\",window=\"30d\"} 0.125\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"availability\",window=\"30m\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"availability\",window=\"1h\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"availability\",window=\"2h\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"availability\",window=\"6h\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"availability\",window=\"1d\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"availability\",window=\"3d\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"latency\",window=\"30m\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"latency\",window=\"1h\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"latency\",window=\"2h\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"latency\",window=\"6h\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"latency\",window=\"1d\"} 0.5\n"
            "healthboard_slo_burn_rate{service=\"svc\",slo=\"latency\",window=\"3d\"} 0.5\n");
  EXPECT_EQ(
      family_block(text, "healthboard_slo_error_ratio"),
      "# HELP healthboard_slo_error_ratio Share of bad requests over a window, from exact "
      "counts.\n"
      "# TYPE healthboard_slo_error_ratio gauge\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"availability\",window=\"5m\"} 0.0125\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"availability\",window=\"30m\"} 0.0125\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"availability\",window=\"1h\"} 0.0125\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"availability\",window=\"2h\"} 0.0125\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"availability\",window=\"6h\"} 0.0125\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"availability\",window=\"1d\"} 0.00125\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"availability\",window=\"3d\"} 0.00125\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"availability\",window=\"30d\"} 0.00125\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"latency\",window=\"5m\"} 0.0625\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"latency\",window=\"30m\"} 0.0625\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"latency\",window=\"1h\"} 0.0625\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"latency\",window=\"2h\"} 0.0625\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"latency\",window=\"6h\"} 0.0625\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"latency\",window=\"1d\"} 0.00625\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"latency\",window=\"3d\"} 0.00625\n"
      "healthboard_slo_error_ratio{service=\"lab\",slo=\"latency\",window=\"30d\"} 0.00625\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"availability\",window=\"30m\"} 0.005\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"availability\",window=\"1h\"} 0.005\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"availability\",window=\"2h\"} 0.005\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"availability\",window=\"6h\"} 0.005\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"availability\",window=\"1d\"} 0.005\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"availability\",window=\"3d\"} 0.005\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"latency\",window=\"30m\"} 0.05\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"latency\",window=\"1h\"} 0.05\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"latency\",window=\"2h\"} 0.05\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"latency\",window=\"6h\"} 0.05\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"latency\",window=\"1d\"} 0.05\n"
      "healthboard_slo_error_ratio{service=\"svc\",slo=\"latency\",window=\"3d\"} 0.05\n");
  EXPECT_EQ(family_block(text, "healthboard_slo_error_budget_remaining_ratio"),
            "# HELP healthboard_slo_error_budget_remaining_ratio Share of the SLO window's error "
            "budget left, 0 when exhausted.\n"
            "# TYPE healthboard_slo_error_budget_remaining_ratio gauge\n"
            "healthboard_slo_error_budget_remaining_ratio{service=\"lab\",slo=\"availability\"} "
            "0.75\n"
            "healthboard_slo_error_budget_remaining_ratio{service=\"lab\",slo=\"latency\"} 0.875\n"
            "healthboard_slo_error_budget_remaining_ratio{service=\"svc\",slo=\"availability\"} "
            "0.5\n"
            "healthboard_slo_error_budget_remaining_ratio{service=\"svc\",slo=\"latency\"} 0.5\n");
}

TEST(MetricsTextTest, NoWindowOrBudgetSampleWithoutData) {
  const std::string text = render_metrics(quiet_snapshot(), {});
  EXPECT_EQ(family_block(text, "healthboard_slo_burn_rate"),
            "# HELP healthboard_slo_burn_rate Error-budget burn rate over a window: error ratio / "
            "(1 - objective); 1 = on budget.\n"
            "# TYPE healthboard_slo_burn_rate gauge\n");
  EXPECT_EQ(family_block(text, "healthboard_slo_error_ratio"),
            "# HELP healthboard_slo_error_ratio Share of bad requests over a window, from exact "
            "counts.\n"
            "# TYPE healthboard_slo_error_ratio gauge\n");
  EXPECT_EQ(family_block(text, "healthboard_slo_error_budget_remaining_ratio"),
            "# HELP healthboard_slo_error_budget_remaining_ratio Share of the SLO window's error "
            "budget left, 0 when exhausted.\n"
            "# TYPE healthboard_slo_error_budget_remaining_ratio gauge\n");
  EXPECT_EQ(text.find("NaN"), std::string::npos);
}

TEST(MetricsTextTest, AlertFiringPerAlertWithItsRuleAndSeverity) {
  EXPECT_EQ(family_block(render_metrics(small_snapshot(), {}), "healthboard_slo_alert_firing"),
            "# HELP healthboard_slo_alert_firing 1 while a multi-window burn-rate alert fires "
            "(Google SRE Workbook), else 0.\n"
            "# TYPE healthboard_slo_alert_firing gauge\n"
            "healthboard_slo_alert_firing{service=\"lab\",slo=\"availability\",alert=\"page-fast\","
            "severity=\"page\"} 0\n"
            "healthboard_slo_alert_firing{service=\"svc\",slo=\"availability\",alert=\"page-slow\","
            "severity=\"page\"} 1\n"
            "healthboard_slo_alert_firing{service=\"svc\",slo=\"latency\",alert=\"ticket-slow\","
            "severity=\"ticket\"} 1\n");
}

// From the alert book: four rules for each SLI of each SLO, one sample each. svc (W = 1h) burns
// at 0.5 over every window from 30m on, far over its scaled thresholds, but page-fast also needs
// its 5m window, which has no data.
TEST(MetricsTextTest, AlertFiringForEveryAlertOfTheBook) {
  const std::string block =
      family_block(render_metrics(alerting_snapshot(), {}), "healthboard_slo_alert_firing");
  std::vector<std::string> samples;
  for (const auto& line : lines_of(block)) {
    if (!starts_with(line, "#")) samples.push_back(line);
  }
  ASSERT_EQ(samples.size(), 16u);
  for (const std::string service : {"lab", "svc"}) {
    for (const std::string sli : {"availability", "latency"}) {
      for (const auto& rule : core::kBurnAlertRules) {
        const bool firing = service == "svc" && rule.name != "page-fast";
        const std::string sample = "healthboard_slo_alert_firing{service=\"" + service +
                                   "\",slo=\"" + sli + "\",alert=\"" + std::string(rule.name) +
                                   "\",severity=\"" + std::string(rule.severity) + "\"} " +
                                   (firing ? "1" : "0");
        EXPECT_NE(std::find(samples.begin(), samples.end(), sample), samples.end()) << sample;
      }
    }
  }
}

TEST(MetricsTextTest, CarriesTheOriginalsSeriesWhoseNamesPassPromtool) {
  const lab::Snapshot snapshot = small_snapshot();
  const std::string text = render_metrics(snapshot, {});
  const std::string legacy = render_legacy_metrics(snapshot);
  for (const char* family :
       {"pod_healthy", "pod_restarts", "pod_error_rate", "service_error_rate",
        "service_healthy_pods", "service_total_pods", "slo_availability_target", "slo_burn_rate_5m",
        "slo_budget_remaining"}) {
    EXPECT_EQ(family_block(text, family), family_block(legacy, family)) << family;
    EXPECT_FALSE(family_block(text, family).empty()) << family;
  }
  // promtool: "metric names should not contain abbreviated units"; they stay on /metrics/legacy.
  for (const char* family : {"pod_latency_ms", "service_latency_ms", "slo_latency_p95_target_ms"}) {
    EXPECT_TRUE(family_block(text, family).empty()) << family;
    EXPECT_FALSE(family_block(legacy, family).empty()) << family;
  }
  EXPECT_NE(text.find("\npod_healthy{pod_id=\"svc-pod-1\",service=\"svc\"} "), std::string::npos);
}

TEST(MetricsTextTest, ScrapeStats) {
  const std::string text = render_metrics(small_snapshot(), ScrapeStats{3, 0.5});
  for (const std::string sample :
       {"healthboard_scrapes_total 3", "healthboard_scrape_duration_seconds 0.5"}) {
    EXPECT_NE(text.find("\n" + sample + "\n"), std::string::npos) << sample;
  }
}

TEST(MetricsTextTest, EveryFamilyHasOneHelpAndOneTypeLineAndNoSeriesRepeats) {
  for (const auto& [name, snapshot] :
       {std::pair{"small", small_snapshot()}, std::pair{"quiet", quiet_snapshot()},
        std::pair{"alerting", alerting_snapshot()}}) {
    SCOPED_TRACE(name);
    {
      SCOPED_TRACE("render_metrics");
      const std::string text = render_metrics(snapshot, ScrapeStats{1, 0.0});
      expect_well_formed(text);
      expect_no_duplicate_series(text);
    }
    {
      SCOPED_TRACE("render_legacy_metrics");
      const std::string text = render_legacy_metrics(snapshot);
      expect_well_formed(text);
      expect_no_duplicate_series(text);
    }
  }
}

TEST(MetricsTextTest, DuplicateSeriesCheckSeesThroughLabelOrder) {
  EXPECT_EQ(series_of("a{x=\"1\",y=\"2\"} 3"), series_of("a{y=\"2\",x=\"1\"} 4"));
  EXPECT_NE(series_of("a{x=\"1\",y=\"2\"} 3"), series_of("a{x=\"1\",y=\"3\"} 3"));
  EXPECT_NE(series_of("a{x=\"1,y=2\"} 3"), series_of("a{x=\"1\",y=\"2\"} 3"));
  EXPECT_EQ(series_of("a 3"), "a");
}

// The histogram's bounds are the shared ones plus the SLO's latency threshold, so that the
// latency SLI can be read off the `le` bucket at the threshold.
TEST(DurationHistogramTest, TheThresholdIsABoundOnce) {
  const std::vector<double> shared(core::kDurationBuckets.begin(), core::kDurationBuckets.end());
  struct Case {
    double threshold;
    std::size_t at;  // its index among the bounds
  };
  for (const auto& c : std::vector<Case>{{0.2, 6}, {0.35, 9}, {0.001, 0}, {30.0, 15}, {0.005, 0}}) {
    SCOPED_TRACE(c.threshold);
    const core::DurationHistogram h(c.threshold);
    std::vector<double> expected = shared;
    if (std::find(shared.begin(), shared.end(), c.threshold) == shared.end()) {
      expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(c.at), c.threshold);
    }
    EXPECT_EQ(h.bounds, expected);
    ASSERT_LT(c.at, h.bounds.size());
    EXPECT_EQ(h.bounds[c.at], c.threshold);
    EXPECT_TRUE(std::is_sorted(h.bounds.begin(), h.bounds.end()));
    EXPECT_EQ(std::adjacent_find(h.bounds.begin(), h.bounds.end()), h.bounds.end());
    EXPECT_EQ(h.buckets.size(), h.bounds.size() + 1);
    EXPECT_EQ(h.count, 0u);
  }
  EXPECT_EQ(core::DurationHistogram(0.2).bounds.size(), shared.size());
  EXPECT_EQ(core::DurationHistogram(0.35).bounds.size(), shared.size() + 1);
}

std::size_t index_of(const core::DurationHistogram& h, double bound) {
  return static_cast<std::size_t>(std::find(h.bounds.begin(), h.bounds.end(), bound) -
                                  h.bounds.begin());
}

TEST(DurationHistogramTest, BoundsAreInclusiveAndCumulativeCountsUpToEachBound) {
  core::DurationHistogram h(0.35);  // ..., 0.3, 0.35, 0.5, ...
  for (const double seconds : {0.3, 0.31, 0.35, 0.3500001, 0.5, 20.0}) h.observe(seconds);
  const auto index = [&](double bound) { return index_of(h, bound); };
  EXPECT_EQ(h.cumulative(index(0.25)), 0u);
  EXPECT_EQ(h.cumulative(index(0.3)), 1u);
  EXPECT_EQ(h.cumulative(index(0.35)), 3u);  // 0.35 itself is within the threshold
  EXPECT_EQ(h.cumulative(index(0.5)), 5u);
  EXPECT_EQ(h.cumulative(index(10.0)), 5u);
  EXPECT_EQ(h.cumulative(h.bounds.size()), 6u);  // +Inf
  EXPECT_EQ(h.count, 6u);
  EXPECT_NEAR(h.sum, 21.8100001, 1e-9);
  // At 0.2 s, a shared bound, a request of exactly 0.2 s is within it.
  core::DurationHistogram shared(0.2);
  shared.observe(0.2);
  shared.observe(0.2000001);
  EXPECT_EQ(shared.cumulative(index_of(shared, 0.2)), 1u);
  EXPECT_EQ(shared.cumulative(index_of(shared, 0.25)), 2u);
}

// The latency SLI read off the histogram (requests above the `le` bucket at the threshold)
// matches the SLO tracker's count of slow requests, right at the threshold included; the
// cluster builds the threshold from milliseconds as here.
TEST(DurationHistogramTest, TheLatencySliCanBeReadOffTheThresholdBucket) {
  for (const std::int64_t threshold_ms : {200, 350, 1}) {
    SCOPED_TRACE(threshold_ms);
    core::SloSpec spec;
    spec.latency_threshold_ms = threshold_ms;
    core::SloTracker tracker("lab", spec, core::TimePoint{});
    core::DurationHistogram h(core::to_seconds(core::millis(threshold_ms)));
    const core::Duration threshold = core::millis(threshold_ms);
    for (const core::Duration latency :
         {threshold - core::Duration{1}, threshold, threshold + core::Duration{1}, threshold * 2,
          core::millis(1), core::millis(400), core::millis(199), core::millis(351)}) {
      tracker.record(kNow, false, latency);
      h.observe(core::to_seconds(latency));
    }
    const core::SloReport report = tracker.report(kNow);
    const std::uint64_t slow_from_histogram =
        h.count - h.cumulative(index_of(h, core::to_seconds(threshold)));
    EXPECT_LT(index_of(h, core::to_seconds(threshold)), h.bounds.size());
    EXPECT_EQ(slow_from_histogram, report.latency.period().bad);
  }
  EXPECT_EQ(core::DurationHistogram(core::to_seconds(core::millis(200))).bounds.size(),
            core::kDurationBuckets.size());
}

TEST(MetricsTextTest, EveryDependencyEdgeSaysWhetherItIsPartitioned) {
  lab::Snapshot snapshot = small_snapshot();
  core::ServiceReport caller = snapshot.report.services[0];
  caller.name = "front";
  caller.dependencies = {"svc"};
  snapshot.report.services.push_back(caller);
  const std::string whole = render_metrics(snapshot, {});
  EXPECT_NE(whole.find("\nhealthboard_dependency_partitioned{from=\"front\",to=\"svc\"} 0\n"),
            std::string::npos);
  snapshot.report.partitions.push_back({"front", "svc", core::TimePoint{}, std::nullopt});
  EXPECT_EQ(family_block(render_metrics(snapshot, {}), "healthboard_dependency_partitioned"),
            "# HELP healthboard_dependency_partitioned 1 while the calls from one service to a "
            "dependency fail by a partition fault.\n"
            "# TYPE healthboard_dependency_partitioned gauge\n"
            "healthboard_dependency_partitioned{from=\"front\",to=\"svc\"} 1\n");
}

}  // namespace
}  // namespace hb::api

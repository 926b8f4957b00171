// Bodies serialised once per snapshot: each is the very text the handlers made before the cache
// (byte for byte), is built once and shared, and the stream's pod selections and the /metrics
// scrape lines are spliced in without serialising the rest again. No test sleeps.
#include "api/body_cache.h"

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/fault_views.h"
#include "api/json_views.h"
#include "api/live_views.h"
#include "api/metrics_text.h"
#include "core/cluster.h"

namespace hb::api {
namespace {

using json = nlohmann::ordered_json;

constexpr std::uint64_t kSeed = 11;
constexpr double kStartUnix = 1764200000.0;

std::shared_ptr<const lab::Snapshot> snapshot_at(double seconds, std::uint64_t version) {
  core::Cluster cluster(core::default_lab_spec(), kSeed, core::TimePoint{});
  cluster.advance_to(core::TimePoint{core::from_seconds(seconds)});
  return std::make_shared<const lab::Snapshot>(
      lab::Snapshot{cluster.report(), kStartUnix, "test-instance", version,
                    std::make_shared<const std::deque<core::LabEvent>>(cluster.events().events()),
                    std::make_shared<const core::History>(cluster.history())});
}

class BodyCacheTest : public ::testing::Test {
 protected:
  std::shared_ptr<const lab::Snapshot> snapshot_ = snapshot_at(12.5, 7);
  SnapshotBodies bodies_{snapshot_};
};

TEST_F(BodyCacheTest, BodiesAreWhatTheHandlersSerialisedBefore) {
  const lab::Snapshot& s = *snapshot_;
  json pods = json::array();
  for (const auto& pod : s.report.pods) pods.push_back(pod_json(pod, s));
  json services = json::array();
  for (const auto& service : s.report.services) services.push_back(service_json(service, s));

  EXPECT_EQ(bodies_.body(BodyKind::kPods, false).text,
            json({{"pods", pods}, {"timestamp", s.timestamp()}}).dump());
  EXPECT_EQ(bodies_.body(BodyKind::kHealth, false).text,
            json({{"status", "healthy"}, {"timestamp", s.timestamp()}}).dump());
  EXPECT_EQ(bodies_.body(BodyKind::kServices, false).text,
            json({{"services", services}, {"timestamp", s.timestamp()}}).dump());
  EXPECT_EQ(bodies_.body(BodyKind::kLab, false).text, lab_json(s).dump());
  EXPECT_EQ(bodies_.body(BodyKind::kSlo, false).text, slo_json(s).dump());
  EXPECT_EQ(bodies_.body(BodyKind::kAlerts, false).text, alerts_json(s).dump());
  EXPECT_EQ(bodies_.body(BodyKind::kFaults, false).text, faults_json(s).dump());
  EXPECT_EQ(bodies_.body(BodyKind::kLegacyMetrics, false).text, render_legacy_metrics(s));
  for (const auto& pod : s.report.pods) {
    const auto body = bodies_.pod(pod.id);
    ASSERT_TRUE(body) << pod.id;
    EXPECT_EQ(*body, pod_json(pod, s).dump());
  }
  EXPECT_FALSE(bodies_.pod("no-such-pod"));
}

TEST_F(BodyCacheTest, EachBodyIsBuiltOnceAndShared) {
  const auto first = bodies_.body(BodyKind::kLab, true);
  const auto second = bodies_.body(BodyKind::kLab, true);
  EXPECT_TRUE(first.text.is_shared());
  EXPECT_EQ(first.text.data(), second.text.data());
  ASSERT_TRUE(first.gzip && second.gzip);
  EXPECT_EQ(first.gzip->data(), second.gzip->data());
  EXPECT_EQ(http::gunzip(*first.gzip), first.text.str());
  // A pod's body is a slice of the /pods body.
  const std::string_view pods = bodies_.body(BodyKind::kPods, false).text.view();
  const auto pod = bodies_.pod("planner-sim-pod-2");
  ASSERT_TRUE(pod);
  EXPECT_GE(pod->data(), pods.data());
  EXPECT_LE(pod->data() + pod->size(), pods.data() + pods.size());
}

TEST_F(BodyCacheTest, SmallBodiesHaveNoGzip) {
  EXPECT_FALSE(bodies_.body(BodyKind::kHealth, true).gzip);
}

TEST_F(BodyCacheTest, StreamEventsCarryTheSelectedPods) {
  const lab::Snapshot& s = *snapshot_;
  const auto parse_event = [](const http::Body& event) {
    const std::string text = event.str();
    EXPECT_EQ(text.rfind("id: 7\nevent: snapshot\ndata: ", 0), 0u) << text.substr(0, 80);
    EXPECT_TRUE(text.ends_with("\n\n"));
    const std::size_t start = text.find("data: ") + 6;
    return text.substr(start, text.size() - 2 - start);
  };
  EXPECT_EQ(parse_event(bodies_.stream_event(PodSelection{})), lab_json(s).dump());

  json none = lab_json(s);
  none["pods"] = json::array();
  EXPECT_EQ(parse_event(bodies_.stream_event({PodSelection::Kind::kNone, {}})), none.dump());

  json one = lab_json(s);
  json kept = json::array();
  for (const auto& pod : one["pods"]) {
    if (pod["service"] == "ui-proxy") kept.push_back(pod);
  }
  ASSERT_EQ(kept.size(), 3u);
  one["pods"] = kept;
  const PodSelection ui{PodSelection::Kind::kService, "ui-proxy"};
  EXPECT_EQ(parse_event(bodies_.stream_event(ui)), one.dump());
  // One buffer per selection, shared by every client.
  EXPECT_EQ(bodies_.stream_event(ui).data(), bodies_.stream_event(ui).data());
}

TEST_F(BodyCacheTest, MetricsAreRenderMetricsWithEachScrapesFigures) {
  for (const ScrapeStats stats : {ScrapeStats{1, 0.0}, ScrapeStats{42, 0.00125}}) {
    const std::string expected = render_metrics(*snapshot_, stats);
    const SharedBody body = bodies_.metrics(stats, true);
    EXPECT_EQ(body.text, expected);
    ASSERT_TRUE(body.gzip);
    EXPECT_EQ(http::gunzip(*body.gzip), expected);
  }
}

TEST(BodyCacheSetTest, OneSetPerSnapshotVersion) {
  BodyCache cache;
  const auto first = snapshot_at(3.0, 1);
  const auto set = cache.bodies(first);
  EXPECT_EQ(cache.bodies(first), set);
  const auto second = snapshot_at(3.1, 2);
  const auto next = cache.bodies(second);
  EXPECT_NE(next, set);
  EXPECT_EQ(next->version(), 2u);
  // A reader still holding the older snapshot is given the newer set.
  EXPECT_EQ(cache.bodies(first), next);
}

}  // namespace
}  // namespace hb::api

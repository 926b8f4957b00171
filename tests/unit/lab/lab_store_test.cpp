// A lab kept in its data directory: saves written as the store's rows read back as the same
// checkpoint, a store of another lab is refused, and the store stays as bounded as the lab.
#include "lab/lab_store.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "../store/temp_dir.h"
#include "core/cluster.h"
#include "lab/checkpoint_rows.h"

namespace hb::lab {
namespace {

using core::TimePoint;
using store::TempDir;

constexpr std::uint64_t kSeed = 3;

TimePoint at_s(double s) {
  return TimePoint{core::from_seconds(s)};
}

// The checkpoint's parts that a resumed lab reads, compared one by one for clear failures.
void expect_same(const core::LabCheckpoint& got, const core::LabCheckpoint& want) {
  EXPECT_EQ(got.at, want.at);
  EXPECT_EQ(got.data_since, want.data_since);
  EXPECT_EQ(got.downtimes, want.downtimes);
  EXPECT_EQ(got.services, want.services);
  EXPECT_EQ(got.pods, want.pods);
  ASSERT_EQ(got.partitions.size(), want.partitions.size());
  for (std::size_t i = 0; i < got.partitions.size(); ++i) {
    EXPECT_EQ(got.partitions[i].from, want.partitions[i].from);
    EXPECT_EQ(got.partitions[i].until, want.partitions[i].until);
  }
  EXPECT_EQ(got.alerts, want.alerts);
  EXPECT_EQ(got.event_count, want.event_count);
  ASSERT_EQ(got.events.size(), want.events.size());
  for (std::size_t i = 0; i < got.events.size(); ++i) {
    EXPECT_EQ(got.events[i].id, want.events[i].id);
    EXPECT_EQ(got.events[i].at, want.events[i].at);
    EXPECT_EQ(got.events[i].kind, want.events[i].kind);
    EXPECT_EQ(got.events[i].level, want.events[i].level);
    EXPECT_EQ(got.events[i].message, want.events[i].message);
    EXPECT_EQ(got.events[i].reason, want.events[i].reason);
  }
  EXPECT_EQ(got.history_count, want.history_count);
  ASSERT_EQ(got.history.size(), want.history.size());
  for (std::size_t i = 0; i < got.history.size(); ++i) {
    EXPECT_EQ(got.history[i].at, want.history[i].at);
    ASSERT_EQ(got.history[i].services.size(), want.history[i].services.size());
    EXPECT_EQ(got.history[i].services[0].p95_s, want.history[i].services[0].p95_s);
    EXPECT_EQ(got.history[i].services[0].error_ratio, want.history[i].services[0].error_ratio);
    EXPECT_EQ(got.history[i].services[0].pods_ready, want.history[i].services[0].pods_ready);
  }
  // The store keeps the SLOs by name; a resumed lab finds each by its name.
  const auto by_name = [](std::vector<core::SloCheckpoint> slos) {
    std::sort(slos.begin(), slos.end(), [](const auto& a, const auto& b) { return a.slo < b.slo; });
    return slos;
  };
  EXPECT_EQ(by_name(got.slos), by_name(want.slos));
}

core::Cluster busy_lab() {
  core::Cluster lab(core::default_lab_spec(), kSeed, TimePoint{});
  EXPECT_TRUE(lab.apply_fault("sensor-sim-pod-1", {.kill = true}, at_s(2)));
  EXPECT_TRUE(lab.apply_fault("sensor-sim-pod-2", {.delay_ms = 250, .duration_s = 500}, at_s(3)));
  EXPECT_TRUE(lab.restart("planner-sim-pod-2", at_s(4)));
  EXPECT_TRUE(lab.rollout("ui-proxy", {.version = "v2", .error_rate = 0.01}, at_s(5)));
  EXPECT_TRUE(lab.partition("ui-proxy", "planner-sim", std::nullopt, at_s(6)));
  return lab;
}

TEST(LabStore, SavesReadBackAsTheCheckpointTheyWereTakenOf) {
  TempDir temp;
  core::Cluster lab = busy_lab();
  {
    auto opened = LabStore::open(temp.path() + "/lab", false, lab.spec());
    ASSERT_TRUE(opened) << opened.error().detail;
    EXPECT_FALSE(opened.value().resume);
    LabStore& store = *opened.value().store;
    for (int second = 1; second <= 90; ++second) {  // a save a second, each only what is new
      lab.advance_to(at_s(second));
      ASSERT_TRUE(store.save(lab, 1000.0, kSeed, 1000.0 + second));
    }
  }
  auto reopened = LabStore::open(temp.path() + "/lab", false, lab.spec());
  ASSERT_TRUE(reopened) << reopened.error().detail;
  ASSERT_TRUE(reopened.value().resume);
  const Resumption& resume = *reopened.value().resume;
  EXPECT_EQ(resume.start_unix, 1000.0);
  EXPECT_EQ(resume.saved_unix, 1090.0);
  expect_same(resume.saved, lab.checkpoint());
}

TEST(LabStore, AStoreOfOtherServicesIsRefusedUnlessFresh) {
  TempDir temp;
  const core::Cluster lab = busy_lab();
  {
    auto opened = LabStore::open(temp.path(), false, lab.spec());
    ASSERT_TRUE(opened);
    ASSERT_TRUE(opened.value().store->save(lab, 1000.0, kSeed, 1001.0));
  }
  core::LabSpec other = core::default_lab_spec();
  other.services[0].name = "thermometer";
  auto refused = LabStore::open(temp.path(), false, other);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "--data-dir");
  EXPECT_NE(refused.error().detail.find("holds a lab of other services or SLOs"),
            std::string::npos);
  EXPECT_NE(refused.error().detail.find("--fresh"), std::string::npos);
  other = core::default_lab_spec();
  other.slo.availability_target = 0.999;
  EXPECT_FALSE(LabStore::open(temp.path(), false, other));
  // The same services with other traffic carry over.
  other = core::default_lab_spec();
  other.services[0].rate_rps = 5;
  EXPECT_TRUE(LabStore::open(temp.path(), false, other));
  auto fresh = LabStore::open(temp.path(), true, lab.spec());
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh.value().resume);
}

TEST(LabStore, EachWriteTrimsWhatTheLabNoLongerKeeps) {
  core::LabCheckpoint checkpoint;
  checkpoint.at = at_s(7200.5);
  checkpoint.event_count = 5000;
  const store::Batch batch = to_batch(checkpoint, 0, std::chrono::hours(24 * 30));
  EXPECT_EQ(batch.events_keep_from_seq, 3001);  // the log keeps 2,000 events
  EXPECT_EQ(batch.history_keep_from_ms, 3600500);
  ASSERT_EQ(batch.bucket_trims.size(), 3u);
  EXPECT_EQ(batch.bucket_trims[0].keep_from_bucket, 7200 - 3600);  // 1 s buckets: 1 h and one
  EXPECT_EQ(batch.bucket_trims[1].keep_from_bucket, 120 - 4320);   // 1 min: 3 d and one
  EXPECT_EQ(batch.bucket_trims[2].keep_from_bucket, 24 - 8640);    // 5 min: 30 d and one
}

TEST(LabStore, ARowThatDoesNotReadIsNamed) {
  store::Saved saved;
  saved.state = store::StateRow{0, 0, R"({"at_us": "soon"})"};
  const auto read = from_saved(saved);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().detail.find("the state does not read"), std::string::npos)
      << read.error().detail;
}

TEST(LabStore, AnEventOfAnUnknownKindIsNamedWithWhatToDo) {
  TempDir temp;
  const core::Cluster lab = busy_lab();
  store::Batch batch = to_batch(lab.checkpoint(), 1000, std::chrono::hours(24 * 30));
  batch.events.push_back({999999, R"({"at_us": 0, "kind": "earthquake", "level": "info",
      "target": "", "service": "", "message": "", "reason": ""})"});
  store::Saved saved;
  saved.state = batch.state;
  for (const store::EventRow& event : batch.events) saved.events.push_back(event);
  const auto read = from_saved(saved);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().detail.find("event 999999 does not read (unknown event kind "
                                     "'earthquake'); start with --fresh"),
            std::string::npos)
      << read.error().detail;
}

TEST(LabStore, ADamagedReplicaCountIsRefused) {
  core::Cluster lab = busy_lab();
  core::LabCheckpoint checkpoint = lab.checkpoint();
  checkpoint.services[0].desired = 1'000'000'000;
  store::Saved saved;
  saved.state = to_batch(checkpoint, 0, std::chrono::hours(24)).state;
  const auto read = from_saved(saved);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().detail.find("sensor-sim has 1000000000 replicas"), std::string::npos)
      << read.error().detail;
}

}  // namespace
}  // namespace hb::lab

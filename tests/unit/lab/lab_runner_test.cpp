// The runner publishes a snapshot at each lifecycle change, at the instant the cluster gives,
// not at the next tick: on the manual clock (virtual experiments) and on the steady clock
// (`serve`) alike.
#include "lab/lab_runner.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace hb::lab {
namespace {

using std::chrono::milliseconds;

const std::string kPod = "ui-proxy-pod-1";

const core::PodReport& pod_of(const Snapshot& snapshot) {
  for (const core::PodReport& pod : snapshot.report.pods) {
    if (pod.id == kPod) return pod;
  }
  throw std::logic_error("no " + kPod);
}

core::Result<const core::Pod*> restart(core::Cluster& cluster, core::TimePoint now) {
  return cluster.restart(kPod, now);
}

// A manual-clock runner and the snapshots it publishes.
class ManualRunnerTest : public ::testing::Test {
 protected:
  ManualRunnerTest()
      : runner(ioc, core::default_lab_spec(), 42, milliseconds(100), LabClock::kManual) {
    runner.on_publish([this](std::shared_ptr<const Snapshot> snapshot) {
      published.push_back(std::move(snapshot));
    });
  }
  void advance(milliseconds by) {
    runner.advance(by, [](std::shared_ptr<const Snapshot>) {});
    ioc.run();
    ioc.restart();
  }
  void execute_restart() {
    runner.execute([](core::Cluster& cluster, core::TimePoint now) { restart(cluster, now); },
                   [](std::shared_ptr<const Snapshot>) {});
    ioc.run();
    ioc.restart();
  }
  std::vector<milliseconds> published_at() const {
    std::vector<milliseconds> at;
    for (const auto& snapshot : published) {
      at.push_back(
          std::chrono::duration_cast<milliseconds>(snapshot->report.at.time_since_epoch()));
    }
    return at;
  }

  boost::asio::io_context ioc;
  LabRunner runner;
  std::vector<std::shared_ptr<const Snapshot>> published;
};

TEST_F(ManualRunnerTest, PublishesWhenAStartUpEndsBetweenTicks) {
  advance(milliseconds(50));
  execute_restart();  // at 50 ms: ready again at 1050 ms, between the ticks at 1000 and 1100
  advance(milliseconds(2000));
  EXPECT_EQ(published_at(), (std::vector<milliseconds>{milliseconds(50), milliseconds(50),
                                                       milliseconds(1050), milliseconds(2050)}));
  ASSERT_EQ(published.size(), 4U);
  EXPECT_EQ(pod_of(*published[1]).phase, core::PodPhase::kStarting);
  EXPECT_EQ(pod_of(*published[2]).phase, core::PodPhase::kRunning);
  EXPECT_TRUE(pod_of(*published[2]).ready);
  EXPECT_EQ(pod_of(*published[2]).status, core::PodStatus::kHealthy);
  EXPECT_EQ(runner.snapshot(), published.back());
}

TEST_F(ManualRunnerTest, ALifecycleChangeAtTheEndIsPublishedOnce) {
  execute_restart();
  advance(milliseconds(1000));  // the start-up ends exactly when the advance does
  EXPECT_EQ(published_at(), (std::vector<milliseconds>{milliseconds(0), milliseconds(1000)}));
  EXPECT_EQ(pod_of(*runner.snapshot()).phase, core::PodPhase::kRunning);
}

TEST_F(ManualRunnerTest, PlainTicksAreNotPublished) {
  advance(milliseconds(5000));
  EXPECT_EQ(published_at(), std::vector<milliseconds>{milliseconds(5000)});
}

// On the steady clock with a tick of an hour, only a publication at the lifecycle change can
// show the restarted pod Running: the test waits for it (and fails at its deadline otherwise).
TEST(SteadyRunner, PublishesWhenAStartUpEndsLongBeforeTheNextTick) {
  core::LabSpec spec = core::default_lab_spec();
  spec.pods.startup_ms = 200;
  boost::asio::io_context ioc;
  LabRunner runner(ioc, spec, 42, std::chrono::hours(1), LabClock::kSteady);
  std::mutex mutex;
  std::condition_variable changed;
  std::shared_ptr<const Snapshot> running;
  runner.on_publish([&](std::shared_ptr<const Snapshot> snapshot) {
    if (pod_of(*snapshot).restarts == 1 && pod_of(*snapshot).phase == core::PodPhase::kRunning) {
      const std::lock_guard lock(mutex);
      if (!running) running = snapshot;
      changed.notify_all();
    }
  });
  std::shared_ptr<const Snapshot> restarted;
  runner.start();
  runner.execute([](core::Cluster& cluster, core::TimePoint now) { restart(cluster, now); },
                 [&](std::shared_ptr<const Snapshot> snapshot) { restarted = snapshot; });
  std::thread thread([&] { ioc.run(); });

  std::unique_lock lock(mutex);
  const bool seen =
      changed.wait_for(lock, std::chrono::seconds(30), [&] { return running != nullptr; });
  lock.unlock();
  runner.stop();
  thread.join();
  ASSERT_TRUE(seen) << "the restarted pod was never published Running";
  ASSERT_TRUE(restarted);
  EXPECT_GE(running->report.at, restarted->report.at + milliseconds(200));
  EXPECT_TRUE(pod_of(*running).ready);
}

}  // namespace
}  // namespace hb::lab

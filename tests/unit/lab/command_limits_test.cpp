// The lab's bounds on commands, on io_contexts the test runs by hand: a full queue refuses at
// once, a command past its deadline is answered and never applied, one that throws is answered
// and the lab goes on; and the lag as seen at a chosen instant.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <optional>

#include "lab/lab_runner.h"

namespace hb::lab {
namespace {

using std::chrono::milliseconds;

class CommandLimitsTest : public ::testing::Test {
 protected:
  // A steady-clock runner whose strand runs only when lab_ioc is run (never started: no tick).
  boost::asio::io_context lab_ioc;
  boost::asio::io_context timers;
  LabRunner runner{lab_ioc, core::default_lab_spec(), 42};

  struct Outcome {
    bool applied = false;
    bool done = false;
    std::optional<CommandRefusal> refused;
  };
  std::shared_ptr<Outcome> execute(std::function<void()> effect = [] {}) {
    auto outcome = std::make_shared<Outcome>();
    runner.execute(
        [outcome, effect](core::Cluster&, core::TimePoint) { effect(), outcome->applied = true; },
        [outcome](std::shared_ptr<const Snapshot>) { outcome->done = true; },
        [outcome](CommandRefusal why) { outcome->refused = why; });
    return outcome;
  }
};

TEST_F(CommandLimitsTest, AFullQueueRefusesAtOnce) {
  runner.limit_commands({2, milliseconds(0)}, timers.get_executor());
  auto first = execute();
  auto second = execute();
  auto third = execute();
  EXPECT_EQ(runner.queued_commands(), 2u);
  ASSERT_TRUE(third->refused.has_value());
  EXPECT_EQ(*third->refused, CommandRefusal::kQueueFull);
  lab_ioc.run();
  EXPECT_TRUE(first->applied && first->done);
  EXPECT_TRUE(second->applied && second->done);
  EXPECT_FALSE(third->applied || third->done);
  EXPECT_EQ(runner.queued_commands(), 0u);
}

TEST_F(CommandLimitsTest, ACommandPastItsDeadlineIsAnsweredAndNeverApplied) {
  runner.limit_commands({10, milliseconds(20)}, timers.get_executor());
  auto late = execute();
  timers.run();  // the deadline passes while the lab's strand does not run
  ASSERT_TRUE(late->refused.has_value());
  EXPECT_EQ(*late->refused, CommandRefusal::kTooLate);
  lab_ioc.run();
  EXPECT_FALSE(late->applied);
  EXPECT_FALSE(late->done);
}

TEST_F(CommandLimitsTest, ACommandInTimeIsAppliedAndItsDeadlineDoesNothing) {
  runner.limit_commands({10, milliseconds(20)}, timers.get_executor());
  auto prompt = execute();
  lab_ioc.run();
  timers.run();
  EXPECT_TRUE(prompt->applied && prompt->done);
  EXPECT_FALSE(prompt->refused.has_value());
}

TEST_F(CommandLimitsTest, ACommandThatThrowsIsRefusedAndTheLabGoesOn) {
  auto failing = execute([] { throw std::runtime_error("boom"); });
  auto next = execute();
  lab_ioc.run();
  ASSERT_TRUE(failing->refused.has_value());
  EXPECT_EQ(*failing->refused, CommandRefusal::kFailed);
  EXPECT_FALSE(failing->done);
  EXPECT_TRUE(next->applied && next->done);
}

TEST_F(CommandLimitsTest, WithoutARefusedCallbackTheLimitsDoNotApply) {
  runner.limit_commands({1, milliseconds(0)}, timers.get_executor());
  int applied = 0;
  for (int i = 0; i < 3; ++i) {
    runner.execute([&applied](core::Cluster&, core::TimePoint) { ++applied; },
                   [](std::shared_ptr<const Snapshot>) {});
  }
  lab_ioc.run();
  EXPECT_EQ(applied, 3);
}

TEST(LabLagTest, TheLagGrowsWhileTheLabDoesNotTick) {
  boost::asio::io_context ioc;
  const auto created = std::chrono::steady_clock::now();
  LabRunner runner(ioc, core::default_lab_spec(), 42);  // never started: it never catches up
  const auto later = std::chrono::steady_clock::now() + std::chrono::seconds(7);
  EXPECT_GE(runner.lag(later), std::chrono::seconds(7));
  EXPECT_LE(runner.lag(later), std::chrono::duration_cast<core::Duration>(later - created));
  EXPECT_EQ(runner.lag(created - std::chrono::seconds(1)), core::Duration::zero());
}

TEST(LabLagTest, AManualClockNeverLags) {
  boost::asio::io_context ioc;
  LabRunner runner(ioc, core::default_lab_spec(), 42, milliseconds(100), LabClock::kManual);
  EXPECT_EQ(runner.lag(std::chrono::steady_clock::now() + std::chrono::hours(1)),
            core::Duration::zero());
}

}  // namespace
}  // namespace hb::lab

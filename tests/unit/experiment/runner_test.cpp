#include "experiment/runner.h"

#include <gtest/gtest.h>

#include <sstream>

#include "experiment/experiment_file.h"
#include "fake_target.h"

namespace hb::experiment {
namespace {

// Hypothesis: the lab is Healthy. Method: a fault, a pause, a recording probe, a restart.
// Rollbacks: clear and reset.
const std::string kExperiment = R"(title: kill and restart
steady-state-hypothesis:
  title: healthy
  probes:
    - probe: lab healthy
      lab: status
      tolerance: Healthy
method:
  - fault: p1
    kill: true
  - pause: 5m
  - probe: lab status now
    lab: status
    tolerance: Degraded
  - restart: p1
rollbacks:
  - clear: p1
  - reset
)";

Experiment experiment(const std::string& text = kExperiment) {
  auto parsed = parse_experiment(text, "k.yaml");
  if (!parsed) throw std::runtime_error(parsed.error().detail);
  return parsed.value();
}

bool called(const FakeTarget& target, const std::string& prefix) {
  for (const auto& call : target.calls) {
    if (call.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    target.accept("POST /fault/p1");
    target.accept("POST /restart/p1");
    target.accept("DELETE /fault/p1");
    target.accept("POST /reset");
  }
  RunResult run(const std::string& text = kExperiment) {
    return run_experiment(experiment(text), target, out);
  }
  FakeTarget target;
  std::ostringstream out;
};

TEST_F(RunnerTest, CompletesWhenTheHypothesisHoldsBeforeAndAfter) {
  target.lab_status_sequence({"Healthy", "Degraded", "Healthy"});
  const RunResult result = run();
  EXPECT_EQ(result.outcome, Outcome::kCompleted) << out.str();
  EXPECT_EQ(result.reason, "");
  EXPECT_EQ(exit_code(result.outcome), 0);
  const std::vector<std::string> expected = {
      "GET /health",      "GET /lab",         "POST /fault/p1 {\"kill\":true}",
      "GET /lab",         "POST /restart/p1", "GET /lab",
      "DELETE /fault/p1", "POST /reset",      "GET /health"};
  EXPECT_EQ(target.calls, expected);
  ASSERT_EQ(target.pauses.size(), 1u);
  EXPECT_EQ(target.pauses[0], std::chrono::minutes(5));

  const json& j = result.journal;
  EXPECT_EQ(j["status"], "completed");
  EXPECT_EQ(j["reason"], nullptr);
  EXPECT_EQ(j["experiment"]["title"], "kill and restart");
  EXPECT_EQ(j["experiment"]["file"], "k.yaml");
  EXPECT_EQ(j["mode"]["kind"], "fake");
  EXPECT_EQ(j["started"]["lab"], 1000.0);
  EXPECT_EQ(j["ended"]["lab"], 1300.0);
  EXPECT_EQ(j["duration"]["lab_s"], 300.0);
  EXPECT_EQ(j["steady_state_before"]["held"], true);
  EXPECT_EQ(j["steady_state_after"]["held"], true);
  ASSERT_EQ(j["method"].size(), 4u);
  EXPECT_EQ(j["method"][0]["type"], "action");
  EXPECT_EQ(j["method"][0]["request"]["path"], "/fault/p1");
  EXPECT_EQ(j["method"][0]["request"]["body"]["kill"], true);
  EXPECT_EQ(j["method"][0]["status"], 200);
  EXPECT_EQ(j["method"][0]["response"]["message"], "done");
  EXPECT_EQ(j["method"][1]["type"], "pause");
  EXPECT_EQ(j["method"][1]["seconds"], 300.0);
  EXPECT_EQ(j["method"][2]["type"], "probe");
  EXPECT_EQ(j["method"][2]["value"], "Degraded");
  EXPECT_EQ(j["method"][2]["held"], true);
  EXPECT_EQ(j["method"][2]["lab_time"], 1300.0);
  ASSERT_EQ(j["rollbacks"].size(), 2u);
  EXPECT_EQ(j["rollbacks"][1]["action"], "reset");
  EXPECT_NE(out.str().find("Status: completed"), std::string::npos) << out.str();
}

TEST_F(RunnerTest, SkipsTheMethodWhenTheHypothesisFailsBeforeAndStillRollsBack) {
  target.lab_status("Degraded");
  const RunResult result = run();
  EXPECT_EQ(result.outcome, Outcome::kDeviated);
  EXPECT_EQ(exit_code(result.outcome), 1);
  EXPECT_EQ(result.reason,
            "the steady state did not hold before the method: probe 'lab healthy' (the lab's "
            "status) was Degraded, expected Healthy");
  EXPECT_FALSE(called(target, "POST /fault/p1"));
  EXPECT_FALSE(called(target, "POST /restart/p1"));
  EXPECT_TRUE(target.pauses.empty());
  EXPECT_TRUE(called(target, "DELETE /fault/p1"));
  EXPECT_TRUE(called(target, "POST /reset"));
  EXPECT_EQ(result.journal["steady_state_before"]["held"], false);
  EXPECT_EQ(result.journal["steady_state_before"]["probes"][0]["held"], false);
  EXPECT_EQ(result.journal["method"].size(), 0u);
  EXPECT_EQ(result.journal["steady_state_after"], nullptr);
  EXPECT_EQ(result.journal["rollbacks"].size(), 2u);
  EXPECT_EQ(result.journal["status"], "deviated");
}

TEST_F(RunnerTest, DeviatesWhenTheHypothesisFailsAfter) {
  target.lab_status_sequence({"Healthy", "Degraded", "Down"});
  const RunResult result = run();
  EXPECT_EQ(result.outcome, Outcome::kDeviated);
  EXPECT_EQ(result.reason,
            "the steady state did not hold after the method: probe 'lab healthy' (the lab's "
            "status) was Down, expected Healthy");
  EXPECT_EQ(result.journal["steady_state_after"]["held"], false);
  EXPECT_EQ(result.journal["rollbacks"].size(), 2u);
}

TEST_F(RunnerTest, AMethodProbeOutsideItsToleranceDoesNotDecide) {
  target.lab_status("Healthy");  // the method's probe expects Degraded
  const RunResult result = run();
  EXPECT_EQ(result.outcome, Outcome::kCompleted);
  EXPECT_EQ(result.journal["method"][2]["held"], false);
}

TEST_F(RunnerTest, AbortsWhenAnActionIsRefusedAndStillRollsBack) {
  target.lab_status("Healthy");
  target.answers["POST /fault/p1"] = [] { return Answer{404, {{"detail", "Pod not found"}}, ""}; };
  const RunResult result = run();
  EXPECT_EQ(result.outcome, Outcome::kAborted);
  EXPECT_EQ(exit_code(result.outcome), 1);
  EXPECT_EQ(result.reason, "method[0] (fault p1) was refused: 404 POST /fault/p1 Pod not found");
  // The rest of the method and the hypothesis after are skipped; the rollbacks run.
  EXPECT_TRUE(target.pauses.empty());
  EXPECT_FALSE(called(target, "POST /restart/p1"));
  EXPECT_EQ(result.journal["method"].size(), 1u);
  EXPECT_EQ(result.journal["method"][0]["status"], 404);
  EXPECT_EQ(result.journal["method"][0]["ok"], false);
  EXPECT_EQ(result.journal["method"][0]["response"]["detail"], "Pod not found");
  EXPECT_EQ(result.journal["steady_state_after"], nullptr);
  EXPECT_TRUE(called(target, "POST /reset"));
  EXPECT_EQ(result.journal["status"], "aborted");
}

TEST_F(RunnerTest, AbortsWhenARollbackIsRefused) {
  target.lab_status_sequence({"Healthy", "Degraded", "Healthy"});
  target.accept("POST /reset", 500);
  const RunResult result = run();
  EXPECT_EQ(result.outcome, Outcome::kAborted);
  EXPECT_EQ(result.reason,
            R"(rollbacks[1] (reset lab) was refused: 500 POST /reset {"message":"done"})");
  EXPECT_EQ(result.journal["rollbacks"].size(), 2u);
}

TEST_F(RunnerTest, AbortsWhenTheServerCannotBeReached) {
  target.reachable = false;
  const RunResult result = run();
  EXPECT_EQ(result.outcome, Outcome::kAborted);
  EXPECT_EQ(result.reason, "the server could not be reached: connection refused");
  EXPECT_EQ(result.journal["started"]["lab"], nullptr);
  EXPECT_EQ(result.journal["duration"]["lab_s"], nullptr);
  EXPECT_EQ(result.journal["steady_state_before"], nullptr);
  // Rollbacks are tried all the same: they are the lab's way back.
  EXPECT_TRUE(called(target, "DELETE /fault/p1"));
  EXPECT_TRUE(called(target, "POST /reset"));
}

TEST_F(RunnerTest, AbortsWhenTheServerGoesAwayDuringTheHypothesis) {
  target.lab_status("Healthy");
  target.answers["GET /lab"] = [] { return Answer{0, nullptr, "connection reset"}; };
  const RunResult result = run();
  EXPECT_EQ(result.outcome, Outcome::kAborted);
  EXPECT_EQ(result.reason, "the server could not be reached: GET /lab: connection reset");
  EXPECT_FALSE(called(target, "POST /fault/p1"));
}

TEST_F(RunnerTest, AbortsWhenAPauseCannotEndAndStillRollsBack) {
  target.lab_status("Healthy");
  target.pause_error = "cannot read the server's lab time: connection refused";
  const RunResult result = run();
  EXPECT_EQ(result.outcome, Outcome::kAborted);
  EXPECT_EQ(result.reason,
            "method[1] (pause 5m) did not end: cannot read the server's lab time: connection "
            "refused");
  // The probe after the pause would not have seen the lab 5 minutes later: it is not read.
  EXPECT_EQ(result.journal["method"].size(), 2u);
  EXPECT_FALSE(called(target, "POST /restart/p1"));
  EXPECT_EQ(result.journal["steady_state_after"], nullptr);
  EXPECT_TRUE(called(target, "POST /reset"));
}

TEST(Outcome, MapsToExitCodesAndNames) {
  EXPECT_EQ(exit_code(Outcome::kCompleted), 0);
  EXPECT_EQ(exit_code(Outcome::kDeviated), 1);
  EXPECT_EQ(exit_code(Outcome::kAborted), 1);
  EXPECT_EQ(to_string(Outcome::kCompleted), "completed");
  EXPECT_EQ(to_string(Outcome::kDeviated), "deviated");
  EXPECT_EQ(to_string(Outcome::kAborted), "aborted");
}

}  // namespace
}  // namespace hb::experiment

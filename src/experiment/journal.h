// The journal: everything an experiment run did and saw, as JSON (`--journal FILE`). Its fields
// are listed in docs/chaos.md; this file is the one place that writes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "experiment/experiment.h"
#include "experiment/probe.h"
#include "experiment/target.h"

namespace hb::experiment {

enum class Outcome {
  kCompleted,  // the hypothesis held before and after the method
  kDeviated,   // it did not
  kAborted,    // an action was refused, or the server could not be reached
};

std::string_view to_string(Outcome outcome);
// The process exit code: 0 completed, 1 deviated or aborted (2, an invalid file, never runs).
int exit_code(Outcome outcome);

// Unix seconds of the wall clock, for the journal's wall times.
double wall_now();

class Journal {
 public:
  static constexpr int kFormat = 1;  // bumped when a field changes meaning

  Journal(const Experiment& experiment, json mode);

  // The lab's time (unix seconds, as the API's `timestamp`) when the run started and ended;
  // null when the server could not be asked.
  void started(std::optional<double> lab_time);
  void ended(Outcome outcome, const std::string& reason, std::optional<double> lab_time);

  // A hypothesis check: `when` is "before" or "after".
  void begin_hypothesis(std::string_view when, const Hypothesis& hypothesis);
  void hypothesis_probe(std::string_view when, const Probe& probe, const ProbeReading& reading,
                        std::optional<bool> held);
  void end_hypothesis(std::string_view when, bool held);

  // A step of the method (`part` "method") or of the rollbacks ("rollbacks").
  void action(std::string_view part, const Action& action, const Answer& answer, double wall_time);
  void pause(std::string_view part, const Pause& pause, double wall_time, double wall_seconds);
  void probe(std::string_view part, const Probe& probe, const ProbeReading& reading,
             std::optional<bool> held, double wall_time);

  const json& body() const { return body_; }

 private:
  json& steady_state(std::string_view when);
  json& part(std::string_view name);

  json body_;
  double started_wall_ = 0.0;
};

// One probe as the journal records it (also used by the runner's progress report).
json probe_entry(const Probe& probe, const ProbeReading& reading, std::optional<bool> held,
                 double wall_time);

}  // namespace hb::experiment

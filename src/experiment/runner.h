// Runs an experiment as Chaos Toolkit does: the steady-state hypothesis before; if it held, the
// method; then the hypothesis after; the rollbacks always, whatever happened before. Writes a
// short report to `out` as it goes and returns the journal.
#pragma once

#include <ostream>
#include <string>

#include "experiment/experiment.h"
#include "experiment/journal.h"
#include "experiment/target.h"

namespace hb::experiment {

struct RunResult {
  Outcome outcome = Outcome::kAborted;
  std::string reason;  // why it deviated or aborted; empty when completed
  json journal;
};

RunResult run_experiment(const Experiment& experiment, Target& target, std::ostream& out);

}  // namespace hb::experiment

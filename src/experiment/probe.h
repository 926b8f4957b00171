// Reading a probe: one GET of the API, and the figure picked out of its JSON exactly as the API
// served it, so the journal shows what a user would have seen.
#pragma once

#include <optional>
#include <string>

#include "experiment/experiment.h"
#include "experiment/target.h"

namespace hb::experiment {

struct ProbeReading {
  Request request;      // the GET it made
  unsigned status = 0;  // its HTTP status; 0 when the server could not be reached
  std::string figure;   // where the value is in the answer: "slos[name=lab].availability.sli"
  json value;           // null when there was no data, or no value could be read
  json selected;        // alert probes: the alerts the selection picked; null otherwise
  std::optional<double> lab_time;  // the answer's `timestamp`: lab time in unix seconds
  std::string error;               // why no value could be read (an unknown pod, an error answer)

  bool reached() const { return status != 0; }
};

// Which call a probe makes: GET /lab, /slo, /pods, /services or /alerts.
std::string probe_path(const Probe& probe);
// The figure's place in that call's answer, as ProbeReading::figure.
std::string figure_path(const Probe& probe);

ProbeReading read_probe(const Probe& probe, Target& target);
// The same, from an answer already made (for tests and for reading many probes of one answer).
ProbeReading read_probe(const Probe& probe, const Answer& answer);

// "the lab's status", "planner-sim burn_rate 5m (availability)": what the probe reads, for people.
std::string describe(const Probe& probe);

}  // namespace hb::experiment

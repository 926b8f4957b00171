// What an experiment runs against: something that answers the healthboard API and lets lab time
// pass. HttpTarget talks to a server over HTTP; VirtualTarget runs a lab in this process in
// virtual time; the unit tests use a fake. The runner sees no difference, so a journal has the
// same shape whichever it was.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "experiment/experiment.h"

namespace hb::experiment {

// One call as the journal records it.
struct Answer {
  unsigned status = 0;  // the HTTP status; 0 when no answer came
  json body;            // the answer's JSON; its text as a string when it was not JSON
  std::string error;    // why no answer came (connection refused, timed out); empty otherwise

  bool answered() const { return status != 0; }
  bool ok() const { return status >= 200 && status < 300; }
};

class Target {
 public:
  virtual ~Target() = default;

  // Sends `method` `path` with `body` (JSON; none: no body) and returns the answer. Never throws
  // for a failed call: the Answer says what happened.
  virtual Answer call(std::string_view method, const std::string& path,
                      const std::optional<json>& body) = 0;
  // Lets `duration` of lab time pass, counted from the lab time of the answer before it: a call
  // made after it reads a snapshot of the lab at least that late. Returns why it could not (the
  // server stopped answering); empty when it did.
  virtual std::string pause(core::Duration duration) = 0;
  // What it is, for the journal's "mode": {"kind": "server", "url": ...} or
  // {"kind": "virtual", "seed": ...}.
  virtual json describe() const = 0;
};

}  // namespace hb::experiment

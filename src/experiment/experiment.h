// A chaos experiment as read from its file (see docs/chaos.md): a steady-state hypothesis made of
// probes, a method of actions, pauses and probes, and rollbacks. Every value here has passed
// validation; actions are already the HTTP requests they send.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/time.h"

namespace hb::experiment {

using json = nlohmann::ordered_json;  // the journal keeps fields in the order they are written

// What a probe value must be for the probe to hold.
struct Tolerance {
  enum class Kind {
    kEquals,  // exactly `values[0]` (a string, number, bool or null)
    kOneOf,   // any of `values`
    kRange,   // a number from `min` to `max`, both included; either may be absent
  };
  Kind kind = Kind::kEquals;
  std::vector<json> values;
  std::optional<double> min;
  std::optional<double> max;
};

// Which part of the API a probe reads.
enum class ProbeSource {
  kLab,      // GET /lab: the lab's status
  kSlo,      // GET /slo: one SLO's figures
  kPod,      // GET /pods: one pod
  kService,  // GET /services: one service
  kAlert,    // GET /alerts: the alerts a selection picks
};

struct Probe {
  std::string name;
  int line = 0;         // where the probe starts in the file
  std::string field;    // where it is in the file: "method[2]", "steady-state-hypothesis.probes[0]"
  int window_line = 0;  // where its `window:` is; 0 without one
  ProbeSource source = ProbeSource::kLab;
  std::string target;    // the SLO ("lab" or a service), pod id, service, or alert rule ("any")
  std::string figure;    // a field of the object read, e.g. "status", "burn_rate"
  std::string window;    // for windowed SLO figures: "5m", "1h" ... as GET /slo names them
  std::string sli;       // SLO figures of one SLI: "availability" or "latency"; alert filter
  std::string slo;       // alert filter: the SLO the alert watches; empty: any
  std::string severity;  // alert filter: "page" or "ticket"; empty: any
  std::optional<Tolerance> tolerance;  // none: the value is recorded, not judged
};

// One HTTP call an action makes.
struct Request {
  std::string method;        // "POST", "DELETE"
  std::string path;          // "/fault/sensor-sim-pod-1"
  std::optional<json> body;  // none: no body
};

struct Action {
  // "fault", "service-fault", "partition", "clear", "restart", "scale", "rollout", "undo", "reset"
  std::string kind;
  std::string target;  // the pod, the service, "from -> to", or "lab"
  std::string name;    // optional label from the file
  int line = 0;
  Request request;
};

// Lets lab time pass: the runner sleeps against a server, the virtual lab advances.
struct Pause {
  std::string text;  // as written: "30s", "5m"
  core::Duration duration{};
  int line = 0;
};

using Step = std::variant<Action, Pause, Probe>;

struct Hypothesis {
  std::string title;
  std::vector<Probe> probes;  // each with a tolerance
};

struct Experiment {
  std::string title;
  std::string description;
  std::string file;  // the path it was read from
  // The lab configuration it was written for, relative to the file; --virtual runs that lab
  // unless --config names another. Empty: the default lab.
  std::string lab;
  Hypothesis hypothesis;
  std::vector<Step> method;
  std::vector<Step> rollbacks;  // actions and pauses only
};

}  // namespace hb::experiment

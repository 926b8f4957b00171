// `healthboard describe pod` and `healthboard rollout status`: pure functions from the server's
// JSON answers and the time now (unix seconds) to the text kubectl would print.
#pragma once

#include <string>

#include "cli/kubectl_json.h"

namespace hb::cli {

// GET /pods/{id} and GET /events -> the pod's fields, figures and faults, then its events
// (those whose target is the pod), oldest first.
std::string describe_pod(const json& pod, const json& events, double now);

struct RolloutStatus {
  std::string text;     // the line kubectl prints, without its line end
  bool done = false;    // complete: stop watching
  bool failed = false;  // its progress deadline passed: an error, exit 1
};
// GET /rollout/{service} and the service of GET /services -> kubectl's rollout status line:
// complete, failed (progress deadline exceeded), or waiting with the step it waits for.
RolloutStatus rollout_status(const json& rollout_answer, const json& service);

}  // namespace hb::cli

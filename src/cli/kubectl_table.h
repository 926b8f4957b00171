// The tables of `healthboard get pods|services|events`, as kubectl prints them: pure functions
// from the server's JSON answer and the time now (unix seconds) to text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/kubectl_json.h"

namespace hb::cli {

// kubectl's human duration (k8s.io/apimachinery duration.HumanDuration): 45s, 119s, 5m2s, 42m,
// 3h4m, 20h, 2d3h, 30d, 2y10d; "0s" a second or less in the future, "<invalid>" further.
std::string human_duration(double seconds);

// Columns padded as kubectl's tab writer does (at least 6 wide, 3 spaces apart), the last one
// unpadded; the first row is the header.
std::string render_table(const std::vector<std::vector<std::string>>& rows,
                         std::size_t min_width = 6, std::size_t padding = 3);

// A pod's STATUS: its kubectl_status, or its pod_phase when a server leaves that empty.
std::string pod_status(const json& pod, const std::string& path);
// GET /pods -> NAME READY STATUS RESTARTS AGE.
std::string format_pods(const json& answer, double now);
// GET /services -> NAME READY UP-TO-DATE AVAILABLE AGE, as `kubectl get deployments`;
// `age_seconds` is the lab's age (its Deployments were made when it started); none: "<unknown>".
std::string format_services(const json& answer, std::optional<double> age_seconds);
// GET /events (newest first) -> LAST SEEN TYPE REASON OBJECT MESSAGE, oldest first.
std::string format_events(const json& answer, double now);
// An event's object: pod/NAME, deployment/NAME, or "lab" for the lab as a whole.
std::string event_object(const json& event, const std::string& path);

}  // namespace hb::cli

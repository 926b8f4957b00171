// The rules of the fields people set on the lab: a fault, a scale, a release and a rollout, a
// probe, a pod's capacity, an autoscaler. One table, read by every door in: the API's JSON bodies
// (api/fault_request.cpp, api/deployment_routes.cpp), the YAML of the lab's configuration and of
// the experiments (lab/config_file.cpp, experiment/step_file.cpp), the core's own validate(), and
// the dashboard's forms through web/src/lib/fieldRules.json, which `healthboard field-rules`
// writes and a unit test holds to this table.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace hb::core {

enum class FieldType { kInteger, kNumber, kBoolean };
std::string_view to_string(FieldType type);  // "integer", "number", "boolean"
// A value read by its rule's type: an integer, a number or a boolean.
using FieldValue = std::variant<std::int64_t, double, bool>;

// A field's type and the range its value must lie in, inclusive unless `above_min`.
struct FieldRule {
  std::string_view name;
  FieldType type;
  double min = 0.0;
  double max = 0.0;
  bool above_min = false;      // `min` itself is refused: "over 0 and at most 86400"
  std::string_view unit = {};  // "milliseconds", "seconds", or none

  // What a value of the wrong type is refused with: "an integer number of milliseconds".
  std::string kind() const;
  // What a value must be: "an integer from 0 to 600000 (milliseconds)", "a number of seconds
  // over 0 and at most 86400", "true or false".
  std::string expected() const;
  bool holds(double value) const;
  bool holds(std::int64_t value) const;
};

// The field's value within its range, or the error "<field>: must be <expected>, got <value>",
// naming it `field` (a path such as "services[0].probes.liveness.period_s"; the rule's name when
// empty).
Status check(const FieldRule& rule, double value, std::string_view field = {});
Status check(const FieldRule& rule, std::int64_t value, std::string_view field = {});

namespace rules {

// POST /fault/{pod_id}, /fault/service/{service} and the experiments' fault steps.
inline constexpr FieldRule kDelayMs{"delay_ms", FieldType::kInteger, 0, 600000,
                                    false,      "milliseconds"};
inline constexpr FieldRule kJitterMs{"jitter_ms", FieldType::kInteger, 0, 600000,
                                     false,       "milliseconds"};
inline constexpr FieldRule kErrorRate{"error_rate", FieldType::kNumber, 0, 1};
inline constexpr FieldRule kKill{"kill", FieldType::kBoolean};
inline constexpr FieldRule kCrashLoop{"crash_loop", FieldType::kBoolean};
inline constexpr FieldRule kCrash{"crash", FieldType::kBoolean};
// A fault's or a partition's duration: over 0 and at most a day.
inline constexpr FieldRule kDurationS{"duration_s", FieldType::kNumber, 0, 86400, true, "seconds"};
// The rules between a fault's fields.
inline constexpr std::string_view kCrashOnlyTrue =
    "must be true: it crashes the container once (false would do nothing)";
inline constexpr std::string_view kCrashUntimed =
    "cannot bound crash, which happens once; use crash_loop for a crash that lasts";
inline constexpr std::string_view kDurationAlone =
    "bounds the faults set in the same request, but none is set (give delay_ms, jitter_ms, "
    "error_rate, kill or crash_loop beside it)";

// POST /scale/{service}: the replicas a Deployment wants.
inline constexpr FieldRule kReplicas{"replicas", FieldType::kInteger, 0, 1000};
// A service of the lab's configuration starts with at least one.
inline constexpr FieldRule kServiceReplicas{"replicas", FieldType::kInteger, 1, kReplicas.max};

// A service's latency profile, in the configuration and in a release (POST /rollout/{service},
// beside the release's version name; its error_rate is a fault's).
inline constexpr FieldRule kLatencyMedianMs{"latency_median_ms", FieldType::kNumber, 0, 60000, true,
                                            "milliseconds"};
inline constexpr FieldRule kLatencySigma{"latency_sigma", FieldType::kNumber, 0, 3};

// A probe (startup, readiness, liveness), with Kubernetes' field names.
inline constexpr FieldRule kInitialDelayS{"initial_delay_s", FieldType::kNumber, 0, 3600, false,
                                          "seconds"};
inline constexpr FieldRule kPeriodS{"period_s", FieldType::kNumber, 0.1, 3600, false, "seconds"};
inline constexpr FieldRule kTimeoutS{"timeout_s", FieldType::kNumber, 0.001, 3600,
                                     false,       "seconds"};
inline constexpr FieldRule kSuccessThreshold{"success_threshold", FieldType::kInteger, 1, 100};
inline constexpr FieldRule kFailureThreshold{"failure_threshold", FieldType::kInteger, 1, 100};

// A service's pods and its Deployment.
inline constexpr FieldRule kConcurrency{"concurrency", FieldType::kInteger, 1, 10000};
inline constexpr FieldRule kQueueLength{"queue_length", FieldType::kInteger, 0, 100000};
inline constexpr FieldRule kTerminationGracePeriodS{
    "termination_grace_period_s", FieldType::kNumber, 0, 3600, false, "seconds"};
inline constexpr FieldRule kProgressDeadlineS{
    "progress_deadline_s", FieldType::kNumber, 1, 86400, false, "seconds"};
// max_surge and max_unavailable as a number of pods; as a percentage ("25%") from 0% to 100%
// (int_or_percent_expected()).
inline constexpr FieldRule kMaxSurgePods{"max_surge", FieldType::kInteger, 0, 1000};
inline constexpr FieldRule kMaxUnavailablePods{"max_unavailable", FieldType::kInteger, 0, 1000};
// "a number of pods from 0 to 1000 or a percentage from 0% to 100%".
std::string int_or_percent_expected();

// An autoscaler (a HorizontalPodAutoscaler on the pods' utilisation).
inline constexpr FieldRule kAutoscaleMin{"min", FieldType::kInteger, 1, 1000};
inline constexpr FieldRule kAutoscaleMax{"max", FieldType::kInteger, 1, 1000};
inline constexpr FieldRule kTargetUtilization{"target_utilization", FieldType::kNumber, 0, 1, true};

}  // namespace rules

// The fields of one kind of thing, in the order messages list them.
struct FieldGroup {
  std::string_view name;  // "fault", "release", "probe", ...
  std::span<const FieldRule* const> fields;
  // The rule of the field called `name`, or nullptr.
  const FieldRule* find(std::string_view name) const;
  // "delay_ms, jitter_ms, error_rate, kill, crash_loop, crash and duration_s".
  std::string listed() const;
  std::vector<std::string_view> names() const;
};

const FieldGroup& fault_fields();
const FieldGroup& scale_fields();
const FieldGroup& release_fields();  // beside `version`, a version name
const FieldGroup& probe_fields();
const FieldGroup& workload_fields();  // a service's capacity and grace period
const FieldGroup& rollout_fields();
const FieldGroup& autoscale_fields();
// Every group, for `healthboard field-rules` and the dashboard.
std::span<const FieldGroup> field_groups();

}  // namespace hb::core

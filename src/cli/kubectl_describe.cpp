#include "cli/kubectl_describe.h"

#include <fmt/format.h>

#include <cmath>
#include <utility>
#include <vector>

#include "cli/kubectl_table.h"

namespace hb::cli {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// "Name:" and its value, values aligned two spaces after the longest label; "<none>" for an empty
// value, as kubectl's.
std::string render_fields(const Fields& fields) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [label, value] : fields) {
    rows.push_back({label + ":", value.empty() ? "<none>" : value});
  }
  return render_table(rows, 0, 2);
}

std::string capitalised(std::string word) {
  if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 32);
  return word;
}

// Up to three decimals, trailing zeros dropped: 4.2, 12, 0.125.
std::string short_number(double value) {
  std::string text = fmt::format("{:.3f}", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string millis_or_dash(const json& pod, std::string_view name, const std::string& path) {
  const auto value = optional_number(pod, name, path);
  return value ? short_number(*value) + "ms" : "-";
}

std::string restarts_text(const json& pod, double now) {
  const long long restarts = int_field(pod, "restarts", "pod");
  const auto last = optional_number(pod, "last_restart_at", "pod");
  if (restarts == 0 || !last) return std::to_string(restarts);
  return fmt::format("{} (last {} ago)", restarts, human_duration(now - *last));
}

std::string back_off_text(const json& pod, double now) {
  const auto until = optional_number(pod, "back_off_until", "pod");
  if (!until) return "<none>";
  return "in " + human_duration(*until - now);
}

std::string utilization_text(const json& pod) {
  const long long busy = int_field(pod, "busy_workers", "pod");
  const long long queued = int_field(pod, "queued", "pod");
  const auto utilization = optional_number(pod, "utilization", "pod");
  const json& concurrency = field(pod, "concurrency", "pod");
  if (!utilization || concurrency.is_null()) {
    return fmt::format("<none> (no concurrency limit; {} busy, {} queued)", busy, queued);
  }
  return fmt::format("{}% ({} of {} workers busy, {} queued)",
                     short_number(std::round(*utilization * 1000.0) / 10.0), busy,
                     int_field(pod, "concurrency", "pod"), queued);
}

std::string faults_text(const json& pod, double now) {
  std::vector<std::string> faults;
  if (const long long delay = int_field(pod, "delay_ms", "pod"); delay > 0) {
    faults.push_back(fmt::format("delay {}ms", delay));
  }
  if (const long long jitter = int_field(pod, "jitter_ms", "pod"); jitter > 0) {
    faults.push_back(fmt::format("jitter {}ms", jitter));
  }
  if (const double rate = number_field(pod, "error_rate", "pod"); rate > 0) {
    faults.push_back("error rate " + short_number(rate));
  }
  if (bool_field(pod, "killed", "pod")) faults.push_back("killed");
  if (faults.empty()) return "<none>";
  std::string text = fmt::format("{}", fmt::join(faults, ", "));
  if (const auto ends = optional_number(pod, "fault_ends_at", "pod")) {
    text += " (ends in " + human_duration(*ends - now) + ")";
  }
  return text;
}

std::string recent_text(const json& pod) {
  const auto errors = optional_number(pod, "error_ratio", "pod");
  return fmt::format(
      "{} req/s, p50 {}, p95 {}, p99 {}, error ratio {}, {} in flight",
      short_number(number_field(pod, "request_rate", "pod")),
      millis_or_dash(pod, "latency_p50_ms", "pod"), millis_or_dash(pod, "latency_p95_ms", "pod"),
      millis_or_dash(pod, "latency_p99_ms", "pod"), errors ? short_number(*errors) : "-",
      int_field(pod, "requests_in_flight", "pod"));
}

std::string events_text(const std::string& pod_id, const json& answer, double now) {
  std::vector<std::vector<std::string>> rows = {{"Type", "Reason", "Age", "Message"},
                                                {"----", "------", "----", "-------"}};
  const json& events = array_field(answer, "events", "");
  for (std::size_t n = events.size(); n-- > 0;) {
    const json& event = events[n];
    const std::string path = fmt::format("events[{}]", n);
    if (string_field(event, "target", path) != pod_id) continue;
    rows.push_back({string_field(event, "type", path), string_field(event, "reason", path),
                    human_duration(now - number_field(event, "at", path)),
                    string_field(event, "message", path)});
  }
  if (rows.size() == 2) return "Events:  <none>\n";
  std::string out = "Events:\n";
  const std::string table = render_table(rows, 0, 2);
  // Indented by two, as kubectl's.
  std::size_t start = 0;
  while (start < table.size()) {
    const std::size_t end = table.find('\n', start);
    out += "  " + table.substr(start, end - start + 1);
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string describe_pod(const json& pod, const json& events, double now) {
  const std::string id = string_field(pod, "id", "pod");
  Fields fields = {
      {"Name", id},
      {"Namespace", "default"},
      {"Service", string_field(pod, "service", "pod")},
      {"UID", string_field(pod, "uid", "pod")},
      {"Age", human_duration(now - number_field(pod, "created_at", "pod"))},
      {"Status", pod_status(pod, "pod")},
      {"Phase", string_field(pod, "pod_phase", "pod")},
      {"Version", string_field(pod, "version", "pod")},
      {"Ready", bool_field(pod, "ready", "pod") ? "True" : "False"},
      {"Restarts", restarts_text(pod, now)},
      {"State", capitalised(string_field(pod, "container_state", "pod"))},
  };
  if (const auto reason = optional_string(pod, "container_reason", "pod")) {
    fields.emplace_back("Reason", *reason);
  }
  fields.emplace_back("Back-off until", back_off_text(pod, now));
  if (bool_field(pod, "terminating", "pod")) fields.emplace_back("Terminating", "True");
  fields.emplace_back("Health", string_field(pod, "status", "pod"));
  fields.emplace_back("Utilization", utilization_text(pod));
  fields.emplace_back("Faults", faults_text(pod, now));
  fields.emplace_back("Recent", recent_text(pod));
  return render_fields(fields) + events_text(id, events, now);
}

RolloutStatus rollout_status(const json& rollout_answer, const json& service) {
  const std::string name = string_field(rollout_answer, "service", "");
  const json& rollout = field(rollout_answer, "rollout", "");
  const std::string status = string_field(rollout, "status", "rollout");
  if (status == "failed") {
    return {fmt::format("deployment \"{}\" exceeded its progress deadline", name), true, true};
  }
  if (status == "complete") {
    return {fmt::format("deployment \"{}\" successfully rolled out", name), true, false};
  }
  // Progressing: the step it waits for, in kubectl's order.
  const long long desired = int_field(rollout, "desired_replicas", "rollout");
  const long long updated = int_field(rollout, "updated_replicas", "rollout");
  const long long current = int_field(service, "replicas_current", "service");
  const long long available = int_field(service, "replicas_available", "service");
  std::string step;
  if (updated < desired) {
    step = fmt::format("{} out of {} new replicas have been updated...", updated, desired);
  } else if (current > updated) {
    step = fmt::format("{} old replicas are pending termination...", current - updated);
  } else {
    step = fmt::format("{} of {} updated replicas are available...", available, updated);
  }
  return {fmt::format("Waiting for deployment \"{}\" rollout to finish: {}", name, step), false,
          false};
}

}  // namespace hb::cli

#include "cli/kubectl_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hb::cli {

std::string human_duration(double seconds) {
  // Whole seconds, truncated toward zero as Go's int(d.Seconds()).
  const auto s = static_cast<long long>(seconds);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return fmt::format("{}s", s);
  const long long minutes = s / 60;
  if (minutes < 10) {
    return s % 60 == 0 ? fmt::format("{}m", minutes) : fmt::format("{}m{}s", minutes, s % 60);
  }
  if (minutes < 60 * 3) return fmt::format("{}m", minutes);
  const long long hours = s / 3600;
  if (hours < 8) {
    return minutes % 60 == 0 ? fmt::format("{}h", hours)
                             : fmt::format("{}h{}m", hours, minutes % 60);
  }
  if (hours < 48) return fmt::format("{}h", hours);
  if (hours < 24 * 8) {
    return hours % 24 == 0 ? fmt::format("{}d", hours / 24)
                           : fmt::format("{}d{}h", hours / 24, hours % 24);
  }
  if (hours < 24 * 365 * 2) return fmt::format("{}d", hours / 24);
  if (hours < 24 * 365 * 8) {
    const long long days = (hours / 24) % 365;
    return days == 0 ? fmt::format("{}y", hours / 24 / 365)
                     : fmt::format("{}y{}d", hours / 24 / 365, days);
  }
  return fmt::format("{}y", hours / 24 / 365);
}

std::string render_table(const std::vector<std::vector<std::string>>& rows, std::size_t min_width,
                         std::size_t padding) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      out += row[c];
      if (c + 1 == row.size()) break;
      const std::size_t width = std::max(min_width, widths[c] + padding);
      out.append(width - row[c].size(), ' ');
    }
    // No trailing blanks when the last cells are empty.
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  return out;
}

namespace {

std::string restarts_cell(const json& pod, const std::string& path, double now) {
  const long long restarts = int_field(pod, "restarts", path);
  const auto last = optional_number(pod, "last_restart_at", path);
  if (restarts == 0 || !last) return std::to_string(restarts);
  return fmt::format("{} ({} ago)", restarts, human_duration(now - *last));
}

}  // namespace

std::string pod_status(const json& pod, const std::string& path) {
  std::string status = string_field(pod, "kubectl_status", path);
  return status.empty() ? string_field(pod, "pod_phase", path) : status;
}

std::string format_pods(const json& answer, double now) {
  std::vector<std::vector<std::string>> rows = {{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}};
  const json& pods = array_field(answer, "pods", "");
  for (std::size_t i = 0; i < pods.size(); ++i) {
    const json& pod = pods[i];
    const std::string path = fmt::format("pods[{}]", i);
    rows.push_back({string_field(pod, "id", path), bool_field(pod, "ready", path) ? "1/1" : "0/1",
                    pod_status(pod, path), restarts_cell(pod, path, now),
                    human_duration(now - number_field(pod, "created_at", path))});
  }
  return render_table(rows);
}

std::string format_services(const json& answer, std::optional<double> age_seconds) {
  std::vector<std::vector<std::string>> rows = {
      {"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"}};
  const json& services = array_field(answer, "services", "");
  const std::string age = age_seconds ? human_duration(*age_seconds) : "<unknown>";
  for (std::size_t i = 0; i < services.size(); ++i) {
    const json& service = services[i];
    const std::string path = fmt::format("services[{}]", i);
    rows.push_back({string_field(service, "name", path),
                    fmt::format("{}/{}", int_field(service, "replicas_ready", path),
                                int_field(service, "replicas_desired", path)),
                    std::to_string(int_field(service, "replicas_updated", path)),
                    std::to_string(int_field(service, "replicas_available", path)), age});
  }
  return render_table(rows);
}

std::string event_object(const json& event, const std::string& path) {
  const std::string target = string_field(event, "target", path);
  const auto service = optional_string(event, "service", path);
  if (!service || service->empty()) return "lab";
  if (target == *service) return "deployment/" + target;
  return "pod/" + target;
}

std::string format_events(const json& answer, double now) {
  std::vector<std::vector<std::string>> rows = {
      {"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"}};
  const json& events = array_field(answer, "events", "");
  for (std::size_t n = events.size(); n-- > 0;) {
    const json& event = events[n];
    const std::string path = fmt::format("events[{}]", n);
    rows.push_back({human_duration(now - number_field(event, "at", path)),
                    string_field(event, "type", path), string_field(event, "reason", path),
                    event_object(event, path), string_field(event, "message", path)});
  }
  return render_table(rows);
}

}  // namespace hb::cli

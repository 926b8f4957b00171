#include "experiment/journal.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "experiment/tolerance.h"

namespace hb::experiment {
namespace {

json time_json(double wall, std::optional<double> lab) {
  const auto seconds = static_cast<std::time_t>(std::floor(wall));
  const auto millis = static_cast<int>(std::lround((wall - std::floor(wall)) * 1000.0)) % 1000;
  return {{"wall", wall},
          {"wall_utc", fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(seconds), millis)},
          {"lab", lab ? json(*lab) : json(nullptr)}};
}

json request_json(const Request& request) {
  return {{"method", request.method},
          {"path", request.path},
          {"body", request.body ? *request.body : json(nullptr)}};
}

json optional_text(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kCompleted:
      return "completed";
    case Outcome::kDeviated:
      return "deviated";
    case Outcome::kAborted:
      return "aborted";
  }
  return "aborted";
}

int exit_code(Outcome outcome) {
  return outcome == Outcome::kCompleted ? 0 : 1;
}

double wall_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

json probe_entry(const Probe& probe, const ProbeReading& reading, std::optional<bool> held,
                 double wall_time) {
  json entry = {{"type", "probe"},
                {"name", probe.name},
                {"line", probe.line},
                {"request", request_json(reading.request)},
                {"status", reading.status},
                {"figure", reading.figure},
                {"value", reading.value},
                {"tolerance", probe.tolerance ? to_json(*probe.tolerance) : json(nullptr)},
                {"held", held ? json(*held) : json(nullptr)},
                {"error", optional_text(reading.error)},
                {"lab_time", reading.lab_time ? json(*reading.lab_time) : json(nullptr)},
                {"wall_time", wall_time}};
  if (probe.source == ProbeSource::kAlert) entry["alerts"] = reading.selected;
  return entry;
}

Journal::Journal(const Experiment& experiment, json mode) {
  body_ = {{"journal_format", kFormat},
           {"experiment",
            {{"title", experiment.title},
             {"description", optional_text(experiment.description)},
             {"file", experiment.file}}},
           {"mode", std::move(mode)},
           {"status", nullptr},
           {"reason", nullptr},
           {"started", nullptr},
           {"ended", nullptr},
           {"duration", nullptr},
           {"steady_state_before", nullptr},
           {"method", json::array()},
           {"steady_state_after", nullptr},
           {"rollbacks", json::array()}};
}

void Journal::started(std::optional<double> lab_time) {
  started_wall_ = wall_now();
  body_["started"] = time_json(started_wall_, lab_time);
}

void Journal::ended(Outcome outcome, const std::string& reason, std::optional<double> lab_time) {
  const double wall = wall_now();
  body_["status"] = std::string(to_string(outcome));
  body_["reason"] = optional_text(reason);
  body_["ended"] = time_json(wall, lab_time);
  const json& start_lab = body_["started"]["lab"];
  body_["duration"] = {
      {"wall_s", wall - started_wall_},
      {"lab_s", lab_time && start_lab.is_number() ? json(*lab_time - start_lab.get<double>())
                                                  : json(nullptr)}};
}

json& Journal::steady_state(std::string_view when) {
  return body_[when == "before" ? "steady_state_before" : "steady_state_after"];
}

json& Journal::part(std::string_view name) {
  return body_[std::string(name)];
}

void Journal::begin_hypothesis(std::string_view when, const Hypothesis& hypothesis) {
  steady_state(when) = {{"title", hypothesis.title}, {"held", nullptr}, {"probes", json::array()}};
}

void Journal::hypothesis_probe(std::string_view when, const Probe& probe,
                               const ProbeReading& reading, std::optional<bool> held) {
  steady_state(when)["probes"].push_back(probe_entry(probe, reading, held, wall_now()));
}

void Journal::end_hypothesis(std::string_view when, bool held) {
  steady_state(when)["held"] = held;
}

void Journal::action(std::string_view name, const Action& action, const Answer& answer,
                     double wall_time) {
  part(name).push_back({{"type", "action"},
                        {"action", action.kind},
                        {"target", action.target},
                        {"name", optional_text(action.name)},
                        {"line", action.line},
                        {"request", request_json(action.request)},
                        {"status", answer.status},
                        {"response", answer.answered() ? answer.body : json(nullptr)},
                        {"ok", answer.ok()},
                        {"error", optional_text(answer.error)},
                        {"wall_time", wall_time}});
}

void Journal::pause(std::string_view name, const Pause& pause, double wall_time,
                    double wall_seconds) {
  part(name).push_back({{"type", "pause"},
                        {"duration", pause.text},
                        {"seconds", std::chrono::duration<double>(pause.duration).count()},
                        {"line", pause.line},
                        {"wall_time", wall_time},
                        {"wall_s", wall_seconds}});
}

void Journal::probe(std::string_view name, const Probe& probe, const ProbeReading& reading,
                    std::optional<bool> held, double wall_time) {
  part(name).push_back(probe_entry(probe, reading, held, wall_time));
}

}  // namespace hb::experiment

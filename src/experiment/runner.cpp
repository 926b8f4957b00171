#include "experiment/runner.h"

#include <fmt/format.h>

#include "experiment/probe.h"
#include "experiment/tolerance.h"

namespace hb::experiment {
namespace {

std::string value_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string mode_text(const json& mode) {
  if (mode.value("kind", "") == "server") return "server " + mode.value("url", "");
  if (mode.value("kind", "") == "virtual") {
    return fmt::format(
        "virtual lab, seed {}, after {} of warm-up{}", mode.at("seed").dump(),
        mode.value("warmup", "?"),
        mode.at("config").is_string() ? ", config " + mode.at("config").get<std::string>() : "");
  }
  return mode.dump();
}

std::string duration_text(double seconds) {
  const auto whole = static_cast<long long>(seconds + 0.5);
  if (whole >= 3600)
    return fmt::format("{}h{:02}m{:02}s", whole / 3600, whole / 60 % 60, whole % 60);
  if (whole >= 60) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{:.1f}s", seconds);
}

// A run in progress: the journal, the report, and the first reason it went wrong.
class Run {
 public:
  Run(const Experiment& experiment, Target& target, std::ostream& out)
      : experiment_(experiment),
        target_(target),
        out_(out),
        journal_(experiment, target.describe()) {}

  RunResult go() {
    out_ << "Experiment: " << experiment_.title << " (" << experiment_.file << ")\n"
         << "Against: " << mode_text(target_.describe()) << "\n";
    const std::optional<double> start = lab_time();
    journal_.started(start);
    if (!start) {
      abort("the server could not be reached: " + unreachable_);
    } else if (check_hypothesis("before")) {
      if (run_steps("method", experiment_.method)) check_hypothesis("after");
    } else if (!aborted_) {
      out_ << "Method skipped: the steady state did not hold before it\n";
    }
    run_steps("rollbacks", experiment_.rollbacks);

    const Outcome outcome = aborted_    ? Outcome::kAborted
                            : deviated_ ? Outcome::kDeviated
                                        : Outcome::kCompleted;
    journal_.ended(outcome, reason_, start ? lab_time() : std::nullopt);
    const json& duration = journal_.body().at("duration");
    out_ << "Status: " << to_string(outcome);
    if (!reason_.empty()) out_ << ": " << reason_;
    out_ << " (";
    if (duration.at("lab_s").is_number()) {
      out_ << duration_text(duration.at("lab_s").get<double>()) << " of lab time, ";
    }
    out_ << fmt::format("{:.1f} s wall)\n", duration.at("wall_s").get<double>()) << std::flush;
    return RunResult{outcome, reason_, journal_.body()};
  }

 private:
  // The lab's time as GET /health tells it; none when the server does not answer.
  std::optional<double> lab_time() {
    const Answer answer = target_.call("GET", "/health", std::nullopt);
    if (answer.ok() && answer.body.is_object() && answer.body.contains("timestamp") &&
        answer.body.at("timestamp").is_number()) {
      return answer.body.at("timestamp").get<double>();
    }
    unreachable_ =
        answer.answered() ? fmt::format("GET /health answered {}", answer.status) : answer.error;
    return std::nullopt;
  }

  // The first thing that went wrong is the reason the journal gives.
  void abort(const std::string& why) {
    if (!aborted_) reason_ = why;
    aborted_ = true;
  }
  void deviate(const std::string& why) {
    if (!aborted_ && !deviated_) reason_ = why;
    deviated_ = true;
  }

  bool check_hypothesis(std::string_view when) {
    const Hypothesis& hypothesis = experiment_.hypothesis;
    out_ << "Steady state " << when << ": " << hypothesis.title << "\n";
    journal_.begin_hypothesis(when, hypothesis);
    bool held = true;
    for (const Probe& probe : hypothesis.probes) {
      const ProbeReading reading = read_probe(probe, target_);
      if (!reading.reached()) {
        journal_.hypothesis_probe(when, probe, reading, std::nullopt);
        report_probe(probe, reading, std::nullopt);
        abort("the server could not be reached: " + reading.error);
        journal_.end_hypothesis(when, false);
        return false;
      }
      const bool ok = reading.error.empty() && holds(*probe.tolerance, reading.value);
      journal_.hypothesis_probe(when, probe, reading, ok);
      report_probe(probe, reading, ok);
      if (!ok && held) {
        held = false;
        deviate(fmt::format("the steady state did not hold {} the method: probe '{}' ({}) {}", when,
                            probe.name, describe(probe), failure_text(probe, reading)));
      }
    }
    journal_.end_hypothesis(when, held);
    return held;
  }

  std::string failure_text(const Probe& probe, const ProbeReading& reading) {
    if (!reading.error.empty()) return "could not be read: " + reading.error;
    return "was " + value_text(reading.value) + ", expected " + describe(*probe.tolerance);
  }

  void report_probe(const Probe& probe, const ProbeReading& reading, std::optional<bool> held) {
    const std::string mark = !held ? "  --  " : (*held ? "  ok  " : "  FAIL");
    out_ << mark << " " << probe.name << ": ";
    if (!reading.error.empty()) {
      out_ << reading.error;
    } else {
      out_ << describe(probe) << " = " << value_text(reading.value);
    }
    if (probe.tolerance) out_ << " (expected " << describe(*probe.tolerance) << ")";
    out_ << "\n";
  }

  // Runs the steps of the method or of the rollbacks. The method stops at the first refused
  // action; the rollbacks all run, each being a chance to put the lab back.
  bool run_steps(std::string_view part, const std::vector<Step>& steps) {
    if (steps.empty()) return true;
    out_ << (part == "method" ? "Method" : "Rollbacks") << "\n";
    bool all_ok = true;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::string where = fmt::format("{}[{}]", part, i);
      const bool ok =
          std::visit([&](const auto& step) { return run_step(part, where, step); }, steps[i]);
      all_ok = all_ok && ok;
      if (!ok && part == "method") {
        out_ << "Method stopped\n";
        return false;
      }
    }
    return all_ok;
  }

  bool run_step(std::string_view part, const std::string& where, const Action& action) {
    const double wall = wall_now();
    const Answer answer =
        target_.call(action.request.method, action.request.path, action.request.body);
    journal_.action(part, action, answer, wall);
    std::string label = action.kind + " " + action.target;
    if (!action.name.empty()) label = action.name + " (" + label + ")";
    out_ << (answer.ok() ? "  ok  " : "  FAIL") << " " << label;
    if (action.request.body && !action.request.body->empty())
      out_ << " " << action.request.body->dump();
    if (!answer.answered()) {
      out_ << ": " << answer.error << "\n";
      abort(fmt::format("{} ({}) could not be sent: {}", where, label, answer.error));
      return false;
    }
    out_ << " -> " << answer.status << "\n";
    if (!answer.ok()) {
      const std::string detail = answer.body.is_object() && answer.body.contains("detail")
                                     ? value_text(answer.body.at("detail"))
                                     : value_text(answer.body);
      abort(fmt::format("{} ({}) was refused: {} {} {}", where, label, answer.status,
                        action.request.method + " " + action.request.path, detail));
      return false;
    }
    return true;
  }

  bool run_step(std::string_view part, const std::string& where, const Pause& pause) {
    out_ << "  ..   pause " << pause.text << std::flush;
    const double wall = wall_now();
    const std::string error = target_.pause(pause.duration);
    const double took = wall_now() - wall;
    journal_.pause(part, pause, wall, took);
    out_ << fmt::format(" ({:.1f} s wall)", took);
    if (!error.empty()) {
      out_ << ": " << error << "\n";
      abort(fmt::format("{} (pause {}) did not end: {}", where, pause.text, error));
      return false;
    }
    out_ << "\n";
    return true;
  }

  bool run_step(std::string_view part, const std::string& where, const Probe& probe) {
    const double wall = wall_now();
    const ProbeReading reading = read_probe(probe, target_);
    // A method probe records; its tolerance, if any, is checked and shown but does not decide
    // the outcome (the hypothesis does).
    std::optional<bool> held;
    if (probe.tolerance && reading.reached()) {
      held = reading.error.empty() && holds(*probe.tolerance, reading.value);
    }
    journal_.probe(part, probe, reading, held, wall);
    report_probe(probe, reading, held);
    if (!reading.reached()) {
      abort(fmt::format("{} (probe '{}'): the server could not be reached: {}", where, probe.name,
                        reading.error));
      return false;
    }
    return true;
  }

  const Experiment& experiment_;
  Target& target_;
  std::ostream& out_;
  Journal journal_;
  bool aborted_ = false;
  bool deviated_ = false;
  std::string reason_;
  std::string unreachable_;
};

}  // namespace

RunResult run_experiment(const Experiment& experiment, Target& target, std::ostream& out) {
  return Run(experiment, target, out).go();
}

}  // namespace hb::experiment

#include "cli/experiment_command.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "experiment/experiment_file.h"
#include "experiment/http_target.h"
#include "experiment/runner.h"
#include "experiment/slo_windows.h"
#include "experiment/virtual_target.h"
#include "lab/config_file.h"

namespace hb::cli {
namespace {

int refuse(const std::string& message) {
  std::cerr << "healthboard: " << message << "\n";
  return 2;
}

}  // namespace

CLI::App* add_experiment_command(CLI::App& app, ExperimentOptions& options) {
  CLI::App* experiment = app.add_subcommand(
      "experiment", "Chaos experiments: a steady-state hypothesis, faults, and a journal");
  experiment->require_subcommand(1);
  CLI::App* run = experiment->add_subcommand(
      "run",
      "Run an experiment file (docs/chaos.md): the hypothesis before, the method, the hypothesis "
      "after, the rollbacks always. Exit code 0 when the hypothesis held before and after, 1 when "
      "it did not or the run aborted, 2 for an invalid file or flag");
  run->add_option("FILE", options.file, "The experiment, YAML (see experiments/)")->required();
  auto* server = run->add_option("--server", options.server,
                                 "Run against this healthboard server, e.g. http://localhost:8000; "
                                 "pauses take real time");
  auto* virtual_lab = run->add_flag(
      "--virtual", options.virtual_lab,
      "Run against a lab of its own in virtual time: pauses take no real time, the same journal");
  server->excludes(virtual_lab);
  run->add_option("--journal", options.journal, "Write the journal (JSON) to this file");
  add_lab_options(*run, options.lab);
  run->add_option("--seed", options.seed, "With --virtual: the seed of the lab's traffic")
      ->capture_default_str();
  run->add_option("--warmup", options.warmup,
                  "With --virtual: how long the lab runs before the experiment starts, e.g. 1m")
      ->capture_default_str();
  for (const char* flag : {"--config", "--slo-window", "--seed", "--warmup"}) {
    options.lab_flags.push_back(run->get_option(flag));
  }
  return experiment;
}

int run_experiment_command(const ExperimentOptions& options) {
  if (options.server.empty() && !options.virtual_lab) {
    return refuse("experiment run: give --server URL or --virtual");
  }
  // The lab flags describe the virtual lab; a server has its own.
  if (!options.virtual_lab) {
    for (const CLI::Option* flag : options.lab_flags) {
      if (flag->count() > 0) {
        return refuse(flag->get_name() + ": is only for --virtual; a server runs its own lab");
      }
    }
  }

  auto experiment = experiment::load_experiment(options.file);
  if (!experiment) return refuse(experiment.error().detail);
  const bool windows = experiment::names_windows(experiment.value());

  std::unique_ptr<experiment::Target> target;
  if (options.virtual_lab) {
    LabOptions lab_options = options.lab;
    if (lab_options.config.empty() && !experiment.value().lab.empty()) {
      lab_options.config =
          (std::filesystem::path(options.file).parent_path() / experiment.value().lab).string();
    }
    auto spec = load_lab(lab_options);
    if (!spec) return refuse(spec.error().detail);
    if (core::is_real(spec.value())) {
      return refuse(
          "--virtual: the lab's services are real; their requests take real time, so it runs "
          "only in real time: start it with healthboard serve --config, and run the experiment "
          "with --server");
    }
    if (windows) {
      const std::string source = !options.lab.slo_window.empty() ? "--slo-window"
                                 : !lab_options.config.empty()
                                     ? "the --config file's slo.window"
                                     : "the default; --slo-window sets it";
      auto valid = experiment::check_windows(experiment.value(), spec.value().slo.window, source);
      if (!valid) return refuse(valid.error().detail);
    }
    const auto warmup = lab::parse_duration(options.warmup);
    if (!warmup || *warmup > std::chrono::hours(24)) {
      return refuse("--warmup: must be a duration from 0s to 1d, such as 30s or 5m, got '" +
                    options.warmup + "'");
    }
    // The lab's events would go to the log with wall-clock stamps that mean nothing in virtual
    // time; the journal and the report say what happened.
    spdlog::set_level(spdlog::level::off);
    target = std::make_unique<experiment::VirtualTarget>(experiment::VirtualLabOptions{
        std::move(spec).value(), options.seed, *warmup, lab_options.config});
  } else {
    auto http = experiment::HttpTarget::connect_to(options.server);
    if (!http) return refuse(http.error().detail);
    target = std::move(http).value();
    // A server that does not answer is not checked here: the run aborts at its first call.
    if (const auto slo = windows ? target->call("GET", "/slo", std::nullopt) : experiment::Answer{};
        slo.answered()) {
      const auto window = experiment::slo_window_of(slo);
      if (!window) return refuse(window.error().detail);
      auto valid = experiment::check_windows(experiment.value(), window.value(),
                                             "the server's, from GET /slo");
      if (!valid) return refuse(valid.error().detail);
    }
  }

  // Opened before the run, so a journal that cannot be written is known before any fault is.
  std::ofstream journal;
  if (!options.journal.empty()) {
    journal.open(options.journal, std::ios::binary | std::ios::trunc);
    if (!journal) {
      return refuse("--journal: cannot write '" + options.journal + "': " + std::strerror(errno));
    }
  }

  const experiment::RunResult result =
      experiment::run_experiment(experiment.value(), *target, std::cout);

  if (journal.is_open()) {
    journal << result.journal.dump(2) << "\n" << std::flush;
    if (!journal) {
      std::cerr << "healthboard: --journal: cannot write '" << options.journal
                << "': " << std::strerror(errno) << "\n";
      return 1;
    }
  }
  return experiment::exit_code(result.outcome);
}

}  // namespace hb::cli

// `healthboard experiment run FILE`: a chaos experiment against a server (--server URL) or
// against a lab of its own in virtual time (--virtual), with an optional JSON journal.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/lab_options.h"

namespace hb::cli {

struct ExperimentOptions {
  std::string file;
  std::string server;        // --server URL; empty with --virtual
  bool virtual_lab = false;  // --virtual
  std::string journal;       // empty: no journal
  // The virtual lab's settings; refused with --server, whose lab is the server's.
  LabOptions lab;
  std::uint64_t seed = 42;
  std::string warmup = "1m";
  // Their options (--config, --slo-window, --seed, --warmup): with --server, any of them given
  // at all is an error, even with its default value.
  std::vector<const CLI::Option*> lab_flags;
};

// Adds `experiment` and its `run` subcommand; returns `experiment`, parsed when `run` was chosen.
CLI::App* add_experiment_command(CLI::App& app, ExperimentOptions& options);
// Runs it; returns the exit code: 0 the hypothesis held before and after, 1 the lab deviated or
// the run aborted (or the journal could not be written), 2 an invalid file or flag.
int run_experiment_command(const ExperimentOptions& options);

}  // namespace hb::cli

// `healthboard rules`: the lab's SLOs as Prometheus recording and alerting rules.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/lab_options.h"

namespace hb::cli {

struct RulesOptions {
  LabOptions lab;
  std::string output;  // empty: standard output
};

// Adds the subcommand; when it is chosen, parsing fills `options`.
CLI::App* add_rules_command(CLI::App& app, RulesOptions& options);
// Writes the rule file; returns the process exit code: 0, 2 for a bad configuration or flag,
// 1 when the output file cannot be written.
int run_rules(const RulesOptions& options);

}  // namespace hb::cli

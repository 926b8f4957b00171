#include "cli/rules_command.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "api/prometheus_rules.h"

namespace hb::cli {

CLI::App* add_rules_command(CLI::App& app, RulesOptions& options) {
  CLI::App* rules = app.add_subcommand(
      "rules",
      "Print the lab's SLOs as Prometheus recording and alerting rules (error ratios, burn "
      "rates, multi-window burn-rate alerts), for your own Prometheus");
  add_lab_options(*rules, options.lab);
  rules->add_option("--output", options.output,
                    "Write the rules to this file instead of standard output");
  return rules;
}

int run_rules(const RulesOptions& options) {
  auto loaded = load_lab(options.lab);
  if (!loaded) {
    std::cerr << "healthboard: " << loaded.error().detail << "\n";
    return 2;
  }
  const std::string text = api::render_rules(loaded.value());
  if (options.output.empty()) {
    std::cout << text << std::flush;
    return std::cout ? 0 : 1;
  }
  std::ofstream file(options.output, std::ios::binary | std::ios::trunc);
  if (file) file << text << std::flush;
  if (!file) {
    std::cerr << "healthboard: --output: cannot write '" << options.output
              << "': " << std::strerror(errno) << "\n";
    return 1;
  }
  return 0;
}

}  // namespace hb::cli

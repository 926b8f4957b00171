// healthboard: a Kubernetes-style microservice lab with SLOs, fault injection and a dashboard.
#include <CLI/CLI.hpp>

#include "cli/rules_command.h"
#include "cli/serve_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "healthboard: a Kubernetes-style microservice lab with fault injection, SLO "
      "tracking, Prometheus metrics and a live dashboard",
      "healthboard"};
  app.require_subcommand(1);
  hb::cli::ServeOptions serve_options;
  CLI::App* serve = hb::cli::add_serve_command(app, serve_options);
  hb::cli::RulesOptions rules_options;
  CLI::App* rules = hb::cli::add_rules_command(app, rules_options);
  // The top-level help explains the subcommands' flags too.
  app.footer([serve, rules] { return "\n" + serve->help() + "\n" + rules->help(); });
  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) return hb::cli::run_serve(serve_options);
  if (rules->parsed()) return hb::cli::run_rules(rules_options);
  return 0;
}

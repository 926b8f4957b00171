// healthboard: a Kubernetes-style microservice lab with SLOs, fault injection and a dashboard.
#include <CLI/CLI.hpp>
#include <iostream>

#include "api/field_rules_json.h"
#include "cli/experiment_command.h"
#include "cli/kubectl_command.h"
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
  hb::cli::ExperimentOptions experiment_options;
  CLI::App* experiment = hb::cli::add_experiment_command(app, experiment_options);
  hb::cli::KubectlOptions kubectl_options;
  const hb::cli::KubectlCommands kubectl = hb::cli::add_kubectl_commands(app, kubectl_options);
  CLI::App* field_rules = app.add_subcommand(
      "field-rules",
      "Print the rules of the fields a fault, a scale, a release, a probe and an autoscaler "
      "take, as JSON (the dashboard's web/src/lib/fieldRules.json is this output)");
  // The top-level help explains the subcommands' flags too.
  app.footer([serve, rules, experiment] {
    return "\n" + serve->help() + "\n" + rules->help() + "\n" +
           experiment->get_subcommand("run")->help();
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    // `experiment` promises 2 for a wrong flag, as for an invalid file.
    return code != 0 && experiment->parsed() ? 2 : code;
  }
  if (serve->parsed()) return hb::cli::run_serve(serve_options);
  if (rules->parsed()) return hb::cli::run_rules(rules_options);
  if (experiment->parsed()) return hb::cli::run_experiment_command(experiment_options);
  if (kubectl.parsed()) return hb::cli::run_kubectl(kubectl, kubectl_options);
  if (field_rules->parsed()) {
    std::cout << hb::api::field_rules_json();
    return 0;
  }
  return 0;
}

// healthboard: a Kubernetes-style microservice lab with SLOs, fault injection and a dashboard.
#include <CLI/CLI.hpp>

#include "cli/serve_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "healthboard: a Kubernetes-style microservice lab with fault injection, SLO "
      "tracking, Prometheus metrics and a live dashboard",
      "healthboard"};
  app.require_subcommand(1);
  hb::cli::ServeOptions serve_options;
  CLI::App* serve = hb::cli::add_serve_command(app, serve_options);
  // The top-level help explains the subcommands' flags too.
  app.footer([serve] { return "\n" + serve->help(); });
  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) return hb::cli::run_serve(serve_options);
  return 0;
}

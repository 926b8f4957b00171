#include "cli/serve_command.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "api/routes.h"
#include "assets/dashboard.h"
#include "core/lab_spec.h"
#include "http/cors.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "lab/lab_runner.h"

namespace hb::cli {

CLI::App* add_serve_command(CLI::App& app, ServeOptions& options) {
  CLI::App* serve = app.add_subcommand(
      "serve", "Run the lab in real time and serve its API (and dashboard) over HTTP");
  serve->add_option("--host", options.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", options.port, "TCP port to listen on; 0 picks a free one")
      ->capture_default_str();
  add_lab_options(*serve, options.lab);
  serve->add_option("--seed", options.seed,
                    "Seed of the traffic simulation; the same seed replays the same traffic "
                    "(default: a random seed, printed at start)");
  serve->add_option("--threads", options.threads, "Threads serving HTTP")
      ->check(CLI::Range(1u, 64u))
      ->capture_default_str();
  serve
      ->add_option("--cors-origin", options.cors_origins,
                   "An origin whose pages may call the API and change the lab, such as "
                   "http://localhost:3000 for the original frontend; repeatable; * allows any "
                   "(default: none, the dashboard is same-origin)")
      ->check([](const std::string& origin) {
        const auto status = http::validate_cors_origin(origin);
        return status ? std::string() : status.error().detail;
      });
  serve->add_option("--log-level", options.log_level, "trace, debug, info, warn or error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  return serve;
}

int run_serve(const ServeOptions& options) {
  auto logger = spdlog::stderr_color_mt("healthboard");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(options.log_level));

  auto loaded = load_lab(options.lab);
  if (!loaded) {
    std::cerr << "healthboard: " << loaded.error().detail << "\n";
    return 2;
  }
  const core::LabSpec spec = std::move(loaded).value();
  const std::uint64_t seed = options.seed.value_or(std::random_device{}());

  boost::asio::io_context ioc;
  lab::LabRunner lab(ioc, spec, seed);
  api::Api api(lab);
  http::Router router;
  api.register_routes(router);
  std::vector<http::StaticFile> dashboard;
  for (const auto& file : assets::dashboard_files()) dashboard.push_back({file.path, file.content});
  http::add_static_routes(router, dashboard);
  const http::Handler handler = options.cors_origins.empty()
                                    ? router.as_handler()
                                    : http::with_cors(router, {options.cors_origins});
  http::ServerOptions server_options{options.host, options.port};
  server_options.threads = options.threads;  // connections run on the server's own threads
  http::Server server(ioc, server_options, handler);

  // Installed before the ready line is printed, so a signal right after it stops cleanly.
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info("signal {}: shutting down", signal);
    server.stop();
    lab.stop();
    ioc.stop();
  });
  try {
    server.start();
  } catch (const std::exception& error) {
    std::cerr << "healthboard: " << error.what() << "\n";
    return 1;
  }
  lab.start();
  spdlog::info("lab of {} services started with seed {}", spec.services.size(), seed);
  std::cout << "healthboard listening on http://" << options.host << ":" << server.port()
            << std::endl;

  // This thread runs the lab, accepts connections and waits for signals.
  ioc.run();
  spdlog::info("stopped");
  return 0;
}

}  // namespace hb::cli

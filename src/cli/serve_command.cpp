#include "cli/serve_command.h"

#include <fmt/chrono.h>
#include <fmt/ranges.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "api/routes.h"
#include "assets/dashboard.h"
#include "core/lab_spec.h"
#include "http/cors.h"
#include "http/request_guard.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "lab/config_file.h"
#include "lab/lab_runner.h"
#include "lab/lab_store.h"
#include "real/real_traffic.h"
#include "store/data_dir.h"

namespace hb::cli {
namespace {

// Runs `ioc` until it is stopped or runs out of work; an exception thrown out of a handler is
// logged and the loop goes on, so that no request, stream or tick can end the process.
void run_guarded(boost::asio::io_context& ioc, const char* name) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("{}: a handler threw, carrying on: {}", name, e.what());
    } catch (...) {
      spdlog::error("{}: a handler threw, carrying on", name);
    }
  }
}

// The lab's store as the flags say, and what it holds to resume from; no store with --in-memory.
core::Result<lab::LabStore::Opened> open_store(const ServeOptions& options,
                                               const core::LabSpec& spec) {
  if (options.in_memory) return lab::LabStore::Opened{};
  std::string dir = options.data_dir;
  if (dir.empty()) {
    auto fallback = store::default_data_dir();
    if (!fallback) return fallback.error();
    dir = fallback.value();
  }
  return lab::LabStore::open(dir, options.fresh, spec);
}

std::string utc_text(double unix_seconds) {
  const auto at = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::duration<double>(unix_seconds)));
  return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", std::chrono::floor<std::chrono::seconds>(at));
}

// The flags' durations, checked when parsed.
std::chrono::milliseconds duration_flag(const std::string& text) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(*lab::parse_duration(text));
}

int serve(const ServeOptions& options) {
  auto logger = spdlog::stderr_color_mt("healthboard");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(options.log_level));

  if (!http::is_loopback_host(options.host) && options.token.empty() && !options.insecure) {
    std::cerr << "healthboard: refusing to listen on " << options.host
              << " without a token: anyone who can reach it could change the lab. Set --token "
                 "(or HEALTHBOARD_TOKEN), or pass --insecure to accept that.\n";
    return 2;
  }
  auto loaded = load_lab(options.lab);
  if (!loaded) {
    std::cerr << "healthboard: " << loaded.error().detail << "\n";
    return 2;
  }
  core::LabSpec spec = std::move(loaded).value();
  const std::uint64_t seed = options.seed.value_or(std::random_device{}());
  auto opened = open_store(options, spec);
  if (!opened) {
    std::cerr << "healthboard: " << opened.error().detail << "\n";
    return 2;
  }
  if (const auto& resume = opened.value().resume) {
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (now - resume->saved_unix > core::to_seconds(spec.slo.window)) {
      spdlog::warn(
          "the lab in {} was last saved at {}, longer ago than its SLO window: none of "
          "the counts it kept is in a window any more (check the clock, or start with "
          "--fresh)",
          opened.value().store->dir(), utc_text(resume->saved_unix));
    }
  }
  const std::unique_ptr<lab::LabStore> lab_store = std::move(opened.value().store);
  const std::optional<lab::Resumption>& resume = opened.value().resume;

  // A real lab's proxies listen before the lab starts, so that it shows the ports they took;
  // they run on threads of their own.
  boost::asio::io_context proxy_ioc(static_cast<int>(options.threads));
  std::unique_ptr<real::RealTraffic> traffic;
  if (core::is_real(spec)) {
    try {
      traffic = std::make_unique<real::RealTraffic>(
          proxy_ioc, spec, seed,
          real::RealTrafficOptions{.header_faults = options.envoy_fault_headers,
                                   .max_connections = options.proxy_max_connections});
    } catch (const std::exception& error) {
      std::cerr << "healthboard: " << error.what() << "\n";
      return 2;
    }
    spec = traffic->bound(std::move(spec));
  }

  // This thread's io_context accepts connections, waits for signals and times out commands; the
  // lab runs on a thread of its own, so that a lab that lags holds up none of these.
  boost::asio::io_context ioc(1);
  boost::asio::io_context lab_ioc(1);
  auto lab_work = boost::asio::make_work_guard(lab_ioc);
  lab::LabRunner lab(lab_ioc, spec, seed, std::chrono::milliseconds(100), lab::LabClock::kSteady,
                     resume ? &*resume : nullptr);
  if (lab_store) lab.keep_in(*lab_store);
  if (traffic) lab.feed_from(*traffic);
  lab.limit_commands({options.max_queued_commands, duration_flag(options.command_deadline)},
                     ioc.get_executor());
  api::Api api(lab, {duration_flag(options.max_lag)});
  http::Router router;
  api.register_routes(router);
  std::vector<http::StaticFile> dashboard;
  for (const auto& file : assets::dashboard_files()) dashboard.push_back({file.path, file.content});
  http::add_static_routes(router, dashboard);

  const http::CorsPolicy cors{options.cors_origins};
  http::RequestGuard guard({options.host, options.public_url, cors, options.token});
  http::Handler handler = guard.wrap(router.as_handler());
  if (!cors.origins.empty()) handler = http::with_cors(router, cors, std::move(handler));
  http::ServerOptions server_options{options.host, options.port};
  server_options.threads = options.threads;  // connections run on the server's own threads
  server_options.max_connections = options.max_connections;
  server_options.max_streams = options.max_streams;
  http::Server server(ioc, server_options, handler);

  // Installed before the ready line is printed, so a signal right after it stops cleanly. The
  // first signal drains; a second one ends the process at once.
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  const auto grace = duration_flag(options.shutdown_grace);
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info(
        "signal {}: shutting down; finishing {} open connections (at most {} s); a "
        "second signal stops at once",
        signal, server.open_connections(),
        std::chrono::duration_cast<std::chrono::seconds>(grace).count());
    signals.async_wait([](const boost::system::error_code& again, int second) {
      if (again) return;
      spdlog::warn("signal {}: stopping at once", second);
      spdlog::shutdown();
      std::_Exit(128 + second);
    });
    server.shutdown(grace, [&] {
      // Every answered change is in the lab now; the lab's last state is saved once its thread
      // has stopped (below).
      lab.stop();
      lab_work.reset();
      if (traffic) traffic->stop();
      server.stop();
      signals.cancel();
      ioc.stop();
    });
  });
  try {
    server.start();
  } catch (const std::exception& error) {
    std::cerr << "healthboard: " << error.what() << "\n";
    return 1;
  }
  guard.listening_on(server.port());
  std::thread lab_thread([&lab_ioc] { run_guarded(lab_ioc, "lab"); });
  std::vector<std::thread> proxy_threads;
  for (unsigned i = 0; traffic && i < options.threads; ++i) {
    proxy_threads.emplace_back([&proxy_ioc] { run_guarded(proxy_ioc, "proxy"); });
  }
  lab.start();
  if (resume) {
    spdlog::info(
        "lab of {} services resumed from {} with seed {}: the server was down from {} to "
        "{}",
        spec.services.size(), lab_store->dir(), seed, utc_text(resume->saved_unix),
        utc_text(lab.snapshot()->timestamp()));
  } else {
    spdlog::info(
        "lab of {} services started with seed {}{}", spec.services.size(), seed,
        lab_store ? ", kept in " + lab_store->dir() : std::string(", kept in memory only"));
  }
  for (const core::ServiceSpec& service : spec.services) {
    if (!service.real) continue;
    spdlog::info("{}: proxying http://{} to {}", service.name, service.real->listen,
                 fmt::join(service.real->endpoints, ", "));
  }
  if (!options.token.empty()) spdlog::info("changes need the bearer token");
  std::cout << "healthboard listening on http://" << options.host << ":" << server.port()
            << std::endl;

  run_guarded(ioc, "server");
  lab_ioc.stop();
  lab_thread.join();
  if (traffic) traffic->stop();
  proxy_ioc.stop();
  for (std::thread& thread : proxy_threads) thread.join();
  if (lab_store) {
    if (auto saved = lab.save_now(); !saved) {
      spdlog::error("the lab's last state was not saved: {}", saved.error().detail);
    } else {
      spdlog::info("lab saved in {}", lab_store->dir());
    }
  }
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int run_serve(const ServeOptions& options) {
  // What throws out of serve() can only come from starting up (a data directory whose contents
  // do not make a lab, memory): once running, every handler, command and tick is guarded.
  try {
    return serve(options);
  } catch (const std::exception& e) {
    std::cerr << "healthboard: cannot start: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace hb::cli

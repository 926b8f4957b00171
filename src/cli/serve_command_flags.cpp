// The flags of `healthboard serve`, with their rules and defaults (docs/operations.md).
#include <string>

#include "cli/serve_command.h"
#include "http/cors.h"
#include "http/request_guard.h"
#include "lab/config_file.h"

namespace hb::cli {
namespace {

// A CLI11 check: a whole number of seconds, minutes or hours, such as 5s or 2m.
std::string check_duration(const std::string& text) {
  return lab::parse_duration(text) ? std::string()
                                   : "must be a duration such as 5s, 30s or 2m, got '" + text + "'";
}

// A CLI11 check from a validator that answers a status: its detail, or nothing when it passes.
template <typename Validate>
auto check_with(Validate validate) {
  return [validate](const std::string& value) {
    const auto status = validate(value);
    return status ? std::string() : status.error().detail;
  };
}

std::string check_token(const std::string& token) {
  if (token.empty()) return {};  // HEALTHBOARD_TOKEN= means none
  bool printable = true;
  for (const char c : token) printable = printable && c > ' ' && c < 127;
  if (token.size() < 16 || !printable) {
    return "must be at least 16 characters, printable and without spaces (openssl rand -hex 16 "
           "makes one)";
  }
  return {};
}

}  // namespace

CLI::App* add_serve_command(CLI::App& app, ServeOptions& options) {
  CLI::App* serve = app.add_subcommand(
      "serve", "Run the lab in real time and serve its API (and dashboard) over HTTP");
  serve
      ->add_option("--host", options.host,
                   "Address to listen on; beyond loopback it needs --token (or --insecure)")
      ->capture_default_str();
  serve->add_option("--port", options.port, "TCP port to listen on; 0 picks a free one")
      ->capture_default_str();
  add_lab_options(*serve, options.lab);
  serve->add_option("--seed", options.seed,
                    "Seed of the traffic simulation; the same seed replays the same traffic "
                    "(default: a random seed, printed at start)");
  auto* data_dir = serve->add_option(
      "--data-dir", options.data_dir,
      "Directory the lab is kept in, so that it carries on after a restart or a crash "
      "(default: $XDG_STATE_HOME/healthboard, else ~/.local/state/healthboard)");
  serve->add_flag("--fresh", options.fresh,
                  "Discard what the data directory holds and start a new lab");
  serve
      ->add_flag("--in-memory", options.in_memory,
                 "Keep nothing on disk: the lab ends with the process")
      ->excludes(data_dir);
  serve->add_option("--threads", options.threads, "Threads serving HTTP (and a real lab's proxies)")
      ->check(CLI::Range(1u, 64u))
      ->capture_default_str();
  serve
      ->add_option("--proxy-max-connections", options.proxy_max_connections,
                   "A real lab: client connections each service's proxy holds at once; one "
                   "more is answered 503 and closed")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  serve->add_flag("--envoy-fault-headers", options.envoy_fault_headers,
                  "A real lab: honour Envoy's x-envoy-fault-delay-request and "
                  "x-envoy-fault-abort-request headers (and their -percentage) on proxied "
                  "requests; off: they are forwarded like any other header");
  serve
      ->add_option("--cors-origin", options.cors_origins,
                   "An origin whose pages may call the API and change the lab, such as "
                   "http://localhost:3000 for the original frontend; repeatable; * allows any "
                   "(default: none, the dashboard is same-origin)")
      ->check(check_with(http::validate_cors_origin));
  serve
      ->add_option("--public-url", options.public_url,
                   "The URL the dashboard is reached by when it is not the --host (a name, a "
                   "reverse proxy): its origin may change the lab and its host is accepted")
      ->check(check_with(http::validate_public_url));
  serve
      ->add_option("--token", options.token,
                   "A secret every change (POST, DELETE) must send as 'Authorization: Bearer "
                   "<token>'; reads stay open (default: none)")
      ->envname("HEALTHBOARD_TOKEN")
      ->check(check_token);
  serve->add_flag("--insecure", options.insecure,
                  "Listen on an address beyond loopback without a token: anyone who reaches it "
                  "may change the lab");
  serve
      ->add_option("--max-connections", options.max_connections,
                   "Open connections at once; the next is answered 503 and closed")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->capture_default_str();
  serve
      ->add_option("--max-streams", options.max_streams,
                   "GET /stream clients at once; the next is answered 503")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->capture_default_str();
  serve
      ->add_option("--max-queued-commands", options.max_queued_commands,
                   "Changes waiting for the lab at once; the next is answered 503")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->capture_default_str();
  serve
      ->add_option("--command-deadline", options.command_deadline,
                   "Longest a change waits for the lab; then it is answered 503, not applied")
      ->check(check_duration)
      ->capture_default_str();
  serve
      ->add_option("--max-lag", options.max_lag,
                   "GET /readyz answers 503 when the lab is further behind real time")
      ->check(check_duration)
      ->capture_default_str();
  serve
      ->add_option("--shutdown-grace", options.shutdown_grace,
                   "On SIGTERM or SIGINT, how long requests in flight may take to finish")
      ->check(check_duration)
      ->capture_default_str();
  serve->add_option("--log-level", options.log_level, "trace, debug, info, warn or error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  return serve;
}

}  // namespace hb::cli

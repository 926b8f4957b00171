// `healthboard serve`: the lab, its API and (later) its dashboard on one port.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/lab_options.h"

namespace hb::cli {

struct ServeOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;
  LabOptions lab;
  std::optional<std::uint64_t> seed;
  // Where the lab is kept across restarts (docs/operations.md); empty: the default directory.
  std::string data_dir;
  bool fresh = false;      // discard what the data directory holds and start anew
  bool in_memory = false;  // keep nothing: no data directory at all
  unsigned threads = 2;
  std::string log_level = "info";
  std::vector<std::string> cors_origins;  // origins whose pages may call the API (CORS)
  // Who may change the lab (see docs/operations.md).
  std::string public_url;  // the URL users reach the server by, when not the --host
  std::string token;       // --token or HEALTHBOARD_TOKEN; empty: changes need none
  bool insecure = false;   // listen beyond loopback without a token
  // Limits.
  std::size_t max_connections = 512;
  std::size_t max_streams = 64;
  std::size_t max_queued_commands = 256;
  std::string command_deadline = "5s";
  std::string max_lag = "5s";
  std::string shutdown_grace = "10s";
  // A real lab's proxies (docs/proxy.md).
  std::size_t proxy_max_connections = 1024;  // client connections each proxy holds at once
  bool envoy_fault_headers = false;          // honour x-envoy-fault-* request headers
};

// Adds the subcommand; when it is chosen, parsing fills `options` (serve_command_flags.cpp).
CLI::App* add_serve_command(CLI::App& app, ServeOptions& options);
// Runs until SIGINT or SIGTERM; returns the process exit code.
int run_serve(const ServeOptions& options);

}  // namespace hb::cli

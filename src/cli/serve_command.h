// `healthboard serve`: the lab, its API and (later) its dashboard on one port.
#pragma once

#include <CLI/CLI.hpp>
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
  unsigned threads = 2;
  std::string log_level = "info";
  std::vector<std::string> cors_origins;  // origins whose pages may call the API (CORS)
};

// Adds the subcommand; when it is chosen, parsing fills `options`.
CLI::App* add_serve_command(CLI::App& app, ServeOptions& options);
// Runs until SIGINT or SIGTERM; returns the process exit code.
int run_serve(const ServeOptions& options);

}  // namespace hb::cli

// The flags every subcommand that builds a lab shares: --config and --slo-window.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "core/lab_spec.h"
#include "core/result.h"

namespace hb::cli {

struct LabOptions {
  std::string config;      // empty: the default lab
  std::string slo_window;  // empty: as the config says (default 30d)
};

void add_lab_options(CLI::App& command, LabOptions& options);
// The lab the flags describe, validated; errors name the flag or the file and field.
core::Result<core::LabSpec> load_lab(const LabOptions& options);

}  // namespace hb::cli

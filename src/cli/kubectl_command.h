// The kubectl-like commands against a running server: `get pods|services|events`,
// `describe pod NAME`, `scale SERVICE --replicas N`, `rollout status|undo SERVICE`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace hb::cli {

struct KubectlOptions {
  std::string server = "http://localhost:8000";
  std::string token;   // --token, else $HEALTHBOARD_TOKEN; sent on POSTs
  std::string output;  // get's -o: empty (a table) or "json"
  std::string resource;
  std::string name;
  int replicas = 0;
  bool watch = true;  // rollout status: wait until it completes or fails
};

// Adds get, describe, scale and rollout; returns them, each parsed when chosen.
struct KubectlCommands {
  CLI::App* get = nullptr;
  CLI::App* describe = nullptr;
  CLI::App* scale = nullptr;
  CLI::App* rollout_status = nullptr;
  CLI::App* rollout_undo = nullptr;

  bool parsed() const;
};
KubectlCommands add_kubectl_commands(CLI::App& app, KubectlOptions& options);
// Runs the chosen one; returns the exit code: 0, or 1 when the server refused or could not be
// reached (the reason on standard error), or a rollout failed.
int run_kubectl(const KubectlCommands& commands, const KubectlOptions& options);

}  // namespace hb::cli

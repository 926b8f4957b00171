#include "cli/kubectl_command.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/kubectl_describe.h"
#include "cli/kubectl_json.h"
#include "cli/kubectl_table.h"
#include "experiment/http_client.h"

namespace hb::cli {
namespace {

using experiment::Answer;
using experiment::HttpClient;

constexpr std::chrono::seconds kTimeout{10};
constexpr std::chrono::seconds kWatchInterval{1};

// A call the command cannot go on without: the server did not answer, or refused.
class CallFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Session {
 public:
  explicit Session(const KubectlOptions& options) : options_(options) {
    auto client = HttpClient::connect_to(options.server, kTimeout, "healthboard-kubectl");
    if (!client) throw CallFailed(client.error().detail);
    client_ = std::move(client).value();
  }

  json get(const std::string& path) { return checked(client_->call("GET", path, std::nullopt)); }

  json post(const std::string& path, const std::optional<json>& body) {
    HttpClient::Headers headers;
    if (!options_.token.empty()) headers.emplace_back("Authorization", "Bearer " + options_.token);
    return checked(client_->call("POST", path, body, headers));
  }

 private:
  static json checked(Answer answer) {
    if (!answer.answered()) throw CallFailed(answer.error);
    if (answer.ok()) return std::move(answer.body);
    std::string detail = "no detail";
    if (answer.body.is_object() && answer.body.contains("detail") &&
        answer.body["detail"].is_string()) {
      detail = answer.body["detail"].get<std::string>();
    } else if (answer.body.is_string()) {
      detail = answer.body.get<std::string>();
    }
    throw CallFailed("Error from server (" + std::to_string(answer.status) + "): " + detail);
  }

  const KubectlOptions& options_;
  std::unique_ptr<HttpClient> client_;
};

double wall_clock_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The server's time of the answer when it says it, else this machine's.
double now_of(const json& answer) {
  if (answer.is_object() && answer.contains("timestamp") && answer["timestamp"].is_number()) {
    return answer["timestamp"].get<double>();
  }
  return wall_clock_now();
}

// Names are pod ids and service names; anything that would change the path is refused, naming
// the argument (NAME, SERVICE).
std::string path_segment(const std::string& name, std::string_view argument) {
  if (name.empty() || name.find_first_of("/?#% ") != std::string::npos) {
    throw CallFailed(std::string(argument) + ": '" + name +
                     "' is not a name (no '/', '?', '#', '%' or spaces)");
  }
  return name;
}

int run_get(Session& session, const KubectlOptions& options) {
  const std::string path = "/" + options.resource;
  const json answer = session.get(path);
  if (options.output == "json") {
    std::cout << answer.dump(2) << "\n";
    return 0;
  }
  if (options.resource == "pods") {
    std::cout << format_pods(answer, now_of(answer));
  } else if (options.resource == "services") {
    // The lab's age: how much of its SLO window has data, which is the time since it started.
    std::optional<double> age;
    const json slo = session.get("/slo");
    age = optional_number(slo, "window_data_seconds", "");
    std::cout << format_services(answer, age);
  } else {
    std::cout << format_events(answer, wall_clock_now());
  }
  return 0;
}

int run_describe(Session& session, const KubectlOptions& options) {
  const json pod = session.get("/pods/" + path_segment(options.name, "NAME"));
  const json events = session.get("/events?limit=500");
  // The pod's snapshot time: when it was made plus its age.
  const double now =
      number_field(pod, "created_at", "pod") + number_field(pod, "age_seconds", "pod");
  std::cout << describe_pod(pod, events, now);
  return 0;
}

int run_scale(Session& session, const KubectlOptions& options) {
  const std::string service = path_segment(options.name, "SERVICE");
  const json answer = session.post("/scale/" + service, json{{"replicas", options.replicas}});
  std::cout << "deployment.apps/" << string_field(answer, "service", "") << " scaled\n";
  return 0;
}

int run_rollout_status(Session& session, const KubectlOptions& options) {
  const std::string service = path_segment(options.name, "SERVICE");
  std::string last_line;
  while (true) {
    const json rollout = session.get("/rollout/" + service);
    const json services = session.get("/services");
    json found;
    for (const json& s : array_field(services, "services", "")) {
      if (s.is_object() && s.value("name", "") == service) found = s;
    }
    if (found.is_null()) throw CallFailed("GET /services has no service '" + service + "'");
    const RolloutStatus status = rollout_status(rollout, found);
    if (status.failed) {
      std::cerr << "error: " << status.text << "\n";
      return 1;
    }
    if (status.text != last_line) std::cout << status.text << "\n" << std::flush;
    last_line = status.text;
    if (status.done || !options.watch) return 0;
    std::this_thread::sleep_for(kWatchInterval);
  }
}

int run_rollout_undo(Session& session, const KubectlOptions& options) {
  const std::string service = path_segment(options.name, "SERVICE");
  const json answer = session.post("/rollout/" + service + "/undo", std::nullopt);
  std::cout << "deployment.apps/" << string_field(answer, "service", "") << " rolled back\n";
  return 0;
}

void add_connection_options(CLI::App& command, KubectlOptions& options, bool posts) {
  command.add_option("--server", options.server, "The healthboard server's URL")
      ->capture_default_str();
  if (posts) {
    command.add_option("--token", options.token,
                       "Bearer token for the server's changes (default: $HEALTHBOARD_TOKEN)");
  }
}

}  // namespace

bool KubectlCommands::parsed() const {
  return get->parsed() || describe->parsed() || scale->parsed() || rollout_status->parsed() ||
         rollout_undo->parsed();
}

KubectlCommands add_kubectl_commands(CLI::App& app, KubectlOptions& options) {
  KubectlCommands commands;
  commands.get =
      app.add_subcommand("get", "List pods, services (Deployments) or events, as kubectl get");
  commands.get->add_option("RESOURCE", options.resource, "pods, services or events")
      ->required()
      ->check(CLI::IsMember({"pods", "services", "events"}));
  commands.get->add_option("-o,--output", options.output, "json: the server's answer as it is")
      ->check(CLI::IsMember({"json"}));
  add_connection_options(*commands.get, options, false);

  commands.describe = app.add_subcommand("describe", "Show a pod in detail, with its events");
  commands.describe->add_option("KIND", options.resource, "pod")
      ->required()
      ->check(CLI::IsMember({"pod"}));
  commands.describe->add_option("NAME", options.name, "The pod, e.g. ui-proxy-pod-1")->required();
  add_connection_options(*commands.describe, options, false);

  commands.scale = app.add_subcommand("scale", "Set a service's number of replicas");
  commands.scale->add_option("SERVICE", options.name, "The service, e.g. planner-sim")->required();
  commands.scale->add_option("--replicas", options.replicas, "The replicas wanted")
      ->required()
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos
                       ? ""
                       : "must be a whole number, 0 or more (the server checks the upper limit), "
                         "got '" +
                             text + "'";
          },
          "N"));
  add_connection_options(*commands.scale, options, true);

  CLI::App* rollout = app.add_subcommand("rollout", "A service's rollout: status or undo");
  rollout->require_subcommand(1);
  commands.rollout_status = rollout->add_subcommand(
      "status", "Wait until the rollout completes (exit 0) or exceeds its deadline (exit 1)");
  commands.rollout_status->add_option("SERVICE", options.name, "The service")->required();
  commands.rollout_status->add_flag("--watch,!--no-watch", options.watch,
                                    "Wait until it completes (default); --no-watch: print once");
  add_connection_options(*commands.rollout_status, options, false);
  commands.rollout_undo =
      rollout->add_subcommand("undo", "Roll the service back to its previous version");
  commands.rollout_undo->add_option("SERVICE", options.name, "The service")->required();
  add_connection_options(*commands.rollout_undo, options, true);
  return commands;
}

int run_kubectl(const KubectlCommands& commands, const KubectlOptions& given) {
  KubectlOptions options = given;
  if (options.token.empty()) {
    if (const char* token = std::getenv("HEALTHBOARD_TOKEN")) options.token = token;
  }
  try {
    Session session(options);
    if (commands.get->parsed()) return run_get(session, options);
    if (commands.describe->parsed()) return run_describe(session, options);
    if (commands.scale->parsed()) return run_scale(session, options);
    if (commands.rollout_status->parsed()) return run_rollout_status(session, options);
    return run_rollout_undo(session, options);
  } catch (const CallFailed& error) {
    std::cerr << error.what() << "\n";
  } catch (const AnswerError& error) {
    std::cerr << "healthboard: " << error.what() << "\n";
  }
  return 1;
}

}  // namespace hb::cli

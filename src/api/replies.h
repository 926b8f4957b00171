// What the handlers share to answer: JSON responses, and running a command on the lab.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <type_traits>

#include "api/errors.h"
#include "http/message.h"
#include "lab/lab_runner.h"

namespace hb::api {

inline http::Response json_response(const nlohmann::ordered_json& body, unsigned status = 200) {
  return http::Response{status, "application/json", body.dump(), {}, {}};
}

inline const core::PodReport* find_pod(const lab::Snapshot& snapshot, const std::string& id) {
  for (const auto& pod : snapshot.report.pods) {
    if (pod.id == id) return &pod;
  }
  return nullptr;
}

// Runs `command` (Cluster&, TimePoint) -> core::Result<T> on the lab's strand. When it
// succeeds, `answer` (const T&, const Snapshot&) -> JSON makes the reply from its value and the
// snapshot published right after it; when it fails, the reply is its error. A lab too far behind
// to take it answers 503 (refusal_response); a command or answer that throws, 500.
template <typename Command, typename Answer>
void run_command(lab::LabRunner& lab, Command command, Answer answer, http::Reply reply) {
  using Outcome = std::invoke_result_t<Command&, core::Cluster&, core::TimePoint>;
  auto outcome = std::make_shared<std::optional<Outcome>>();
  lab.execute([outcome, command](core::Cluster& cluster,
                                 core::TimePoint now) { outcome->emplace(command(cluster, now)); },
              [outcome, answer, reply](std::shared_ptr<const lab::Snapshot> snapshot) {
                std::optional<http::Response> response;
                try {
                  const Outcome& result = outcome->value();
                  response = result ? json_response(answer(result.value(), *snapshot))
                                    : error_response(result.error());
                } catch (const std::exception&) {
                  response = refusal_response(lab::CommandRefusal::kFailed);
                }
                reply(std::move(*response));
              },
              [reply](lab::CommandRefusal why) { reply(refusal_response(why)); });
}

}  // namespace hb::api

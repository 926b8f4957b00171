#include "experiment/virtual_target.h"

#include <stdexcept>

#include "core/slo.h"

namespace hb::experiment {

VirtualTarget::VirtualTarget(VirtualLabOptions options)
    : options_(std::move(options)),
      lab_(ioc_, options_.spec, options_.seed, std::chrono::milliseconds(100),
           lab::LabClock::kManual),
      api_(lab_) {
  api_.register_routes(router_);
  if (options_.warmup > core::Duration::zero()) pause(options_.warmup);
}

VirtualTarget::~VirtualTarget() = default;

void VirtualTarget::run_until(const bool& done) {
  ioc_.restart();
  while (!done) {
    // Nothing left to run and still no answer would be a handler that never replies.
    if (ioc_.run_one() == 0) throw std::logic_error("the virtual lab stopped without an answer");
  }
}

Answer VirtualTarget::call(std::string_view method, const std::string& path,
                           const std::optional<json>& body) {
  http::Request request;
  request.method = std::string(method);
  request.target = path;
  const auto question = path.find('?');
  request.path = path.substr(0, question);
  if (question != std::string::npos) request.query = path.substr(question + 1);
  if (body) {
    request.headers["content-type"] = "application/json";
    request.body = body->dump();
  }
  bool done = false;
  http::Response response;
  router_.dispatch(std::move(request), [&](http::Response answer) {
    response = std::move(answer);
    done = true;
  });
  run_until(done);
  Answer answer;
  answer.status = response.status;
  answer.body = json::parse(response.body, nullptr, false);
  if (answer.body.is_discarded()) answer.body = response.body;
  return answer;
}

std::string VirtualTarget::pause(core::Duration duration) {
  // Every answer comes from the snapshot published last, at the lab's time: advancing by
  // `duration` from there is exactly `duration` after the answer before.
  bool done = false;
  lab_.advance(duration, [&](std::shared_ptr<const lab::Snapshot>) { done = true; });
  run_until(done);
  return {};
}

json VirtualTarget::describe() const {
  return {{"kind", "virtual"},
          {"seed", options_.seed},
          {"config", options_.config.empty() ? json(nullptr) : json(options_.config)},
          {"warmup", core::window_name(options_.warmup)},
          {"tick_ms", 100}};
}

}  // namespace hb::experiment

#include "experiment/http_target.h"

#include <fmt/format.h>

#include <thread>

namespace hb::experiment {

core::Result<std::unique_ptr<HttpTarget>> HttpTarget::connect_to(
    const std::string& url, std::chrono::milliseconds timeout) {
  auto client = HttpClient::connect_to(url, timeout, "healthboard-experiment");
  if (!client) return client.error();
  return std::unique_ptr<HttpTarget>(new HttpTarget(std::move(client).value()));
}

HttpTarget::HttpTarget(std::unique_ptr<HttpClient> client) : client_(std::move(client)) {}

HttpTarget::~HttpTarget() = default;

namespace {

// How often a pause asks the server's lab time once it has slept.
constexpr std::chrono::milliseconds kCatchUpPoll{5};

std::string describe_failure(const std::string& path, const Answer& answer) {
  if (!answer.answered()) return answer.error;
  return fmt::format("GET {} answered {}", path, answer.status);
}

std::optional<double> lab_time_of(const Answer& answer) {
  if (!answer.ok() || !answer.body.is_object()) return std::nullopt;
  const auto it = answer.body.find("timestamp");
  if (it == answer.body.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

}  // namespace

Answer HttpTarget::call(std::string_view method, const std::string& path,
                        const std::optional<json>& body) {
  Answer answer = client_->call(method, path, body);
  if (answer.answered()) last_lab_time_ = lab_time_of(answer);
  return answer;
}

std::string HttpTarget::pause(core::Duration duration) {
  std::optional<double> from = last_lab_time_;
  if (!from) {
    const Answer health = call("GET", "/health", std::nullopt);
    from = lab_time_of(health);
    if (!from) return "cannot read the server's lab time: " + describe_failure("/health", health);
  }
  // The lab's time has a resolution of a microsecond; the sum in unix seconds may be off by less.
  const double until = *from + core::to_seconds(duration) - 0.5e-6;
  // Dropped, so that the long idle spells of an experiment never meet a stale connection.
  client_->close();
  std::this_thread::sleep_for(duration);
  // The server's lab clock ran on at least as long as this sleep did; its snapshot of that time
  // comes at the next tick or lifecycle change (docs/chaos.md).
  const auto deadline = std::chrono::steady_clock::now() + client_->timeout();
  while (true) {
    const Answer health = call("GET", "/health", std::nullopt);
    const std::optional<double> now = lab_time_of(health);
    if (!now) return "cannot read the server's lab time: " + describe_failure("/health", health);
    if (*now >= until) return {};
    if (std::chrono::steady_clock::now() >= deadline) {
      return fmt::format(
          "the server's lab time did not reach the end of the pause within {} ms: it is at {:.6f}, "
          "{:.6f} s short",
          client_->timeout().count(), *now, until - *now);
    }
    std::this_thread::sleep_for(kCatchUpPoll);
  }
}

json HttpTarget::describe() const {
  return {{"kind", "server"}, {"url", client_->url()}};
}

}  // namespace hb::experiment

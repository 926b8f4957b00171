#include "lab/lab_runner.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

namespace hb::lab {
namespace {

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

LabRunner::LabRunner(boost::asio::io_context& ioc, core::LabSpec spec, std::uint64_t seed,
                     std::chrono::milliseconds tick)
    : strand_(boost::asio::make_strand(ioc)),
      timer_(strand_),
      tick_(tick),
      started_(std::chrono::steady_clock::now()),
      start_unix_(unix_now()),
      cluster_(std::move(spec), seed, core::TimePoint{}) {
  publish();
}

core::TimePoint LabRunner::now() const {
  return core::TimePoint{
      std::chrono::duration_cast<core::Duration>(std::chrono::steady_clock::now() - started_)};
}

void LabRunner::publish() {
  auto next = std::make_shared<Snapshot>(Snapshot{cluster_.report(), start_unix_, ++version_});
  log_alert_changes(next->report);
  snapshot_.store(std::move(next));
}

void LabRunner::log_alert_changes(const core::LabReport& report) {
  const std::uint64_t fresh = report.alert_change_count - alert_changes_logged_;
  alert_changes_logged_ = report.alert_change_count;
  const std::size_t shown = std::min<std::size_t>(fresh, report.alert_changes.size());
  for (std::size_t i = shown; i-- > 0;) {  // oldest first
    const core::AlertStatus& alert = report.alert_changes[i].alert;
    const auto burn = [](const std::optional<double>& b) {
      return b ? fmt::format("{:.2f}", *b) : "none";
    };
    spdlog::log(alert.firing ? spdlog::level::warn : spdlog::level::info,
                "alert {} {} ({}) on {} {}: burn rate {} over {}, {} over {}, threshold {:.3g}",
                alert.rule->name, alert.firing ? "firing" : "resolved", alert.rule->severity,
                alert.slo, alert.sli, burn(alert.long_burn_rate),
                core::window_name(alert.rule->long_window), burn(alert.short_burn_rate),
                core::window_name(alert.rule->short_window), alert.threshold);
  }
}

void LabRunner::start() {
  boost::asio::post(strand_, [this] {
    next_tick_ = std::chrono::steady_clock::now();
    schedule_tick();
  });
}

void LabRunner::stop() {
  boost::asio::post(strand_, [this] {
    stopped_ = true;
    timer_.cancel();
  });
}

void LabRunner::schedule_tick() {
  if (stopped_) return;
  next_tick_ += tick_;
  timer_.expires_at(next_tick_);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (error || stopped_) return;
    cluster_.advance_to(now());
    publish();
    schedule_tick();
  });
}

void LabRunner::execute(Command command, Done done) {
  boost::asio::post(strand_, [this, command = std::move(command), done = std::move(done)] {
    command(cluster_, now());
    publish();
    done(snapshot());
  });
}

}  // namespace hb::lab

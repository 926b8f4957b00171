#include "lab/lab_runner.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <random>
#include <stdexcept>

namespace hb::lab {
namespace {

// 64 random bits in hex, new for every runner: the server instance's name.
std::string new_instance_id() {
  std::random_device device;
  const std::uint64_t bits = (std::uint64_t{device()} << 32) | device();
  return fmt::format("{:016x}", bits);
}

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

LabRunner::LabRunner(boost::asio::io_context& ioc, core::LabSpec spec, std::uint64_t seed,
                     std::chrono::milliseconds tick, LabClock clock)
    : strand_(boost::asio::make_strand(ioc)),
      timer_(strand_),
      tick_(tick),
      clock_(clock),
      started_(std::chrono::steady_clock::now()),
      start_unix_(unix_now()),
      instance_(new_instance_id()),
      cluster_(std::move(spec), seed, core::TimePoint{}) {
  publish();
}

core::TimePoint LabRunner::now() const {
  if (clock_ == LabClock::kManual) return manual_now_;
  return core::TimePoint{
      std::chrono::duration_cast<core::Duration>(std::chrono::steady_clock::now() - started_)};
}

void LabRunner::publish() {
  if (!events_ || events_logged_ != cluster_.events().count()) {
    log_new_events();
    events_ = std::make_shared<const std::deque<core::LabEvent>>(cluster_.events().events());
  }
  if (!history_ || history_->count() != cluster_.history().count()) {
    history_ = std::make_shared<const core::History>(cluster_.history());
  }
  snapshot_.store(std::make_shared<const Snapshot>(
      Snapshot{cluster_.report(), start_unix_, instance_, ++version_, events_, history_}));
}

void LabRunner::log_new_events() {
  const auto& events = cluster_.events().events();
  for (const core::LabEvent& event : events) {
    if (event.id <= events_logged_) continue;
    const bool warning = event.level == core::EventLevel::kWarning;
    spdlog::log(warning ? spdlog::level::warn : spdlog::level::info, "{}", event.message);
  }
  events_logged_ = cluster_.events().count();
}

void LabRunner::start() {
  if (clock_ == LabClock::kManual) return;
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

void LabRunner::advance(core::Duration by, Done done) {
  if (clock_ != LabClock::kManual) {
    throw std::logic_error("LabRunner::advance needs a runner with a manual clock");
  }
  boost::asio::post(strand_, [this, by, done = std::move(done)] {
    const core::TimePoint until = manual_now_ + by;
    while (manual_now_ < until) {
      manual_now_ =
          std::min(manual_now_ + std::chrono::duration_cast<core::Duration>(tick_), until);
      cluster_.advance_to(manual_now_);
    }
    publish();
    done(snapshot());
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

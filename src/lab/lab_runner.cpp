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

constexpr core::Duration kSaveEvery = std::chrono::seconds(1);

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

LabRunner::Anchor LabRunner::anchor(const Resumption* resume, LabClock clock) {
  const double now = unix_now();
  if (resume == nullptr) return {core::TimePoint{}, now};
  if (clock == LabClock::kManual) {
    throw std::logic_error("LabRunner: only a steady-clock lab resumes");
  }
  const core::TimePoint anchored{core::from_seconds(now - resume->start_unix)};
  if (anchored >= resume->saved.at) return {anchored, resume->start_unix};
  spdlog::warn(
      "the wall clock is behind the lab's last save by {:.3f} s; the lab carries on "
      "from its last save",
      core::to_seconds(resume->saved.at - anchored));
  return {resume->saved.at, now - core::to_seconds(resume->saved.at.time_since_epoch())};
}

LabRunner::LabRunner(boost::asio::io_context& ioc, core::LabSpec spec, std::uint64_t seed,
                     std::chrono::milliseconds tick, LabClock clock, const Resumption* resume)
    : strand_(boost::asio::make_strand(ioc)),
      timer_(strand_),
      tick_(tick),
      clock_(clock),
      anchor_(anchor(resume, clock)),
      started_(std::chrono::steady_clock::now() -
               std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                   anchor_.lab_start.time_since_epoch())),
      instance_(new_instance_id()),
      cluster_(resume ? core::Cluster(std::move(spec), seed, anchor_.lab_start, resume->saved)
                      : core::Cluster(std::move(spec), seed, core::TimePoint{})),
      seed_(seed),
      last_save_lab_time_(anchor_.lab_start),
      // What the earlier run logged is not logged again; the ends in the downtime and the
      // resumption are.
      events_logged_(resume ? resume->saved.event_count : 0),
      caught_up_((started_ + anchor_.lab_start.time_since_epoch()).time_since_epoch().count()) {
  publish();
}

void LabRunner::feed_from(TrafficSource& source) {
  if (clock_ == LabClock::kManual) {
    throw std::logic_error("LabRunner: a real lab's traffic runs in real time only");
  }
  source_ = &source;
  source_->enforce(cluster_);  // the faults a resumed lab kept
}

void LabRunner::keep_in(LabStore& store) {
  store_ = &store;
}

core::Status LabRunner::save_now() {
  if (store_ == nullptr) return core::Done{};
  // What the producer reported since the last wake-up is kept too (a server that stops saves
  // the requests its proxies answered last).
  if (source_ != nullptr) source_->deliver(cluster_, started_);
  last_save_lab_time_ = cluster_.now();
  const double now = unix_now();
  auto saved = store_->save(cluster_, anchor_.start_unix, seed_, now);
  if (saved) saved_unix_.store(now);
  return saved;
}

std::optional<double> LabRunner::last_saved() const {
  const double at = saved_unix_.load();
  if (at < 0) return std::nullopt;
  return at;
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
  auto snapshot = std::make_shared<const Snapshot>(
      Snapshot{cluster_.report(), anchor_.start_unix, instance_, ++version_, events_, history_});
  snapshot_.store(snapshot);
  if (listener_) listener_(snapshot);
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
    if (stopped_) return;
    running_ = true;
    next_tick_ = std::chrono::steady_clock::now() + tick_;
    arm_timer();
  });
}

void LabRunner::stop() {
  boost::asio::post(strand_, [this] {
    stopped_ = true;
    running_ = false;
    timer_.cancel();
  });
}

void LabRunner::arm_timer() {
  if (!running_) return;
  auto at = next_tick_;
  if (const auto change = cluster_.next_lifecycle_instant()) {
    at = std::min(at, started_ + change->time_since_epoch());
  }
  // Re-arming cancels the wait before; a wake-up already queued for it is told apart by number.
  const std::uint64_t arming = ++armings_;
  timer_.expires_at(at);
  timer_.async_wait([this, arming](const boost::system::error_code& error) {
    if (error || !running_ || arming != armings_) return;
    wake();
  });
}

void LabRunner::wake() {
  const auto woke = std::chrono::steady_clock::now();
  // A tick that throws does not end the lab: it ticks again, and lags until a tick succeeds.
  try {
    if (source_ != nullptr) source_->deliver(cluster_, started_);
    const core::TimePoint lab_now = now();
    cluster_.advance_to(lab_now);
    if (source_ != nullptr) source_->enforce(cluster_);
    caught_up_.store((started_ + lab_now.time_since_epoch()).time_since_epoch().count());
    publish();
    if (store_ != nullptr && lab_now - last_save_lab_time_ >= kSaveEvery) save();
  } catch (const std::exception& e) {
    report_failure(e.what(), "a tick");
  } catch (...) {
    report_failure("unknown exception", "a tick");
  }
  if (woke >= next_tick_) next_tick_ += tick_;  // a tick, not only a lifecycle change
  arm_timer();
}

void LabRunner::save() {
  // A save that fails (a full disk) is tried again at the next second; the lab carries on.
  if (auto saved = save_now(); !saved && save_failures_++ % 60 == 0) {
    spdlog::error("lab: saving to {} failed ({} so far), trying again each second: {}",
                  store_->dir(), save_failures_, saved.error().detail);
  }
}

void LabRunner::report_failure(const char* what, const char* during) {
  if (failures_++ % 100 == 0) {
    spdlog::error("lab: {} threw ({} so far), carrying on: {}", during, failures_, what);
  }
}

core::Duration LabRunner::lag(std::chrono::steady_clock::time_point at) const {
  if (clock_ == LabClock::kManual) return core::Duration::zero();
  const std::chrono::steady_clock::time_point caught_up{
      std::chrono::steady_clock::duration(caught_up_.load())};
  return std::max(core::Duration::zero(),
                  std::chrono::duration_cast<core::Duration>(at - caught_up));
}

void LabRunner::limit_commands(CommandLimits limits, boost::asio::any_io_executor timers) {
  limits_ = limits;
  deadline_timers_ = std::move(timers);
}

core::TimePoint LabRunner::next_tick_after(core::TimePoint at) const {
  const auto tick = std::chrono::duration_cast<core::Duration>(tick_);
  return core::TimePoint{(at.time_since_epoch() / tick + 1) * tick};
}

void LabRunner::advance(core::Duration by, Done done) {
  if (clock_ != LabClock::kManual) {
    throw std::logic_error("LabRunner::advance needs a runner with a manual clock");
  }
  boost::asio::post(strand_, [this, by, done = std::move(done)] {
    const core::TimePoint until = manual_now_ + by;
    bool published = false;
    while (manual_now_ < until) {
      core::TimePoint step = std::min(next_tick_after(manual_now_), until);
      const auto change = cluster_.next_lifecycle_instant();
      const bool lifecycle = change && *change <= step;
      if (lifecycle) step = std::max(*change, manual_now_);
      manual_now_ = step;
      cluster_.advance_to(manual_now_);
      if (lifecycle) publish();
      published = lifecycle;
    }
    if (!published) publish();
    done(snapshot());
  });
}

namespace {
// A command's race between the strand and its deadline: the first to move it from kWaiting
// decides whether it is applied.
enum CommandState : int { kWaiting, kStarted, kExpired };
}  // namespace

void LabRunner::execute(Command command, Done done, Refused refused) {
  const bool limited = static_cast<bool>(refused);
  if (limited && limits_.max_queued != 0 && queued_.load() >= limits_.max_queued) {
    return refused(CommandRefusal::kQueueFull);
  }
  auto state = std::make_shared<std::atomic<int>>(kWaiting);
  if (limited && limits_.deadline.count() > 0 && deadline_timers_) {
    auto timer = std::make_shared<boost::asio::steady_timer>(deadline_timers_, limits_.deadline);
    // Not cancelled when the command starts (the timer is not the strand's to touch): it fires
    // and finds the command started.
    timer->async_wait([timer, state, refused](const boost::system::error_code& error) {
      int waiting = kWaiting;
      if (!error && state->compare_exchange_strong(waiting, kExpired)) {
        refused(CommandRefusal::kTooLate);
      }
    });
  }
  queued_.fetch_add(1);
  boost::asio::post(strand_, [this, state, command = std::move(command), done = std::move(done),
                              refused = std::move(refused)] {
    queued_.fetch_sub(1);
    int waiting = kWaiting;
    if (!state->compare_exchange_strong(waiting, kStarted)) return;  // answered: not applied
    bool failed = false;
    try {
      if (source_ != nullptr) source_->deliver(cluster_, started_);  // what came before it
      command(cluster_, now());
      if (source_ != nullptr) source_->enforce(cluster_);
    } catch (const std::exception& e) {
      spdlog::error("lab: a command threw, carrying on: {}", e.what());
      failed = true;
    } catch (...) {
      spdlog::error("lab: a command threw, carrying on");
      failed = true;
    }
    try {
      publish();
    } catch (const std::exception& e) {
      report_failure(e.what(), "a publication");
    }
    arm_timer();
    try {
      if (failed && refused) return refused(CommandRefusal::kFailed);
      done(snapshot());
    } catch (const std::exception& e) {
      spdlog::error("lab: answering a command threw: {}", e.what());
    }
  });
}

void LabRunner::on_publish(Done listener) {
  listener_ = std::move(listener);
}

}  // namespace hb::lab

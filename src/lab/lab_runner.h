// Runs the cluster: one strand owns it, advances it tick by tick, applies commands in one place
// and publishes a snapshot after each tick, each command and each lifecycle change (a pod's
// start-up ending, a dead pod leaving the endpoints, a timed fault or partition ending), at the
// instant the cluster says it happens, so that no snapshot shows a change late by up to a tick.
// Its time comes from the steady clock (`serve`: a timer wakes it) or from a manual clock that
// moves only when advance() is called (experiments in virtual time: thirty lab minutes in
// seconds, through the same code).
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include "core/cluster.h"
#include "lab/lab_store.h"
#include "lab/snapshot.h"
#include "lab/traffic_source.h"

namespace hb::lab {

// Where the lab's time comes from.
enum class LabClock {
  kSteady,  // real time since construction; start() runs a timer that ticks the lab
  kManual,  // virtual time from zero; the lab moves only through advance()
};

// Bounds on the commands waiting for the strand (serve): a lab that lags answers "not now"
// rather than piling up work and callers.
struct CommandLimits {
  std::size_t max_queued = 0;             // commands waiting at once; 0: no bound
  std::chrono::milliseconds deadline{0};  // longest wait for the strand; 0: none
};

// Why a command was not applied.
enum class CommandRefusal {
  kQueueFull,  // max_queued commands were already waiting
  kTooLate,    // it waited longer than the deadline (it is then never applied)
  kFailed,     // it threw: the lab carries on, the command's effect may be partial
};

class LabRunner {
 public:
  using Command = std::function<void(core::Cluster& cluster, core::TimePoint now)>;
  using Done = std::function<void(std::shared_ptr<const Snapshot>)>;
  using Refused = std::function<void(CommandRefusal)>;

  // With `resume` (a steady clock only), the lab carries on from a checkpoint: at the start its
  // time is anchored again to the wall clock of its first start, so the time the server was down
  // is a downtime in lab time too (see core::Cluster's resuming constructor). While it runs, lab
  // time follows the steady clock, which stops while the machine sleeps (suspend), so a lab
  // that slept runs behind the wall clock until its next start. Should the wall clock have gone
  // back past the checkpoint, the lab carries on from the checkpoint's time, with no downtime.
  LabRunner(boost::asio::io_context& ioc, core::LabSpec spec, std::uint64_t seed,
            std::chrono::milliseconds tick = std::chrono::milliseconds(100),
            LabClock clock = LabClock::kSteady, const Resumption* resume = nullptr);

  // Starts and stops the timer of a steady-clock runner; no-ops on a manual one.
  void start();
  void stop();

  // Manual clock only: moves lab time on by `by`, advancing the cluster as the timer would: to
  // every tick (multiples of the tick from lab time zero) and every lifecycle change in between
  // (alerts and statuses are evaluated after every advance, so the steps matter). Publishes a
  // snapshot at each lifecycle change and at the end, and hands the last one to `done` on the
  // strand. The snapshots of plain ticks in between are not made: nothing could read them.
  void advance(core::Duration by, Done done);

  // Saves the lab in `store` once a second of lab time (on the strand, after a tick), from the
  // next tick on. Set it before start(); `store` must outlive the runner's use of it.
  void keep_in(LabStore& store);
  // Measures the request outcomes of `source` (a real lab's proxy) at every wake-up, and puts the
  // lab's faults in force on it after every wake-up and command. Set it before start(); `source`
  // must outlive the runner's use of it. A steady clock only.
  void feed_from(TrafficSource& source);
  // Saves the lab now, with what its TrafficSource reported until then. Call it once the lab's
  // thread has stopped (or on the strand): a server that shuts down keeps what its last commands
  // did and the last requests its proxies answered.
  core::Status save_now();
  // The wall clock (unix seconds) of the last save that was written; none without a store or
  // before the first. Safe from any thread.
  std::optional<double> last_saved() const;

  // The latest published snapshot; never null. Safe from any thread.
  std::shared_ptr<const Snapshot> snapshot() const { return snapshot_.load(); }

  // Runs `command` on the lab's strand with the current time, publishes a fresh snapshot and
  // hands it to `done` (on the strand). When the limits refuse it, or it throws, `refused` is
  // called instead (on the strand, at once, or from the deadline's timer); exactly one of the two
  // is called. Without `refused`, the limits do not apply and a command that throws still gets
  // `done`.
  void execute(Command command, Done done, Refused refused = {});

  // Bounds the commands given a `refused` callback (see CommandLimits). The deadline's timers
  // run on `timers`, which must stay responsive while the lab's strand is busy (another thread).
  // Set it before start().
  void limit_commands(CommandLimits limits, boost::asio::any_io_executor timers);

  // Commands posted to the strand and not yet begun. Safe from any thread.
  std::size_t queued_commands() const { return queued_.load(); }

  // How far the lab is behind real time as seen at `at`: the time since the lab last caught up
  // with the steady clock (a tick normally, so up to a tick and the tick's own duration when all
  // is well). Zero for a manual clock. Safe from any thread.
  core::Duration lag(std::chrono::steady_clock::time_point at) const;
  core::Duration lag() const { return lag(std::chrono::steady_clock::now()); }

  // `listener` is called on the strand with every snapshot published from then on (tests watch
  // the publications with it). Set it before start(), advance() or execute().
  void on_publish(Done listener);

 private:
  core::TimePoint now() const;
  void publish();
  // Logs the events that happened since the last publication.
  void log_new_events();
  // Steady clock: sets the timer to the next tick or the cluster's next lifecycle change,
  // whichever comes first. Called again after every wake-up and command (a command may bring a
  // lifecycle change closer).
  void arm_timer();
  void wake();
  // Saves to the store, logging a failure (the first, then one a minute).
  void save();
  // Logs a tick or a publication that threw (the first, then one in every hundred).
  void report_failure(const char* what, const char* during);
  // Manual clock: the tick after `at`.
  core::TimePoint next_tick_after(core::TimePoint at) const;

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer timer_;
  std::chrono::milliseconds tick_;
  LabClock clock_;
  core::TimePoint manual_now_{};  // the manual clock's time; unused with the steady clock
  // Lab time at construction (zero unless resumed) and the wall clock of lab time zero.
  struct Anchor {
    core::TimePoint lab_start;
    double start_unix;
  };
  static Anchor anchor(const Resumption* resume, LabClock clock);
  Anchor anchor_;
  std::chrono::steady_clock::time_point started_;    // the steady clock's lab time zero
  std::chrono::steady_clock::time_point next_tick_;  // ticks keep their cadence when one runs late
  bool running_ = false;                             // start() was called, stop() was not
  std::uint64_t armings_ = 0;  // a wake-up of an older arming of the timer is ignored
  std::string instance_;
  core::Cluster cluster_;
  std::uint64_t seed_;
  LabStore* store_ = nullptr;
  TrafficSource* source_ = nullptr;
  core::TimePoint last_save_lab_time_;  // of the last save tried
  std::uint64_t save_failures_ = 0;
  std::atomic<double> saved_unix_{-1.0};  // negative: never saved
  std::uint64_t version_ = 0;
  std::uint64_t events_logged_ = 0;
  std::shared_ptr<const std::deque<core::LabEvent>> events_;  // as last published
  std::shared_ptr<const core::History> history_;              // as last published
  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
  Done listener_;
  bool stopped_ = false;
  // Steady-clock time the lab last caught up to, as ticks of the steady clock.
  std::atomic<std::chrono::steady_clock::rep> caught_up_;
  std::atomic<std::size_t> queued_{0};
  CommandLimits limits_;
  boost::asio::any_io_executor deadline_timers_;
  std::uint64_t failures_ = 0;  // ticks and publications that threw
};

}  // namespace hb::lab

// The experiment's target is a lab in this process, in virtual time: the same http::Router,
// api::Api handlers and lab::LabRunner as `serve`, with the runner on a manual clock. A call goes
// through the very handlers and validation a server runs, without a socket; a pause advances
// lab time in the runner's 100 ms ticks as fast as the machine computes them.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>

#include "api/routes.h"
#include "core/lab_spec.h"
#include "experiment/target.h"
#include "http/router.h"
#include "lab/lab_runner.h"

namespace hb::experiment {

struct VirtualLabOptions {
  core::LabSpec spec = core::default_lab_spec();
  std::uint64_t seed = 42;
  // How long the lab runs before the experiment starts, as a server would have been running:
  // figures over the last seconds and minutes need traffic to exist.
  core::Duration warmup = std::chrono::minutes(1);
  std::string config;  // the --config file, for the journal; empty: the default lab
};

class VirtualTarget : public Target {
 public:
  explicit VirtualTarget(VirtualLabOptions options);
  ~VirtualTarget() override;

  Answer call(std::string_view method, const std::string& path,
              const std::optional<json>& body) override;
  std::string pause(core::Duration duration) override;
  json describe() const override;

 private:
  // Runs the io_context until `done` is set; the lab's strand does its work on this thread.
  void run_until(const bool& done);

  VirtualLabOptions options_;
  boost::asio::io_context ioc_;
  lab::LabRunner lab_;
  api::Api api_;
  http::Router router_;
};

}  // namespace hb::experiment

// The HTTP API: thin handlers that parse and validate, hand commands to the lab, and serialise
// snapshots. Reads never wait for the lab; writes are answered once the lab applied them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "api/body_cache.h"
#include "http/router.h"
#include "lab/lab_runner.h"

namespace hb::api {

struct ApiOptions {
  // GET /readyz answers 503 when the lab is further than this behind real time.
  core::Duration max_lag = std::chrono::seconds(5);
};

class Api {
 public:
  explicit Api(lab::LabRunner& lab, ApiOptions options = {}) : lab_(lab), options_(options) {}

  // Adds every route of the API to `router`; the Api must outlive it.
  void register_routes(http::Router& router);

 private:
  void health(http::Request request, http::Reply reply) const;
  void readyz(http::Request request, http::Reply reply) const;
  void index(http::Request request, http::Reply reply) const;
  void lab(http::Request request, http::Reply reply) const;
  void stream(http::Request request, http::Reply reply) const;
  void history(http::Request request, http::Reply reply) const;
  void events(http::Request request, http::Reply reply) const;
  void pods(http::Request request, http::Reply reply) const;
  void pod(http::Request request, http::Reply reply) const;
  void services(http::Request request, http::Reply reply) const;
  // Fault commands, in fault_routes.cpp.
  void fault(http::Request request, http::Reply reply);
  void fault_service(http::Request request, http::Reply reply);
  void clear_fault(http::Request request, http::Reply reply);
  void partition(http::Request request, http::Reply reply);
  void heal(http::Request request, http::Reply reply);
  void reset(http::Request request, http::Reply reply);
  void restart(http::Request request, http::Reply reply);
  // The Deployments (deployment_routes.cpp).
  void scale(http::Request request, http::Reply reply);
  void start_rollout(http::Request request, http::Reply reply);
  void undo_rollout(http::Request request, http::Reply reply);
  void rollout_status(http::Request request, http::Reply reply) const;
  void faults(http::Request request, http::Reply reply) const;
  void slo(http::Request request, http::Reply reply) const;
  void alerts(http::Request request, http::Reply reply) const;
  void metrics(http::Request request, http::Reply reply);
  void legacy_metrics(http::Request request, http::Reply reply) const;

  // The bodies of the latest snapshot, each serialised once on its first read and shared by
  // every reader (GET /lab, /pods, /metrics, ... and every /stream).
  std::shared_ptr<const SnapshotBodies> bodies() const { return cache_.bodies(lab_.snapshot()); }

  lab::LabRunner& lab_;
  ApiOptions options_;
  BodyCache cache_;
  std::atomic<std::uint64_t> scrapes_{0};
  std::atomic<double> last_scrape_seconds_{0.0};
};

}  // namespace hb::api

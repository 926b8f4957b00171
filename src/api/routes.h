// The HTTP API: thin handlers that parse and validate, hand commands to the lab, and serialise
// snapshots. Reads never wait for the lab; writes are answered once the lab applied them.
#pragma once

#include <atomic>
#include <cstdint>

#include "http/router.h"
#include "lab/lab_runner.h"

namespace hb::api {

class Api {
 public:
  explicit Api(lab::LabRunner& lab) : lab_(lab) {}

  // Adds every route of the API to `router`; the Api must outlive it.
  void register_routes(http::Router& router);

 private:
  void health(http::Request request, http::Reply reply) const;
  void index(http::Request request, http::Reply reply) const;
  void pods(http::Request request, http::Reply reply) const;
  void pod(http::Request request, http::Reply reply) const;
  void services(http::Request request, http::Reply reply) const;
  void fault(http::Request request, http::Reply reply);
  void restart(http::Request request, http::Reply reply);
  void slo(http::Request request, http::Reply reply) const;
  void alerts(http::Request request, http::Reply reply) const;
  void metrics(http::Request request, http::Reply reply);
  void legacy_metrics(http::Request request, http::Reply reply) const;

  lab::LabRunner& lab_;
  std::atomic<std::uint64_t> scrapes_{0};
  std::atomic<double> last_scrape_seconds_{0.0};
};

}  // namespace hb::api

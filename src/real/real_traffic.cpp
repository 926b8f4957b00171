#include "real/real_traffic.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

namespace hb::real {
namespace {

// Requests and readiness changes that may wait for the lab's strand at once: about 30 s of
// 30,000 requests a second. Beyond it (a lab that has stopped ticking) they are dropped, and
// their number logged at the next delivery, so that memory stays bounded.
constexpr std::size_t kInboxLimit = 1'000'000;

struct HostPort {
  std::string host;
  std::uint16_t port;
};

// An address core::validate_loopback_address accepted.
HostPort split(const std::string& address) {
  const std::size_t colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  if (host == "localhost") host = "127.0.0.1";
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {host, static_cast<std::uint16_t>(std::stoul(address.substr(colon + 1)))};
}

std::string joined(const HostPort& at) {
  return at.host.find(':') != std::string::npos ? "[" + at.host + "]:" + std::to_string(at.port)
                                                : at.host + ":" + std::to_string(at.port);
}

// The service's readiness probe as the proxy's health check; none without a probe (its
// endpoints are then ready from the start, as a pod without a readiness probe is).
std::optional<proxy::HealthCheckOptions> health_check(const core::ServiceSpec& service) {
  const auto& probe = service.workload.probes.readiness;
  if (!probe) return std::nullopt;
  const auto ms = [](double seconds) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
  };
  return proxy::HealthCheckOptions{
      .path = service.real->health_path,
      .initial_delay = ms(probe->initial_delay_s),
      .period = ms(probe->period_s),
      .timeout = ms(probe->timeout_s),
      .success_threshold = static_cast<unsigned>(probe->success_threshold),
      .failure_threshold = static_cast<unsigned>(probe->failure_threshold)};
}

// The status a request counts with: the one its client got, except when the answer broke off
// after its head (the client got less than the endpoint's answer): a failure of the upstream
// counts as the proxy's 502 or 504 would have, as nginx logs it.
int measured_status(const proxy::Outcome& outcome) {
  switch (outcome.stream_error) {
    case proxy::StreamError::upstream:
      return 502;
    case proxy::StreamError::upstream_timeout:
      return 504;
    case proxy::StreamError::client:  // the client's doing: what it was sent, or 499
    case proxy::StreamError::none:
      break;
  }
  return static_cast<int>(outcome.status);
}

proxy::Faults faults_of(const core::FaultSpec& fault, const core::RealServiceSpec& service) {
  return {.delay = std::chrono::milliseconds(fault.delay_ms),
          .jitter = std::chrono::milliseconds(fault.jitter_ms),
          .error_rate = fault.error_rate,
          .error_status = static_cast<unsigned>(service.error_status),
          .killed = fault.kill};
}

}  // namespace

RealTraffic::RealTraffic(boost::asio::io_context& ioc, const core::LabSpec& spec,
                         std::uint64_t seed, RealTrafficOptions options) {
  for (std::size_t s = 0; s < spec.services.size(); ++s) {
    const core::ServiceSpec& service = spec.services[s];
    services_.push_back(*service.real);
    const HostPort listen = split(service.real->listen);
    proxy::ProxyOptions proxy{.host = listen.host,
                              .port = listen.port,
                              .upstream_timeout = std::chrono::milliseconds(service.timeout_ms),
                              .max_connections = options.max_connections,
                              .health = health_check(service)};
    proxy.header_faults = options.header_faults;
    for (std::size_t e = 0; e < service.real->endpoints.size(); ++e) {
      proxy.endpoints.push_back(
          {service.real->endpoints[e], service.name + "-pod-" + std::to_string(e + 1)});
    }
    proxy.on_ready_change = [this, s](std::size_t endpoint, bool ready) {
      add({Happening::Kind::kReadiness,
           std::chrono::steady_clock::now(),
           s,
           endpoint,
           {},
           0,
           ready});
    };
    proxy.on_routed = [this, s](std::size_t endpoint) { return route(s, endpoint); };
    auto on_outcome = [this, s](const proxy::Outcome& outcome) {
      std::optional<std::size_t> endpoint;
      if (outcome.endpoint != proxy::kNoEndpoint) endpoint = outcome.endpoint;
      add({Happening::Kind::kAnswered, std::chrono::steady_clock::now(), s, endpoint,
           outcome.latency, measured_status(outcome), false, outcome.routed});
    };
    // Each proxy draws its jitter and errors from a generator of its own, seeded from the lab's.
    proxies_.push_back(std::make_unique<proxy::ServiceProxy>(
        ioc, std::move(proxy), core::Rng(seed + 0x9e3779b97f4a7c15ULL * (s + 1)),
        std::move(on_outcome)));
    enforced_.emplace_back(service.real->endpoints.size());
    readiness_set_.emplace_back(service.real->endpoints.size(), -1);
    health_checked_.push_back(service.workload.probes.readiness.has_value());
  }
  for (auto& proxy : proxies_) proxy->start();
}

RealTraffic::~RealTraffic() {
  stop();
}

void RealTraffic::stop() {
  for (auto& proxy : proxies_) proxy->stop();
}

core::LabSpec RealTraffic::bound(core::LabSpec spec) const {
  for (std::size_t s = 0; s < spec.services.size(); ++s) {
    HostPort listen = split(services_[s].listen);
    listen.port = proxies_[s]->port();
    spec.services[s].real->listen = joined(listen);
  }
  return spec;
}

void RealTraffic::add(const Happening& happening) {
  std::lock_guard lock(inbox_mutex_);
  const bool owed = happening.kind == Happening::Kind::kAnswered && happening.routed != 0;
  if (inbox_.size() >= kInboxLimit && !owed) {
    ++dropped_;
    return;
  }
  inbox_.push_back(happening);
}

std::uint64_t RealTraffic::route(std::size_t service, std::size_t endpoint) {
  std::lock_guard lock(inbox_mutex_);
  if (inbox_.size() >= kInboxLimit) {
    ++dropped_;
    return 0;
  }
  const std::uint64_t number = ++routed_;
  inbox_.push_back({Happening::Kind::kRouted,
                    std::chrono::steady_clock::now(),
                    service,
                    endpoint,
                    {},
                    0,
                    false,
                    number});
  return number;
}

void RealTraffic::deliver(core::Cluster& cluster, std::chrono::steady_clock::time_point lab_zero) {
  delivering_.clear();
  std::uint64_t dropped = 0;
  {
    std::lock_guard lock(inbox_mutex_);
    std::swap(inbox_, delivering_);
    std::swap(dropped, dropped_);
  }
  if (dropped > 0) {
    spdlog::warn(
        "real lab: {} requests or readiness changes waited for the lab; {} more were "
        "not measured",
        kInboxLimit, dropped);
  }
  // Connections answer in parallel: put them in the order they happened.
  std::stable_sort(delivering_.begin(), delivering_.end(),
                   [](const Happening& a, const Happening& b) { return a.at < b.at; });
  for (const Happening& happening : delivering_) {
    const core::TimePoint at{std::chrono::duration_cast<core::Duration>(
        std::max(happening.at - lab_zero, std::chrono::steady_clock::duration::zero()))};
    switch (happening.kind) {
      case Happening::Kind::kReadiness:
        cluster.set_endpoint_ready(happening.service, *happening.endpoint, happening.ready, at);
        break;
      case Happening::Kind::kRouted:
        in_flight_.emplace(happening.routed,
                           cluster.observe_start(happening.service, *happening.endpoint, at));
        break;
      case Happening::Kind::kAnswered: {
        std::optional<core::Cluster::ObservedStart> started;
        if (const auto it = in_flight_.find(happening.routed); it != in_flight_.end()) {
          started = it->second;
          in_flight_.erase(it);
        }
        cluster.observe({.service = happening.service,
                         .endpoint = happening.endpoint,
                         .end = at,
                         .latency = std::chrono::duration_cast<core::Duration>(happening.latency),
                         .code = happening.code,
                         .started = started});
        break;
      }
    }
  }
}

void RealTraffic::enforce(const core::Cluster& cluster) {
  for (const core::Pod& pod : cluster.pods()) {
    const auto endpoint = static_cast<std::size_t>(pod.number - 1);
    proxy::ServiceProxy& proxy = *proxies_.at(pod.service);
    const proxy::Faults faults = faults_of(pod.fault, services_[pod.service]);
    if (enforced_[pod.service].at(endpoint) != faults) {
      proxy.set_faults(endpoint, faults);
      enforced_[pod.service][endpoint] = faults;
    }
    const int ready = pod.in_endpoints ? 1 : 0;
    if (!health_checked_[pod.service] && readiness_set_[pod.service][endpoint] != ready) {
      proxy.set_ready(endpoint, pod.in_endpoints);
      readiness_set_[pod.service][endpoint] = ready;
    }
  }
}

}  // namespace hb::real

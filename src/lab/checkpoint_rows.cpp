#include "lab/checkpoint_rows.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/lab_spec.h"

namespace hb::lab {
namespace {

using core::Duration;
using core::TimePoint;
using nlohmann::json;

std::int64_t micros(TimePoint at) {
  return at.time_since_epoch().count();
}
TimePoint at_micros(const json& value) {
  return TimePoint{Duration{value.get<std::int64_t>()}};
}
json optional_micros(const std::optional<TimePoint>& at) {
  return at ? json(micros(*at)) : json(nullptr);
}
std::optional<TimePoint> optional_at(const json& value) {
  if (value.is_null()) return std::nullopt;
  return at_micros(value);
}
template <typename T>
json optional_value(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}
template <typename T>
std::optional<T> optional_of(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<T>();
}

// The value a name stands for, or an exception naming what did not read.
template <typename T>
T named(std::optional<T> value, std::string_view what, const std::string& name) {
  if (!value) throw std::invalid_argument(fmt::format("unknown {} '{}'", what, name));
  return *value;
}

json fault_json(const core::FaultSpec& fault) {
  return {{"delay_ms", fault.delay_ms},
          {"jitter_ms", fault.jitter_ms},
          {"error_rate", fault.error_rate},
          {"kill", fault.kill},
          {"crash_loop", fault.crash_loop}};
}
core::FaultSpec fault_of(const json& j) {
  return {j.at("delay_ms").get<std::int64_t>(), j.at("jitter_ms").get<std::int64_t>(),
          j.at("error_rate").get<double>(), j.at("kill").get<bool>(),
          j.at("crash_loop").get<bool>()};
}
json patch_json(const core::FaultPatch& patch) {
  return {{"delay_ms", optional_value(patch.delay_ms)},
          {"jitter_ms", optional_value(patch.jitter_ms)},
          {"error_rate", optional_value(patch.error_rate)},
          {"kill", optional_value(patch.kill)},
          {"crash_loop", optional_value(patch.crash_loop)}};
}
core::FaultPatch patch_of(const json& j) {
  return {.delay_ms = optional_of<std::int64_t>(j.at("delay_ms")),
          .jitter_ms = optional_of<std::int64_t>(j.at("jitter_ms")),
          .error_rate = optional_of<double>(j.at("error_rate")),
          .kill = optional_of<bool>(j.at("kill")),
          .crash_loop = optional_of<bool>(j.at("crash_loop"))};
}

json state_json(const core::LabCheckpoint& c) {
  json j{{"at_us", micros(c.at)},        {"data_since_us", micros(c.data_since)},
         {"event_count", c.event_count}, {"history_count", c.history_count},
         {"downtimes", json::array()},   {"services", json::array()},
         {"pods", json::array()},        {"partitions", json::array()},
         {"alerts", json::array()}};
  for (const core::Downtime& down : c.downtimes) {
    j["downtimes"].push_back({micros(down.from), micros(down.to)});
  }
  for (const core::ServiceCheckpoint& s : c.services) {
    json releases = json::array();
    for (const core::ReleaseCheckpoint& r : s.releases) {
      releases.push_back({{"name", r.name},
                          {"latency_median_ms", r.latency_median_ms},
                          {"latency_sigma", r.latency_sigma},
                          {"error_rate", r.error_rate}});
    }
    json pods = json::array();
    for (const core::PodSlot& pod : s.pods) pods.push_back({pod.number, pod.release});
    j["services"].push_back({{"name", s.name},
                             {"desired", s.desired},
                             {"releases", releases},
                             {"release", s.release},
                             {"revision", s.revision},
                             {"previous", optional_value(s.previous)},
                             {"rollout",
                              {{"state", core::to_string(s.rollout.state)},
                               {"reason", s.rollout.reason},
                               {"message", s.rollout.message},
                               {"started_at_us", micros(s.rollout.started_at)},
                               {"updated_ready", s.rollout.updated_ready}}},
                             {"pods", pods}});
  }
  for (const core::PodCheckpoint& p : c.pods) {
    json timed = json::array();
    for (const core::TimedFault& t : p.timed_faults) {
      timed.push_back({{"until_us", micros(t.until)}, {"sets", patch_json(t.sets)}});
    }
    j["pods"].push_back({{"id", p.id},
                         {"restarts", p.restarts},
                         {"crashes", p.crashes},
                         {"base_fault", fault_json(p.base_fault)},
                         {"timed_faults", timed}});
  }
  for (const core::PartitionReport& p : c.partitions) {
    j["partitions"].push_back({{"from", p.from},
                               {"to", p.to},
                               {"since_us", micros(p.since)},
                               {"until_us", optional_micros(p.until)}});
  }
  for (const core::AlertCheckpoint& a : c.alerts) {
    j["alerts"].push_back({{"slo", a.slo},
                           {"sli", a.sli},
                           {"rule", a.rule},
                           {"firing", a.firing},
                           {"since_us", micros(a.since)},
                           {"resolving_since_us", optional_micros(a.resolving_since)}});
  }
  return j;
}

// A service's replicas and pod numbers within what a lab may have, so that a damaged row
// cannot make a lab of a billion pods.
void check_replicas(const core::ServiceCheckpoint& service) {
  const auto within = [](int n, int low, int high) { return n >= low && n <= high; };
  if (!within(service.desired, 0, core::kMaxReplicas) ||
      service.pods.size() > static_cast<std::size_t>(2 * core::kMaxReplicas)) {
    throw std::invalid_argument(fmt::format("{} has {} replicas", service.name, service.desired));
  }
  for (const core::PodSlot& pod : service.pods) {
    if (!within(pod.number, 1, 2 * core::kMaxReplicas) || pod.release >= service.releases.size()) {
      throw std::invalid_argument(fmt::format("{} has a pod numbered {} of release {}",
                                              service.name, pod.number, pod.release));
    }
  }
}

void read_state(const json& j, core::LabCheckpoint& c) {
  c.at = at_micros(j.at("at_us"));
  c.data_since = at_micros(j.at("data_since_us"));
  c.event_count = j.at("event_count").get<std::uint64_t>();
  c.history_count = j.at("history_count").get<std::uint64_t>();
  for (const json& down : j.at("downtimes")) {
    c.downtimes.push_back({at_micros(down.at(0)), at_micros(down.at(1))});
  }
  for (const json& s : j.at("services")) {
    core::ServiceCheckpoint service{.name = s.at("name").get<std::string>(),
                                    .desired = s.at("desired").get<int>(),
                                    .release = s.at("release").get<std::size_t>(),
                                    .revision = s.at("revision").get<int>(),
                                    .previous = optional_of<std::size_t>(s.at("previous"))};
    for (const json& r : s.at("releases")) {
      service.releases.push_back(
          {r.at("name").get<std::string>(), r.at("latency_median_ms").get<double>(),
           r.at("latency_sigma").get<double>(), r.at("error_rate").get<double>()});
    }
    const json& rollout = s.at("rollout");
    const auto state = rollout.at("state").get<std::string>();
    service.rollout = {
        named(core::rollout_state_named(state), "rollout state", state),
        rollout.at("reason").get<std::string>(), rollout.at("message").get<std::string>(),
        at_micros(rollout.at("started_at_us")), rollout.at("updated_ready").get<int>()};
    for (const json& pod : s.at("pods")) {
      service.pods.push_back({pod.at(0).get<int>(), pod.at(1).get<std::size_t>()});
    }
    check_replicas(service);
    c.services.push_back(std::move(service));
  }
  for (const json& p : j.at("pods")) {
    core::PodCheckpoint pod{.id = p.at("id").get<std::string>(),
                            .restarts = p.at("restarts").get<int>(),
                            .base_fault = fault_of(p.at("base_fault")),
                            .crashes = p.at("crashes").get<int>()};
    for (const json& t : p.at("timed_faults")) {
      pod.timed_faults.push_back({at_micros(t.at("until_us")), patch_of(t.at("sets"))});
    }
    c.pods.push_back(std::move(pod));
  }
  for (const json& p : j.at("partitions")) {
    c.partitions.push_back({p.at("from").get<std::string>(), p.at("to").get<std::string>(),
                            at_micros(p.at("since_us")), optional_at(p.at("until_us"))});
  }
  for (const json& a : j.at("alerts")) {
    c.alerts.push_back({a.at("slo").get<std::string>(), a.at("sli").get<std::string>(),
                        a.at("rule").get<std::string>(), a.at("firing").get<bool>(),
                        at_micros(a.at("since_us")), optional_at(a.at("resolving_since_us"))});
  }
}

json event_json(const core::LabEvent& e) {
  return {{"at_us", micros(e.at)},
          {"kind", core::to_string(e.kind)},
          {"level", core::to_string(e.level)},
          {"target", e.target},
          {"service", e.service},
          {"message", e.message},
          {"reason", e.reason}};
}
core::LabEvent event_of(std::uint64_t id, const json& j) {
  return {.id = id,
          .at = at_micros(j.at("at_us")),
          .kind = named(core::event_kind_named(j.at("kind").get<std::string>()), "event kind",
                        j.at("kind").get<std::string>()),
          .level = named(core::event_level_named(j.at("level").get<std::string>()), "event level",
                         j.at("level").get<std::string>()),
          .target = j.at("target").get<std::string>(),
          .service = j.at("service").get<std::string>(),
          .message = j.at("message").get<std::string>(),
          .reason = j.at("reason").get<std::string>()};
}

json sample_json(const core::HistorySample& sample) {
  json services = json::array();
  for (const core::ServiceSample& s : sample.services) {
    services.push_back({{"p50_s", optional_value(s.p50_s)},
                        {"p95_s", optional_value(s.p95_s)},
                        {"p99_s", optional_value(s.p99_s)},
                        {"error_ratio", optional_value(s.error_ratio)},
                        {"request_rate", s.request_rate},
                        {"pods_healthy", s.pods_healthy},
                        {"pods_ready", s.pods_ready},
                        {"pods_total", s.pods_total}});
  }
  return {{"at_us", micros(sample.at)}, {"services", services}};
}
core::HistorySample sample_of(const json& j) {
  core::HistorySample sample{at_micros(j.at("at_us")), {}};
  for (const json& s : j.at("services")) {
    sample.services.push_back(
        {optional_of<double>(s.at("p50_s")), optional_of<double>(s.at("p95_s")),
         optional_of<double>(s.at("p99_s")), optional_of<double>(s.at("error_ratio")),
         s.at("request_rate").get<double>(), s.at("pods_healthy").get<int>(),
         s.at("pods_ready").get<int>(), s.at("pods_total").get<int>()});
  }
  return sample;
}

std::int64_t millis_of(TimePoint at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

}  // namespace

store::Batch to_batch(const core::LabCheckpoint& checkpoint, std::int64_t saved_at_ms,
                      Duration slo_window) {
  store::Batch batch;
  batch.state =
      store::StateRow{saved_at_ms, millis_of(checkpoint.at), state_json(checkpoint).dump()};
  for (const core::LabEvent& event : checkpoint.events) {
    batch.events.push_back({static_cast<std::int64_t>(event.id), event_json(event).dump()});
  }
  for (const core::HistorySample& sample : checkpoint.history) {
    batch.history.push_back({millis_of(sample.at), sample_json(sample).dump()});
  }
  for (const core::SloCheckpoint& slo : checkpoint.slos) {
    for (const core::BucketCounts& b : slo.buckets) {
      batch.buckets.push_back({slo.slo, b.ring, b.bucket, static_cast<std::int64_t>(b.counts.total),
                               static_cast<std::int64_t>(b.counts.errors),
                               static_cast<std::int64_t>(b.counts.slow)});
    }
  }
  const auto kept_events = static_cast<std::int64_t>(core::EventLog::kDefaultCapacity);
  batch.events_keep_from_seq = static_cast<std::int64_t>(checkpoint.event_count) - kept_events + 1;
  const core::History history;
  batch.history_keep_from_ms = millis_of(checkpoint.at - history.span());
  for (int ring = 0; ring < core::RollingCounts::kRings; ++ring) {
    batch.bucket_trims.push_back(
        {ring, core::RollingCounts::first_bucket_kept(ring, checkpoint.at, slo_window)});
  }
  return batch;
}

core::Result<core::LabCheckpoint> from_saved(const store::Saved& saved) {
  core::LabCheckpoint checkpoint;
  std::string row = "the state";
  try {
    if (!saved.state) return core::invalid("--data-dir", "the store holds no lab state");
    read_state(json::parse(saved.state->body), checkpoint);
    for (const store::EventRow& event : saved.events) {
      row = fmt::format("event {}", event.seq);
      checkpoint.events.push_back(
          event_of(static_cast<std::uint64_t>(event.seq), json::parse(event.body)));
    }
    for (const store::HistoryRow& sample : saved.history) {
      row = fmt::format("the history sample at {} ms", sample.at_ms);
      checkpoint.history.push_back(sample_of(json::parse(sample.body)));
    }
  } catch (const std::exception& e) {
    return core::invalid("--data-dir",
                         fmt::format("{} does not read ({}); start with --fresh to discard what "
                                     "the directory holds, or give another --data-dir",
                                     row, e.what()));
  }
  for (const store::BucketRow& b : saved.buckets) {
    if (checkpoint.slos.empty() || checkpoint.slos.back().slo != b.slo) {
      checkpoint.slos.push_back({b.slo, {}});
    }
    checkpoint.slos.back().buckets.push_back(
        {static_cast<int>(b.ring),
         b.bucket,
         {static_cast<std::uint64_t>(b.total), static_cast<std::uint64_t>(b.errors),
          static_cast<std::uint64_t>(b.slow)}});
  }
  return checkpoint;
}

}  // namespace hb::lab

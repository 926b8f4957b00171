#include "api/json_views.h"

#include <cmath>

namespace hb::api {

using json = nlohmann::ordered_json;  // fields keep the order they are written in

json millis_or_null(const std::optional<double>& seconds) {
  if (!seconds) return nullptr;
  return std::round(*seconds * 1e6) / 1e3;
}

json number_or_null(const std::optional<double>& value) {
  if (!value) return nullptr;
  return *value;
}

double latency_ms(const core::PodReport& pod) {
  if (pod.recent.p50_s) return std::round(*pod.recent.p50_s * 1e6) / 1e3;
  if (pod.last_latency) return std::round(core::to_millis(*pod.last_latency) * 1e3) / 1e3;
  return 0.0;
}

namespace {

void add_recent(json& out, const core::WindowSummary& recent) {
  out["latency_p50_ms"] = millis_or_null(recent.p50_s);
  out["latency_p95_ms"] = millis_or_null(recent.p95_s);
  out["latency_p99_ms"] = millis_or_null(recent.p99_s);
  out["error_ratio"] = number_or_null(recent.error_ratio);
  out["request_rate"] = std::round(recent.request_rate * 1000.0) / 1000.0;
}

void add_in_flight(json& out, const core::InFlight& in_flight) {
  out["requests_in_flight"] = in_flight.count;
  out["oldest_in_flight_ms"] =
      in_flight.oldest_age ? json(std::round(core::to_millis(*in_flight.oldest_age) * 1e3) / 1e3)
                           : json(nullptr);
}

// Whole milliseconds, in seconds: 11.0, not 11.000000123 from a tick's end.
double seconds_of(core::Duration d) {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) /
         1e3;
}

json sli_json(const core::SliReport& sli) {
  json error_ratio = json::object(), burn_rate = json::object(), requests = json::object(),
       bad = json::object(), data = json::object();
  for (const core::WindowFigures& w : sli.windows) {
    const std::string name = core::window_name(w.window);
    error_ratio[name] = number_or_null(w.error_ratio);
    burn_rate[name] = number_or_null(w.burn_rate);
    requests[name] = w.total;
    bad[name] = w.bad;
    data[name] = seconds_of(w.data);
  }
  json exhausted_in = nullptr;
  if (sli.budget_exhausted_in) exhausted_in = core::to_seconds(*sli.budget_exhausted_in);
  return {{"target", sli.target},
          {"sli", number_or_null(sli.sli)},
          {"budget_consumed", number_or_null(sli.budget_consumed)},
          {"budget_remaining", number_or_null(sli.budget_remaining)},
          {"budget_exhausted_in_seconds", exhausted_in},
          {"error_ratio", std::move(error_ratio)},
          {"burn_rate", std::move(burn_rate)},
          {"requests", std::move(requests)},
          {"bad_requests", std::move(bad)},
          {"data_seconds", std::move(data)}};
}

json indicator_json(const std::optional<core::BurnIndicator>& indicator) {
  if (!indicator) return nullptr;
  return core::to_string(*indicator);
}

json slo_entry_json(const core::SloReport& slo, const lab::Snapshot& snapshot) {
  json latency = sli_json(slo.latency);
  latency["threshold_ms"] = slo.spec.latency_threshold_ms;
  json alerts = json::array();
  for (const auto& alert : snapshot.report.alerts) {
    if (alert.slo == slo.name) alerts.push_back(alert_json(alert, snapshot));
  }
  return {{"name", slo.name},
          {"scope", slo.name == "lab" ? "lab" : "service"},
          {"window", core::window_name(slo.spec.window)},
          {"availability", sli_json(slo.availability)},
          {"latency", std::move(latency)},
          {"latency_p50_ms", millis_or_null(slo.latency_p50_s)},
          {"latency_p95_ms", millis_or_null(slo.latency_p95_s)},
          {"latency_p99_ms", millis_or_null(slo.latency_p99_s)},
          {"indicator", indicator_json(slo.indicator)},
          {"alerts", std::move(alerts)}};
}

json optional_int(const std::optional<int>& value) {
  if (!value) return nullptr;
  return *value;
}

json time_or_null(const std::optional<core::TimePoint>& at, const lab::Snapshot& snapshot) {
  if (!at) return nullptr;
  return snapshot.unix_seconds(*at);
}

json ratio_or_null(const std::optional<double>& ratio) {
  if (!ratio) return nullptr;
  return std::round(*ratio * 1e4) / 1e4;
}

void add_kube_view(json& out, const core::PodReport& pod, const lab::Snapshot& snapshot) {
  out["crash_loop"] = pod.fault.crash_loop;
  out["pod_phase"] = core::to_string(pod.kube_phase);
  out["container_state"] = core::to_string(pod.container_state);
  out["container_reason"] =
      pod.container_reason.empty() ? json(nullptr) : json(pod.container_reason);
  out["kubectl_status"] = pod.kubectl_status;
  out["uid"] = pod.uid;
  out["created_at"] = snapshot.unix_seconds(pod.created_at);
  out["age_seconds"] = seconds_of(snapshot.report.at - pod.created_at);
  out["version"] = pod.version;
  out["concurrency"] = optional_int(pod.concurrency);
  out["busy_workers"] = pod.busy_workers;
  out["queued"] = pod.queued;
  out["utilization"] = ratio_or_null(pod.utilization);
  out["back_off_until"] = time_or_null(pod.back_off_until, snapshot);
  out["last_restart_at"] = time_or_null(pod.last_restart_at, snapshot);
  out["terminating"] = pod.terminating;
}

json rollout_json(const core::RolloutReport& rollout, const lab::Snapshot& snapshot) {
  return {{"revision", rollout.revision},
          {"status", core::to_string(rollout.state)},
          {"reason", rollout.reason},
          {"message", rollout.message},
          {"version", rollout.version},
          {"previous_version",
           rollout.previous_version ? json(*rollout.previous_version) : json(nullptr)},
          {"started_at", snapshot.unix_seconds(rollout.started_at)},
          {"updated_replicas", rollout.updated},
          {"desired_replicas", rollout.desired}};
}

json autoscaler_json(const std::optional<core::AutoscalerReport>& hpa,
                     const lab::Snapshot& snapshot) {
  if (!hpa) return nullptr;
  return {{"min_replicas", hpa->min_replicas},
          {"max_replicas", hpa->max_replicas},
          {"target_utilization", hpa->target_utilization},
          {"current_replicas", hpa->current_replicas},
          {"desired_replicas", hpa->desired_replicas},
          {"current_utilization", ratio_or_null(hpa->current_utilization)},
          {"last_scale_at", time_or_null(hpa->last_scale_at, snapshot)}};
}

void add_deployment(json& out, const core::ServiceReport& service, const lab::Snapshot& snapshot) {
  out["replicas_desired"] = service.replicas_desired;
  out["replicas_current"] = service.replicas_current;
  out["replicas_ready"] = service.replicas_ready;
  out["replicas_available"] = service.replicas_available;
  out["replicas_updated"] = service.replicas_updated;
  out["version"] = service.version;
  out["concurrency"] = optional_int(service.concurrency);
  out["queue_length"] = service.queue_length;
  out["utilization"] = ratio_or_null(service.utilization);
  out["rollout"] = rollout_json(service.rollout, snapshot);
  out["autoscaler"] = autoscaler_json(service.autoscaler, snapshot);
}

}  // namespace

json rollout_json_of(const core::ServiceReport& service, const lab::Snapshot& snapshot) {
  json out = rollout_json(service.rollout, snapshot);
  out = {{"service", service.name}, {"rollout", std::move(out)}};
  return out;
}

json pod_json(const core::PodReport& pod, const lab::Snapshot& snapshot) {
  json out = {
      {"id", pod.id},
      {"service", pod.service},
      {"status", core::to_string(pod.status)},
      {"last_heartbeat", snapshot.unix_seconds(pod.last_heartbeat)},
      {"restarts", pod.restarts},
      {"latency_ms", latency_ms(pod)},
      {"error_rate", pod.fault.error_rate},
      {"delay_ms", pod.fault.delay_ms},
      {"killed", pod.fault.kill},
      {"jitter_ms", pod.fault.jitter_ms},
      {"fault_ends_at", pod.fault_ends.empty()
                            ? json(nullptr)
                            : json(snapshot.unix_seconds(pod.fault_ends.front().at))},
      {"phase", core::to_string(pod.phase)},
      {"ready", pod.ready},
      {"in_endpoints", pod.in_endpoints},
      {"reason", pod.reason},
      {"endpoint", pod.endpoint.empty() ? json(nullptr) : json(pod.endpoint)},
  };
  add_recent(out, pod.recent);
  add_in_flight(out, pod.in_flight);
  add_kube_view(out, pod, snapshot);
  return out;
}

json service_json(const core::ServiceReport& service, const lab::Snapshot& snapshot) {
  json out = {
      {"name", service.name},
      {"status", core::to_string(service.status)},
      {"reason", service.reason},
      {"pods_ready", service.pods_ready},
      {"pods_total", service.pods_total},
      {"dependencies", service.dependencies},
      {"restarts", service.restarts},
      {"listen", service.listen.empty() ? json(nullptr) : json(service.listen)},
  };
  add_recent(out, service.recent);
  add_in_flight(out, service.in_flight);
  add_deployment(out, service, snapshot);
  return out;
}

json alert_json(const core::AlertStatus& alert, const lab::Snapshot& snapshot) {
  // Firing while its condition is false: when the hold began and when it ends (the alert
  // resolves then unless the condition comes back first).
  json resolving_since = nullptr;
  json resolves_at = nullptr;
  if (alert.firing && alert.resolving_since) {
    resolving_since = snapshot.unix_seconds(*alert.resolving_since);
    resolves_at = snapshot.unix_seconds(*alert.resolving_since + alert.rule->keep_firing_for);
  }
  return {{"name", alert.rule->name},
          {"severity", alert.rule->severity},
          {"slo", alert.slo},
          {"sli", alert.sli},
          {"state", alert.firing ? "firing" : "inactive"},
          {"since", snapshot.unix_seconds(alert.since)},
          {"long_window", core::window_name(alert.rule->long_window)},
          {"short_window", core::window_name(alert.rule->short_window)},
          {"threshold", alert.threshold},
          {"long_burn_rate", number_or_null(alert.long_burn_rate)},
          {"short_burn_rate", number_or_null(alert.short_burn_rate)},
          {"keep_firing_for_seconds", core::to_seconds(alert.rule->keep_firing_for)},
          {"resolving_since", std::move(resolving_since)},
          {"resolves_at", std::move(resolves_at)}};
}

json slo_json(const lab::Snapshot& snapshot) {
  const core::SloReport& lab = snapshot.report.lab_slo();
  const core::SliReport& availability = lab.availability;
  const core::WindowFigures& last5m = availability.windows.front();
  json slos = json::array();
  json firing = json::array();
  for (const auto& slo : snapshot.report.slos) slos.push_back(slo_entry_json(slo, snapshot));
  for (const auto& alert : snapshot.report.alerts) {
    if (alert.firing) firing.push_back(alert_json(alert, snapshot));
  }
  json exhausted_in = nullptr;
  if (availability.budget_exhausted_in) {
    exhausted_in = core::to_seconds(*availability.budget_exhausted_in);
  }
  return {
      // The original four fields, for the lab's availability SLO.
      {"latency_p95_target_ms", lab.spec.latency_threshold_ms},
      {"availability_target", lab.spec.availability_target},
      {"burn_rate_5m", last5m.burn_rate.value_or(0.0)},
      {"budget_remaining", availability.budget_remaining.value_or(1.0)},
      // Measured detail beside them.
      {"indicator", indicator_json(lab.indicator)},
      {"scope", "requests sent by the lab's clients, at every service they enter"},
      {"window", core::window_name(lab.spec.window)},
      {"window_seconds", std::chrono::duration_cast<std::chrono::seconds>(lab.spec.window).count()},
      {"window_data_seconds", seconds_of(availability.period().data)},
      {"latency_target", lab.spec.latency_target},
      {"error_ratio_5m", number_or_null(last5m.error_ratio)},
      {"requests_5m", last5m.total},
      {"latency_p95_ms", millis_or_null(lab.latency_p95_s)},
      {"availability", number_or_null(availability.sli)},
      {"requests_window", availability.period().total},
      {"budget_consumed", number_or_null(availability.budget_consumed)},
      {"budget_exhausted_in_seconds", exhausted_in},
      {"slos", std::move(slos)},
      {"alerts_firing", std::move(firing)},
      {"timestamp", snapshot.timestamp()},
  };
}

json alerts_json(const lab::Snapshot& snapshot) {
  json alerts = json::array();
  json changes = json::array();
  std::size_t firing = 0;
  for (const auto& alert : snapshot.report.alerts) {
    alerts.push_back(alert_json(alert, snapshot));
    if (alert.firing) ++firing;
  }
  for (const auto& change : snapshot.report.alert_changes) {
    json entry = alert_json(change.alert, snapshot);
    entry["at"] = snapshot.unix_seconds(change.at);
    changes.push_back(std::move(entry));
  }
  return {{"alerts", std::move(alerts)},
          {"firing", firing},
          {"changes", std::move(changes)},
          {"changes_total", snapshot.report.alert_change_count},
          {"timestamp", snapshot.timestamp()}};
}

}  // namespace hb::api

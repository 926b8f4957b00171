#include "api/prometheus_rules.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <set>
#include <string_view>
#include <vector>

#include "api/prometheus_writer.h"
#include "core/burn_alerts.h"
#include "core/slo.h"

namespace hb::api {
namespace {

constexpr std::string_view kLabScope = "lab";

// One SLO of the rule file: its labels, its objective and the PromQL of its error ratio.
struct SloRules {
  std::string service;         // label `service`: the service's name, or "lab"
  std::string_view slo;        // label `slo`: "availability" or "latency"
  double objective = 0;        // target share of good requests
  std::string objective_text;  // for people: "99.5 % of the requests ui-proxy answers get no 5xx"
  std::string bad_rate;        // PromQL with "{w}" for the window: rate of bad requests, summed
  std::string total_rate;      // the same for all requests
};

// `name{matchers}`, or the bare name without matchers.
std::string selector(std::string_view name, std::vector<std::string> matchers) {
  std::string out(name);
  if (matchers.empty()) return out;
  out += '{';
  for (std::size_t i = 0; i < matchers.size(); ++i) {
    if (i > 0) out += ',';
    out += matchers[i];
  }
  out += '}';
  return out;
}

std::string summed_rate(const std::string& series) {
  return "sum(rate(" + series + "[{w}]))";
}

std::string percent(double share) {
  return fmt::format("{:.10g} %", share * 100.0);
}

// A number for people: four significant digits (14.4, 6, 0.2333).
std::string rounded(double value) {
  return fmt::format("{:.4g}", value);
}

// Availability: a 5xx is bad (a client timeout counts as a 504). A series of 5xx that does not
// exist yet means no errors, not no data, hence the `or 0 * total` when traffic exists.
SloRules availability(std::string service, std::string_view counter, std::vector<std::string> own,
                      double objective, std::string who) {
  SloRules rules;
  rules.service = std::move(service);
  rules.slo = "availability";
  rules.objective = objective;
  rules.objective_text = percent(objective) + " of " + who + " get no 5xx";
  std::vector<std::string> bad = own;
  bad.emplace_back("code=~\"5..\"");
  rules.total_rate = summed_rate(selector(counter, own));
  rules.bad_rate =
      "(" + summed_rate(selector(counter, bad)) + "\n  or 0 * " + rules.total_rate + ")";
  return rules;
}

// Latency: slower than the threshold is bad, counted as the histogram's _count minus its bucket
// at the threshold. `le` is written as /metrics writes it (0.2, 0.35, 1): the threshold is one
// of the bucket bounds.
SloRules latency(std::string service, std::string_view histogram, std::vector<std::string> own,
                 const core::SloSpec& spec, std::string who) {
  SloRules rules;
  rules.service = std::move(service);
  rules.slo = "latency";
  rules.objective = spec.latency_target;
  rules.objective_text = percent(spec.latency_target) + " of " + who + " take at most " +
                         std::to_string(spec.latency_threshold_ms) + " ms";
  const double threshold_s = static_cast<double>(spec.latency_threshold_ms) / 1000.0;
  std::vector<std::string> at_threshold = own;
  at_threshold.push_back("le=\"" + format_value(threshold_s) + "\"");
  rules.total_rate = summed_rate(selector(std::string(histogram) + "_count", own));
  rules.bad_rate = "(" + rules.total_rate + "\n  - " +
                   summed_rate(selector(std::string(histogram) + "_bucket", at_threshold)) + ")";
  return rules;
}

std::vector<SloRules> all_slos(const core::LabSpec& spec) {
  std::vector<SloRules> slos;
  for (std::size_t i = 0; i < spec.services.size(); ++i) {
    const std::string& name = spec.services[i].name;
    const core::SloSpec own = core::service_slo(spec, i);
    const std::vector<std::string> matchers = {"service=\"" + name + "\""};
    const std::string who = "the requests " + name + " answers";
    slos.push_back(
        availability(name, "healthboard_requests_total", matchers, own.availability_target, who));
    slos.push_back(latency(name, "healthboard_request_duration_seconds", matchers, own, who));
  }
  const std::string who = "the lab's client requests";
  slos.push_back(availability(std::string(kLabScope), "healthboard_lab_requests_total", {},
                              spec.slo.availability_target, who));
  slos.push_back(latency(std::string(kLabScope), "healthboard_lab_request_duration_seconds", {},
                         spec.slo, who));
  return slos;
}

std::string replace_window(std::string text, std::string_view window) {
  for (std::size_t at = text.find("{w}"); at != std::string::npos; at = text.find("{w}", at)) {
    text.replace(at, 3, window);
    at += window.size();
  }
  return text;
}

// The windows with an error-ratio record: the burn-rate windows, the alerts' windows and the SLO
// window, each once, shortest first.
std::set<core::Duration> ratio_windows(core::Duration slo_window) {
  std::set<core::Duration> windows(core::kBurnWindows.begin(), core::kBurnWindows.end());
  for (const auto& rule : core::kBurnAlertRules) {
    windows.insert(rule.long_window);
    windows.insert(rule.short_window);
  }
  windows.insert(slo_window);
  return windows;
}

std::string ratio_record(core::Duration window) {
  return "slo:sli_error:ratio_rate" + core::window_name(window);
}

// "page-fast" -> "HealthboardPageFastBurn".
std::string alert_name(std::string_view rule) {
  std::string name = "Healthboard";
  bool upper = true;
  for (const char c : rule) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name + "Burn";
}

// Strings that hold PromQL: several lines as a literal block, one line single-quoted (it has
// double quotes and braces), a plain word plain.
void emit_expr(YAML::Emitter& out, const std::string& expr) {
  if (expr.find('\n') != std::string::npos) {
    out << YAML::Literal << expr;
  } else if (expr.find_first_of("\"{}") != std::string::npos) {
    out << YAML::SingleQuoted << expr;
  } else {
    out << expr;
  }
}

void emit_labels(YAML::Emitter& out, const SloRules& slo, std::string_view severity = {}) {
  out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap;
  if (!severity.empty()) out << YAML::Key << "severity" << YAML::Value << std::string(severity);
  out << YAML::Key << "service" << YAML::Value << slo.service;
  out << YAML::Key << "slo" << YAML::Value << std::string(slo.slo);
  out << YAML::EndMap;
}

void emit_record(YAML::Emitter& out, const SloRules& slo, const std::string& record,
                 const std::string& expr) {
  out << YAML::BeginMap;
  out << YAML::Key << "record" << YAML::Value << record;
  out << YAML::Key << "expr" << YAML::Value;
  emit_expr(out, expr);
  emit_labels(out, slo);
  out << YAML::EndMap;
}

void emit_group(YAML::Emitter& out, const SloRules& slo, core::Duration slo_window) {
  const std::string own = "{service=\"" + slo.service + "\",slo=\"" + std::string(slo.slo) + "\"}";
  const std::string budget = format_value(core::error_budget(slo.objective));
  const std::string period = core::window_name(slo_window);
  const std::string slo_name = slo.service + " " + std::string(slo.slo) + " SLO";

  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value
      << "healthboard-slo-" + slo.service + "-" + std::string(slo.slo);
  out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;

  for (const core::Duration window : ratio_windows(slo_window)) {
    const std::string w = core::window_name(window);
    emit_record(out, slo, ratio_record(window),
                replace_window(slo.bad_rate + "\n/\n" + slo.total_rate, w));
  }
  emit_record(out, slo, "slo:objective:ratio", "vector(" + format_value(slo.objective) + ")");
  emit_record(out, slo, "slo:error_budget:ratio", "vector(" + budget + ")");
  emit_record(out, slo, "slo:time_period:days",
              "vector(" + format_value(core::to_seconds(slo_window) / 86400.0) + ")");
  emit_record(out, slo, "slo:current_burn_rate:ratio",
              ratio_record(core::kBurnWindow5m) + own + " / " + budget);
  emit_record(out, slo, "slo:period_burn_rate:ratio",
              ratio_record(slo_window) + own + " / " + budget);
  emit_record(out, slo, "slo:period_error_budget_remaining:ratio",
              "1 - slo:period_burn_rate:ratio" + own);

  for (const auto& rule : core::kBurnAlertRules) {
    const std::string threshold = format_value(core::burn_threshold(rule, slo_window));
    const std::string long_w = core::window_name(rule.long_window);
    const std::string short_w = core::window_name(rule.short_window);
    const std::string shown = rounded(core::burn_threshold(rule, slo_window));
    const std::string share = percent(rule.budget_fraction);
    out << YAML::BeginMap;
    out << YAML::Key << "alert" << YAML::Value << alert_name(rule.name);
    out << YAML::Key << "expr" << YAML::Value;
    emit_expr(out, ratio_record(rule.long_window) + own + " / " + budget + " > " + threshold +
                       "\nand\n" + ratio_record(rule.short_window) + own + " / " + budget + " > " +
                       threshold);
    out << YAML::Key << "keep_firing_for" << YAML::Value << core::window_name(rule.keep_firing_for);
    emit_labels(out, slo, rule.severity);
    out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "summary" << YAML::Value
        << fmt::format(
               "{}: error budget burn rate above {} over both {} and {} ({} of the {} "
               "budget in {})",
               slo_name, shown, long_w, short_w, share, period, long_w);
    out << YAML::Key << "description" << YAML::Value
        << fmt::format(
               "The {} ({}, over {}) burns its error budget at a rate above {} (1 would spend "
               "exactly the budget in {}) over both the last {} and the last {}: at this pace "
               "{} of the {} error budget is spent in {}.",
               slo_name, slo.objective_text, period, shown, period, long_w, short_w, share, period,
               long_w);
    out << YAML::EndMap;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::EndMap;
}

std::string header(const core::LabSpec& spec, const std::vector<SloRules>& slos) {
  const core::Duration window = spec.slo.window;
  const std::string period = core::window_name(window);
  std::string out = fmt::format(
      "# Prometheus recording and alerting rules for the SLOs of a healthboard lab, generated by\n"
      "# `healthboard rules`: the same lab configuration gives the same file. Load it with\n"
      "# `rule_files:` in prometheus.yml; check it with `promtool check rules`.\n"
      "#\n"
      "# SLO window: {}. The SLOs (labels service and slo; service \"lab\" is the lab's client\n"
      "# requests, as the clients saw them):\n",
      period);
  for (const auto& slo : slos) {
    out += fmt::format("#   {:<28} {}\n", slo.service + " " + std::string(slo.slo),
                       slo.objective_text);
  }
  out += "#\n";
  out +=
      "# Availability: bad = a 5xx (a client timeout is a 504). Latency: bad = slower than the\n"
      "# threshold = healthboard_..._duration_seconds _count - _bucket{le=\"<threshold in s>\"}.\n"
      "#\n"
      "# Recording rules carry Sloth's names: slo:sli_error:ratio_rate<w> for w = 5m, 30m, 1h,\n"
      "# 2h, 6h, 1d, 3d and the SLO window; slo:objective:ratio, slo:error_budget:ratio\n"
      "# (1 - objective), slo:time_period:days, slo:current_burn_rate:ratio (5m ratio / budget),\n"
      "# slo:period_burn_rate:ratio (SLO window ratio / budget) and\n"
      "# slo:period_error_budget_remaining:ratio (1 - period burn rate; below 0 once overspent).\n"
      "# Unlike Sloth, every error ratio, the SLO window's included, is the exact ratio of counts\n"
      "# sum(rate(bad[w])) / sum(rate(total[w])), never an average of 5m ratios (which would\n"
      "# weigh a quiet 5 minutes as much as a busy one). The price: the SLO window's ratio reads\n"
      "# every sample of the window, and is only complete with retention of at least the window.\n"
      "# No traffic in a window: no ratio (no data), so no burn rate and no alert.\n"
      "# The sums run over every target scraped: scrape one healthboard per Prometheus.\n"
      "#\n"
      "# Alerts: multi-window, multi-burn-rate (Google SRE Workbook). Burn rate = error ratio /\n"
      "# (1 - objective). An alert fires while the burn rate is above its threshold over both its\n"
      "# long and its short window. Threshold = budget share x SLO window / long window, so that\n"
      "# each alert means the same share of the budget whatever the SLO window:\n";
  for (const auto& rule : core::kBurnAlertRules) {
    out += fmt::format(
        "#   {:<26} {:<7} {:>3} and {:<4} > {:<8} ({} of the budget in {}), keep_firing_for {}\n",
        alert_name(rule.name), rule.severity, core::window_name(rule.long_window),
        core::window_name(rule.short_window), rounded(core::burn_threshold(rule, window)),
        percent(rule.budget_fraction), core::window_name(rule.long_window),
        core::window_name(rule.keep_firing_for));
  }
  out +=
      "# No `for:`: the short window already filters, it makes an alert fire only while the\n"
      "# budget is still burning and resolve soon after it stops; a `for:` would only delay it.\n"
      "# `keep_firing_for:` (Prometheus 2.42 and later): once firing, an alert resolves only "
      "after\n"
      "# its condition has been false that long, so a burn rate hovering at the threshold does "
      "not\n"
      "# make it fire and resolve at every evaluation. healthboard's own alerts do the same.\n"
      "#\n"
      "# One group per SLO, its rules in order: Prometheus evaluates a group's rules one after "
      "the\n"
      "# other, so burn rates and alerts use the error ratios of the same evaluation.\n";
  return out;
}

}  // namespace

std::string render_rules(const core::LabSpec& spec) {
  const std::vector<SloRules> slos = all_slos(spec);
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq;
  for (const auto& slo : slos) emit_group(out, slo, spec.slo.window);
  out << YAML::EndSeq << YAML::EndMap;
  return header(spec, slos) + out.c_str() + "\n";
}

}  // namespace hb::api

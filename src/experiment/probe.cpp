#include "experiment/probe.h"

#include <fmt/format.h>

namespace hb::experiment {
namespace {

// The list field of each answer and the key that names its entries.
struct Listing {
  const char* field;
  const char* key;
  const char* what;
};

Listing listing(ProbeSource source) {
  switch (source) {
    case ProbeSource::kSlo:
      return {"slos", "name", "SLO"};
    case ProbeSource::kPod:
      return {"pods", "id", "pod"};
    case ProbeSource::kService:
      return {"services", "name", "service"};
    case ProbeSource::kAlert:
      return {"alerts", "name", "alert"};
    case ProbeSource::kLab:
      break;
  }
  return {"", "", ""};
}

// The keys inside the listed entry that lead to the figure.
std::vector<std::string> figure_keys(const Probe& probe) {
  if (probe.source != ProbeSource::kSlo) {
    // "rollout.status": a field of a nested object.
    std::vector<std::string> keys;
    std::size_t from = 0;
    for (std::size_t dot; (dot = probe.figure.find('.', from)) != std::string::npos;
         from = dot + 1) {
      keys.push_back(probe.figure.substr(from, dot - from));
    }
    keys.push_back(probe.figure.substr(from));
    return keys;
  }
  if (probe.figure == "availability" || probe.figure == "latency") return {probe.figure, "sli"};
  if (!probe.window.empty()) return {probe.sli, probe.figure, probe.window};
  if (!probe.sli.empty()) return {probe.sli, probe.figure};
  return {probe.figure};
}

std::string names_in(const json& list, const char* key) {
  std::string names;
  for (const json& entry : list) {
    if (!entry.is_object() || !entry.contains(key)) continue;
    names += (names.empty() ? "" : ", ") + entry.at(key).get<std::string>();
  }
  return names.empty() ? "none" : names;
}

// Whether an alert matches the probe's selection.
bool selected(const Probe& probe, const json& alert) {
  const auto matches = [&](const char* field, const std::string& wanted) {
    return wanted.empty() || (alert.contains(field) && alert.at(field) == wanted);
  };
  return (probe.target == "any" || matches("name", probe.target)) && matches("slo", probe.slo) &&
         matches("sli", probe.sli) && matches("severity", probe.severity);
}

std::string selection_text(const Probe& probe) {
  std::string text = "alerts[";
  std::string filters;
  if (probe.target != "any") filters += "name=" + probe.target;
  for (const auto& [field, value] :
       {std::pair{"slo", probe.slo}, {"sli", probe.sli}, {"severity", probe.severity}}) {
    if (!value.empty()) filters += (filters.empty() ? "" : ",") + std::string(field) + "=" + value;
  }
  return text + (filters.empty() ? "*" : filters) + "]";
}

void read_alerts(const Probe& probe, const json& body, ProbeReading& reading) {
  const json* alerts = body.contains("alerts") ? &body.at("alerts") : nullptr;
  if (!alerts || !alerts->is_array()) {
    reading.error = "GET /alerts has no alerts list";
    return;
  }
  reading.selected = json::array();
  int firing = 0;
  for (const json& alert : *alerts) {
    if (!alert.is_object() || !selected(probe, alert)) continue;
    reading.selected.push_back({{"name", alert.value("name", "")},
                                {"slo", alert.value("slo", "")},
                                {"sli", alert.value("sli", "")},
                                {"severity", alert.value("severity", "")},
                                {"state", alert.value("state", "")}});
    if (alert.value("state", "") == "firing") ++firing;
  }
  if (reading.selected.empty()) {
    reading.error = "no alert of GET /alerts matches " + selection_text(probe);
    return;
  }
  reading.value = probe.figure == "firing_count" ? json(firing) : json(firing > 0);
}

}  // namespace

std::string probe_path(const Probe& probe) {
  switch (probe.source) {
    case ProbeSource::kLab:
      return "/lab";
    case ProbeSource::kSlo:
      return "/slo";
    case ProbeSource::kPod:
      return "/pods";
    case ProbeSource::kService:
      return "/services";
    case ProbeSource::kAlert:
      return "/alerts";
  }
  return "/";
}

std::string figure_path(const Probe& probe) {
  if (probe.source == ProbeSource::kLab) return probe.figure;
  if (probe.source == ProbeSource::kAlert) {
    return selection_text(probe) +
           (probe.figure == "firing" ? ".state: any firing" : ".state: firing count");
  }
  const Listing list = listing(probe.source);
  std::string path = fmt::format("{}[{}={}]", list.field, list.key, probe.target);
  for (const std::string& key : figure_keys(probe)) path += "." + key;
  return path;
}

ProbeReading read_probe(const Probe& probe, Target& target) {
  return read_probe(probe, target.call("GET", probe_path(probe), std::nullopt));
}

ProbeReading read_probe(const Probe& probe, const Answer& answer) {
  ProbeReading reading;
  reading.request = {"GET", probe_path(probe), std::nullopt};
  reading.status = answer.status;
  reading.figure = figure_path(probe);
  reading.value = nullptr;
  const std::string call = "GET " + reading.request.path;
  if (!answer.answered()) {
    reading.error = call + ": " + answer.error;
    return reading;
  }
  if (!answer.ok() || !answer.body.is_object()) {
    const std::string detail = answer.body.is_object() && answer.body.contains("detail")
                                   ? answer.body.at("detail").dump()
                                   : answer.body.dump();
    reading.error = fmt::format("{} answered {}: {}", call, answer.status, detail);
    return reading;
  }
  const json& body = answer.body;
  if (body.contains("timestamp") && body.at("timestamp").is_number()) {
    reading.lab_time = body.at("timestamp").get<double>();
  }
  if (probe.source == ProbeSource::kAlert) {
    read_alerts(probe, body, reading);
    return reading;
  }

  const json* at = &body;
  if (probe.source != ProbeSource::kLab) {
    const Listing list = listing(probe.source);
    const json* entries = body.contains(list.field) ? &body.at(list.field) : nullptr;
    if (!entries || !entries->is_array()) {
      reading.error = fmt::format("{} has no {} list", call, list.field);
      return reading;
    }
    at = nullptr;
    for (const json& entry : *entries) {
      if (entry.is_object() && entry.contains(list.key) && entry.at(list.key) == probe.target) {
        at = &entry;
        break;
      }
    }
    if (!at) {
      reading.error = fmt::format("no {} {} in {} (there are {})", list.what, probe.target, call,
                                  names_in(*entries, list.key));
      return reading;
    }
  }
  for (const std::string& key : figure_keys(probe)) {
    if (!at->is_object() || !at->contains(key)) {
      std::string known;
      if (at->is_object()) {
        for (const auto& [name, value] : at->items()) known += (known.empty() ? "" : ", ") + name;
      }
      reading.error = fmt::format("{} has no {} (there is {})", call, reading.figure,
                                  known.empty() ? "nothing" : known);
      return reading;
    }
    at = &at->at(key);
  }
  reading.value = *at;
  return reading;
}

std::string describe(const Probe& probe) {
  switch (probe.source) {
    case ProbeSource::kLab:
      return "the lab's " + probe.figure;
    case ProbeSource::kAlert: {
      std::string filters;
      for (const auto& [field, value] :
           {std::pair{"slo", probe.slo}, {"sli", probe.sli}, {"severity", probe.severity}}) {
        if (!value.empty())
          filters += (filters.empty() ? "" : ", ") + std::string(field) + " " + value;
      }
      return (probe.target == "any" ? std::string("any alert") : "alert " + probe.target) +
             (filters.empty() ? "" : " (" + filters + ")") + " " + probe.figure;
    }
    default:
      break;
  }
  std::string text = probe.target + " " + probe.figure;
  if (!probe.window.empty()) text += " " + probe.window;
  if (!probe.sli.empty() && probe.sli != "availability") text += " (" + probe.sli + ")";
  return text;
}

}  // namespace hb::experiment

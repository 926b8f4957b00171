// The experiment file as a whole: title, hypothesis, method and rollbacks, and its errors.
#include "experiment/experiment_file.h"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <fstream>
#include <sstream>

#include "experiment/probe_file.h"
#include "experiment/step_file.h"
#include "experiment/yaml_fields.h"

namespace hb::experiment {
namespace {

using detail::fail;
using detail::FileError;
using detail::index_field;
using detail::is_null;
using detail::Mapping;
using detail::read_probe;
using detail::read_steps;
using detail::text;

Experiment read_experiment(const YAML::Node& root) {
  const Mapping m(root, "", "a mapping with title, steady-state-hypothesis, method and rollbacks",
                  {"rollbacks"});
  m.allow_only({"title", "description", "lab", "steady-state-hypothesis", "method", "rollbacks"},
               "an experiment");
  Experiment experiment;
  experiment.title = text(m.required("title"), "title");
  if (m.has("description")) {
    experiment.description = text(m.get("description"), "description");
  }
  if (m.has("lab")) experiment.lab = text(m.get("lab"), "lab");

  const Mapping hypothesis(m.required("steady-state-hypothesis"), "steady-state-hypothesis",
                           "a mapping with title and probes");
  hypothesis.allow_only({"title", "probes"}, "the hypothesis");
  experiment.hypothesis.title = text(hypothesis.required("title"), hypothesis.field("title"));
  const YAML::Node probes = hypothesis.required("probes");
  if (!probes.IsSequence() || probes.size() == 0) {
    fail(probes, hypothesis.field("probes"), "must be a list of at least one probe");
  }
  for (std::size_t i = 0; i < probes.size(); ++i) {
    experiment.hypothesis.probes.push_back(
        read_probe(probes[i], index_field(hypothesis.field("probes"), i), true));
  }

  const YAML::Node method = m.required("method");
  experiment.method = read_steps(method, "method", true);
  if (experiment.method.empty()) fail(method, "method", "must hold at least one step");
  if (m.has("rollbacks") && !is_null(m.get("rollbacks"))) {
    experiment.rollbacks = read_steps(m.get("rollbacks"), "rollbacks", false);
  }
  return experiment;
}

}  // namespace

core::Result<Experiment> parse_experiment(const std::string& text, const std::string& source) {
  try {
    Experiment experiment = read_experiment(YAML::Load(text));
    experiment.file = source;
    return experiment;
  } catch (const FileError& error) {
    const std::string where = error.line > 0 ? source + ":" + std::to_string(error.line) : source;
    return core::Error{core::ErrorKind::kInvalid, error.field,
                       where + ": " + error.field + ": " + error.rule};
  } catch (const YAML::Exception& error) {
    // yaml-cpp's own message carries "yaml-cpp: error at line L, column C: ...".
    const std::string where =
        error.mark.line >= 0 ? source + ":" + std::to_string(error.mark.line + 1) : source;
    return core::Error{core::ErrorKind::kInvalid, "", where + ": not valid YAML: " + error.msg};
  }
}

core::Result<Experiment> load_experiment(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return core::Error{core::ErrorKind::kInvalid, "", path + ": cannot be read"};
  std::stringstream text;
  text << file.rdbuf();
  return parse_experiment(text.str(), path);
}

}  // namespace hb::experiment

// The figures a probe can read, per source: their names, the JSON field each one is, and the
// kind of value it holds, so a file that asks for a figure that does not exist, or gives a
// tolerance that could never hold (a range for a status, "healthy" for "Healthy"), is refused
// before anything runs.
#pragma once

#include <string_view>
#include <vector>

#include "experiment/experiment.h"

namespace hb::experiment {

enum class FigureType { kText, kNumber, kBool };

struct FigureInfo {
  std::string_view name;
  FigureType type = FigureType::kNumber;
  std::vector<std::string_view> values;  // the only texts a text figure takes; empty: any
  bool windowed = false;                 // SLO figures given per window (`window:` required)
  bool per_sli = false;                  // SLO figures of one SLI (`sli:` picks it)
};

// The figures of a source, in the order docs/chaos.md lists them.
const std::vector<FigureInfo>& figures(ProbeSource source);
// The figure named `name` of `source`, or null.
const FigureInfo* find_figure(ProbeSource source, std::string_view name);
// "status, ready, restarts": the names, for error messages.
std::string figure_names(ProbeSource source);

}  // namespace hb::experiment

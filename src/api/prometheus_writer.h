// Writes the Prometheus text exposition format 0.0.4: one HELP and TYPE line per family, then
// its samples, label values escaped.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hb::api {

using Label = std::pair<std::string_view, std::string_view>;

class PrometheusWriter {
 public:
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const std::vector<Label>& labels, double value);
  void sample(std::string_view name, const std::vector<Label>& labels, std::uint64_t value);
  std::string take() { return std::move(out_); }

 private:
  void write_labels(const std::vector<Label>& labels);
  std::string out_;
};

// The exposition form of a number: shortest round-trip text, +Inf / -Inf / NaN spelled out.
std::string format_value(double value);

}  // namespace hb::api

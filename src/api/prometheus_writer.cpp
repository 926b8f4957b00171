#include "api/prometheus_writer.h"

#include <fmt/format.h>

#include <cmath>

namespace hb::api {
namespace {

// Backslash and line feed are escaped in HELP text; label values escape double quotes too.
void append_escaped(std::string& out, std::string_view text, bool quotes) {
  for (const char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && quotes)
      out += "\\\"";
    else
      out += c;
  }
}

}  // namespace

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

void PrometheusWriter::family(std::string_view name, std::string_view type, std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  append_escaped(out_, help, false);
  fmt::format_to(std::back_inserter(out_), "\n# TYPE {} {}\n", name, type);
}

void PrometheusWriter::write_labels(const std::vector<Label>& labels) {
  if (labels.size() == 0) return;
  out_ += '{';
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (!first) out_ += ',';
    first = false;
    out_ += key;
    out_ += "=\"";
    append_escaped(out_, value, true);
    out_ += '"';
  }
  out_ += '}';
}

void PrometheusWriter::sample(std::string_view name, const std::vector<Label>& labels,
                              double value) {
  out_ += name;
  write_labels(labels);
  out_ += ' ';
  out_ += format_value(value);
  out_ += '\n';
}

void PrometheusWriter::sample(std::string_view name, const std::vector<Label>& labels,
                              std::uint64_t value) {
  out_ += name;
  write_labels(labels);
  fmt::format_to(std::back_inserter(out_), " {}\n", value);
}

}  // namespace hb::api

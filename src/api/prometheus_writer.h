// Writes the Prometheus text exposition format 0.0.4: one HELP and TYPE line per family, then
// its samples, label values escaped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace hb::api {

using Label = std::pair<std::string_view, std::string_view>;

// Labels rendered once, values escaped, as they stand between a sample's braces:
// `key="value",key2="value2"`. A family with a series per pod renders each pod's labels once and
// hands the same LabelText to every sample of that pod.
class LabelText {
 public:
  LabelText() = default;
  LabelText(std::initializer_list<Label> labels);  // NOLINT: implicit, as `{{"k", v}}`

  LabelText& add(std::string_view key, std::string_view value);
  std::string_view text() const { return text_; }
  bool empty() const { return text_.empty(); }

 private:
  std::string text_;
};

class PrometheusWriter {
 public:
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  // `capacity`: the bytes the text is expected to take, reserved up front.
  explicit PrometheusWriter(std::size_t capacity = 0);

  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const LabelText& labels, double value);
  void sample(std::string_view name, const LabelText& labels, std::uint64_t value);
  // A sample labelled with `labels`, then `last` (a phase, condition, reason, bucket bound).
  void sample(std::string_view name, const LabelText& labels, Label last, double value);
  void sample(std::string_view name, const LabelText& labels, Label last, std::uint64_t value);
  std::size_t size() const { return out_.size(); }
  std::string take() { return std::move(out_); }

 private:
  void open_sample(std::string_view name, const LabelText& labels);
  void open_sample(std::string_view name, const LabelText& labels, Label last);
  void close_sample(double value);
  void close_sample(std::uint64_t value);
  std::string out_;
};

// The exposition form of a number: shortest round-trip text, +Inf / -Inf / NaN spelled out.
std::string format_value(double value);

}  // namespace hb::api

#include "api/prometheus_writer.h"

#include <fmt/format.h>
#include <sys/mman.h>

#include <charconv>
#include <cmath>

namespace hb::api {
namespace {

// Backslash and line feed are escaped in HELP text; label values escape double quotes too.
// Runs of plain characters are appended whole.
void append_escaped(std::string& out, std::string_view text, bool quotes) {
  const std::string_view special = quotes ? std::string_view("\\\n\"") : std::string_view("\\\n");
  while (!text.empty()) {
    const std::size_t at = text.find_first_of(special);
    out += text.substr(0, at);
    if (at == std::string_view::npos) return;
    const char c = text[at];
    out += c == '\n' ? std::string_view("\\n") : c == '"' ? "\\\"" : "\\\\";
    text.remove_prefix(at + 1);
  }
}

void append_label(std::string& out, std::string_view key, std::string_view value) {
  out += key;
  out += "=\"";
  append_escaped(out, value, true);
  out += '"';
}

template <typename Integer>
void append_integer(std::string& out, Integer value) {
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

// Whole numbers below 1e15 print as fmt prints them, without fmt: flags, counts, replicas.
bool is_plain_integer(double value) {
  return std::abs(value) < 1e15 && std::trunc(value) == value &&
         !(value == 0.0 && std::signbit(value));  // fmt writes -0
}

void append_value(std::string& out, double value) {
  if (is_plain_integer(value)) {
    append_integer(out, static_cast<std::int64_t>(value));
  } else if (std::isnan(value) || std::isinf(value)) {
    out += format_value(value);
  } else {
    char text[32];  // the longest shortest round-trip text of a double is 24 characters
    const auto end = fmt::format_to_n(text, sizeof text, "{}", value).out;
    out.append(text, end);
  }
}

// Writing tens of megabytes into fresh memory costs more in page faults than in the writing (on a
// VM, four times as much at 4 kB a page). Asks for transparent huge pages, which Debian leaves to
// madvise, on the 2 MB pages wholly inside the buffer; a hint, whose failure changes nothing.
void advise_huge_pages(std::string& buffer) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  if (buffer.capacity() < 4 * kHugePage) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(buffer.data());
  const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t end = (begin + buffer.capacity()) & ~(kHugePage - 1);
  if (end > first) madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE);
#endif
}

}  // namespace

PrometheusWriter::PrometheusWriter(std::size_t capacity) {
  out_.reserve(capacity);
  advise_huge_pages(out_);
}

LabelText::LabelText(std::initializer_list<Label> labels) {
  for (const auto& [key, value] : labels) add(key, value);
}

LabelText& LabelText::add(std::string_view key, std::string_view value) {
  if (!text_.empty()) text_ += ',';
  append_label(text_, key, value);
  return *this;
}

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
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void PrometheusWriter::open_sample(std::string_view name, const LabelText& labels) {
  out_ += name;
  if (labels.empty()) return;
  out_ += '{';
  out_ += labels.text();
  out_ += '}';
}

void PrometheusWriter::open_sample(std::string_view name, const LabelText& labels, Label last) {
  out_ += name;
  out_ += '{';
  if (!labels.empty()) {
    out_ += labels.text();
    out_ += ',';
  }
  append_label(out_, last.first, last.second);
  out_ += '}';
}

void PrometheusWriter::close_sample(double value) {
  out_ += ' ';
  append_value(out_, value);
  out_ += '\n';
}

void PrometheusWriter::close_sample(std::uint64_t value) {
  out_ += ' ';
  append_integer(out_, value);
  out_ += '\n';
}

void PrometheusWriter::sample(std::string_view name, const LabelText& labels, double value) {
  open_sample(name, labels);
  close_sample(value);
}

void PrometheusWriter::sample(std::string_view name, const LabelText& labels, std::uint64_t value) {
  open_sample(name, labels);
  close_sample(value);
}

void PrometheusWriter::sample(std::string_view name, const LabelText& labels, Label last,
                              double value) {
  open_sample(name, labels, last);
  close_sample(value);
}

void PrometheusWriter::sample(std::string_view name, const LabelText& labels, Label last,
                              std::uint64_t value) {
  open_sample(name, labels, last);
  close_sample(value);
}

}  // namespace hb::api

#include "api/prometheus_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hb::api {
namespace {

TEST(PrometheusWriterTest, WritesAFamilyWithEscapedLabelsAndIntegerAndDoubleValues) {
  PrometheusWriter w;
  w.family("test_requests_total", "counter", "Requests, by path.");
  w.sample("test_requests_total", {{"path", R"(C:\temp)"}, {"code", "200"}}, std::uint64_t{42});
  w.sample("test_requests_total", {{"path", R"(say "hi")"}, {"code", "500"}}, std::uint64_t{0});
  w.sample("test_requests_total", {{"path", "two\nlines"}, {"code", "503"}},
           std::uint64_t{18446744073709551615u});
  w.family("test_temperature_celsius", "gauge", "A gauge.");
  w.sample("test_temperature_celsius", {}, 21.5);
  w.sample("test_temperature_celsius", {{"room", "a\\\"b\n"}}, -3.0);
  EXPECT_EQ(w.take(),
            "# HELP test_requests_total Requests, by path.\n"
            "# TYPE test_requests_total counter\n"
            "test_requests_total{path=\"C:\\\\temp\",code=\"200\"} 42\n"
            "test_requests_total{path=\"say \\\"hi\\\"\",code=\"500\"} 0\n"
            "test_requests_total{path=\"two\\nlines\",code=\"503\"} 18446744073709551615\n"
            "# HELP test_temperature_celsius A gauge.\n"
            "# TYPE test_temperature_celsius gauge\n"
            "test_temperature_celsius 21.5\n"
            "test_temperature_celsius{room=\"a\\\\\\\"b\\n\"} -3\n");
}

TEST(PrometheusWriterTest, EmptyLabelValueIsWrittenAsEmptyQuotes) {
  PrometheusWriter w;
  w.sample("m", {{"a", ""}}, 1.0);
  EXPECT_EQ(w.take(), "m{a=\"\"} 1\n");
}

TEST(PrometheusWriterTest, TakeLeavesTheWriterEmpty) {
  PrometheusWriter w;
  w.sample("m", {}, std::uint64_t{1});
  EXPECT_EQ(w.take(), "m 1\n");
  w.sample("n", {}, std::uint64_t{2});
  EXPECT_EQ(w.take(), "n 2\n");
}

TEST(PrometheusWriterTest, FormatsValuesAsShortestRoundTripTextWithInfAndNaNSpelledOut) {
  struct Case {
    double value;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {0.0, "0"},
      {1.0, "1"},
      {-2.5, "-2.5"},
      {0.1, "0.1"},
      {0.995, "0.995"},
      {1.0 / 3.0, "0.3333333333333333"},
      {123456789.0, "123456789"},
      {std::numeric_limits<double>::infinity(), "+Inf"},
      {-std::numeric_limits<double>::infinity(), "-Inf"},
      {std::numeric_limits<double>::quiet_NaN(), "NaN"},
  };
  for (const auto& c : cases) EXPECT_EQ(format_value(c.value), c.expected) << c.expected;
}

TEST(PrometheusWriterTest, SampleWritesInfAndNaN) {
  PrometheusWriter w;
  w.sample("m", {{"k", "inf"}}, std::numeric_limits<double>::infinity());
  w.sample("m", {{"k", "-inf"}}, -std::numeric_limits<double>::infinity());
  w.sample("m", {{"k", "nan"}}, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(w.take(),
            "m{k=\"inf\"} +Inf\n"
            "m{k=\"-inf\"} -Inf\n"
            "m{k=\"nan\"} NaN\n");
}

// The text format 0.0.4 requires backslash and line feed in HELP text to be escaped as \\ and \n;
// family() writes the help text as it is, so a help with a newline breaks the exposition.
TEST(PrometheusWriterTest, HelpTextEscapesBackslashAndNewline) {
  PrometheusWriter w;
  w.family("m", "gauge", "first line\nsecond \\ line");
  EXPECT_EQ(w.take(),
            "# HELP m first line\\nsecond \\\\ line\n"
            "# TYPE m gauge\n");
}

TEST(PrometheusWriterTest, LabelTextIsSharedBySamplesAndTakesOneMoreLabel) {
  LabelText pod;
  pod.add("pod", "a\"b").add("uid", "u1");
  PrometheusWriter w;
  w.sample("m", pod, 1.0);
  w.sample("m", pod, {"phase", "two\nlines"}, std::uint64_t{7});
  w.sample("m", {}, {"le", "+Inf"}, 0.5);
  EXPECT_EQ(w.take(),
            "m{pod=\"a\\\"b\",uid=\"u1\"} 1\n"
            "m{pod=\"a\\\"b\",uid=\"u1\",phase=\"two\\nlines\"} 7\n"
            "m{le=\"+Inf\"} 0.5\n");
}

// Whole numbers take a path of their own; they must read as format_value writes them.
TEST(PrometheusWriterTest, SampleValuesReadAsFormatValueWritesThem) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const double whole[] = {0.0, -0.0, 1.0, -1.0, 42.0, 1e9, 1e15 - 1, 1e15, -1e15 + 1, 1e16, 1e21};
  const double others[] = {0.5, -2.5, 1e-7, 1.0 / 3.0, 70.00000000000001, 1e300, kInf, kNaN};
  std::vector<double> values(std::begin(whole), std::end(whole));
  values.insert(values.end(), std::begin(others), std::end(others));
  for (const double value : values) {
    PrometheusWriter w;
    w.sample("m", {}, value);
    EXPECT_EQ(w.take(), "m " + format_value(value) + "\n") << format_value(value);
  }
}

TEST(PrometheusWriterTest, ContentTypeIsTextFormat004) {
  EXPECT_EQ(PrometheusWriter::kContentType, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace hb::api

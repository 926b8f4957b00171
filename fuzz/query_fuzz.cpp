// Query strings: the strict parser every handler uses, and the parameters of GET /pods and
// GET /stream checked against a real lab's services. Any bytes are parsed or refused with a 4xx
// and a detail.
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "api/query.h"
#include "core/lab_spec.h"
#include "fuzz_checks.h"
#include "lab/lab_runner.h"

namespace {

// The default lab's report, made once: the queries only read its service names.
const hb::core::LabReport& report() {
  static boost::asio::io_context ioc;
  static hb::lab::LabRunner lab(ioc, hb::core::default_lab_spec(), 42,
                                std::chrono::milliseconds(100), hb::lab::LabClock::kManual);
  static const hb::core::LabReport report = lab.snapshot()->report;
  return report;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  hb::fuzz::no_exception("parse_query", [&] {
    hb::fuzz::expect_value_or_refusal(hb::api::parse_query(query, {"window", "limit", "before"}),
                                      "parse_query");
    hb::fuzz::expect_value_or_refusal(hb::api::parse_pod_query(query, report()), "parse_pod_query");
    hb::fuzz::expect_value_or_refusal(hb::api::parse_stream_query(query, report()),
                                      "parse_stream_query");
    hb::api::parse_count(query, 1, 1000);
  });
  return 0;
}

// The bodies of POST /fault/{pod_id}, POST /fault/service/{service} and POST /partition: any
// bytes are parsed into a request or refused with a 4xx and a detail, never thrown on.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "api/fault_request.h"
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  hb::fuzz::no_exception("parse_fault_patch", [&] {
    hb::fuzz::expect_value_or_refusal(hb::api::parse_fault_patch(body), "parse_fault_patch");
  });
  hb::fuzz::no_exception("parse_service_fault", [&] {
    hb::fuzz::expect_value_or_refusal(hb::api::parse_service_fault(body), "parse_service_fault");
  });
  hb::fuzz::no_exception("parse_partition", [&] {
    hb::fuzz::expect_value_or_refusal(hb::api::parse_partition(body), "parse_partition");
  });
  return 0;
}

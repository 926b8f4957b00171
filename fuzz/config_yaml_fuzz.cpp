// Lab configurations (--config): any text is read into a LabSpec or refused with an error that
// names the field, never thrown on. A spec that is accepted must also run: the lab is built
// from it and advanced two seconds, so a config that passes validation but breaks the core is
// found too.
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_checks.h"
#include "lab/config_file.h"
#include "lab/lab_runner.h"

namespace {

void run_lab(const hb::core::LabSpec& spec) {
  boost::asio::io_context ioc;
  hb::lab::LabRunner lab(ioc, spec, 42, std::chrono::milliseconds(100), hb::lab::LabClock::kManual);
  lab.advance(std::chrono::seconds(2), [](auto) {});
  ioc.run();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = (spdlog::set_level(spdlog::level::off), true);
  (void)quiet;
  const std::string text(reinterpret_cast<const char*>(data), size);
  hb::fuzz::no_exception("parse_lab_spec", [&] {
    const auto spec = hb::lab::parse_lab_spec(text, "fuzz.yaml");
    if (!spec) {
      if (spec.error().detail.empty()) hb::fuzz::fail("parse_lab_spec", "an error without detail");
      return;
    }
    run_lab(spec.value());
  });
  return 0;
}

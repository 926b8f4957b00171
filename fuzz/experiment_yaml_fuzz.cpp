// Experiment files (healthboard experiment): any text is read into an Experiment or refused
// with an error that names the field, never thrown on.
#include <cstddef>
#include <cstdint>
#include <string>

#include "experiment/experiment_file.h"
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  hb::fuzz::no_exception("parse_experiment", [&] {
    const auto experiment = hb::experiment::parse_experiment(text, "fuzz.yaml");
    if (!experiment && experiment.error().detail.empty()) {
      hb::fuzz::fail("parse_experiment", "an error without detail");
    }
  });
  return 0;
}

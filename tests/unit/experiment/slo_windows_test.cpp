// The windows a probe names are checked against the SLO's before anything runs: the fixed
// burn-rate windows and the SLO window, which only the lab knows.
#include "experiment/slo_windows.h"

#include <gtest/gtest.h>

#include "experiment/experiment_file.h"
#include "experiment/virtual_target.h"

namespace hb::experiment {
namespace {

using std::chrono::hours;

// A hypothesis probe over `hypothesis_window` (line 8) and a method probe over `method_window`
// (line 14).
Experiment with_windows(const std::string& hypothesis_window, const std::string& method_window) {
  const std::string text =
      "title: t\n"
      "steady-state-hypothesis:\n"
      "  title: h\n"
      "  probes:\n"
      "    - probe: burn\n"
      "      slo: lab\n"
      "      figure: burn_rate\n"
      "      window: " +
      hypothesis_window +
      "\n"
      "      tolerance: {max: 1}\n"
      "method:\n"
      "  - probe: requests\n"
      "    slo: ui-proxy\n"
      "    figure: requests\n"
      "    window: " +
      method_window + "\n";
  auto parsed = parse_experiment(text, "w.yaml");
  if (!parsed) throw std::runtime_error(parsed.error().detail);
  return parsed.value();
}

std::string error_of(const core::Status& status) {
  return status ? "" : status.error().detail;
}

TEST(SloWindows, TheFixedWindowsAndTheSloWindowAreAccepted) {
  for (const std::string window : {"5m", "30m", "1h", "60m", "2h", "6h", "1d", "24h", "3d"}) {
    EXPECT_EQ(error_of(check_windows(with_windows(window, window), hours(24 * 30), "s")), "")
        << window;
  }
  EXPECT_EQ(error_of(check_windows(with_windows("30d", "720h"), hours(24 * 30), "s")), "");
  EXPECT_EQ(error_of(check_windows(with_windows("7d", "5m"), hours(24 * 7), "s")), "");
}

TEST(SloWindows, AWindowTheSloDoesNotHaveIsAnErrorNamingLineAndField) {
  EXPECT_EQ(error_of(check_windows(with_windows("5m", "10m"), hours(24 * 30), "--slo-window")),
            "w.yaml:14: method[0].window: must be a window the SLO has: 5m, 30m, 1h, 2h, 6h, 1d, "
            "3d or the SLO window, 30d (--slo-window), got 10m");
  // 7d is the SLO window of another lab only.
  const core::Status status =
      check_windows(with_windows("7d", "5m"), hours(24 * 30), "the server's, from GET /slo");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "steady-state-hypothesis.probes[0].window");
  EXPECT_EQ(status.error().detail,
            "w.yaml:8: steady-state-hypothesis.probes[0].window: must be a window the SLO has: 5m, "
            "30m, 1h, 2h, 6h, 1d, 3d or the SLO window, 30d (the server's, from GET /slo), got 7d");
}

TEST(SloWindows, SaysWhetherAnyProbeNamesAWindow) {
  EXPECT_TRUE(names_windows(with_windows("5m", "1h")));
  auto parsed = parse_experiment(
      "title: t\nsteady-state-hypothesis:\n  title: h\n  probes:\n    - probe: p\n      lab: "
      "status\n      tolerance: Healthy\nmethod:\n  - pause: 1s\n",
      "n.yaml");
  ASSERT_TRUE(parsed) << parsed.error().detail;
  EXPECT_FALSE(names_windows(parsed.value()));
}

TEST(SloWindows, ReadsTheSloWindowFromGetSlo) {
  const auto window = slo_window_of(Answer{200, {{"window_seconds", 604800}}, ""});
  ASSERT_TRUE(window) << window.error().detail;
  EXPECT_EQ(window.value(), hours(24 * 7));
  EXPECT_EQ(slo_window_of(Answer{500, {{"detail", "x"}}, ""}).error().detail,
            "--server: GET /slo answered 500, so the probes' windows cannot be checked");
  EXPECT_EQ(slo_window_of(Answer{200, {{"window", "30d"}}, ""}).error().detail,
            "--server: GET /slo has no window_seconds (a whole number of seconds over 0), so the "
            "probes' windows cannot be checked");
}

// The field it reads is the one the API serves.
TEST(SloWindows, ReadsTheWindowTheApiServes) {
  VirtualLabOptions options;
  options.warmup = core::Duration::zero();
  options.spec.slo.window = hours(24 * 7);
  VirtualTarget target(options);
  const auto window = slo_window_of(target.call("GET", "/slo", std::nullopt));
  ASSERT_TRUE(window) << window.error().detail;
  EXPECT_EQ(window.value(), hours(24 * 7));
}

}  // namespace
}  // namespace hb::experiment

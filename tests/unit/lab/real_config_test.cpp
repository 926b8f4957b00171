// A real lab's fields in the lab file (docs/proxy.md): listen, endpoints, error_status and the
// readiness probe's path, and the refusals of what only simulated services have.
#include <gtest/gtest.h>

#include <string>

#include "lab/config_file.h"
#include "lab/lab_store.h"

namespace hb::lab {
namespace {

const std::string kService =
    "services:\n"
    "  - name: web\n"
    "    listen: 127.0.0.1:0\n"
    "    endpoints: [127.0.0.1:8081, 'localhost:8082', '[::1]:8083']\n";

core::Error refusal(const std::string& text) {
  auto result = parse_lab_spec(text, "real.yaml");
  EXPECT_FALSE(result.ok()) << "accepted: " << text;
  return result.ok() ? core::Error{} : result.error();
}

TEST(RealConfig, EndpointsAreThePods) {
  auto result = parse_lab_spec(kService +
                                   "    error_status: 502\n"
                                   "    probes:\n"
                                   "      readiness: {path: /healthz, period_s: 2}\n",
                               "real.yaml");
  ASSERT_TRUE(result) << result.error().detail;
  const core::ServiceSpec& web = result.value().services[0];
  ASSERT_TRUE(web.real);
  EXPECT_EQ(web.replicas, 3);
  EXPECT_EQ(web.rate_rps, 0.0);
  EXPECT_EQ(web.real->listen, "127.0.0.1:0");
  EXPECT_EQ(web.real->error_status, 502);
  EXPECT_EQ(web.real->health_path, "/healthz");
  EXPECT_EQ(web.workload.probes.readiness->period_s, 2.0);
}

TEST(RealConfig, DefaultsAreTheSimulatedPodsOnes) {
  auto result = parse_lab_spec(kService, "real.yaml");
  ASSERT_TRUE(result) << result.error().detail;
  EXPECT_EQ(result.value().services[0].real->error_status, 500);
  EXPECT_EQ(result.value().services[0].real->health_path, "/");
  EXPECT_FALSE(result.value().services[0].workload.probes.readiness);
}

TEST(RealConfig, RefusesWhatOnlySimulatedServicesHave) {
  for (const std::string field :
       {"replicas: 2", "rate_rps: 10", "latency_median_ms: 5", "concurrency: 4", "version: v2",
        "autoscale: {max_replicas: 3}"}) {
    SCOPED_TRACE(field);
    const core::Error error = refusal(kService + "    " + field + "\n");
    const std::string name = field.substr(0, field.find(':'));
    EXPECT_EQ(error.field, "services[0]." + name);
    EXPECT_NE(error.detail.find("is for simulated services"), std::string::npos) << error.detail;
  }
  const core::Error liveness = refusal(kService + "    probes:\n      liveness: {period_s: 1}\n");
  EXPECT_EQ(liveness.field, "services[0].probes.liveness");
}

TEST(RealConfig, RefusesAddressesThatAreNotLoopback) {
  struct Case {
    std::string text;
    std::string field;
  };
  const Case cases[] = {
      {"    listen: 0.0.0.0:9000\n    endpoints: [127.0.0.1:8081]\n", "services[0].listen"},
      {"    listen: 127.0.0.1:9000\n    endpoints: [10.0.0.1:8081]\n", "services[0].endpoints[0]"},
      {"    listen: 127.0.0.1:9000\n    endpoints: [127.0.0.1:0]\n", "services[0].endpoints[0]"},
      {"    listen: 127.0.0.1:9000\n    endpoints: [127.0.0.1]\n", "services[0].endpoints[0]"},
      {"    listen: 127.0.0.1:70000\n    endpoints: [127.0.0.1:8081]\n", "services[0].listen"},
      {"    listen: 127.0.0.1:9000\n    endpoints: [example.com:80]\n", "services[0].endpoints[0]"},
      {"    listen: 127.0.0.1:9000\n    endpoints: []\n", "services[0].endpoints"},
      {"    listen: 127.0.0.1:9000\n    endpoints: [127.0.0.1:1, 127.0.0.1:1]\n",
       "services[0].endpoints[1]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const core::Error error = refusal("services:\n  - name: web\n" + c.text);
    EXPECT_EQ(error.field, c.field) << error.detail;
  }
}

TEST(RealConfig, AnEndpointIsNotItsOwnServicesAddress) {
  const core::Error error = refusal(
      "services:\n  - {name: a, listen: '127.0.0.1:9000', endpoints: ['127.0.0.1:9000']}\n");
  EXPECT_EQ(error.field, "services[0].endpoints[0]");
}

// A data directory keeps a lab of these endpoints: other ones make another lab, refused on
// start as another configuration is (LabStore::open).
TEST(RealConfig, TheEndpointsAreInTheLabsShape) {
  auto one = parse_lab_spec(kService, "real.yaml");
  std::string other_text = kService;
  other_text.replace(other_text.find("8083"), 4, "8084");
  auto other = parse_lab_spec(other_text, "real.yaml");
  ASSERT_TRUE(one && other);
  EXPECT_NE(lab_shape(one.value()), lab_shape(other.value()));
  EXPECT_NE(lab_shape(one.value()).find("127.0.0.1:8081"), std::string::npos);
}

TEST(RealConfig, ALabIsAllRealOrAllSimulated) {
  const core::Error error = refusal(kService + "  - name: sim\n");
  EXPECT_EQ(error.field, "services[1]");
  EXPECT_NE(error.detail.find("all real or all simulated"), std::string::npos) << error.detail;
}

TEST(RealConfig, TwoServicesCannotListenOnOneAddress) {
  const core::Error error = refusal(
      "services:\n"
      "  - {name: a, listen: '127.0.0.1:9000', endpoints: ['127.0.0.1:8081']}\n"
      "  - {name: b, listen: '127.0.0.1:9000', endpoints: ['127.0.0.1:8082']}\n");
  EXPECT_EQ(error.field, "services[1].listen");
}

TEST(RealConfig, OnlyARealServiceHasAHealthCheckPath) {
  const core::Error error =
      refusal("services:\n  - name: sim\n    probes:\n      readiness: {path: /healthz}\n");
  EXPECT_EQ(error.field, "services[0].probes.readiness.path");
}

TEST(RealConfig, RefusesAnErrorStatusThatIsNotAnError) {
  const core::Error error = refusal(kService + "    error_status: 200\n");
  EXPECT_EQ(error.field, "services[0].error_status");
  const core::Error path = refusal(kService + "    probes:\n      readiness: {path: healthz}\n");
  EXPECT_EQ(path.field, "services[0].probes.readiness.path");
}

}  // namespace
}  // namespace hb::lab

// Strict query strings: only known parameters, each once, properly escaped; anything else is a
// 422 whose detail says what is wrong.
#include "api/query.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <variant>

namespace hb::api {
namespace {

using json = nlohmann::json;

// The parameters, failing the test (and answering none) when parse_query refused.
QueryParams accepted(const std::variant<QueryParams, http::Response>& result) {
  if (const auto* response = std::get_if<http::Response>(&result)) {
    ADD_FAILURE() << "refused with " << response->status << ": " << response->body;
    return {};
  }
  return std::get<QueryParams>(result);
}

// The refusal, failing the test (and answering a blank response) when parse_query accepted.
http::Response refused(const std::variant<QueryParams, http::Response>& result) {
  if (const auto* params = std::get_if<QueryParams>(&result)) {
    ADD_FAILURE() << "accepted " << params->size() << " parameter(s)";
    return {};
  }
  return std::get<http::Response>(result);
}

json body_of(const http::Response& response) {
  return json::parse(response.body);
}

// Asserts a 422 with a JSON body {"detail": detail, "field": field}.
void expect_422(const std::variant<QueryParams, http::Response>& result, const std::string& field,
                const std::string& detail) {
  const http::Response response = refused(result);
  EXPECT_EQ(response.status, 422u);
  EXPECT_EQ(response.content_type, "application/json");
  const json body = body_of(response);
  EXPECT_EQ(body["detail"], detail);
  if (field.empty()) {
    EXPECT_FALSE(body.contains("field")) << body.dump();
  } else {
    EXPECT_EQ(body["field"], field);
  }
}

TEST(ParseQueryTest, EmptyQueryGivesNoParameters) {
  EXPECT_TRUE(accepted(parse_query("", {"window"})).empty());
  EXPECT_TRUE(accepted(parse_query("", {})).empty());
}

TEST(ParseQueryTest, OneParameter) {
  EXPECT_EQ(accepted(parse_query("window=5m", {"window"})), (QueryParams{{"window", "5m"}}));
}

TEST(ParseQueryTest, SeveralParametersInAnyOrder) {
  const QueryParams expected{{"before", "17"}, {"limit", "10"}};
  EXPECT_EQ(accepted(parse_query("limit=10&before=17", {"limit", "before"})), expected);
  EXPECT_EQ(accepted(parse_query("before=17&limit=10", {"limit", "before"})), expected);
}

TEST(ParseQueryTest, KnownParametersMayBeLeftOut) {
  EXPECT_EQ(accepted(parse_query("limit=3", {"limit", "before"})), (QueryParams{{"limit", "3"}}));
}

TEST(ParseQueryTest, ValuesArePercentDecodedAndPlusIsASpace) {
  EXPECT_EQ(accepted(parse_query("q=a%20b", {"q"})).at("q"), "a b");
  EXPECT_EQ(accepted(parse_query("q=a+b", {"q"})).at("q"), "a b");
  EXPECT_EQ(accepted(parse_query("q=100%25", {"q"})).at("q"), "100%");
  EXPECT_EQ(accepted(parse_query("q=%2B1", {"q"})).at("q"), "+1");  // an escaped '+' stays '+'
  EXPECT_EQ(accepted(parse_query("q=x%26y%3Dz", {"q"})).at("q"), "x&y=z");
  EXPECT_EQ(accepted(parse_query("q=%e2%82%ac", {"q"})).at("q"), "\xE2\x82\xAC");  // lower hex
  EXPECT_EQ(accepted(parse_query("q=%41%42", {"q"})).at("q"), "AB");  // escape at the very end
}

TEST(ParseQueryTest, OnlyTheFirstEqualsSignSplits) {
  EXPECT_EQ(accepted(parse_query("q=a=b", {"q"})).at("q"), "a=b");
}

TEST(ParseQueryTest, NamesArePercentDecodedToo) {
  EXPECT_EQ(accepted(parse_query("win%64ow=5m", {"window"})), (QueryParams{{"window", "5m"}}));
}

TEST(ParseQueryTest, ANameWithoutEqualsSignHasAnEmptyValue) {
  EXPECT_EQ(accepted(parse_query("window", {"window"})), (QueryParams{{"window", ""}}));
  EXPECT_EQ(accepted(parse_query("window=", {"window"})), (QueryParams{{"window", ""}}));
  EXPECT_EQ(accepted(parse_query("limit&before=3", {"limit", "before"})),
            (QueryParams{{"before", "3"}, {"limit", ""}}));
}

TEST(ParseQueryTest, EmptySegmentsAreIgnored) {
  const QueryParams expected{{"a", "1"}, {"b", "2"}};
  EXPECT_EQ(accepted(parse_query("a=1&&b=2", {"a", "b"})), expected);
  EXPECT_EQ(accepted(parse_query("&a=1&b=2&", {"a", "b"})), expected);
  EXPECT_EQ(accepted(parse_query("&&&", {"a"})), QueryParams{});
}

TEST(ParseQueryTest, UnknownParameterIs422NamingItAndTheKnownOnes) {
  expect_422(parse_query("windw=5m", {"window"}), "windw",
             "windw: is not a known query parameter; this call takes window");
  expect_422(parse_query("limit=5&page=2", {"limit", "before"}), "page",
             "page: is not a known query parameter; this call takes limit, before");
}

TEST(ParseQueryTest, UnknownParameterIsNamedDecoded) {
  expect_422(parse_query("my+param=1", {"limit"}), "my param",
             "my param: is not a known query parameter; this call takes limit");
}

TEST(ParseQueryTest, ACallWithoutParametersRefusesAnyAndSaysSo) {
  expect_422(parse_query("x=1", {}), "x",
             "x: is not a known query parameter; this call takes none");
  // Even a bare name.
  expect_422(parse_query("verbose", {}), "verbose",
             "verbose: is not a known query parameter; this call takes none");
}

TEST(ParseQueryTest, AnEmptyNameIsRefusedNamingTheSegment) {
  expect_422(parse_query("=5", {"window"}), "query", "query: has a parameter without a name: '=5'");
}

TEST(ParseQueryTest, NamesAreCaseSensitive) {
  expect_422(parse_query("Window=5m", {"window"}), "Window",
             "Window: is not a known query parameter; this call takes window");
}

TEST(ParseQueryTest, RepeatedParameterIs422) {
  expect_422(parse_query("limit=1&limit=2", {"limit"}), "limit", "limit: is given more than once");
  // Even with the same value, or spelled differently but decoding the same.
  expect_422(parse_query("limit=1&limit=1", {"limit"}), "limit", "limit: is given more than once");
  expect_422(parse_query("limit=1&%6Cimit=1", {"limit"}), "limit",
             "limit: is given more than once");
}

TEST(ParseQueryTest, MalformedEscapesAre422) {
  expect_422(parse_query("q=%", {"q"}), "query", "query: has a malformed percent-escape in 'q=%'");
  expect_422(parse_query("q=%4", {"q"}), "query",
             "query: has a malformed percent-escape in 'q=%4'");
  expect_422(parse_query("q=%zz", {"q"}), "query",
             "query: has a malformed percent-escape in 'q=%zz'");
  expect_422(parse_query("q=%4g", {"q"}), "query",
             "query: has a malformed percent-escape in 'q=%4g'");
  expect_422(parse_query("q=%g4", {"q"}), "query",
             "query: has a malformed percent-escape in 'q=%g4'");
}

TEST(ParseQueryTest, MalformedEscapeInANameOrLaterSegmentIs422) {
  expect_422(parse_query("%zz=1", {"q"}), "query",
             "query: has a malformed percent-escape in '%zz=1'");
  expect_422(parse_query("q=1&r=%", {"q", "r"}), "query",
             "query: has a malformed percent-escape in 'r=%'");
}

}  // namespace
}  // namespace hb::api

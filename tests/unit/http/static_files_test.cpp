// The dashboard's files served through a Router: content types, ETags, caching and 304s.
#include "http/static_files.h"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <utility>

namespace hb::http {
namespace {

constexpr std::string_view kIndex = "<!doctype html><title>healthboard</title>";
constexpr std::string_view kScript = "console.log('hb');";
constexpr std::string_view kStyle = "body{margin:0}";
constexpr std::string_view kIcon = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";

const std::array<StaticFile, 4> kFiles{{
    {"/index.html", kIndex},
    {"/assets/app-1a2b3c.js", kScript},
    {"/assets/app-4d5e6f.css", kStyle},
    {"/favicon.svg", kIcon},
}};

Router static_router() {
  Router router;
  add_static_routes(router, kFiles);
  return router;
}

// Dispatches synchronously, as tests/unit/http/router_test.cpp does, and returns the reply.
Response call(const Router& router, std::string method, std::string path,
              std::optional<std::string> if_none_match = std::nullopt) {
  Request request;
  request.method = std::move(method);
  request.target = path;
  request.path = std::move(path);
  if (if_none_match) request.headers["if-none-match"] = *if_none_match;
  std::optional<Response> answer;
  router.dispatch(std::move(request),
                  [&answer](Response response) { answer = std::move(response); });
  EXPECT_TRUE(answer.has_value()) << "no reply";
  return answer.value_or(Response{});
}

std::string header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

TEST(ContentTypeTest, KnownExtensions) {
  EXPECT_EQ(content_type_for("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("/assets/app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("/assets/app.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("/assets/app.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("/favicon.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("/data.json"), "application/json");
  EXPECT_EQ(content_type_for("/assets/app.js.map"), "application/json");
  EXPECT_EQ(content_type_for("/logo.png"), "image/png");
  EXPECT_EQ(content_type_for("/favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("/font.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("/robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("/site.webmanifest"), "application/manifest+json");
}

TEST(ContentTypeTest, UnknownIsOctetStream) {
  EXPECT_EQ(content_type_for("/file.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/README"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/"), "application/octet-stream");
  EXPECT_EQ(content_type_for(""), "application/octet-stream");
  // The extension must be the whole ending, dot included.
  EXPECT_EQ(content_type_for("/html"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/index.html.bak"), "application/octet-stream");
}

TEST(EtagTest, QuotedAndStable) {
  const std::string tag = etag_for(kIndex);
  ASSERT_GE(tag.size(), 3u);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag.back(), '"');
  EXPECT_EQ(tag.find('"', 1), tag.size() - 1) << "only the outer quotes: " << tag;
  EXPECT_EQ(tag.rfind("W/", 0), std::string::npos) << "a strong tag: " << tag;
  EXPECT_EQ(etag_for(kIndex), tag);
  EXPECT_EQ(etag_for(std::string(kIndex)), tag);  // depends on the bytes, not where they live
}

TEST(EtagTest, DifferentContentDifferentTag) {
  EXPECT_NE(etag_for("a"), etag_for("b"));
  EXPECT_NE(etag_for("ab"), etag_for("ba"));
  EXPECT_NE(etag_for(""), etag_for(std::string_view("\0", 1)));
  EXPECT_NE(etag_for(kScript), etag_for(kStyle));
}

TEST(EtagTest, KnownValues) {
  // FNV-1a 64 of the bytes, then the length in hex.
  EXPECT_EQ(etag_for(""), "\"cbf29ce484222325-0\"");
  EXPECT_EQ(etag_for("a"), "\"af63dc4c8601ec8c-1\"");
}

TEST(StaticRoutesTest, ServesEveryFileWithTypeTagAndBody) {
  const Router router = static_router();
  for (const StaticFile& file : kFiles) {
    SCOPED_TRACE(std::string(file.path));
    const Response response = call(router, "GET", std::string(file.path));
    EXPECT_EQ(response.status, 200u);
    EXPECT_EQ(response.body, file.content);
    EXPECT_EQ(response.content_type, content_type_for(file.path));
    EXPECT_EQ(header(response, "ETag"), etag_for(file.content));
    EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(response.stream, nullptr);
  }
}

TEST(StaticRoutesTest, ContentTypesPerFile) {
  const Router router = static_router();
  EXPECT_EQ(call(router, "GET", "/index.html").content_type, "text/html; charset=utf-8");
  EXPECT_EQ(call(router, "GET", "/assets/app-1a2b3c.js").content_type,
            "text/javascript; charset=utf-8");
  EXPECT_EQ(call(router, "GET", "/assets/app-4d5e6f.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(call(router, "GET", "/favicon.svg").content_type, "image/svg+xml");
}

TEST(StaticRoutesTest, HashedAssetsAreImmutableTheRestRevalidated) {
  const Router router = static_router();
  EXPECT_EQ(header(call(router, "GET", "/assets/app-1a2b3c.js"), "Cache-Control"), kImmutable);
  EXPECT_EQ(header(call(router, "GET", "/assets/app-4d5e6f.css"), "Cache-Control"), kImmutable);
  EXPECT_EQ(header(call(router, "GET", "/index.html"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header(call(router, "GET", "/favicon.svg"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header(call(router, "GET", "/"), "Cache-Control"), "no-cache");
}

TEST(StaticRoutesTest, RootServesIndexHtml) {
  const Router router = static_router();
  const Response root = call(router, "GET", "/");
  EXPECT_EQ(root.status, 200u);
  EXPECT_EQ(root.body, kIndex);
  EXPECT_EQ(root.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(root, "ETag"), etag_for(kIndex));
}

TEST(StaticRoutesTest, RootIsNotAddedWithoutIndexHtml) {
  Router router;
  const std::array<StaticFile, 1> files{{{"/assets/app.js", kScript}}};
  add_static_routes(router, files);
  EXPECT_EQ(call(router, "GET", "/").status, 404u);
  EXPECT_EQ(call(router, "GET", "/assets/app.js").status, 200u);
}

TEST(StaticRoutesTest, UnknownPathIs404AndOtherMethods405) {
  const Router router = static_router();
  EXPECT_EQ(call(router, "GET", "/missing.js").status, 404u);
  EXPECT_EQ(call(router, "GET", "/assets/").status, 404u);
  const Response post = call(router, "POST", "/index.html");
  EXPECT_EQ(post.status, 405u);
  EXPECT_EQ(header(post, "Allow"), "GET, HEAD");
}

TEST(StaticRoutesTest, IfNoneMatchWithTheSameTagIs304WithoutBody) {
  const Router router = static_router();
  const std::string tag = etag_for(kScript);
  const Response response = call(router, "GET", "/assets/app-1a2b3c.js", tag);
  EXPECT_EQ(response.status, 304u);
  EXPECT_TRUE(response.body.empty()) << response.body;
  // The validators and caching headers still come with the 304.
  EXPECT_EQ(header(response, "ETag"), tag);
  EXPECT_EQ(header(response, "Cache-Control"), kImmutable);
}

TEST(StaticRoutesTest, IfNoneMatchOnRootUsesTheIndexTag) {
  const Router router = static_router();
  const Response response = call(router, "GET", "/", etag_for(kIndex));
  EXPECT_EQ(response.status, 304u);
  EXPECT_TRUE(response.body.empty());
}

TEST(StaticRoutesTest, IfNoneMatchListContainingTheTagIs304) {
  const Router router = static_router();
  const std::string tag = etag_for(kIndex);
  EXPECT_EQ(call(router, "GET", "/index.html", "\"other\", " + tag + ", \"more\"").status, 304u);
  EXPECT_EQ(call(router, "GET", "/index.html", "\"other\"," + tag).status, 304u);
  EXPECT_EQ(call(router, "GET", "/index.html", tag + ",\"other\"").status, 304u);
  EXPECT_EQ(call(router, "GET", "/index.html", "  " + tag + "  ").status, 304u);
}

TEST(StaticRoutesTest, IfNoneMatchWeakTagIs304) {
  // If-None-Match uses the weak comparison: W/"x" matches "x".
  const Router router = static_router();
  const std::string tag = etag_for(kIndex);
  EXPECT_EQ(call(router, "GET", "/index.html", "W/" + tag).status, 304u);
  EXPECT_EQ(call(router, "GET", "/index.html", "\"other\", W/" + tag).status, 304u);
}

TEST(StaticRoutesTest, IfNoneMatchStarIs304) {
  const Router router = static_router();
  const Response response = call(router, "GET", "/favicon.svg", "*");
  EXPECT_EQ(response.status, 304u);
  EXPECT_TRUE(response.body.empty());
}

TEST(StaticRoutesTest, IfNoneMatchWithAnotherTagIs200WithBody) {
  const Router router = static_router();
  for (const std::string& header_value :
       {std::string("\"0000000000000000-0\""), etag_for(kScript), std::string("\"a\", \"b\""),
        std::string(""), std::string("W/\"nope\"")}) {
    SCOPED_TRACE(header_value);
    const Response response = call(router, "GET", "/index.html", header_value);
    EXPECT_EQ(response.status, 200u);
    EXPECT_EQ(response.body, kIndex);
  }
}

TEST(StaticRoutesTest, IfNoneMatchNeedsTheQuotes) {
  // The tag is compared with its quotes: the bare hash is another tag.
  const Router router = static_router();
  const std::string tag = etag_for(kIndex);
  const std::string unquoted = tag.substr(1, tag.size() - 2);
  EXPECT_EQ(call(router, "GET", "/index.html", unquoted).status, 200u);
}

TEST(StaticRoutesTest, HeadIsServedByTheGetRoute) {
  const Router router = static_router();
  const Response head = call(router, "HEAD", "/assets/app-4d5e6f.css");
  EXPECT_EQ(head.status, 200u);
  EXPECT_EQ(head.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(header(head, "ETag"), etag_for(kStyle));
  EXPECT_EQ(header(head, "Cache-Control"), kImmutable);
  // The handler answers as for GET; the server drops the body of a HEAD reply.
  EXPECT_EQ(head.body, kStyle);

  const Response head_root = call(router, "HEAD", "/");
  EXPECT_EQ(head_root.status, 200u);
  EXPECT_EQ(header(head_root, "ETag"), etag_for(kIndex));
}

TEST(StaticRoutesTest, HeadWithMatchingTagIs304) {
  const Router router = static_router();
  const Response head = call(router, "HEAD", "/index.html", etag_for(kIndex));
  EXPECT_EQ(head.status, 304u);
  EXPECT_TRUE(head.body.empty());
}

}  // namespace
}  // namespace hb::http

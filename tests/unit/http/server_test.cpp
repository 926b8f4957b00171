#include "http/server.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace hb::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using WireRequest = bhttp::request<bhttp::string_body>;
using WireResponse = bhttp::response<bhttp::string_body>;

// Generous: only reached when something is broken.
constexpr std::chrono::seconds kDeadline{10};

// A Server on 127.0.0.1 (ephemeral port) whose io_context runs on two background threads.
class RunningServer {
 public:
  RunningServer(Handler handler, ServerOptions options)
      : server_(ioc_, std::move(options), std::move(handler)) {
    server_.start();
    for (int i = 0; i < 2; ++i) {
      auto done = std::make_shared<std::promise<void>>();
      finished_.push_back(done->get_future());
      threads_.emplace_back([this, done] {
        ioc_.run();
        done->set_value();
      });
    }
  }
  ~RunningServer() {
    server_.stop();
    if (!wait_until_run_ends()) ioc_.stop();  // a failing test must not hang
    for (std::thread& thread : threads_) thread.join();
  }

  Server& server() { return server_; }
  std::uint16_t port() const { return server_.port(); }

  // True when every thread's ioc.run() has returned within the deadline.
  bool wait_until_run_ends() {
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    for (std::future<void>& finished : finished_) {
      if (finished.wait_until(deadline) != std::future_status::ready) return false;
    }
    return true;
  }

 private:
  asio::io_context ioc_;
  Server server_;
  std::vector<std::future<void>> finished_;
  std::vector<std::thread> threads_;
};

// A small HTTP client: blocking calls, each bounded by kDeadline.
class Client {
 public:
  explicit Client(std::uint16_t port) {
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  void send(WireRequest request) {
    request.prepare_payload();
    bhttp::write(stream_, request);
  }
  void send_raw(const std::string& bytes) { asio::write(stream_.socket(), asio::buffer(bytes)); }

  // Reads one response; `head` when it answers a HEAD request.
  WireResponse receive(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    const beast::error_code ec = read(parser);
    EXPECT_FALSE(ec) << ec.message();
    return parser.release();
  }

  WireResponse roundtrip(WireRequest request) {
    const bool head = request.method() == bhttp::verb::head;
    send(std::move(request));
    return receive(head);
  }

  // Reads raw bytes until `text` occurs `count` times in all that was read, the server closes or
  // the deadline passes; answers everything read, framing included.
  std::string read_raw_until(const std::string& text, int count) {
    std::string seen = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (occurrences(seen, text) < count && std::chrono::steady_clock::now() < deadline) {
      std::array<char, 4096> chunk{};
      beast::error_code result = asio::error::would_block;
      std::size_t bytes = 0;
      stream_.expires_at(deadline);
      stream_.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
        result = ec;
        bytes = n;
      });
      ioc_.restart();
      ioc_.run();
      seen.append(chunk.data(), bytes);
      if (result) break;
    }
    return seen;
  }

  void close() { stream_.close(); }

  static int occurrences(const std::string& text, const std::string& part) {
    int found = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
    return found;
  }

  // True when the server closed the connection (end of stream or reset) instead of answering.
  bool closed_by_server() {
    bhttp::response_parser<bhttp::string_body> parser;
    const beast::error_code ec = read(parser);
    return ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset;
  }

 private:
  beast::error_code read(bhttp::response_parser<bhttp::string_body>& parser) {
    beast::error_code result = asio::error::would_block;
    stream_.expires_after(kDeadline);
    bhttp::async_read(stream_, buffer_, parser,
                      [&result](beast::error_code ec, std::size_t) { result = ec; });
    ioc_.restart();
    ioc_.run();
    return result;
  }

  asio::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
};

WireRequest make_request(bhttp::verb method, std::string target, unsigned version = 11) {
  WireRequest request{method, std::move(target), version};
  request.set(bhttp::field::host, "127.0.0.1");
  return request;
}

Response text(std::string body) {
  Response response;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

// Threads started by handlers, joined before the server goes away.
class ThreadBag {
 public:
  void add(std::thread thread) {
    std::lock_guard lock(mutex_);
    threads_.push_back(std::move(thread));
  }
  ~ThreadBag() {
    for (std::thread& thread : threads_) thread.join();
  }

 private:
  std::mutex mutex_;
  std::vector<std::thread> threads_;
};

class ServerTest : public ::testing::Test {
 protected:
  RunningServer& start(Handler handler, ServerOptions options = {}) {
    options.port = 0;
    return server_.emplace(std::move(handler), std::move(options));
  }
  Client connect() { return Client(server_->port()); }

  std::optional<RunningServer> server_;
  // Destroyed before server_: joined, and their Reply objects dropped, while it still exists.
  ThreadBag threads_;
  std::promise<Reply> stashed_reply_;
};

// Echoes what the handler saw, so the tests can check how requests are filled.
void echo(Request request, Reply reply) {
  const auto header = request.headers.find("x-test");
  reply(text(request.method + " " + request.target + " path=" + request.path + " query=" +
             request.query + " x-test=" + (header == request.headers.end() ? "-" : header->second) +
             " body=" + request.body));
}

TEST_F(ServerTest, AnswersAGet) {
  start(echo);
  Client client = connect();
  WireRequest request = make_request(bhttp::verb::get, "/pods?x=1&y=2");
  request.set("X-Test", "Yes");
  const WireResponse response = client.roundtrip(std::move(request));
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "GET /pods?x=1&y=2 path=/pods query=x=1&y=2 x-test=Yes body=");
  EXPECT_EQ(response[bhttp::field::content_type], "text/plain");
  EXPECT_EQ(response[bhttp::field::server], "healthboard");
  EXPECT_EQ(response[bhttp::field::content_length], std::to_string(response.body().size()));
  EXPECT_TRUE(response.keep_alive());
}

TEST_F(ServerTest, AddsTheResponseHeaders) {
  start([](Request, Reply reply) {
    Response response = error_response(405, "Method Not Allowed");
    response.headers.emplace_back("Allow", "GET, HEAD");
    reply(std::move(response));
  });
  Client client = connect();
  const WireResponse response = client.roundtrip(make_request(bhttp::verb::put, "/pods"));
  EXPECT_EQ(response.result_int(), 405);
  EXPECT_EQ(response[bhttp::field::allow], "GET, HEAD");
  EXPECT_EQ(response[bhttp::field::content_type], "application/json");
  EXPECT_EQ(response.body(), R"({"detail":"Method Not Allowed"})");
}

TEST_F(ServerTest, KeepsTheConnectionAlive) {
  start(echo);
  Client client = connect();
  EXPECT_EQ(client.roundtrip(make_request(bhttp::verb::get, "/a")).body(),
            "GET /a path=/a query= x-test=- body=");
  WireRequest post = make_request(bhttp::verb::post, "/b");
  post.body() = "payload";
  EXPECT_EQ(client.roundtrip(std::move(post)).body(),
            "POST /b path=/b query= x-test=- body=payload");
}

TEST_F(ServerTest, ClosesAfterAnHttp10Request) {
  start(echo);
  Client client = connect();
  const WireResponse response = client.roundtrip(make_request(bhttp::verb::get, "/a", 10));
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.version(), 10u);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, HeadGivesTheLengthWithoutTheBody) {
  start([](Request, Reply reply) { reply(text("hello")); });
  Client client = connect();
  const WireResponse head = client.roundtrip(make_request(bhttp::verb::head, "/health"));
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[bhttp::field::content_length], "5");
  EXPECT_EQ(head.body(), "");
  // Nothing of the body was sent: the next response on the connection reads cleanly.
  EXPECT_EQ(client.roundtrip(make_request(bhttp::verb::get, "/health")).body(), "hello");
}

TEST_F(ServerTest, BodyOverTheLimitGets413AndTheConnectionCloses) {
  std::atomic<int> calls = 0;
  ServerOptions options;
  options.body_limit = 1024;
  start(
      [&calls](Request, Reply reply) {
        ++calls;
        reply(text("ok"));
      },
      options);
  Client client = connect();
  WireRequest request = make_request(bhttp::verb::post, "/fault/p1");
  request.body() = std::string(1024, 'x');
  EXPECT_EQ(client.roundtrip(request).result_int(), 200);

  request.body() = std::string(2000, 'x');
  const WireResponse response = client.roundtrip(request);
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(response.body(), R"({"detail":"body: larger than the 1024-byte limit"})");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(calls, 1);
}

TEST_F(ServerTest, LargeBodyOverTheLimitStillGetsItsAnswer) {
  // The server answers after the headers and drops the rest of the body before closing: the
  // client finishes sending and reads the 413 instead of a connection reset.
  ServerOptions options;
  options.body_limit = 1024;
  start(echo, options);
  for (int attempt = 0; attempt < 5; ++attempt) {  // a reset is a race: give it chances
    Client client = connect();
    WireRequest request = make_request(bhttp::verb::post, "/fault/p1");
    request.body() = std::string(900 * 1024, 'x');
    EXPECT_EQ(client.roundtrip(std::move(request)).result_int(), 413);
    EXPECT_TRUE(client.closed_by_server());
  }
}

TEST_F(ServerTest, MalformedRequestGets400AndTheConnectionCloses) {
  start(echo);
  Client client = connect();
  client.send_raw("GET /pods HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
  const WireResponse response = client.receive();
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_NE(response.body().find(R"({"detail":"bad request: )"), std::string::npos)
      << response.body();
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, OversizedHeadersGet431) {
  ServerOptions options;
  options.max_header_bytes = 1024;
  start(echo, options);
  Client client = connect();
  WireRequest request = make_request(bhttp::verb::get, "/pods");
  request.set("X-Big", std::string(2000, 'h'));
  const WireResponse response = client.roundtrip(std::move(request));
  EXPECT_EQ(response.result_int(), 431);
  EXPECT_EQ(response.body(), R"({"detail":"headers: larger than the 1024-byte limit"})");
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, HandlerMayReplyFromAnotherThread) {
  start([this](Request request, Reply reply) {
    threads_.add(std::thread([request = std::move(request), reply = std::move(reply)] {
      reply(text("later " + request.path));
    }));
  });
  Client client = connect();
  EXPECT_EQ(client.roundtrip(make_request(bhttp::verb::get, "/one")).body(), "later /one");
  EXPECT_EQ(client.roundtrip(make_request(bhttp::verb::get, "/two")).body(), "later /two");
}

TEST_F(ServerTest, ThrowingHandlerGives500AndKeepsTheConnection) {
  start([](Request request, Reply reply) {
    if (request.path == "/boom") throw std::runtime_error("boom");
    reply(text("fine"));
  });
  Client client = connect();
  const WireResponse response = client.roundtrip(make_request(bhttp::verb::get, "/boom"));
  EXPECT_EQ(response.result_int(), 500);
  EXPECT_EQ(response.body(), R"({"detail":"internal error"})");  // the text stays in the log
  EXPECT_EQ(client.roundtrip(make_request(bhttp::verb::get, "/ok")).body(), "fine");
}

TEST_F(ServerTest, SecondReplyIsIgnored) {
  start([](Request request, Reply reply) {
    reply(text("first " + request.path));
    reply(text("second " + request.path));
  });
  Client client = connect();
  EXPECT_EQ(client.roundtrip(make_request(bhttp::verb::get, "/a")).body(), "first /a");
  EXPECT_EQ(client.roundtrip(make_request(bhttp::verb::get, "/b")).body(), "first /b");
}

TEST_F(ServerTest, IdleConnectionTimesOut) {
  ServerOptions options;
  options.read_timeout = std::chrono::seconds(1);
  start(echo, options);
  Client client = connect();
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, StopClosesConnectionsAndEndsTheRun) {
  RunningServer& server = start([this](Request request, Reply reply) {
    if (request.path == "/never") return stashed_reply_.set_value(std::move(reply));
    reply(text("ok"));
  });
  Client idle = connect();
  EXPECT_EQ(idle.roundtrip(make_request(bhttp::verb::get, "/")).body(), "ok");
  Client waiting = connect();
  waiting.send(make_request(bhttp::verb::get, "/never"));
  std::future<Reply> pending = stashed_reply_.get_future();
  ASSERT_EQ(pending.wait_for(kDeadline), std::future_status::ready);

  server.server().stop();
  server.server().stop();  // idempotent
  EXPECT_TRUE(server.wait_until_run_ends());
  EXPECT_TRUE(idle.closed_by_server());
  EXPECT_TRUE(waiting.closed_by_server());
  pending.get()(text("too late"));  // harmless once the session is closed
  EXPECT_THROW(server.server().start(), std::logic_error);
}

// A handler that streams "first" and then "piece 1", "piece 2", ... every 20 ms.
class StreamTest : public ServerTest {
 protected:
  Handler streaming() {
    return [this](Request, Reply reply) {
      Response response;
      response.content_type = "text/event-stream";
      response.headers = {{"Cache-Control", "no-cache"}};
      response.body = "first\n";
      response.stream = std::make_shared<const BodyStream>(
          BodyStream{std::chrono::milliseconds(20), [this] {
                       const int n = ++pieces_;
                       return n % 2 == 0 ? std::string() : "piece " + std::to_string(n) + "\n";
                     }});
      reply(std::move(response));
    };
  }
  std::atomic<int> pieces_{0};
};

TEST_F(StreamTest, SendsTheBodyThenAPieceEveryIntervalChunked) {
  start(streaming());
  Client client = connect();
  client.send(make_request(bhttp::verb::get, "/stream"));
  const std::string seen = client.read_raw_until("piece 5\n", 1);
  EXPECT_EQ(seen.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << seen;
  EXPECT_NE(seen.find("Content-Type: text/event-stream\r\n"), std::string::npos) << seen;
  EXPECT_NE(seen.find("Transfer-Encoding: chunked\r\n"), std::string::npos) << seen;
  EXPECT_NE(seen.find("Cache-Control: no-cache\r\n"), std::string::npos) << seen;
  EXPECT_EQ(seen.find("Content-Length"), std::string::npos) << seen;
  // Each piece is one chunk: its size in hex, CRLF, the bytes, CRLF. Empty pieces send nothing.
  EXPECT_NE(seen.find("\r\n\r\n6\r\nfirst\n\r\n"), std::string::npos) << seen;
  EXPECT_NE(seen.find("\r\n8\r\npiece 1\n\r\n8\r\npiece 3\n\r\n"), std::string::npos) << seen;
  EXPECT_EQ(Client::occurrences(seen, "piece 2"), 0) << seen;
}

TEST_F(StreamTest, StopsCallingTheStreamOnceTheClientLeaves) {
  start(streaming());
  {
    Client client = connect();
    client.send(make_request(bhttp::verb::get, "/stream"));
    client.read_raw_until("piece 3\n", 1);
    client.close();
  }
  // The next write after the close fails and ends the stream: the count stops moving.
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  int before = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    before = pieces_.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (pieces_.load() == before) break;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(pieces_.load(), before) << "the stream went on after its client left";
}

TEST_F(StreamTest, Http10GetsTheStreamUnchunkedUntilClose) {
  start(streaming());
  Client client = connect();
  client.send(make_request(bhttp::verb::get, "/stream", 10));
  const std::string seen = client.read_raw_until("piece 3\n", 1);
  EXPECT_EQ(seen.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << seen;
  EXPECT_EQ(seen.find("chunked"), std::string::npos) << seen;
  EXPECT_NE(seen.find("\r\n\r\nfirst\npiece 1\npiece 3\n"), std::string::npos) << seen;
}

TEST_F(StreamTest, ServerStopEndsOpenStreams) {
  RunningServer& server = start(streaming());
  Client client = connect();
  client.send(make_request(bhttp::verb::get, "/stream"));
  client.read_raw_until("piece 1\n", 1);
  server.server().stop();
  EXPECT_TRUE(server.wait_until_run_ends());
  const std::string rest = client.read_raw_until("never sent", 1);
  EXPECT_EQ(Client::occurrences(rest, "never sent"), 0);
}

TEST_F(ServerTest, BindFailureThrowsNamingTheAddress) {
  RunningServer& first = start(echo);
  asio::io_context ioc;
  ServerOptions options;
  options.port = first.port();
  Server second(ioc, options, echo);
  try {
    second.start();
    FAIL() << "start() on a port in use did not throw";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace hb::http

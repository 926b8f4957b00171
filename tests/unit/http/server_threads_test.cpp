// The server on threads of its own (ServerOptions::threads): connections are spread over them,
// the given io_context only accepts, replies may come from elsewhere, and stop() ends it all.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"

namespace hb::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::seconds kDeadline{10};

// One keep-alive connection making blocking GETs, each bounded by kDeadline.
class Connection {
 public:
  explicit Connection(std::uint16_t port) : stream_(ioc_) {
    stream_.expires_after(kDeadline);
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  bhttp::response<bhttp::string_body> get(const std::string& target) {
    bhttp::request<bhttp::empty_body> request{bhttp::verb::get, target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    stream_.expires_after(kDeadline);
    bhttp::write(stream_, request);
    bhttp::response<bhttp::string_body> response;
    bhttp::read(stream_, buffer_, response);
    return response;
  }

 private:
  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

TEST(ServerThreadsTest, ServesOnItsOwnThreadsAndStops) {
  asio::io_context ioc;
  std::mutex mutex;
  std::set<std::thread::id> handler_threads;
  std::vector<std::thread> repliers;
  Handler handler = [&](Request request, Reply reply) {
    {
      std::lock_guard lock(mutex);
      handler_threads.insert(std::this_thread::get_id());
      if (request.path == "/later") {
        repliers.emplace_back([reply, request] {
          Response response;
          response.body = "later " + request.path;
          reply(std::move(response));
        });
        return;
      }
    }
    Response response;
    response.body = Body(std::make_shared<const std::string>("shared " + request.path));
    reply(std::move(response));
  };
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  std::optional<Server> server;
  server.emplace(ioc, options, handler);
  server->start();
  std::promise<std::thread::id> accepting;
  std::thread runner([&] {
    accepting.set_value(std::this_thread::get_id());
    ioc.run();
  });
  const std::thread::id accept_thread = accepting.get_future().get();

  {
    std::vector<std::unique_ptr<Connection>> connections;
    for (int i = 0; i < 4; ++i) connections.push_back(std::make_unique<Connection>(server->port()));
    for (int round = 0; round < 3; ++round) {
      for (auto& connection : connections) {
        EXPECT_EQ(connection->get("/a").body(), "shared /a");
        EXPECT_EQ(connection->get("/later").body(), "later /later");
      }
    }
  }
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(handler_threads.size(), 2u) << "four connections over two threads";
    EXPECT_FALSE(handler_threads.contains(accept_thread));
  }
  for (std::thread& replier : repliers) replier.join();
  server->stop();
  auto ended = std::async(std::launch::async, [&] { runner.join(); });
  EXPECT_EQ(ended.wait_for(kDeadline), std::future_status::ready) << "the io_context ran out";
  server.reset();  // joins the server's threads
  if (ended.wait_for(std::chrono::seconds(0)) != std::future_status::ready) ioc.stop();
}

}  // namespace
}  // namespace hb::http

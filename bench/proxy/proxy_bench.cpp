// hb_proxy_bench: a ServiceProxy in front of the given upstreams, for bench/proxy/bench.sh.
//
//   hb_proxy_bench PORT THREADS UPSTREAM...    (UPSTREAM: 127.0.0.1:8081)
//
// Prints "listening on 127.0.0.1:PORT" once it listens and runs until SIGINT or SIGTERM.
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "proxy/service_proxy.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s PORT THREADS UPSTREAM...\n", argv[0]);
    return 2;
  }
  try {
    hb::proxy::ProxyOptions options;
    options.port = static_cast<std::uint16_t>(std::stoi(argv[1]));
    const int threads = std::max(1, std::stoi(argv[2]));
    options.max_connections = 4096;
    for (int i = 3; i < argc; ++i) {
      options.endpoints.push_back({argv[i], "bench-pod-" + std::to_string(i - 2)});
    }
    boost::asio::io_context ioc(threads);
    hb::proxy::ServiceProxy proxy(ioc, options, hb::core::Rng(1), nullptr);
    proxy.start();
    boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) {
      proxy.stop();
      ioc.stop();
    });
    std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(proxy.port()));
    std::fflush(stdout);
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (std::thread& thread : pool) thread.join();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hb_proxy_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}

#include "proxy/hop_by_hop.h"

#include <gtest/gtest.h>

#include <boost/beast/http/fields.hpp>

namespace hb::proxy {
namespace {

namespace bhttp = boost::beast::http;

TEST(ProxyHopByHop, RemovesTheFixedListAndWhatConnectionNames) {
  bhttp::fields fields;
  fields.set(bhttp::field::connection, "keep-alive, X-Private");
  fields.insert(bhttp::field::connection, "Upgrade");
  fields.set("X-Private", "secret");
  fields.set(bhttp::field::keep_alive, "timeout=5");
  fields.set(bhttp::field::proxy_connection, "keep-alive");
  fields.set(bhttp::field::te, "trailers");
  fields.set(bhttp::field::trailer, "Expires");
  fields.set(bhttp::field::transfer_encoding, "chunked");
  fields.set(bhttp::field::upgrade, "websocket");
  fields.set(bhttp::field::host, "service.test");
  fields.set("X-Kept", "yes");

  strip_hop_by_hop(fields);

  int count = 0;
  for (const auto& field : fields) {
    (void)field;
    ++count;
  }
  EXPECT_EQ(count, 2);
  EXPECT_EQ(fields[bhttp::field::host], "service.test");
  EXPECT_EQ(fields["X-Kept"], "yes");
}

TEST(ProxyHopByHop, AppendsTheClientToXForwardedFor) {
  bhttp::fields fresh;
  append_forwarded_for(fresh, "127.0.0.1");
  EXPECT_EQ(fresh["X-Forwarded-For"], "127.0.0.1");

  bhttp::fields forwarded;
  forwarded.insert("X-Forwarded-For", "10.0.0.1");
  forwarded.insert("X-Forwarded-For", "10.0.0.2, 10.0.0.3");
  append_forwarded_for(forwarded, "127.0.0.1");
  EXPECT_EQ(forwarded.count("X-Forwarded-For"), 1U);
  EXPECT_EQ(forwarded["X-Forwarded-For"], "10.0.0.1, 10.0.0.2, 10.0.0.3, 127.0.0.1");
}

}  // namespace
}  // namespace hb::proxy

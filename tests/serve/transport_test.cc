// Plain-text writes of serve::Transport: one buffer, several small ones (copied into one send)
// and several larger ones (sent as a sequence) all arrive whole and in order, write after write.
#include "lib/serve/transport.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace igw::serve {
namespace {

using tcp = asio::ip::tcp;

class Recorder final : public TransportCallbacks {
 public:
  void on_transport_read(const error_code&, size_t) override {}
  void on_transport_write(const error_code& ec) override {
    ++writes;
    last = ec;
  }
  int writes = 0;
  error_code last;
};

// A connected pair on 127.0.0.1: `t` writes, `peer` reads.
struct Pair {
  asio::io_context io;
  std::unique_ptr<Transport> t;
  tcp::socket peer{io};
  Recorder rec;

  Pair() {
    tcp::acceptor acc(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::socket client(io);
    client.connect(acc.local_endpoint());
    peer = acc.accept();
    t = std::make_unique<Transport>(std::move(client));
    t->set_callbacks(&rec);
  }

  // Writes `pieces` as one write() and returns what the peer receives.
  std::string send(const std::vector<std::string>& pieces) {
    std::vector<asio::const_buffer> bufs;
    size_t total = 0;
    for (const auto& p : pieces) {
      bufs.push_back(asio::buffer(p));
      total += p.size();
    }
    int before = rec.writes;
    t->write(bufs, nullptr);
    io.restart();
    while (rec.writes == before && io.run_one() > 0) {
    }
    EXPECT_FALSE(rec.last) << rec.last.message();
    std::string got(total, '\0');
    asio::read(peer, asio::buffer(got));
    return got;
  }
};

std::string pattern(char c, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i)
    s.push_back(static_cast<char>(c + i % 7));
  return s;
}

TEST(TransportPlainWrite, EveryShapeArrivesWholeAndInOrder) {
  Pair p;
  std::vector<std::vector<std::string>> writes = {
      {"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n"},             // one buffer
      {"HTTP/1.1 200 OK\r\n", "content-length: 3\r\n\r\n", "abc"},  // small: coalesced
      {pattern('a', 1500), pattern('k', 1500), pattern('u', 10)},   // over the copy limit
      {pattern('A', 100), "", pattern('N', 200)},                   // an empty piece
      {"x", "y"},  // the coalescing buffer reused after a larger write
  };
  for (const auto& w : writes) {
    std::string want;
    for (const auto& piece : w)
      want += piece;
    EXPECT_EQ(p.send(w), want);
  }
  EXPECT_EQ(p.rec.writes, static_cast<int>(writes.size()));
}

}  // namespace
}  // namespace igw::serve

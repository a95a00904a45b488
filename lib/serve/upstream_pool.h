// serve::UpstreamPool: per-worker keep-alive connections to upstream endpoints (DESIGN.md
// "Serving model": pooled per worker and per endpoint, no locks). A connection is either owned by
// the exchange using it or idle in the pool; idle ones are checked for a peer close before reuse
// and closed after `max_idle`.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace igw::serve {

struct UpstreamConnection {
  UpstreamConnection(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& ep)
      : socket(io), endpoint(ep) {}

  boost::asio::ip::tcp::socket socket;
  boost::asio::ip::tcp::endpoint endpoint;
  std::vector<char> buf;  // read buffer, kept across requests
  uint64_t requests = 0;  // requests sent on this connection
  std::chrono::steady_clock::time_point idle_since;
  std::string local_address;   // "ip:port" of our side, for the access log
  std::string remote_address;  // "ip:port" of the upstream, for the access log (formatted once)
};

using UpstreamConnectionPtr = std::unique_ptr<UpstreamConnection>;

class UpstreamPool {
 public:
  explicit UpstreamPool(size_t max_idle_per_endpoint = 512,
                        std::chrono::seconds max_idle = std::chrono::seconds(60))
      : max_idle_per_endpoint_(max_idle_per_endpoint), max_idle_(max_idle) {}

  // An idle connection to `ep` whose peer has not closed it, or nullptr.
  UpstreamConnectionPtr take(const boost::asio::ip::tcp::endpoint& ep);
  // Keeps `c` for reuse (closes it when the pool for its endpoint is full).
  void put(UpstreamConnectionPtr c);
  // Closes connections idle for longer than max_idle; returns how many are left.
  size_t sweep(std::chrono::steady_clock::time_point now);
  void clear() { idle_.clear(); }
  size_t idle_count() const;

 private:
  struct Hash {
    size_t operator()(const boost::asio::ip::tcp::endpoint& e) const;
  };
  std::unordered_map<boost::asio::ip::tcp::endpoint, std::vector<UpstreamConnectionPtr>, Hash>
      idle_;
  size_t max_idle_per_endpoint_;
  std::chrono::seconds max_idle_;
};

// Whether the peer of an idle socket closed it (or sent something unexpected): a non-blocking
// MSG_PEEK that finds end of stream, data or an error.
bool idle_socket_is_dead(int fd);

}  // namespace igw::serve

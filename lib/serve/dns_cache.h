// serve::DnsCache: per-worker asynchronous name resolution for upstream hosts that have no
// address in the input (the last step of DESIGN.md's endpoint order). Lookups run on Asio's
// resolver thread, never on the I/O thread; answers are kept for `ttl`, failures for
// `negative_ttl`, and concurrent requests for one name share a lookup.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace igw::serve {

class DnsCache {
 public:
  using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;

  explicit DnsCache(boost::asio::io_context& io,
                    std::chrono::seconds ttl = std::chrono::seconds(30),
                    std::chrono::seconds negative_ttl = std::chrono::seconds(5))
      : resolver_(io), ttl_(ttl), negative_ttl_(negative_ttl) {}

  enum class Status { kResolved, kFailed, kUnknown };
  // The cached answer for name:port. kUnknown: not cached (or expired): call resolve().
  Status lookup(const std::string& name, uint16_t port, const Endpoints** out);
  // Resolves name:port (or joins a running lookup); `done` runs on this worker afterwards.
  void resolve(const std::string& name, uint16_t port, std::function<void()> done);
  void cancel() { resolver_.cancel(); }

 private:
  struct Entry {
    Endpoints endpoints;
    std::string error;
    std::chrono::steady_clock::time_point expires;
    bool pending = false;
    std::vector<std::function<void()>> waiters;
  };
  static std::string key(const std::string& name, uint16_t port);

  boost::asio::ip::tcp::resolver resolver_;
  std::chrono::seconds ttl_;
  std::chrono::seconds negative_ttl_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace igw::serve

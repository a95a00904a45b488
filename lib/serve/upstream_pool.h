// serve::UpstreamPool: per-worker keep-alive connections to upstream endpoints (DESIGN.md
// "Serving model": pooled per worker and per endpoint, no locks). A connection is either owned by
// the exchange using it or idle in the pool; idle ones are closed after `max_idle`.
//
// Every connection keeps one read in flight for its whole life, handed from owner to owner. While
// a connection is idle that read watches the upstream: end of stream, an error or bytes nobody
// asked for complete it, and the pool evicts the connection at once (as Envoy's pool notices with
// read interest on idle connections). The exchange that takes the connection adopts the same
// read as the read of its response. So neither a liveness probe (recv(MSG_PEEK)) at take time
// nor a speculative recv() right after the request was sent (which can only find nothing) is
// spent per request: each response costs exactly the recv() that returns it.
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

class UpstreamPool;

// Size of an upstream connection's read buffer. Fixed for the connection's life: a read in
// flight points into it, whoever owns the connection.
inline constexpr size_t kUpstreamReadBuffer = 64 * 1024;

// Who gets the completion of a connection's read.
class UpstreamReader {
 public:
  // `tag` is the value given to UpstreamConnection::read (an attempt generation).
  virtual void on_upstream_data(uint64_t tag, const boost::system::error_code& ec, size_t n) = 0;

 protected:
  ~UpstreamReader() = default;
};

class UpstreamConnection {
 public:
  UpstreamConnection(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& ep);
  ~UpstreamConnection();
  UpstreamConnection(const UpstreamConnection&) = delete;
  UpstreamConnection& operator=(const UpstreamConnection&) = delete;

  // Reads into buf[offset, buf.size()); the completion goes to reader->on_upstream_data(tag, …)
  // while `keepalive` keeps the reader alive. When a read is already in flight (the one the pool
  // armed), it is adopted instead: it reads at offset 0, which is where an exchange reads its
  // response from.
  void read(size_t offset, UpstreamReader* reader, uint64_t tag, std::shared_ptr<void> keepalive);

  boost::asio::ip::tcp::socket socket;
  boost::asio::ip::tcp::endpoint endpoint;
  std::vector<char> buf;  // read buffer of kUpstreamReadBuffer bytes, kept across requests
  uint64_t requests = 0;  // requests sent on this connection
  std::chrono::steady_clock::time_point idle_since;
  std::string local_address;   // "ip:port" of our side, for the access log
  std::string remote_address;  // "ip:port" of the upstream, for the access log (formatted once)

 private:
  friend class UpstreamPool;
  void start_read(size_t offset);

  // The state of the read in flight, owned by its completion handler (so a reader's keep-alive
  // never forms a cycle through the connection: when the io_context is torn down with the read
  // pending, destroying the handler releases the reader). The connection and the slot null
  // each other's pointer when either goes first.
  struct ReadSlot {
    UpstreamConnection* conn = nullptr;
    UpstreamReader* reader = nullptr;
    uint64_t tag = 0;
    std::shared_ptr<void> keepalive;
    ~ReadSlot() {
      if (conn)
        conn->slot_ = nullptr;
    }
  };

  ReadSlot* slot_ = nullptr;         // while a read is in flight
  UpstreamPool* idle_in_ = nullptr;  // set while idle in that pool
  // A completion that came after take() and before the new owner's read(): kept for it.
  bool early_ = false;
  boost::system::error_code early_ec_;
  size_t early_n_ = 0;
};

using UpstreamConnectionPtr = std::unique_ptr<UpstreamConnection>;

class UpstreamPool {
 public:
  explicit UpstreamPool(size_t max_idle_per_endpoint = 512,
                        std::chrono::seconds max_idle = std::chrono::seconds(60))
      : max_idle_per_endpoint_(max_idle_per_endpoint), max_idle_(max_idle) {}
  ~UpstreamPool() { clear(); }
  UpstreamPool(const UpstreamPool&) = delete;
  UpstreamPool& operator=(const UpstreamPool&) = delete;

  // An idle connection to `ep` the upstream has not closed (as far as this thread has seen), or
  // nullptr. Its read is in flight: the caller adopts it with read() before it returns to the
  // event loop (a completion in between is kept for that read()).
  UpstreamConnectionPtr take(const boost::asio::ip::tcp::endpoint& ep);
  // Keeps `c` for reuse (closes it when the pool for its endpoint is full) and arms its read.
  void put(UpstreamConnectionPtr c);
  // Closes connections idle for longer than max_idle; returns how many are left.
  size_t sweep(std::chrono::steady_clock::time_point now);
  void clear() { idle_.clear(); }
  size_t idle_count() const;

 private:
  friend class UpstreamConnection;
  // The idle connection's read completed (peer close, error or unsolicited bytes): drop it.
  void evict(UpstreamConnection* c);

  struct Hash {
    size_t operator()(const boost::asio::ip::tcp::endpoint& e) const;
  };
  std::unordered_map<boost::asio::ip::tcp::endpoint, std::vector<UpstreamConnectionPtr>, Hash>
      idle_;
  size_t max_idle_per_endpoint_;
  std::chrono::seconds max_idle_;
};

}  // namespace igw::serve

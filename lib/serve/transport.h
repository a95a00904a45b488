// serve::Transport: the byte stream under a downstream codec — a TCP socket, optionally with
// TLS terminated by OpenSSL.
//
// TLS is driven through a custom memory BIO rather than SSL_set_fd or Asio's ssl::stream:
//  * Reads are Asio's speculative async_read_some into one ciphertext buffer (one recv() for
//    several records; with a socket BIO OpenSSL reads each record header and body separately),
//    and the ClientHello can be inspected before OpenSSL sees it (first byte 0x16 picks TLS on a
//    listener that also has a plain-text chain).
//  * Writes collect every record of a response (and the post-handshake session tickets) in one
//    buffer written with a single send(); Asio's ssl::stream writes record by record and cannot
//    take an existing SSL_CTX with lib/tls's ClientHello dispatch as cheaply.
//  * No Asio reactor re-arm per wait (async_wait costs an epoll_ctl each time).
// The price is one memcpy of ciphertext each way, small next to AES-GCM.
//
// One read and one write may be outstanding at a time (the codec guarantees it); completions go
// to TransportCallbacks. Every operation takes a keep-alive owner so the codec object outlives
// it (DESIGN.md: connection objects are owned by their pending operations).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace igw::serve {

namespace asio = boost::asio;
using error_code = boost::system::error_code;

// Writes every byte of `buffers` to a plain socket, then handler(ec, n). A lone buffer goes out
// with send(); several small ones are copied into `scratch` first, which costs less than the
// sendmsg() Asio uses for a sequence (message header and iovec copied in, per call); larger
// ones go as the sequence. `scratch` and the buffers' storage must stay valid until handler.
template <class Handler>
void async_write_gathered(asio::ip::tcp::socket& socket,
                          std::span<const asio::const_buffer> buffers, std::string& scratch,
                          Handler&& handler);

class TransportCallbacks {
 public:
  virtual void on_transport_read(const error_code& ec, size_t n) = 0;
  virtual void on_transport_write(const error_code& ec) = 0;

 protected:
  ~TransportCallbacks() = default;
};

class Transport {
 public:
  explicit Transport(asio::ip::tcp::socket socket);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  asio::ip::tcp::socket& socket() { return socket_; }
  bool is_tls() const { return ssl_ != nullptr; }
  SSL* ssl() const { return ssl_.get(); }
  void set_callbacks(TransportCallbacks* cb) { cb_ = cb; }

  // Reads the first bytes of the connection into the input buffer without interpreting them
  // (TLS detection); handler(ec). buffered() shows them.
  template <class Handler>
  void async_fill(Handler&& handler);
  std::string_view buffered() const {
    return std::string_view(in_.data() + in_begin_, in_end_ - in_begin_);
  }
  // Drops buffered bytes a plain-text codec has taken over.
  void clear_buffered() { in_begin_ = in_end_ = 0; }

  // Switches to TLS with `ctx` (the listener's dispatch context): buffered bytes become the
  // start of the ClientHello. False when OpenSSL cannot create the SSL object.
  bool start_tls(SSL_CTX* ctx);
  // Runs the handshake; handler(ec). On failure the alert is queued; close with
  // shutdown_and_close() so the client receives it.
  template <class Handler>
  void async_handshake(Handler&& handler, std::shared_ptr<void> keepalive);
  // The last OpenSSL error of the handshake, for logs ("tlsv1 alert protocol version").
  std::string tls_error_text() const { return tls_error_; }

  // TLS, before the first read_some: decrypts what has arrived already (the first request often
  // comes with the handshake's last flight) into `into`, without waiting; 0 when nothing has.
  size_t read_arrived(asio::mutable_buffer into);
  // Plain or decrypted bytes into `into` (at most its size); callbacks->on_transport_read.
  void read_some(asio::mutable_buffer into, std::shared_ptr<void> keepalive);
  // Every byte of `buffers`; callbacks->on_transport_write. The span's storage must stay valid
  // until the callback.
  void write(std::span<const asio::const_buffer> buffers, std::shared_ptr<void> keepalive);
  // TLS: queue close_notify and flush what is pending, then close; plain: close.
  void shutdown_and_close(std::shared_ptr<void> keepalive);
  void close();
  bool is_open() const { return socket_.is_open(); }

 private:
  friend struct TransportBio;
  template <class Handler>
  void handshake_step(Handler&& handler, std::shared_ptr<void> keepalive, bool in_handler);
  void tls_read(std::shared_ptr<void> keepalive, bool in_handler);
  void await_tls_input(std::shared_ptr<void> keepalive);
  void start_flush(std::shared_ptr<void> keepalive);
  void on_flushed(const error_code& ec, size_t n, std::shared_ptr<void> keepalive);
  void note_tls_error();
  asio::mutable_buffer input_space();

  asio::ip::tcp::socket socket_;
  TransportCallbacks* cb_ = nullptr;
  struct SslDeleter {
    void operator()(SSL* s) const { SSL_free(s); }
  };
  std::unique_ptr<SSL, SslDeleter> ssl_;
  std::string tls_error_;
  bool tls_read_once_ = false;  // an SSL_read has returned data

  // Input: raw bytes (ciphertext for TLS) not yet handed to OpenSSL or the codec.
  std::vector<char> in_;
  size_t in_begin_ = 0;
  size_t in_end_ = 0;
  asio::mutable_buffer read_into_;

  // Output (TLS): ciphertext produced by OpenSSL, and the part being written.
  std::string out_;
  std::string out_inflight_;
  std::string stage_;  // small plaintext pieces coalesced into one record (or one plain send)
  bool writing_ = false;
  bool user_write_ = false;  // a write() waits for `user_target_` bytes to leave
  uint64_t appended_ = 0;
  uint64_t written_ = 0;
  uint64_t user_target_ = 0;
  bool closing_ = false;
};

// --- templates ---------------------------------------------------------------------------------

inline constexpr size_t kGatherCopyLimit = 2 * 1024;  // pieces copied into one send() up to this

template <class Handler>
void async_write_gathered(asio::ip::tcp::socket& socket,
                          std::span<const asio::const_buffer> buffers, std::string& scratch,
                          Handler&& handler) {
  if (buffers.size() == 1) {
    asio::async_write(socket, buffers[0], std::forward<Handler>(handler));
    return;
  }
  size_t total = 0;
  for (const auto& b : buffers)
    total += b.size();
  if (total > kGatherCopyLimit) {
    asio::async_write(socket, buffers, std::forward<Handler>(handler));
    return;
  }
  scratch.clear();
  for (const auto& b : buffers)
    scratch.append(static_cast<const char*>(b.data()), b.size());
  asio::async_write(socket, asio::buffer(scratch), std::forward<Handler>(handler));
}

template <class Handler>
void Transport::async_fill(Handler&& handler) {
  socket_.async_read_some(input_space(), [this, h = std::forward<Handler>(handler)](
                                             const error_code& ec, size_t n) mutable {
    if (!ec)
      in_end_ += n;
    h(ec);
  });
}

template <class Handler>
void Transport::async_handshake(Handler&& handler, std::shared_ptr<void> keepalive) {
  handshake_step(std::forward<Handler>(handler), std::move(keepalive), false);
}

template <class Handler>
void Transport::handshake_step(Handler&& handler, std::shared_ptr<void> keepalive,
                               bool in_handler) {
  ERR_clear_error();
  int r = SSL_do_handshake(ssl_.get());
  error_code result;
  if (r != 1) {
    int err = SSL_get_error(ssl_.get(), r);
    if (!out_.empty())
      start_flush(keepalive);
    if (err == SSL_ERROR_WANT_READ) {
      socket_.async_read_some(input_space(), [this, h = std::forward<Handler>(handler), keepalive](
                                                 const error_code& ec, size_t n) mutable {
        if (ec) {
          h(ec);
          return;
        }
        in_end_ += n;
        handshake_step(std::move(h), std::move(keepalive), true);
      });
      return;
    }
    note_tls_error();
    result = asio::error::make_error_code(asio::error::connection_refused);
  }
  // From a read's completion the outcome is delivered at once: a post would queue the connection
  // behind every handler already waiting (other handshakes among them) before its first request.
  if (in_handler) {
    handler(result);
    return;
  }
  asio::post(socket_.get_executor(), [h = std::forward<Handler>(handler), result,
                                      k = std::move(keepalive)]() mutable { h(result); });
}

}  // namespace igw::serve

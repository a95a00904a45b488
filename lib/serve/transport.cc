// serve::Transport: plain TCP or OpenSSL over a custom memory BIO, driven by Asio.
#include "lib/serve/transport.h"

#include <openssl/bio.h>
#include <openssl/err.h>

#include <cstring>

namespace igw::serve {

namespace {

constexpr size_t kInputBytes = 16 * 1024 + 512;  // one full TLS record and a bit
constexpr size_t kRecordPlaintext = 16 * 1024;   // TLS maximum record payload

}  // namespace

// The BIO between OpenSSL and the transport's buffers: reads come from the input buffer, writes
// append to the output buffer (never blocking; the transport flushes it).
struct TransportBio {
  static int write_ex(BIO* b, const char* data, size_t len, size_t* written) {
    auto* t = static_cast<Transport*>(BIO_get_data(b));
    BIO_clear_retry_flags(b);
    t->out_.append(data, len);
    t->appended_ += len;
    *written = len;
    return 1;
  }
  static int read_ex(BIO* b, char* data, size_t len, size_t* read) {
    auto* t = static_cast<Transport*>(BIO_get_data(b));
    BIO_clear_retry_flags(b);
    size_t avail = t->in_end_ - t->in_begin_;
    if (avail == 0) {
      BIO_set_retry_read(b);
      *read = 0;
      return 0;
    }
    size_t n = std::min(avail, len);
    std::memcpy(data, t->in_.data() + t->in_begin_, n);
    t->in_begin_ += n;
    if (t->in_begin_ == t->in_end_)
      t->in_begin_ = t->in_end_ = 0;
    *read = n;
    return 1;
  }
  static long ctrl(BIO* b, int cmd, long, void*) {
    auto* t = static_cast<Transport*>(BIO_get_data(b));
    switch (cmd) {
      case BIO_CTRL_FLUSH:
      case BIO_CTRL_PUSH:
      case BIO_CTRL_POP:
        return 1;
      case BIO_CTRL_PENDING:
        return static_cast<long>(t->in_end_ - t->in_begin_);
      case BIO_CTRL_WPENDING:
        return static_cast<long>(t->out_.size());
      default:
        return 0;
    }
  }
  static int create(BIO* b) {
    BIO_set_init(b, 1);
    return 1;
  }
  // Created once per process and never changed: OpenSSL's BIO_METHOD registry is the only
  // process-wide state, and a function-local static makes its creation thread-safe.
  static const BIO_METHOD* method() {
    static BIO_METHOD* m = [] {
      BIO_METHOD* bm = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "igw-transport");
      BIO_meth_set_write_ex(bm, write_ex);
      BIO_meth_set_read_ex(bm, read_ex);
      BIO_meth_set_ctrl(bm, ctrl);
      BIO_meth_set_create(bm, create);
      return bm;
    }();
    return m;
  }
};

Transport::Transport(asio::ip::tcp::socket socket) : socket_(std::move(socket)) {
  in_.resize(kInputBytes);
}

Transport::~Transport() = default;

asio::mutable_buffer Transport::input_space() {
  if (in_begin_ > 0 && in_end_ == in_.size()) {
    std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  if (in_end_ == in_.size())
    in_.resize(in_.size() * 2);
  return asio::buffer(in_.data() + in_end_, in_.size() - in_end_);
}

bool Transport::start_tls(SSL_CTX* ctx) {
  SSL* s = SSL_new(ctx);
  if (!s)
    return false;
  ssl_.reset(s);
  BIO* bio = BIO_new(TransportBio::method());
  if (!bio)
    return false;
  BIO_set_data(bio, this);
  SSL_set_bio(s, bio, bio);
  SSL_set_accept_state(s);
  return true;
}

void Transport::note_tls_error() {
  unsigned long e = ERR_peek_last_error();
  if (e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    const char* reason = ERR_reason_error_string(e);
    tls_error_ = reason ? reason : buf;
  } else if (tls_error_.empty()) {
    tls_error_ = "handshake failed";
  }
  ERR_clear_error();
}

size_t Transport::read_arrived(asio::mutable_buffer into) {
  if (!ssl_ || (in_begin_ == in_end_ && !SSL_has_pending(ssl_.get())))
    return 0;
  size_t n = 0;
  ERR_clear_error();
  if (SSL_read_ex(ssl_.get(), into.data(), into.size(), &n) == 1) {
    tls_read_once_ = true;
    return n;
  }
  // Not a whole record yet, or an error the first read_some meets again.
  ERR_clear_error();
  return 0;
}

void Transport::read_some(asio::mutable_buffer into, std::shared_ptr<void> keepalive) {
  if (!ssl_) {
    socket_.async_read_some(into, [this, k = std::move(keepalive)](const error_code& ec, size_t n) {
      cb_->on_transport_read(ec, n);
    });
    return;
  }
  read_into_ = into;
  // Nothing buffered for OpenSSL and nothing decrypted left over: SSL_read would only report
  // WANT_READ (a record-layer pass and an error-queue look-up per request), so wait for bytes.
  // Before the first record the call is made anyway: OpenSSL may still have tickets to write.
  if (tls_read_once_ && in_begin_ == in_end_ && !SSL_has_pending(ssl_.get())) {
    await_tls_input(std::move(keepalive));
    return;
  }
  tls_read(std::move(keepalive), false);
}

void Transport::tls_read(std::shared_ptr<void> keepalive, bool in_handler) {
  size_t n = 0;
  int r = SSL_read_ex(ssl_.get(), read_into_.data(), read_into_.size(), &n);
  if (r == 1) {
    tls_read_once_ = true;
    if (in_handler) {
      cb_->on_transport_read({}, n);
    } else {
      asio::post(socket_.get_executor(),
                 [this, n, k = std::move(keepalive)] { cb_->on_transport_read({}, n); });
    }
    return;
  }
  int err = SSL_get_error(ssl_.get(), r);
  if (err == SSL_ERROR_WANT_READ) {
    await_tls_input(std::move(keepalive));
    return;
  }
  error_code ec = err == SSL_ERROR_ZERO_RETURN ? error_code(asio::error::eof)
                                               : error_code(asio::error::connection_reset);
  if (err != SSL_ERROR_ZERO_RETURN)
    note_tls_error();
  if (in_handler) {
    cb_->on_transport_read(ec, 0);
  } else {
    asio::post(socket_.get_executor(),
               [this, ec, k = std::move(keepalive)] { cb_->on_transport_read(ec, 0); });
  }
}

void Transport::await_tls_input(std::shared_ptr<void> keepalive) {
  // Whatever OpenSSL queued (a KeyUpdate answer, tickets) goes out while we wait.
  if (!out_.empty())
    start_flush(keepalive);
  socket_.async_read_some(
      input_space(), [this, k = std::move(keepalive)](const error_code& ec, size_t got) mutable {
        if (ec) {
          cb_->on_transport_read(ec, 0);
          return;
        }
        in_end_ += got;
        tls_read(std::move(k), true);
      });
}

void Transport::write(std::span<const asio::const_buffer> buffers,
                      std::shared_ptr<void> keepalive) {
  if (!ssl_) {
    async_write_gathered(socket_, buffers, stage_,
                         [this, k = std::move(keepalive)](const error_code& ec, size_t) {
                           cb_->on_transport_write(ec);
                         });
    return;
  }
  // Small pieces are coalesced so a response head and a short body make one record.
  auto flush_stage = [this]() -> bool {
    if (stage_.empty())
      return true;
    size_t n = 0;
    int r = SSL_write_ex(ssl_.get(), stage_.data(), stage_.size(), &n);
    stage_.clear();
    return r == 1;
  };
  bool ok = true;
  for (const auto& b : buffers) {
    if (b.size() == 0)
      continue;
    if (stage_.size() + b.size() <= kRecordPlaintext) {
      stage_.append(static_cast<const char*>(b.data()), b.size());
      continue;
    }
    if (!(ok = flush_stage()))
      break;
    size_t n = 0;
    if (b.size() <= kRecordPlaintext / 2) {
      stage_.append(static_cast<const char*>(b.data()), b.size());
    } else if (SSL_write_ex(ssl_.get(), b.data(), b.size(), &n) != 1) {
      ok = false;
      break;
    }
  }
  if (ok)
    ok = flush_stage();
  if (!ok) {
    note_tls_error();
    asio::post(socket_.get_executor(), [this, k = std::move(keepalive)] {
      cb_->on_transport_write(asio::error::connection_reset);
    });
    return;
  }
  user_write_ = true;
  user_target_ = appended_;
  if (written_ >= user_target_) {
    user_write_ = false;
    asio::post(socket_.get_executor(),
               [this, k = std::move(keepalive)] { cb_->on_transport_write({}); });
    return;
  }
  start_flush(std::move(keepalive));
}

void Transport::start_flush(std::shared_ptr<void> keepalive) {
  if (writing_ || out_.empty() || !socket_.is_open())
    return;
  out_inflight_.swap(out_);
  out_.clear();
  writing_ = true;
  asio::async_write(socket_, asio::buffer(out_inflight_),
                    [this, k = std::move(keepalive)](const error_code& ec, size_t n) mutable {
                      on_flushed(ec, n, std::move(k));
                    });
}

void Transport::on_flushed(const error_code& ec, size_t n, std::shared_ptr<void> keepalive) {
  writing_ = false;
  written_ += n;
  out_inflight_.clear();
  if (ec) {
    if (user_write_) {
      user_write_ = false;
      cb_->on_transport_write(ec);
    }
    return;
  }
  if (user_write_ && written_ >= user_target_) {
    user_write_ = false;
    if (!out_.empty())
      start_flush(keepalive);
    cb_->on_transport_write({});
    return;
  }
  if (!out_.empty()) {
    start_flush(std::move(keepalive));
    return;
  }
  if (closing_ && !user_write_)
    close();
}

void Transport::shutdown_and_close(std::shared_ptr<void> keepalive) {
  if (!ssl_ || !socket_.is_open()) {
    close();
    return;
  }
  closing_ = true;
  if (SSL_is_init_finished(ssl_.get()))
    SSL_shutdown(ssl_.get());  // queues close_notify in out_
  ERR_clear_error();
  if (!writing_ && out_.empty()) {
    close();
    return;
  }
  start_flush(std::move(keepalive));
}

void Transport::close() {
  error_code ignored;
  if (socket_.is_open()) {
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }
}

}  // namespace igw::serve

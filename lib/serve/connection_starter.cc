// The accept-time path of a downstream connection up to its codec.
#include "lib/serve/connection_starter.h"

#include "lib/match/decide.h"
#include "lib/serve/endpoint_text.h"
#include "lib/serve/http1_session.h"
#include "lib/serve/tls_setup.h"
#include "lib/serve/worker.h"

#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

namespace igw::serve {

namespace {

using tcp = boost::asio::ip::tcp;

// Owns a connection until its codec takes it; counts it as open for the worker meanwhile.
class Starter : public std::enable_shared_from_this<Starter> {
 public:
  Starter(Worker& w, SnapshotPtr snap, const ListenerPlan& plan, tcp::socket socket,
          PeerInfo peer)
      : w_(w),
        snap_(std::move(snap)),
        plan_(plan),
        transport_(std::make_unique<Transport>(std::move(socket))),
        peer_(std::move(peer)),
        timer_(w.io()) {}

  void run() {
    // The handshake (and the first byte on a mixed listener) must come within the header timeout
    // (slowloris).
    timer_.expires_after(w_.limits().header_timeout);
    timer_.async_wait([self = shared_from_this()](const error_code& ec) {
      if (!ec && self->transport_)
        self->transport_->close();
    });
    if (plan_.has_tls_chain && plan_.has_plain_chain) {
      transport_->async_fill([self = shared_from_this()](const error_code& ec) {
        if (ec) {
          self->fail("");
          return;
        }
        bool tls = !self->transport_->buffered().empty() &&
                   static_cast<unsigned char>(self->transport_->buffered()[0]) == 0x16;
        if (tls)
          self->start_tls();
        else
          self->start_plain();
      });
      return;
    }
    if (plan_.has_tls_chain)
      start_tls();
    else
      start_plain();
  }

 private:
  void start_plain() {
    match::ConnectionDecision c = match::decide_connection(*snap_->table, plan_.gateway_port, "",
                                                           false, nullptr, plan_.listener->bind);
    if (c.closed() || c.chain->kind != compile::ChainKind::kHttp) {
      fail(c.closed() ? c.close_reason : std::string_view("TCP proxy chains are not served yet"));
      return;
    }
    hand_over(c);
  }

  void start_tls() {
    if (!plan_.tls_context || !transport_->start_tls(plan_.tls_context)) {
      fail("no TLS context for this listener");
      return;
    }
    transport_->async_handshake(
        [self = shared_from_this()](const error_code& ec) { self->on_handshake(ec); },
        shared_from_this());
  }

  void on_handshake(const error_code& ec) {
    if (ec) {
      ++w_.metrics().counters().downstream_tls_handshake_failures;
      const char* why = tls_refusal_reason(transport_->ssl());
      w_.logger().debug("TLS handshake from {} on {} failed: {}", peer_.remote, plan_.key,
                        why ? std::string(why)
                            : transport_->tls_error_text().empty() ? ec.message()
                                                                   : transport_->tls_error_text());
      // The alert OpenSSL queued goes out before the close.
      timer_.cancel();
      transport_->shutdown_and_close(shared_from_this());
      release();
      return;
    }
    SSL* ssl = transport_->ssl();
    const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    peer_.sni = sni ? sni : "";
    peer_.tls = true;
    match::ConnectionDecision c = match::decide_connection(
        *snap_->table, plan_.gateway_port, peer_.sni, true, nullptr, plan_.listener->bind);
    if (c.closed() || c.chain->kind != compile::ChainKind::kHttp || !c.chain->tls) {
      fail(c.closed() ? c.close_reason
                      : std::string_view("TLS-terminating TCP chains are not served yet"));
      return;
    }
    if (const compile::FilterChain* picked = selected_chain(ssl); picked && picked != c.chain) {
      w_.logger().warning("TLS chose filter chain {} but routing chose {} for SNI {}",
                          picked->name, c.chain->name, peer_.sni);
    }
    // ALPN: only http/1.1 is offered in this part; "h2" would pick the HTTP/2 codec here.
    hand_over(c);
  }

  void hand_over(const match::ConnectionDecision& c) {
    timer_.cancel();
    std::string initial;
    if (!transport_->is_tls()) {
      initial.assign(transport_->buffered());
      transport_->clear_buffered();
    }
    auto session = std::make_shared<Http1Session>(w_, std::move(transport_), snap_, plan_.key, c,
                                                  std::move(peer_));
    released_ = true;  // the session counts the connection from now on
    session->start(initial);
  }

  void fail(std::string_view why) {
    timer_.cancel();
    if (!why.empty())
      w_.logger().debug("closing connection from {} on {}: {}", peer_.remote, plan_.key, why);
    if (transport_)
      transport_->close();
    release();
  }

  void release() {
    if (!released_) {
      released_ = true;
      w_.connection_closed();
    }
  }

 public:
  ~Starter() { release(); }

 private:
  Worker& w_;
  SnapshotPtr snap_;
  const ListenerPlan& plan_;  // in snap_
  std::unique_ptr<Transport> transport_;
  PeerInfo peer_;
  boost::asio::steady_timer timer_;
  bool released_ = false;
};

}  // namespace

void start_connection(Worker& worker, const std::string& listener_key, tcp::socket socket) {
  const SnapshotPtr& snap = worker.snapshot();
  const ListenerPlan* plan = snap ? snap->listener(listener_key) : nullptr;
  if (!plan)
    return;  // the listener left the configuration; the socket closes
  error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  PeerInfo peer;
  auto remote = socket.remote_endpoint(ec);
  if (ec)
    return;
  auto local = socket.local_endpoint(ec);
  if (ec)
    return;
  peer.remote = endpoint_text(remote);
  peer.remote_ip = remote.address().to_string();
  peer.local = endpoint_text(local);
  peer.local_ip = local.address().to_string();
  worker.connection_opened();
  std::make_shared<Starter>(worker, snap, *plan, std::move(socket), std::move(peer))->run();
}

}  // namespace igw::serve

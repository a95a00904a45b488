// Fire-and-forget mirror requests on the worker's upstream pool.
#include "lib/serve/mirror.h"

#include "lib/serve/http1_parser.h"
#include "lib/serve/worker.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>

namespace igw::serve {

namespace {

using tcp = boost::asio::ip::tcp;

class MirrorRequest : public std::enable_shared_from_this<MirrorRequest>, private UpstreamReader {
 public:
  MirrorRequest(Worker& w, SnapshotPtr snap, std::string request, tcp::endpoint ep,
                std::chrono::nanoseconds timeout)
      : w_(w),
        snap_(std::move(snap)),
        request_(std::move(request)),
        ep_(ep),
        timeout_(timeout),
        timer_(w.io()) {}
  virtual ~MirrorRequest() = default;

  void start() {
    timer_.expires_after(timeout_);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec && self->conn_)
        self->conn_->socket.close();
    });
    conn_ = w_.pool().take(ep_);
    if (conn_) {
      send();
      return;
    }
    conn_ = std::make_unique<UpstreamConnection>(w_.io(), ep_);
    ++w_.metrics().counters().upstream_connections_total;
    conn_->socket.async_connect(ep_,
                                [self = shared_from_this()](const boost::system::error_code& ec) {
                                  if (ec) {
                                    self->done(false);
                                    return;
                                  }
                                  boost::system::error_code ignored;
                                  self->conn_->socket.set_option(tcp::no_delay(true), ignored);
                                  self->send();
                                });
  }

 private:
  void send() {
    boost::asio::async_write(
        conn_->socket, boost::asio::buffer(request_),
        [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
          if (ec) {
            self->done(false);
            return;
          }
          self->parser_.emplace(self->fields_, self->pieces_);
          self->parser_->body_limit(kNoBodyLimit);
          self->read();
        });
  }

  // A pooled connection's read is in flight already and is adopted (see UpstreamPool).
  void read() { conn_->read(end_, this, 0, shared_from_this()); }

  void on_upstream_data(uint64_t, const boost::system::error_code& ec, size_t n) override {
    if (conn_)
      on_read(ec, n);
  }

  void on_read(const boost::system::error_code& ec, size_t n) {
    if (ec) {
      if (ec == boost::asio::error::eof && parser_->need_eof()) {
        boost::beast::error_code bec;
        parser_->put_eof(bec);
      }
      done(false);
      return;
    }
    end_ += n;
    while (begin_ < end_ && !parser_->is_done()) {
      boost::beast::error_code bec;
      pieces_.clear();
      size_t used =
          parser_->put(boost::asio::buffer(conn_->buf.data() + begin_, end_ - begin_), bec);
      begin_ += used;
      if (bec == boost::beast::http::error::need_more)
        break;
      if (bec) {
        done(false);
        return;
      }
      if (parser_->is_header_done() && parser_->status >= 100 && parser_->status < 200) {
        parser_.emplace(fields_, pieces_);
        parser_->body_limit(kNoBodyLimit);
      }
    }
    if (parser_->is_done()) {
      done(parser_->keep_alive() && begin_ == end_);
      return;
    }
    if (begin_ == end_) {
      begin_ = end_ = 0;
    } else if (end_ == conn_->buf.size()) {
      std::memmove(conn_->buf.data(), conn_->buf.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    read();
  }

  void done(bool reusable) {
    timer_.cancel();
    if (reusable && conn_)
      w_.pool().put(std::move(conn_));
    conn_.reset();
  }

  Worker& w_;
  SnapshotPtr snap_;  // keeps the cluster's endpoint list alive
  std::string request_;
  tcp::endpoint ep_;
  std::chrono::nanoseconds timeout_;
  boost::asio::steady_timer timer_;
  UpstreamConnectionPtr conn_;
  std::vector<ResponseField> fields_;
  BodyPieces pieces_;
  std::optional<ResponseParser> parser_;
  size_t begin_ = 0;
  size_t end_ = 0;
};

}  // namespace

void start_mirror(Worker& worker, SnapshotPtr snapshot, const ClusterTargets* targets,
                  const compile::Cluster* cluster, const http::ForwardPlan& plan,
                  std::string_view authority, bool chunked, const std::string& body,
                  std::optional<base::Duration> timeout) {
  tcp::endpoint ep;
  if (!targets->addresses.empty()) {
    ep = targets->addresses[worker.next_index(cluster) % targets->addresses.size()];
  } else {
    bool found = false;
    for (const auto& [name, port] : targets->names) {
      const DnsCache::Endpoints* eps = nullptr;
      auto st = worker.dns().lookup(name, port, &eps);
      if (st == DnsCache::Status::kResolved) {
        ep = eps->front();
        found = true;
        break;
      }
      if (st == DnsCache::Status::kUnknown)
        worker.dns().resolve(name, port, [] {});  // warm the cache for the next mirror
    }
    if (!found)
      return;
  }
  std::string req;
  req.reserve(512 + body.size());
  req.append(plan.request.method).append(" ").append(plan.request.path).append(" HTTP/1.1\r\n");
  req.append("host: ").append(authority).append("\r\n");
  for (const auto& h : plan.request.headers)
    req.append(h.name).append(": ").append(h.value).append("\r\n");
  if (chunked)
    req.append("transfer-encoding: chunked\r\n");
  req.append("\r\n");
  req.append(body);
  auto t = timeout && timeout->nanos > 0 ? std::chrono::nanoseconds(timeout->nanos)
                                         : std::chrono::nanoseconds(std::chrono::seconds(30));
  std::make_shared<MirrorRequest>(worker, std::move(snapshot), std::move(req), ep, t)->start();
}

}  // namespace igw::serve

// The admin listener: small HTTP/1.1 request/response exchanges with Beast, one per connection.
#include "lib/serve/admin.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include <optional>

namespace igw::serve {

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class AdminSession : public std::enable_shared_from_this<AdminSession> {
 public:
  AdminSession(tcp::socket s, std::shared_ptr<AdminHandlers> h)
      : socket_(std::move(s)), handlers_(std::move(h)) {}

  void start() {
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    parser_->body_limit(64 * 1024);
    bhttp::async_read(socket_, buf_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (!ec)
                          self->handle(self->parser_->get());
                      });
  }

 private:
  void reply(unsigned status, std::string content_type, std::string body) {
    res_.result(status);
    res_.version(11);
    res_.set(bhttp::field::server, "igw");
    res_.set(bhttp::field::content_type, content_type);
    res_.set(bhttp::field::connection, "close");
    res_.body() = std::move(body);
    res_.prepare_payload();
    bhttp::async_write(socket_, res_, [self = shared_from_this()](beast::error_code, size_t) {
      beast::error_code ignored;
      self->socket_.shutdown(tcp::socket::shutdown_both, ignored);
      self->socket_.close(ignored);
    });
  }

  void handle(const bhttp::request<bhttp::string_body>& req) {
    std::string target(req.target());
    std::string path = target.substr(0, target.find('?'));
    bool get = req.method() == bhttp::verb::get || req.method() == bhttp::verb::head;
    if (path == "/ready" || path == "/healthz/ready") {
      if (!get)
        return reply(405, "text/plain", "use GET\n");
      bool ok = handlers_->ready();
      return reply(ok ? 200 : 503, "text/plain", ok ? "LIVE\n" : "DRAINING\n");
    }
    if (path == "/config_dump") {
      if (!get)
        return reply(405, "text/plain", "use GET\n");
      return reply(200, "application/json", handlers_->config_dump());
    }
    if (path == "/stats/prometheus" || path == "/metrics") {
      if (!get)
        return reply(405, "text/plain", "use GET\n");
      handlers_->prometheus([self = shared_from_this()](std::string text) {
        self->reply(200, "text/plain; version=0.0.4", std::move(text));
      });
      return;
    }
    if (path == "/quitquitquit") {
      // Envoy's admin: mutations are POST only.
      if (req.method() != bhttp::verb::post)
        return reply(400, "text/plain", "/quitquitquit needs POST\n");
      handlers_->quit();
      return reply(200, "text/plain", "OK\n");
    }
    if (path == "/logging") {
      // Envoy's admin: POST /logging?level=L sets every logger; without level it lists them.
      if (req.method() != bhttp::verb::post)
        return reply(400, "text/plain", "/logging needs POST\n");
      std::string_view query =
          target.size() > path.size() ? std::string_view(target).substr(path.size() + 1) : "";
      std::string_view level;
      if (query.starts_with("level="))
        level = query.substr(6);
      else if (!query.empty())
        return reply(400, "text/plain",
                     "usage: POST /logging?level=debug|info|warning|error|off\n");
      std::string current;
      if (!handlers_->logging(level, current))
        return reply(
            400, "text/plain",
            fmt::format("unknown level \"{}\": use debug, info, warning, error or off\n", level));
      return reply(200, "text/plain", fmt::format("active loggers:\n  igw: {}\n", current));
    }
    reply(404, "text/plain",
          "igw admin: GET /ready, /healthz/ready, /config_dump, /stats/prometheus, /metrics; "
          "POST /quitquitquit, /logging?level=\n");
  }

  tcp::socket socket_;
  std::shared_ptr<AdminHandlers> handlers_;
  beast::flat_buffer buf_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> res_;
};

}  // namespace

AdminServer::AdminServer(boost::asio::io_context& io, AdminHandlers handlers)
    : io_(io), handlers_(std::make_shared<AdminHandlers>(std::move(handlers))), acceptor_(io) {}

AdminServer::~AdminServer() {
  close();
}

base::Result<void> AdminServer::listen(const std::string& address, uint16_t port) {
  boost::system::error_code ec;
  auto addr = boost::asio::ip::make_address(address, ec);
  if (ec)
    return base::make_error(fmt::format("--admin: {} is not an IP address", address));
  tcp::endpoint ep(addr, port);
  acceptor_.open(ep.protocol(), ec);
  if (!ec)
    acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec)
    acceptor_.bind(ep, ec);
  if (!ec)
    acceptor_.listen(64, ec);
  if (ec)
    return base::make_error(
        fmt::format("cannot listen on admin address {}:{}: {}", address, port, ec.message()));
  accept();
  return {};
}

uint16_t AdminServer::port() const {
  boost::system::error_code ec;
  return acceptor_.local_endpoint(ec).port();
}

void AdminServer::close() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void AdminServer::accept() {
  acceptor_.async_accept(io_, [this](const boost::system::error_code& ec, tcp::socket s) {
    if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open())
      return;
    if (!ec)
      std::make_shared<AdminSession>(std::move(s), handlers_)->start();
    accept();
  });
}

}  // namespace igw::serve

// The admin listener (127.0.0.1 only by default): /ready, /healthz/ready, /config_dump (the
// compiled table as `igw compile` prints it), /stats/prometheus (and /metrics), POST
// /quitquitquit, POST /logging?level=. It runs on the control loop; nothing here touches the
// workers directly.
#pragma once

#include "lib/base/result.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace igw::serve {

struct AdminHandlers {
  std::function<bool()> ready;               // every listener up and not draining
  std::function<std::string()> config_dump;  // JSON
  // Gathers the metrics from the workers; calls back (on the control thread) with the text.
  std::function<void(std::function<void(std::string)>)> prometheus;
  std::function<void()> quit;  // POST /quitquitquit: drain and exit
  // POST /logging?level=L: sets the operational log level; false when L is unknown. Returns the
  // level name now in force through `current`.
  std::function<bool(std::string_view level, std::string& current)> logging;
};

class AdminServer {
 public:
  AdminServer(boost::asio::io_context& io, AdminHandlers handlers);
  ~AdminServer();
  base::Result<void> listen(const std::string& address, uint16_t port);
  uint16_t port() const;
  void close();

 private:
  void accept();
  boost::asio::io_context& io_;
  std::shared_ptr<AdminHandlers> handlers_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace igw::serve

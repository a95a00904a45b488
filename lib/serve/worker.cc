// serve::Worker: an I/O thread with its own acceptors, pool and metrics.
#include "lib/serve/worker.h"

#include "lib/http/local_reply.h"
#include "lib/serve/connection_starter.h"

#include <boost/asio/post.hpp>

#include <random>

namespace igw::serve {

namespace {

using tcp = boost::asio::ip::tcp;
constexpr auto kSweepInterval = std::chrono::milliseconds(250);

}  // namespace

Worker::Worker(unsigned index, WorkerShared& shared)
    : index_(index),
      shared_(shared),
      sweep_timer_(io_),
      dns_(io_),
      access_log_(shared.access_log, shared.options->access_log_format),
      random_(std::random_device{}() ^ (uint64_t{index} << 32)) {}

Worker::~Worker() {
  stop();
  join();
}

void Worker::start(SnapshotPtr snapshot, std::vector<std::pair<std::string, int>> sockets,
                   WorkerThread thread) {
  snapshot_ = std::move(snapshot);
  for (auto& [key, fd] : sockets)
    open_acceptor(key, fd);
  schedule_sweep();
  if (thread == WorkerThread::kOwn)
    thread_ = std::thread([this] { run(); });
}

void Worker::run() {
  io_.run();
  access_log_.flush();
}

void Worker::install(SnapshotPtr snapshot, std::vector<std::pair<std::string, int>> added) {
  boost::asio::post(io_, [this, snap = std::move(snapshot), added = std::move(added)]() mutable {
    snapshot_ = std::move(snap);
    for (auto& [key, fd] : added)
      open_acceptor(key, fd);
    for (auto it = acceptors_.begin(); it != acceptors_.end();) {
      if (!snapshot_->listener(it->first)) {
        boost::system::error_code ignored;
        it->second->close(ignored);
        it = acceptors_.erase(it);
      } else {
        ++it;
      }
    }
  });
}

void Worker::open_acceptor(const std::string& key, int fd) {
  auto acc = std::make_unique<tcp::acceptor>(io_);
  boost::system::error_code ec;
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  acc->assign(ss.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
  if (ec) {
    logger().error("worker {}: cannot take listening socket {}: {}", index_, key, ec.message());
    ::close(fd);
    return;
  }
  acceptors_[key] = std::move(acc);
  accept(key);
}

void Worker::accept(const std::string& key) {
  auto it = acceptors_.find(key);
  if (it == acceptors_.end() || draining_)
    return;
  tcp::acceptor* acc = it->second.get();
  acc->async_accept(io_, [this, key, acc](const boost::system::error_code& ec, tcp::socket socket) {
    auto cur = acceptors_.find(key);
    if (cur == acceptors_.end() || cur->second.get() != acc)
      return;  // closed by a reload or by draining
    if (!ec)
      on_accept(key, std::move(socket));
    else if (ec == boost::asio::error::operation_aborted)
      return;
    else if (ec == boost::asio::error::no_descriptors || ec == boost::asio::error::no_buffer_space)
      logger().warning("accept on {}: {}", key, ec.message());
    accept(key);
  });
}

void Worker::on_accept(const std::string& key, tcp::socket socket) {
  if (shared_.connections.load(std::memory_order_relaxed) >=
      static_cast<int64_t>(limits().max_connections)) {
    boost::system::error_code ignored;
    socket.close(ignored);
    return;
  }
  ++metrics_.counters().downstream_connections_total;
  start_connection(*this, key, std::move(socket));
}

void Worker::connection_opened() {
  active_.fetch_add(1, std::memory_order_relaxed);
  shared_.connections.fetch_add(1, std::memory_order_relaxed);
  ++metrics_.counters().downstream_connections_active;
}

void Worker::connection_closed() {
  active_.fetch_sub(1, std::memory_order_relaxed);
  shared_.connections.fetch_sub(1, std::memory_order_relaxed);
  --metrics_.counters().downstream_connections_active;
}

void Worker::add_session(Session* s) {
  sessions_.insert(s);
}

void Worker::remove_session(Session* s) {
  sessions_.erase(s);
  connection_closed();
}

std::string_view Worker::date() {
  return date(std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count());
}

std::string_view Worker::date(int64_t now) {
  if (now != date_second_) {
    date_second_ = now;
    date_ = http::format_http_date(now);
  }
  return date_;
}

void Worker::schedule_sweep() {
  sweep_timer_.expires_after(kSweepInterval);
  sweep_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec)
      return;
    sweep();
    schedule_sweep();
  });
}

void Worker::sweep() {
  auto now = std::chrono::steady_clock::now();
  // check_timeouts may close a session, which erases it from sessions_: iterate a copy.
  std::vector<Session*> list(sessions_.begin(), sessions_.end());
  for (Session* s : list) {
    if (sessions_.count(s))
      s->check_timeouts(now);
  }
  pool_.sweep(now);
  access_log_.flush();
}

void Worker::begin_drain() {
  boost::asio::post(io_, [this] {
    draining_ = true;
    for (auto& [key, acc] : acceptors_) {
      boost::system::error_code ignored;
      acc->close(ignored);
    }
    acceptors_.clear();
    std::vector<Session*> list(sessions_.begin(), sessions_.end());
    for (Session* s : list) {
      if (sessions_.count(s))
        s->drain();
    }
  });
}

void Worker::collect(std::function<void(Metrics, size_t)> done) {
  boost::asio::post(
      io_, [this, done = std::move(done)] { done(metrics_, static_cast<size_t>(active_.load())); });
}

void Worker::stop() {
  io_.stop();
}

void Worker::join() {
  if (thread_.joinable())
    thread_.join();
}

}  // namespace igw::serve

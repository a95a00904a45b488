// serve::Worker: one I/O thread with its own io_context, its own SO_REUSEPORT acceptors, its own
// upstream pool, DNS cache, metrics and access-log buffer. A connection lives on one worker and
// nothing on the hot path takes a lock (DESIGN.md "Serving model"). The control talks to a
// worker only by posting to its io_context (with one worker, the control runs on that loop too).
#pragma once

#include "lib/serve/access_log.h"
#include "lib/serve/dns_cache.h"
#include "lib/serve/logger.h"
#include "lib/serve/metrics.h"
#include "lib/serve/random.h"
#include "lib/serve/serve_options.h"
#include "lib/serve/snapshot.h"
#include "lib/serve/upstream_pool.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace igw::serve {

class Session;

// What the workers share (read-only, or atomics).
struct WorkerShared {
  const ServeOptions* options = nullptr;
  Logger* logger = nullptr;
  AccessLogSink* access_log = nullptr;  // null: no access log
  std::atomic<int64_t> connections{0};  // downstream connections of the whole process
};

// Where a worker's loop runs: a thread of its own, or the thread that calls Worker::run() — with
// one worker, the whole process is then one thread, like an nginx worker, and the kernel skips the
// file-reference count on every socket call that a process sharing its descriptors with other
// threads pays.
enum class WorkerThread { kOwn, kCaller };

class Worker {
 public:
  Worker(unsigned index, WorkerShared& shared);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // --- control thread ---------------------------------------------------------------------------
  // Opens the acceptors for `snapshot` on `sockets` (listener key → listening fd, owned now) and
  // starts serving them on the worker's thread, or, with kCaller, when the caller calls run().
  void start(SnapshotPtr snapshot, std::vector<std::pair<std::string, int>> sockets,
             WorkerThread thread = WorkerThread::kOwn);
  // Serves until stop(); what start() runs on the worker's own thread.
  void run();
  // Puts `snapshot` in service: new listeners open on `added` fds, listeners not in the snapshot
  // close. Connections move to it at their next request.
  void install(SnapshotPtr snapshot, std::vector<std::pair<std::string, int>> added);
  // Stops accepting; idle connections close, busy ones close after their response.
  void begin_drain();
  // Copies this worker's metrics on its thread, then calls `done` there.
  void collect(std::function<void(Metrics, size_t active)> done);
  void stop();
  void join();
  int64_t active_connections() const { return active_.load(std::memory_order_relaxed); }

  // --- worker thread ----------------------------------------------------------------------------
  unsigned index() const { return index_; }
  boost::asio::io_context& io() { return io_; }
  const SnapshotPtr& snapshot() const { return snapshot_; }
  const ServeOptions& options() const { return *shared_.options; }
  const Limits& limits() const { return shared_.options->limits; }
  Logger& logger() { return *shared_.logger; }
  UpstreamPool& pool() { return pool_; }
  DnsCache& dns() { return dns_; }
  Metrics& metrics() { return metrics_; }
  AccessLogBuffer& access_log() { return access_log_; }
  Random& random() { return random_; }
  bool draining() const { return draining_; }
  // The HTTP date for responses, refreshed once a second; the second form for a caller that has
  // just read the clock (seconds since the epoch).
  std::string_view date();
  std::string_view date(int64_t unix_seconds);
  // Round-robin position per cluster.
  uint64_t next_index(const void* cluster) { return rr_[cluster]++; }

  void add_session(Session* s);
  void remove_session(Session* s);
  // Downstream connections of this worker (handshaking ones included).
  void connection_opened();
  void connection_closed();

 private:
  void open_acceptor(const std::string& key, int fd);
  void accept(const std::string& key);
  void on_accept(const std::string& key, boost::asio::ip::tcp::socket socket);
  void schedule_sweep();
  void sweep();

  unsigned index_;
  WorkerShared& shared_;
  // What a closing session or starter updates, declared before io_ so that it outlives it: when a
  // stopped worker is destroyed, handlers still pending in io_ release their sessions then.
  Metrics metrics_;
  std::unordered_set<Session*> sessions_;
  std::atomic<int64_t> active_{0};
  // One thread runs this io_context and every socket on it is used from that thread only; the
  // control thread only posts. So the reactor's per-socket locking is off (the scheduler's, which
  // posts from other threads need, stays on).
  boost::asio::io_context io_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  std::thread thread_;
  SnapshotPtr snapshot_;
  std::map<std::string, std::unique_ptr<boost::asio::ip::tcp::acceptor>> acceptors_;
  boost::asio::steady_timer sweep_timer_;
  UpstreamPool pool_;
  DnsCache dns_;
  AccessLogBuffer access_log_;
  Random random_;
  std::unordered_map<const void*, uint64_t> rr_;
  bool draining_ = false;
  int64_t date_second_ = -1;
  std::string date_;
};

// The base of downstream connections the worker can sweep and drain.
class Session {
 public:
  virtual ~Session() = default;
  virtual void check_timeouts(std::chrono::steady_clock::time_point now) = 0;
  virtual void drain() = 0;
};

}  // namespace igw::serve

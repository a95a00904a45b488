// The control loop of `igw serve`: start-up, signals, reloads, file watching, admin, drain. It
// has a thread of its own when there are several workers, and shares the worker's loop (and
// thread) when there is one.
#include "lib/serve/server.h"

#include "lib/base/strings.h"
#include "lib/render/route_table_json.h"
#include "lib/serve/access_log.h"
#include "lib/serve/admin.h"
#include "lib/serve/config_check.h"
#include "lib/serve/listen_socket.h"
#include "lib/serve/logger.h"
#include "lib/serve/snapshot.h"
#include "lib/serve/tls_setup.h"
#include "lib/serve/worker.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <thread>

namespace igw::serve {

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

// The control's I/O objects, bound to the loop it runs on, so they can be closed before that
// loop's worker is destroyed.
struct ControlIo {
  explicit ControlIo(asio::io_context& loop)
      : io(loop), signals(loop), watch_timer(loop), drain_timer(loop), inotify(loop) {}
  asio::io_context& io;
  asio::signal_set signals;
  asio::steady_timer watch_timer;
  asio::steady_timer drain_timer;
  asio::posix::stream_descriptor inotify;
};

class ServerImpl {
 public:
  ServerImpl(const ServeOptions& options, std::ostream& err)
      : options_(options), err_(err), logger_(options.log_level) {}

  int run();

 private:
  void print_report(const LoadReport& report);
  base::Result<std::map<std::string, std::vector<ListenSocket>>> open_sockets(
      const Snapshot& snap, const std::set<std::string>& keys);
  void on_signal(const boost::system::error_code& ec, int sig);
  void reload(std::string_view why);
  void install(base::Result<std::shared_ptr<Snapshot>> loaded, const LoadReport& report);
  void serve_loop();
  void begin_drain(std::string_view why);
  void check_drained();
  void finish();
  void setup_watch();
  void read_inotify();
  void gather_metrics(std::function<void(std::string)> done);
  std::string config_dump() const;

  const ServeOptions& options_;
  std::ostream& err_;
  Logger logger_;
  asio::io_context ctl_{1};  // the control's loop when it has a thread of its own
  std::vector<char> inotify_buf_ = std::vector<char>(16 * 1024);
  std::map<int, fs::path> watch_dirs_;  // wd → directory
  std::set<std::string> watch_names_;   // absolute paths of watched files
  std::set<std::string> watch_input_dirs_;

  std::unique_ptr<AccessLogSink> sink_;
  WorkerShared shared_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<ControlIo> control_;  // after workers_: it may be bound to a worker's loop
  std::unique_ptr<AdminServer> admin_;
  SnapshotPtr current_;
  uint64_t generation_ = 1;
  uint64_t reloads_ok_ = 0;
  uint64_t reloads_failed_ = 0;
  bool ready_ = false;
  bool draining_ = false;
  // A reload loads on a thread of its own, so that a worker sharing the control's loop goes on
  // serving; one at a time (joinable while it runs), and a request that comes meanwhile runs
  // after it.
  std::thread reload_thread_;
  std::string reload_again_;  // why, when one was asked for during a reload
  std::chrono::steady_clock::time_point drain_deadline_;
};

void ServerImpl::print_report(const LoadReport& report) {
  print_load_report(report, err_, logger_);
}

base::Result<std::map<std::string, std::vector<ListenSocket>>> ServerImpl::open_sockets(
    const Snapshot& snap, const std::set<std::string>& keys) {
  std::map<std::string, std::vector<ListenSocket>> out;
  for (const auto& lp : snap.listeners) {
    if (!keys.count(lp.key) || out.count(lp.key))
      continue;
    auto& list = out[lp.key];
    for (size_t i = 0; i < workers_.size(); ++i) {
      auto s = open_listen_socket(lp.address, lp.port);
      if (!s)
        return s.error();
      list.push_back(std::move(*s));
    }
  }
  return out;
}

std::string ServerImpl::config_dump() const {
  nlohmann::ordered_json doc = render::route_table_json(*current_->table);
  nlohmann::ordered_json serve = nlohmann::ordered_json::object();
  serve["generation"] = current_->generation;
  nlohmann::ordered_json listeners = nlohmann::ordered_json::array();
  for (const auto& l : current_->listeners) {
    listeners.push_back({{"name", l.listener->name},
                         {"address", l.address},
                         {"port", l.port},
                         {"gatewayPort", l.gateway_port},
                         {"tls", l.has_tls_chain},
                         {"plainText", l.has_plain_chain}});
  }
  serve["listeners"] = std::move(listeners);
  nlohmann::ordered_json clusters = nlohmann::ordered_json::object();
  for (const compile::Cluster* c : current_->table->clusters()) {
    const ClusterTargets* t = current_->targets(c);
    nlohmann::ordered_json eps = nlohmann::ordered_json::array();
    if (t) {
      for (const auto& a : t->addresses)
        eps.push_back(fmt::format("{}:{}", a.address().to_string(), a.port()));
      for (const auto& [name, port] : t->names)
        eps.push_back(fmt::format("{}:{} (DNS)", name, port));
    }
    clusters[c->name] = {{"source", t ? t->source : std::string()}, {"endpoints", eps}};
  }
  serve["upstreams"] = std::move(clusters);
  serve["echoUpstreams"] = options_.echo_upstreams;
  doc["serve"] = std::move(serve);
  return doc.dump(2) + "\n";
}

void ServerImpl::gather_metrics(std::function<void(std::string)> done) {
  struct Gather {
    Metrics total;
    size_t left = 0;
    std::function<void(std::string)> done;
  };
  auto g = std::make_shared<Gather>();
  g->left = workers_.size();
  g->done = std::move(done);
  auto finish_one = [this, g](Metrics m) {
    g->total.merge(m);
    if (--g->left > 0)
      return;
    PrometheusContext ctx;
    ctx.workload_namespace = options_.gateway_namespace;
    ctx.config_generation = current_->generation;
    ctx.config_loaded_at = current_->loaded_at;
    ctx.reloads_ok = reloads_ok_;
    ctx.reloads_failed = reloads_failed_;
    for (auto& [name, t] : certificate_expiry(*current_))
      ctx.certificates.push_back({name, t});
    g->done(render_prometheus(g->total, ctx));
  };
  for (auto& w : workers_) {
    w->collect([this, finish_one](Metrics m, size_t) mutable {
      asio::post(control_->io,
                 [finish_one, m = std::move(m)]() mutable { finish_one(std::move(m)); });
    });
  }
}

int ServerImpl::run() {
  // --- configuration -------------------------------------------------------------------------
  LoadReport report;
  auto loaded = load_snapshot(options_, generation_, report);
  print_report(report);
  if (!loaded) {
    err_ << "igw serve: " << loaded.error().message << "\n";
    return refused_load_exit_code(report);
  }
  current_ = std::move(*loaded);
  warn_if_nothing_to_serve(*current_, options_, logger_);

  // --- access log, workers, listeners ----------------------------------------------------------
  unsigned n =
      options_.workers ? options_.workers : std::max(1u, std::thread::hardware_concurrency());
  bool one_thread = n == 1;
  if (!options_.access_log_path.empty()) {
    auto sink =
        AccessLogSink::open(options_.access_log_path, one_thread ? AccessLogWrites::kInlineToFiles
                                                                 : AccessLogWrites::kWriterThread);
    if (!sink) {
      err_ << "igw serve: " << sink.error().message << "\n";
      return kServeExitFailure;
    }
    sink_ = std::move(*sink);
  }
  shared_.options = &options_;
  shared_.logger = &logger_;
  shared_.access_log = sink_.get();
  for (unsigned i = 0; i < n; ++i)
    workers_.push_back(std::make_unique<Worker>(i, shared_));
  control_ = std::make_unique<ControlIo>(one_thread ? workers_[0]->io() : ctl_);

  std::set<std::string> keys;
  for (const auto& l : current_->listeners)
    keys.insert(l.key);
  auto sockets = open_sockets(*current_, keys);
  if (!sockets) {
    err_ << "igw serve: " << sockets.error().message << "\n";
    return kServeExitFailure;
  }

  // --- admin ---------------------------------------------------------------------------------
  if (options_.admin_port != 0) {
    AdminHandlers h;
    h.ready = [this] { return ready_ && !draining_; };
    h.config_dump = [this] { return config_dump(); };
    h.prometheus = [this](std::function<void(std::string)> done) {
      gather_metrics(std::move(done));
    };
    h.quit = [this] { asio::post(control_->io, [this] { begin_drain("POST /quitquitquit"); }); };
    h.logging = [this](std::string_view level, std::string& current) {
      LogLevel parsed;
      if (!level.empty()) {
        if (!parse_log_level(level, parsed))
          return false;
        // Said at the old level, so a change to a quieter level is still on record.
        logger_.warning("POST /logging: log level now {}", log_level_name(parsed));
        logger_.set_level(parsed);
      }
      current = std::string(log_level_name(logger_.level()));
      return true;
    };
    admin_ = std::make_unique<AdminServer>(control_->io, std::move(h));
    auto ok = admin_->listen(options_.admin_address, options_.admin_port);
    if (!ok) {
      err_ << "igw serve: " << ok.error().message << " (--admin 0 turns it off)\n";
      return kServeExitFailure;
    }
  }

  for (size_t i = 0; i < workers_.size(); ++i) {
    std::vector<std::pair<std::string, int>> fds;
    for (auto& [key, list] : *sockets)
      fds.emplace_back(key, list[i].release());
    workers_[i]->start(current_, std::move(fds),
                       one_thread ? WorkerThread::kCaller : WorkerThread::kOwn);
  }
  ready_ = true;
  for (const auto& l : current_->listeners) {
    logger_.info("listening on {} for Gateway port {} ({}{}{})", l.key, l.gateway_port,
                 l.has_tls_chain ? "TLS" : "", l.has_tls_chain && l.has_plain_chain ? " + " : "",
                 l.has_plain_chain ? "plain text" : "");
  }
  if (admin_)
    logger_.info("admin on {}:{} (/ready, /config_dump, /stats/prometheus)", options_.admin_address,
                 admin_->port());
  logger_.info("serving configuration generation {} with {} worker(s){}", current_->generation,
               workers_.size(), options_.echo_upstreams ? ", echo upstreams on" : "");

  // --- control loop ------------------------------------------------------------------------------
  auto& signals = control_->signals;
  signals.add(SIGHUP);
  signals.add(SIGTERM);
  signals.add(SIGINT);
  signals.add(SIGUSR1);
  signals.async_wait([this](const boost::system::error_code& ec, int sig) { on_signal(ec, sig); });
  if (options_.watch)
    setup_watch();
  serve_loop();
  return kServeExitOk;
}

void ServerImpl::serve_loop() {
  if (&control_->io == &ctl_)
    ctl_.run();
  else
    workers_[0]->run();
  if (reload_thread_.joinable())
    reload_thread_.join();
  // The control's objects go first: with one worker they live on its loop.
  admin_.reset();
  control_.reset();
  for (auto& w : workers_) {
    w->stop();
    w->join();
  }
  workers_.clear();
  sink_.reset();  // writes what is queued
}

void ServerImpl::on_signal(const boost::system::error_code& ec, int sig) {
  if (ec)
    return;
  if (sig == SIGHUP) {
    reload("SIGHUP");
  } else if (sig == SIGUSR1) {
    if (sink_)
      sink_->reopen();
    logger_.info("SIGUSR1: access log reopened");
  } else if (draining_) {
    logger_.info("second {}: exiting now", sig == SIGINT ? "SIGINT" : "SIGTERM");
    finish();
    return;
  } else {
    begin_drain(sig == SIGINT ? "SIGINT" : "SIGTERM");
  }
  control_->signals.async_wait(
      [this](const boost::system::error_code& e, int s) { on_signal(e, s); });
}

void ServerImpl::reload(std::string_view why) {
  if (draining_)
    return;
  if (reload_thread_.joinable()) {
    reload_again_ = why;
    return;
  }
  logger_.info("{}: reloading {}", why, base::join(options_.paths, " "));
  // The thread works on copies (the snapshot in service, the next generation); what it built is
  // put in service on the control loop, the only place current_ changes.
  reload_thread_ = std::thread([this, previous = current_, generation = generation_ + 1] {
    LoadReport report;
    auto loaded = load_snapshot(options_, generation, report, previous.get());
    asio::post(control_->io,
               [this, report = std::move(report), loaded = std::move(loaded)]() mutable {
                 reload_thread_.join();  // it has nothing left to do but return
                 install(std::move(loaded), report);
                 if (!reload_again_.empty())
                   reload(std::exchange(reload_again_, std::string()));
               });
  });
}

void ServerImpl::install(base::Result<std::shared_ptr<Snapshot>> loaded, const LoadReport& report) {
  print_report(report);
  if (draining_)
    return;
  if (!loaded) {
    ++reloads_failed_;
    logger_.error("reload refused, generation {} keeps serving: {}", current_->generation,
                  loaded.error().message);
    return;
  }
  std::shared_ptr<Snapshot> snap = std::move(*loaded);
  std::set<std::string> old_keys, added;
  for (const auto& l : current_->listeners)
    old_keys.insert(l.key);
  for (const auto& l : snap->listeners) {
    if (!old_keys.count(l.key))
      added.insert(l.key);
  }
  auto sockets = open_sockets(*snap, added);
  if (!sockets) {
    ++reloads_failed_;
    logger_.error("reload refused, generation {} keeps serving: {}", current_->generation,
                  sockets.error().message);
    return;
  }
  ++generation_;
  current_ = snap;
  for (size_t i = 0; i < workers_.size(); ++i) {
    std::vector<std::pair<std::string, int>> fds;
    for (auto& [key, list] : *sockets)
      fds.emplace_back(key, list[i].release());
    workers_[i]->install(current_, std::move(fds));
  }
  ++reloads_ok_;
  for (const auto& key : added)
    logger_.info("listening on {}", key);
  for (const auto& key : old_keys) {
    if (!current_->listener(key))
      logger_.info("no longer listening on {}", key);
  }
  logger_.info("configuration generation {} in service", current_->generation);
  if (options_.watch)
    setup_watch();
}

void ServerImpl::begin_drain(std::string_view why) {
  if (draining_)
    return;
  draining_ = true;
  reload_again_.clear();
  logger_.info("{}: draining (up to {} ms), no longer accepting", why,
               options_.drain_timeout.count());
  if (admin_)
    admin_->close();
  for (auto& w : workers_)
    w->begin_drain();
  drain_deadline_ = std::chrono::steady_clock::now() + options_.drain_timeout;
  check_drained();
}

void ServerImpl::check_drained() {
  int64_t active = 0;
  for (auto& w : workers_)
    active += w->active_connections();
  if (active == 0 || std::chrono::steady_clock::now() >= drain_deadline_) {
    if (active > 0)
      logger_.warning("drain timeout: closing {} connection(s)", active);
    else
      logger_.info("drained");
    finish();
    return;
  }
  control_->drain_timer.expires_after(std::chrono::milliseconds(50));
  control_->drain_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec)
      check_drained();
  });
}

void ServerImpl::finish() {
  control_->signals.cancel();
  control_->watch_timer.cancel();
  control_->drain_timer.cancel();
  boost::system::error_code ignored;
  control_->inotify.close(ignored);
  if (admin_)
    admin_->close();
  for (auto& w : workers_)
    w->stop();
  control_->io.stop();
}

// --- --watch -----------------------------------------------------------------------------------

void ServerImpl::setup_watch() {
  auto& inotify = control_->inotify;
  if (!inotify.is_open()) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
      logger_.error("--watch: inotify_init1 failed: {}", std::strerror(errno));
      return;
    }
    inotify.assign(fd);
    read_inotify();
  }
  for (const auto& [wd, dir] : watch_dirs_)
    inotify_rm_watch(inotify.native_handle(), wd);
  watch_dirs_.clear();
  watch_names_.clear();
  watch_input_dirs_.clear();
  std::set<fs::path> dirs;
  std::error_code ec;
  for (const auto& p : options_.paths) {
    fs::path abs = fs::absolute(p, ec);
    if (fs::is_directory(abs, ec)) {
      // Every subdirectory too: a file added anywhere under an input directory is input.
      dirs.insert(abs);
      watch_input_dirs_.insert(abs.lexically_normal().string());
      for (auto it = fs::recursive_directory_iterator(abs, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory(ec)) {
          dirs.insert(it->path());
          watch_input_dirs_.insert(it->path().lexically_normal().string());
        }
      }
    }
  }
  for (const auto& f : current_->watch_files) {
    fs::path abs = fs::absolute(f, ec).lexically_normal();
    watch_names_.insert(abs.string());
    dirs.insert(abs.parent_path());
  }
  for (const auto& d : dirs) {
    int wd = inotify_add_watch(
        inotify.native_handle(), d.c_str(),
        IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB);
    if (wd >= 0)
      watch_dirs_[wd] = d.lexically_normal();
  }
}

void ServerImpl::read_inotify() {
  control_->inotify.async_read_some(
      asio::buffer(inotify_buf_), [this](const boost::system::error_code& ec, size_t n) {
        if (ec)
          return;
        bool relevant = false;
        size_t off = 0;
        while (off + sizeof(inotify_event) <= n) {
          auto* ev = reinterpret_cast<const inotify_event*>(inotify_buf_.data() + off);
          off += sizeof(inotify_event) + ev->len;
          auto it = watch_dirs_.find(ev->wd);
          if (it == watch_dirs_.end() || ev->len == 0)
            continue;
          std::string name(ev->name);
          if (name == "..data") {
            // A mounted Secret or ConfigMap changes by renaming a new "..data" symlink over the
            // old one (kubelet's AtomicWriter); its files are symlinks through it and never
            // change themselves.
            relevant = true;
            continue;
          }
          if (name.starts_with(".") || name.ends_with("~") || name.ends_with(".swp"))
            continue;  // editor scratch files
          std::string full = (it->second / name).string();
          bool input_dir = watch_input_dirs_.count(it->second.string()) > 0;
          bool config_file =
              name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json");
          if (watch_names_.count(full) || (input_dir && config_file) ||
              (input_dir && (ev->mask & IN_ISDIR)))
            relevant = true;
        }
        if (relevant) {
          // Debounce: editors and `kubectl cp` write in several steps.
          control_->watch_timer.expires_after(std::chrono::milliseconds(300));
          control_->watch_timer.async_wait([this](const boost::system::error_code& e) {
            if (!e)
              reload("file change");
          });
        }
        read_inotify();
      });
}

}  // namespace

int run_server(const ServeOptions& options, std::ostream& err) {
  ServerImpl server(options, err);
  return server.run();
}

}  // namespace igw::serve

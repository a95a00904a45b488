// serve access log: one line per HTTP exchange in Istio's default text format
// (istio:pilot/pkg/model/telemetry_logging.go EnvoyTextLogFormat) or with
// --access-log-format json the same fields under the names of EnvoyJSONLogFormatIstio.
//
// Cheap on the hot path: each worker formats into its own buffer (no lock, no syscall) and hands
// full buffers — or every 250 ms, whatever is there — to the sink: one writer thread, or, in a
// single-threaded process logging to a regular file, the worker's own write() as nginx does.
#pragma once

#include "lib/base/result.h"
#include "lib/serve/serve_options.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace igw::serve {

// The fields of one line; empty views print as "-" (null in JSON).
struct AccessEntry {
  int64_t start_unix_ms = 0;
  std::string_view method;
  std::string_view path;  // %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%: the client's path
  std::string_view protocol = "HTTP/1.1";
  uint32_t response_code = 0;
  std::string_view response_flags;
  std::string_view response_code_details;
  std::string_view connection_termination_details;
  std::string_view upstream_transport_failure_reason;
  uint64_t bytes_received = 0;
  uint64_t bytes_sent = 0;
  uint64_t duration_ms = 0;
  std::optional<uint64_t> upstream_service_time_ms;
  std::string_view x_forwarded_for;
  std::string_view user_agent;
  std::string_view request_id;
  std::string_view authority;
  std::string_view upstream_host;
  std::string_view upstream_cluster;
  std::string_view upstream_local_address;
  std::string_view downstream_local_address;
  std::string_view downstream_remote_address;
  std::string_view requested_server_name;
  std::string_view route_name;
};

// %START_TIME% text (format_iso8601_millis) with the "YYYY-MM-DDTHH:MM:SS." part kept for
// the current second: a worker writes many lines per second, and gmtime_r + formatting per line
// showed in profiles.
class StartTimeCache {
 public:
  void append(std::string& out, int64_t unix_ms);

 private:
  int64_t second_ = -1;
  std::string prefix_;  // up to and including the '.' before the milliseconds
};

void format_access_text(std::string& out, const AccessEntry& e);
void format_access_json(std::string& out, const AccessEntry& e);
// The same, with the timestamp prefix cached in `times`.
void format_access_text(std::string& out, const AccessEntry& e, StartTimeCache& times);
void format_access_json(std::string& out, const AccessEntry& e, StartTimeCache& times);

// How submitted chunks reach the file.
enum class AccessLogWrites {
  kWriterThread,  // a thread of the sink's own writes them
  // The caller writes them when the target is a regular file (whose writes do not wait for a
  // reader), else a writer thread: a pipe or terminal nobody reads must not stall a worker.
  kInlineToFiles,
};

// The process-wide writer of the access log.
class AccessLogSink {
 public:
  // "-": standard output; otherwise the file is opened for appending (created 0644).
  static base::Result<std::unique_ptr<AccessLogSink>> open(
      const std::string& path, AccessLogWrites writes = AccessLogWrites::kWriterThread);
  ~AccessLogSink();  // writes what is queued, then stops the thread

  void submit(std::string chunk);
  // Reopens the file (after log rotation); standard output is left alone.
  void reopen();
  bool has_writer_thread() const { return thread_.joinable(); }

 private:
  AccessLogSink(int fd, std::string path, bool writer_thread);
  void run();
  void reopen_file();
  void write_chunk(const std::string& chunk);

  int fd_;
  std::string path_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stop_ = false;
  bool reopen_ = false;
  std::thread thread_;
};

// One worker's buffer.
class AccessLogBuffer {
 public:
  AccessLogBuffer(AccessLogSink* sink, AccessLogFormat format) : sink_(sink), format_(format) {}
  bool enabled() const { return sink_ != nullptr; }
  void append(const AccessEntry& e);
  void flush();

 private:
  static constexpr size_t kFlushBytes = 64 * 1024;
  AccessLogSink* sink_;
  AccessLogFormat format_;
  std::string buf_;
  StartTimeCache times_;
};

}  // namespace igw::serve

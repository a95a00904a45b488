// Access log formatting and the writer thread.
#include "lib/serve/access_log.h"

#include "lib/base/text_cursor.h"
#include "lib/serve/logger.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>

namespace igw::serve {

namespace {

// An empty field prints as "-".
void field(base::TextCursor& c, std::string_view v) {
  if (v.empty())
    c.ch('-');
  else
    c.text(v);
}

void quoted(base::TextCursor& c, std::string_view v) {
  c.ch('"');
  field(c, v);
  c.ch('"');
}

void put_number(std::string& out, uint64_t v) {
  fmt::format_int text(v);  // no format-string parsing: this runs several times per line
  out.append(text.data(), text.size());
}

void json_string(std::string& out, std::string_view v) {
  if (v.empty()) {
    out.append("null");
    return;
  }
  out.push_back('"');
  for (char c : v) {
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        else
          out.push_back(c);
    }
  }
  out.push_back('"');
}

}  // namespace

void StartTimeCache::append(std::string& out, int64_t unix_ms) {
  if (unix_ms < 0) {
    // Not a time a request starts at; format_iso8601_millis's own output, uncached.
    out.append(format_iso8601_millis(unix_ms));
    return;
  }
  int64_t second = unix_ms / 1000;
  if (second != second_) {
    // format_iso8601_millis for the second's first millisecond, minus "000Z".
    prefix_ = format_iso8601_millis(second * 1000);
    prefix_.resize(prefix_.size() - 4);
    second_ = second;
  }
  out.append(prefix_);
  auto ms = static_cast<unsigned>(unix_ms % 1000);
  out.push_back(static_cast<char>('0' + ms / 100));
  out.push_back(static_cast<char>('0' + ms / 10 % 10));
  out.push_back(static_cast<char>('0' + ms % 10));
  out.push_back('Z');
}

void format_access_text(std::string& out, const AccessEntry& e) {
  StartTimeCache times;
  format_access_text(out, e, times);
}

void format_access_json(std::string& out, const AccessEntry& e) {
  StartTimeCache times;
  format_access_json(out, e, times);
}

void format_access_text(std::string& out, const AccessEntry& e, StartTimeCache& times) {
  out.push_back('[');
  times.append(out, e.start_unix_ms);
  // The rest of the line is written through a cursor into space sized for it once: a capacity
  // check per piece (push_back, append) was most of this function's cost per request.
  const std::string_view views[] = {e.method,
                                    e.path,
                                    e.protocol,
                                    e.response_flags,
                                    e.response_code_details,
                                    e.connection_termination_details,
                                    e.upstream_transport_failure_reason,
                                    e.x_forwarded_for,
                                    e.user_agent,
                                    e.request_id,
                                    e.authority,
                                    e.upstream_host,
                                    e.upstream_cluster,
                                    e.upstream_local_address,
                                    e.downstream_local_address,
                                    e.downstream_remote_address,
                                    e.requested_server_name,
                                    e.route_name};
  // Every field at most its text or "-" plus two quotes and a separator; five numbers; "] \"",
  // "\" " and the newline.
  size_t bound = 5 * (base::TextCursor::kMaxDigits + 1) + 8;
  for (std::string_view v : views)
    bound += v.size() + 4;
  base::append_bounded(out, bound, [&](base::TextCursor& c) {
    c.text("] \"");
    field(c, e.method);
    c.ch(' ');
    field(c, e.path);
    c.ch(' ');
    field(c, e.protocol);
    c.text("\" ");
    c.number(e.response_code);
    c.ch(' ');
    field(c, e.response_flags);
    c.ch(' ');
    field(c, e.response_code_details);
    c.ch(' ');
    field(c, e.connection_termination_details);
    c.ch(' ');
    quoted(c, e.upstream_transport_failure_reason);
    c.ch(' ');
    c.number(e.bytes_received);
    c.ch(' ');
    c.number(e.bytes_sent);
    c.ch(' ');
    c.number(e.duration_ms);
    c.ch(' ');
    if (e.upstream_service_time_ms)
      c.number(*e.upstream_service_time_ms);
    else
      c.ch('-');
    c.ch(' ');
    quoted(c, e.x_forwarded_for);
    c.ch(' ');
    quoted(c, e.user_agent);
    c.ch(' ');
    quoted(c, e.request_id);
    c.ch(' ');
    quoted(c, e.authority);
    c.ch(' ');
    quoted(c, e.upstream_host);
    c.ch(' ');
    field(c, e.upstream_cluster);
    c.ch(' ');
    field(c, e.upstream_local_address);
    c.ch(' ');
    field(c, e.downstream_local_address);
    c.ch(' ');
    field(c, e.downstream_remote_address);
    c.ch(' ');
    field(c, e.requested_server_name);
    c.ch(' ');
    field(c, e.route_name);
    c.ch('\n');
  });
}

void format_access_json(std::string& out, const AccessEntry& e, StartTimeCache& times) {
  out.append("{\"start_time\":\"");
  times.append(out, e.start_unix_ms);
  out.append("\",\"method\":");
  json_string(out, e.method);
  out.append(",\"path\":");
  json_string(out, e.path);
  out.append(",\"protocol\":");
  json_string(out, e.protocol);
  out.append(",\"response_code\":");
  put_number(out, e.response_code);
  out.append(",\"response_flags\":");
  json_string(out, e.response_flags);
  out.append(",\"response_code_details\":");
  json_string(out, e.response_code_details);
  out.append(",\"connection_termination_details\":");
  json_string(out, e.connection_termination_details);
  out.append(",\"upstream_transport_failure_reason\":");
  json_string(out, e.upstream_transport_failure_reason);
  out.append(",\"bytes_received\":");
  put_number(out, e.bytes_received);
  out.append(",\"bytes_sent\":");
  put_number(out, e.bytes_sent);
  out.append(",\"duration\":");
  put_number(out, e.duration_ms);
  out.append(",\"upstream_service_time\":");
  if (e.upstream_service_time_ms)
    fmt::format_to(std::back_inserter(out), "\"{}\"", *e.upstream_service_time_ms);
  else
    out.append("null");
  out.append(",\"x_forwarded_for\":");
  json_string(out, e.x_forwarded_for);
  out.append(",\"user_agent\":");
  json_string(out, e.user_agent);
  out.append(",\"request_id\":");
  json_string(out, e.request_id);
  out.append(",\"authority\":");
  json_string(out, e.authority);
  out.append(",\"upstream_host\":");
  json_string(out, e.upstream_host);
  out.append(",\"upstream_cluster\":");
  json_string(out, e.upstream_cluster);
  out.append(",\"upstream_local_address\":");
  json_string(out, e.upstream_local_address);
  out.append(",\"downstream_local_address\":");
  json_string(out, e.downstream_local_address);
  out.append(",\"downstream_remote_address\":");
  json_string(out, e.downstream_remote_address);
  out.append(",\"requested_server_name\":");
  json_string(out, e.requested_server_name);
  out.append(",\"route_name\":");
  json_string(out, e.route_name);
  out.append("}\n");
}

// --- sink --------------------------------------------------------------------------------------

base::Result<std::unique_ptr<AccessLogSink>> AccessLogSink::open(const std::string& path,
                                                                 AccessLogWrites writes) {
  int fd = STDOUT_FILENO;
  if (path != "-") {
    fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      return base::make_error(
          fmt::format("cannot open access log {}: {}", path, std::strerror(errno)));
  }
  struct stat st {};
  bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  bool thread = writes == AccessLogWrites::kWriterThread || !regular;
  return std::unique_ptr<AccessLogSink>(new AccessLogSink(fd, path, thread));
}

AccessLogSink::AccessLogSink(int fd, std::string path, bool writer_thread)
    : fd_(fd), path_(std::move(path)) {
  if (writer_thread)
    thread_ = std::thread([this] { run(); });
}

AccessLogSink::~AccessLogSink() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  if (fd_ != STDOUT_FILENO)
    ::close(fd_);
}

void AccessLogSink::submit(std::string chunk) {
  if (!thread_.joinable()) {
    write_chunk(chunk);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(chunk));
  }
  cv_.notify_one();
}

void AccessLogSink::reopen() {
  if (!thread_.joinable()) {
    reopen_file();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    reopen_ = true;
  }
  cv_.notify_one();
}

void AccessLogSink::reopen_file() {
  if (fd_ == STDOUT_FILENO)
    return;
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) {
    ::close(fd_);
    fd_ = fd;
  }
}

void AccessLogSink::write_chunk(const std::string& chunk) {
  const char* p = chunk.data();
  size_t left = chunk.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return;  // a full disk or a closed pipe must not stop the proxy
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

void AccessLogSink::run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stop_ || reopen_ || !queue_.empty(); });
    if (reopen_)
      reopen_file();
    reopen_ = false;
    while (!queue_.empty()) {
      std::string chunk = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      write_chunk(chunk);
      lock.lock();
    }
    if (stop_)
      return;
  }
}

// --- per-worker buffer -------------------------------------------------------------------------

void AccessLogBuffer::append(const AccessEntry& e) {
  if (!sink_)
    return;
  if (buf_.capacity() < kFlushBytes)
    buf_.reserve(kFlushBytes + 4096);
  if (format_ == AccessLogFormat::kJson)
    format_access_json(buf_, e, times_);
  else
    format_access_text(buf_, e, times_);
  if (buf_.size() >= kFlushBytes)
    flush();
}

void AccessLogBuffer::flush() {
  if (!sink_ || buf_.empty())
    return;
  sink_->submit(std::move(buf_));
  buf_ = std::string();
}

}  // namespace igw::serve

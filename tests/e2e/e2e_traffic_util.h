// Helpers for the traffic-policy and limit end-to-end tests: an upstream whose answers a test
// scripts, raw-socket HTTP/1.1 exchanges, access-log lookups and a deterministic byte pattern.
#pragma once

#include "tests/e2e/e2e_util.h"

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace igw::e2e {

// An HTTP/1.1 upstream in this process whose every request (any method, any path) goes to the
// test's handler. Requests are counted per path prefix up to the second '/' ("/a/b" → "/a").
// Requests with a body can be read as a stream (`stream_handler`) instead of whole.
class ScriptedUpstream {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  using StreamHandler = std::function<void(const httplib::Request&, httplib::Response&,
                                           const httplib::ContentReader&)>;
  explicit ScriptedUpstream(Handler handler, StreamHandler stream_handler = nullptr);
  ~ScriptedUpstream();
  ScriptedUpstream(const ScriptedUpstream&) = delete;
  ScriptedUpstream& operator=(const ScriptedUpstream&) = delete;

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int hits(const std::string& prefix) const;

 private:
  void count(const std::string& path);

  Handler handler_;
  StreamHandler stream_handler_;
  httplib::Server server_;
  std::thread thread_;
  uint16_t port_ = 0;
  mutable std::mutex mu_;
  std::map<std::string, int> hits_;
};

// A TCP connection to 127.0.0.1:port with a receive timeout; -1 when refused.
int connect_local(uint16_t port, std::chrono::milliseconds recv_timeout = 5s);
bool send_all(int fd, const std::string& data);
// Reads until `until` appears in what was read (returns everything read so far), the peer closes,
// or the receive timeout passes ("<timeout>" is appended then, "<reset>" on a reset).
std::string read_until(int fd, const std::string& until);
// Reads until the peer closes (or the timeout/reset markers above).
std::string read_to_close(int fd);

// Replaces dir/name atomically (as editors, ConfigMap and Secret updates do): writes the content
// beside it, then renames it over the old file.
void replace_file(const TempDir& dir, const std::string& name, const std::string& content);

// The access-log line of the first request whose request line has `method path`, "" when none
// arrives within 5 s.
std::string access_line(const IgwServe& serve, const std::string& method, const std::string& path);

// The byte at offset `i` of the deterministic test pattern, and an FNV-1a-64 hash over pattern
// bytes fed piecewise.
inline char pattern_byte(uint64_t i) {
  return static_cast<char>((i * 131 + (i >> 12) * 7 + 17) & 0xff);
}
struct Fnv64 {
  uint64_t h = 1469598103934665603ULL;
  void add(const char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      h ^= static_cast<unsigned char>(p[i]);
      h *= 1099511628211ULL;
    }
  }
};
// Fills `out` with pattern bytes starting at `offset`.
void fill_pattern(uint64_t offset, char* out, size_t n);
// The hash of the first `n` pattern bytes.
uint64_t pattern_hash(uint64_t n);

// The number after `field` ("Threads:", "VmHWM:") in /proc/PID/status, -1 when unreadable.
long proc_status_number(int pid, std::string_view field);
// VmHWM (peak resident set) of a process in KiB, -1 when unreadable.
long peak_rss_kib(int pid);

}  // namespace igw::e2e

// serve::Logger: the operational log of `igw serve` (start-up, reloads, failures) on standard
// error, one line per event, safe to call from any thread. Not the access log.
#pragma once

#include "lib/serve/serve_options.h"

#include <fmt/format.h>

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>

namespace igw::serve {

class Logger {
 public:
  explicit Logger(LogLevel level) : level_(level) {}

  bool enabled(LogLevel level) const {
    LogLevel current = level_.load(std::memory_order_relaxed);
    return level >= current && current != LogLevel::kOff;
  }
  LogLevel level() const { return level_.load(std::memory_order_relaxed); }
  // Any thread may change the level (the admin's POST /logging) while workers log.
  void set_level(LogLevel level) { level_.store(level, std::memory_order_relaxed); }

  // "[2026-11-27T06:00:00.123Z] warning: message"
  void log(LogLevel level, std::string_view message);

  template <class... Args>
  void debug(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(LogLevel::kDebug))
      log(LogLevel::kDebug, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  void info(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(LogLevel::kInfo))
      log(LogLevel::kInfo, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  void warning(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(LogLevel::kWarning))
      log(LogLevel::kWarning, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  void error(fmt::format_string<Args...> f, Args&&... args) {
    if (enabled(LogLevel::kError))
      log(LogLevel::kError, fmt::format(f, std::forward<Args>(args)...));
  }

 private:
  std::atomic<LogLevel> level_;
  std::mutex mu_;
};

std::string_view log_level_name(LogLevel level);
// "debug" | "info" | "warning" (or "warn") | "error" | "off"; false when unknown.
bool parse_log_level(std::string_view text, LogLevel& out);

// ISO 8601 UTC with milliseconds, the form Envoy's %START_TIME% prints by default:
// "2026-11-27T06:00:00.123Z".
std::string format_iso8601_millis(int64_t unix_millis);

}  // namespace igw::serve

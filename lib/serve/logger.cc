// serve::Logger: timestamped, levelled lines on standard error.
#include "lib/serve/logger.h"

#include "lib/base/strings.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace igw::serve {

void Logger::log(LogLevel level, std::string_view message) {
  if (!enabled(level))
    return;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::string line = fmt::format("[{}] {}: {}\n", format_iso8601_millis(now),
                                 log_level_name(level), message);
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

std::string_view log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      return "off";
  }
  return "info";
}

bool parse_log_level(std::string_view text, LogLevel& out) {
  std::string t = base::to_lower(text);
  if (t == "debug" || t == "trace")
    out = LogLevel::kDebug;
  else if (t == "info")
    out = LogLevel::kInfo;
  else if (t == "warning" || t == "warn")
    out = LogLevel::kWarning;
  else if (t == "error" || t == "critical")
    out = LogLevel::kError;
  else if (t == "off")
    out = LogLevel::kOff;
  else
    return false;
  return true;
}

std::string format_iso8601_millis(int64_t unix_millis) {
  std::time_t secs = static_cast<std::time_t>(unix_millis / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     static_cast<int>(unix_millis % 1000));
}

}  // namespace igw::serve

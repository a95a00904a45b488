// tls::LogLine: one line lib/tls has to say while building TLS state (a credential it serves, a
// chain that will refuse handshakes, the development CA it created) and the level to log it at.
// lib/tls has no logger of its own: its callers (serve::Logger, `igw dev-certs`) print the lines
// and choose how the level shows.
#pragma once

#include <string>
#include <utility>

namespace igw::tls {

struct LogLine {
  enum class Level {
    kInfo,     // what was done: a credential served, a certificate issued
    kWarning,  // what will go wrong: handshakes that fail, an expired certificate, a loose key
  };

  static LogLine info(std::string text) { return {Level::kInfo, std::move(text)}; }
  static LogLine warning(std::string text) { return {Level::kWarning, std::move(text)}; }

  Level level = Level::kInfo;
  std::string text;
};

}  // namespace igw::tls

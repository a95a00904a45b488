// The output of `igw curl-sim`: a `curl -v`-style transcript ("*" info lines, ">" request, "<"
// response; HTTP/2 status lines and lower-case names when h2) with igw's reasoning as "* igw:"
// lines, or the same exchanges as JSON.
#pragma once

#include "lib/http/curl_command.h"
#include "lib/http/simulate.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace igw::render {

struct TranscriptOptions {
  bool show_bodies = true;  // false when curl's -o sends the body to a file
};

// The text transcript (curl's error line, "curl: (N) …", is not part of it: curl writes that
// to standard error).
void write_curl_transcript(std::ostream& out, const http::Simulation& sim,
                           const http::CurlCommand& command, const TranscriptOptions& options);

// {exchanges: [{role, request {method, url, httpVersion, headers [[n, v]…], body?},
//   connection {port, gatewayPort, tls, sni?, alpn?}, response {status, headers [[n, v]…],
//   source, body?} | error {code, message}, decision {…decision_json…}, upstreamRequest?
//   {cluster, method, authority, path, headers [[n, v]…]}, notes [{rule?, message,
//   location?}…]}…], browser? {allowed, reason, consoleMessage, origin, credentials,
//   readableHeaders, status?}, notes […], exitCode, error?}
nlohmann::ordered_json curl_transcript_json(const http::Simulation& sim,
                                            const http::CurlCommand& command);

// The -w output for the final exchange (empty when -w was not given).
std::string write_out_text(const http::Simulation& sim, const http::CurlCommand& command,
                           std::vector<std::string>* unknown = nullptr);

}  // namespace igw::render

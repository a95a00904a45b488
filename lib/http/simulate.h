// http::simulate: what curl (or a browser's fetch) would see talking to the gateway described by
// a RouteTable — offline. Each hop goes through match::decide and http::respond exactly as
// `igw serve` runs them; a request that reaches an upstream gets a simulated upstream answer, to
// which the gateway's response edits and CORS headers are applied.
#pragma once

#include "lib/compile/route_table.h"
#include "lib/http/curl_command.h"
#include "lib/http/fetch.h"
#include "lib/http/forward_plan.h"
#include "lib/http/local_reply.h"
#include "lib/match/decision.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace igw::http {

struct SimOptions {
  // The simulated upstream's answer to any forwarded request.
  uint32_t upstream_status = 200;
  Headers upstream_headers;
  std::string upstream_body;
  uint64_t upstream_service_time_ms = 1;  // x-envoy-upstream-service-time
  // Browser mode: a fetch() from `origin` (scheme://host[:port]).
  bool browser = false;
  std::optional<std::string> origin;
  std::optional<CredentialsMode> credentials;  // nullopt: decided from the command
  std::string peer_address = "203.0.113.10";   // the client as the gateway sees it
  uint64_t seed = 1;                           // weights, fault/mirror sampling, request ids
  int64_t now = 0;                             // seconds since the epoch, for date headers
};

enum class ExchangeRole {
  kRequest,    // the command's request
  kRedirect,   // a redirect followed with -L (or by the browser)
  kPreflight,  // the browser's CORS preflight
};
std::string_view exchange_role_name(ExchangeRole r);  // "request" | "redirect" | "preflight"

enum class ResponseSource { kNone, kGateway, kUpstreamSimulated };
std::string_view response_source_name(ResponseSource s);  // "" | "gateway" | "upstream-simulated"

// One request/response on the wire, with everything igw knows about it.
struct Exchange {
  ExchangeRole role = ExchangeRole::kRequest;
  std::vector<Reason> intro;  // why this exchange happens (the browser's preflight decision)
  ClientRequest request;      // as the client sends (and curl -v prints) it
  ConnectTarget target;
  uint32_t gateway_port = 0;  // the Gateway port the connection lands on (R1.8)
  bool tls = false;
  std::string sni;
  std::string alpn;  // "h2" | "http/1.1" after negotiation
  // What Envoy's router sees: lower-case names, Host as :authority.
  std::string authority;
  std::vector<std::pair<std::string, std::string>> gateway_headers;

  bool routed = false;  // decide() ran
  match::Decision decision;
  match::Trace trace;
  std::optional<LocalReply> local;
  std::optional<ForwardPlan> plan;

  ResponseSource source = ResponseSource::kNone;
  // The simulated upstream's own headers, before the gateway's response edits (forwarded and
  // tcp-proxied requests).
  Headers upstream_response_headers;
  uint32_t status = 0;
  Headers response_headers;
  std::string response_body;
  bool http2 = false;  // the response came over HTTP/2

  int curl_error = 0;  // 6, 7, 35, 52, 56 when the exchange fails below HTTP
  std::string curl_error_text;
  // Notes in the order they arise: the first `connection_notes` are about the connection (DNS,
  // ports, TLS), then come routing/upstream notes, then (prefixed "browser:") the browser's
  // checks of this exchange.
  std::vector<Reason> notes;
  size_t connection_notes = 0;

  // The request as match::decide and http::respond take it (views into this exchange;
  // `storage` holds the header array).
  match::Request gateway_request(std::vector<match::HeaderField>& storage) const;
};

struct BrowserResult {
  bool allowed = false;
  bool cors_blocked = false;  // false with !allowed: blocked for another reason (mixed content…)
  std::string reason;         // the console's reason (after "blocked by CORS policy: ")
  std::string console_message;  // the whole console line
  std::string page_origin;
  CredentialsMode credentials = CredentialsMode::kSameOrigin;
  std::vector<std::string> readable_headers;
  uint32_t status = 0;  // the final response status the page sees (when allowed)
};

struct Simulation {
  std::vector<Exchange> exchanges;
  std::optional<BrowserResult> browser;
  int exit_code = 0;
  std::string error;             // curl's error line ("curl: (47) Maximum (50) redirects followed")
  std::vector<Reason> preamble;  // before the first exchange (the browser model's setup)
  std::vector<Reason> notes;     // after the last exchange (redirect chains, loops)
  std::vector<std::string> write_out_unknown;  // -w variables curl would warn about
};

// Runs `command` against `table`.
Simulation simulate(const compile::RouteTable& table, const CurlCommand& command,
                    const SimOptions& options);

// Whether some Gateway server of `table` lists a host covering `host` (so DNS for it would
// plausibly point at this gateway).
bool gateway_serves_host(const compile::RouteTable& table, std::string_view host);

}  // namespace igw::http

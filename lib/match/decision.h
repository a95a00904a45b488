// match::Decision and match::Trace: what the router did with a request, and why.
#pragma once

#include "lib/base/source_loc.h"
#include "lib/compile/route_table.h"
#include "lib/match/request.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace igw::match {

enum class Outcome {
  kRoute,             // forward upstream: Decision::route->route (lib/http builds the plan)
  kRedirect,          // the route's redirect action (R4.5, R4.6)
  kDirectResponse,    // the route's directResponse (R4.7)
  kHttpsRedirect,     // vhost require_tls on a plain-text request: 301 to https (R1.17, R1.18)
  kNotFound,          // 404 with response flag NR: no vhost, no route, or no action (R2.9)
  kConnectionClosed,  // no listener or no filter chain for the connection (R1.13)
  kTcpProxy,          // the chain is a tcp_proxy (R1.21): Decision::tcp
  kTlsPassthrough     // SNI picked a passthrough chain (R1.19, R1.20): Decision::tcp
};
std::string_view outcome_name(Outcome o);  // "route", "redirect", …, "tls_passthrough"

// The connection-level step: which listener and filter chain a connection lands on. serve calls
// decide_connection() once per connection and passes the result to decide() per request.
struct ConnectionDecision {
  const compile::Listener* listener = nullptr;
  const compile::FilterChain* chain = nullptr;  // nullptr: Envoy closes the connection
  // Why the connection is closed (static text), empty when it is not.
  std::string_view close_reason;
  bool closed() const { return chain == nullptr; }
};

// The router's answer. Pointers point into the RouteTable; keep the table alive while using it.
struct Decision {
  Outcome outcome = Outcome::kConnectionClosed;
  const compile::Listener* listener = nullptr;
  const compile::FilterChain* chain = nullptr;
  const compile::RouteConfig* route_config = nullptr;
  const compile::VirtualHost* virtual_host = nullptr;
  compile::DomainMatch domain_match = compile::DomainMatch::kNone;
  const compile::Route* route = nullptr;   // the winning route (carries VS/rule/match origin)
  const compile::TcpProxy* tcp = nullptr;  // kTcpProxy, kTlsPassthrough
  // Response status for local replies: 404 (kNotFound), 301 (kHttpsRedirect), the redirect code,
  // the direct-response status. 0 for kRoute and the connection-level outcomes.
  uint32_t status = 0;
  std::string_view response_flag;  // Envoy access-log flag: "NR" for kNotFound, else ""
  std::string_view close_reason;   // kConnectionClosed
  // The :path after HCM normalisation (R1.14) when it differs from Request::path; empty when
  // the request path was already normal. Actions (rewrites, redirects, upstream) use path().
  std::string normalized_path;

  std::string_view path(const Request& r) const {
    return normalized_path.empty() ? r.path : std::string_view(normalized_path);
  }
};

// One explanation step, tagged with the SEMANTICS rule that governs it.
struct TraceStep {
  enum class Kind {
    kConnection,   // listener / filter chain selection
    kVirtualHost,  // vhost lookup
    kRouteMiss,    // a route considered before the winner, with the first condition that failed
    kRouteMatch,   // the winning route
    kOutcome,      // the final answer (and for no-match, Envoy's exact reason)
    kNote          // context (path normalisation, port ignored in Host…)
  };
  Kind kind = Kind::kNote;
  std::string rule;     // "R2.8"
  std::string message;  // "uri prefix \"/api/v2/\" does not match \"/api/v1/users\""
  const compile::Route* route = nullptr;  // kRouteMiss / kRouteMatch
  base::SourceLoc loc;
};

struct Trace {
  std::vector<TraceStep> steps;
  void add(TraceStep::Kind kind, std::string rule, std::string message,
           const compile::Route* route = nullptr, base::SourceLoc loc = {}) {
    steps.push_back(TraceStep{kind, std::move(rule), std::move(message), route, std::move(loc)});
  }
};

}  // namespace igw::match

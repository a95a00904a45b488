// networking.istio.io VirtualService (v1alpha3, v1beta1, v1).
#pragma once

#include "lib/model/object.h"

#include <optional>
#include <vector>

namespace igw::model {

// Istio's StringMatch: exactly one of exact / prefix / regex; `{}` (kind None) means presence.
struct StringMatch {
  enum class Kind { None, Exact, Prefix, Regex };
  Kind kind = Kind::None;
  LString value;
  int fields_set = 0;  // how many of exact/prefix/regex were written (validation: one-of)
  base::SourceLoc loc;
};
std::string_view string_match_kind_name(StringMatch::Kind k);  // "exact" | "prefix" | "regex" | ""

struct NamedStringMatch {
  LString name;
  StringMatch match;
  bool null_value = false;  // `name:` with no value (Istio: "header match %v cannot be null")
};

struct PortSelector {
  LInt number;
  base::SourceLoc loc;
};

struct Destination {
  LString host;
  LString subset;
  std::optional<PortSelector> port;
  base::SourceLoc loc;
};

struct HeaderOperations {
  StringMap set;
  StringMap add;
  std::vector<LString> remove;
  base::SourceLoc loc;
};

struct Headers {
  std::optional<HeaderOperations> request;
  std::optional<HeaderOperations> response;
  base::SourceLoc loc;
};

struct HttpRouteDestination {
  std::optional<Destination> destination;
  LInt weight;
  std::optional<Headers> headers;
  base::SourceLoc loc;
};

struct HttpMatchRequest {
  LString name;
  std::optional<StringMatch> uri;
  std::optional<StringMatch> scheme;
  std::optional<StringMatch> method;
  std::optional<StringMatch> authority;
  std::vector<NamedStringMatch> headers;
  std::vector<NamedStringMatch> query_params;
  std::vector<NamedStringMatch> without_headers;
  LInt port;
  StringMap source_labels;
  std::vector<LString> gateways;
  LBool ignore_uri_case;
  LString source_namespace;
  LString stat_prefix;
  base::SourceLoc loc;
  uint32_t index = 0;
};

struct HttpRedirect {
  LString uri;
  LString prefix_rewrite;
  LString authority;
  LInt port;
  LString derive_port;  // FROM_PROTOCOL_DEFAULT | FROM_REQUEST_PORT
  LString scheme;
  LInt redirect_code;
  base::SourceLoc loc;
};

struct HttpBody {
  LString string;
  LString bytes;  // base64 as written
  base::SourceLoc loc;
};

struct HttpDirectResponse {
  LInt status;
  std::optional<HttpBody> body;
  base::SourceLoc loc;
};

struct RegexRewrite {
  LString match;
  LString rewrite;
  base::SourceLoc loc;
};

struct HttpRewrite {
  LString uri;
  LString authority;
  std::optional<RegexRewrite> uri_regex_rewrite;
  base::SourceLoc loc;
};

struct HttpRetry {
  LInt attempts;
  LString per_try_timeout;
  LString retry_on;
  LBool retry_remote_localities;
  LBool retry_ignore_previous_hosts;
  LString backoff;
  base::SourceLoc loc;
};

struct Percent {
  LDouble value;
  base::SourceLoc loc;
};

struct CorsPolicy {
  std::vector<StringMatch> allow_origins;
  bool has_allow_origins = false;
  std::vector<LString> allow_origin;  // deprecated list of exact origins
  std::vector<LString> allow_methods;
  std::vector<LString> allow_headers;
  std::vector<LString> expose_headers;
  LString max_age;
  LBool allow_credentials;
  LString unmatched_preflights;  // UNSPECIFIED | FORWARD | IGNORE
  base::SourceLoc loc;
};

struct FaultDelay {
  LString fixed_delay;
  LString exponential_delay;
  std::optional<Percent> percentage;
  LInt percent;  // deprecated integer percentage
  base::SourceLoc loc;
};

struct FaultAbort {
  LInt http_status;
  LString grpc_status;
  LString http2_error;
  std::optional<Percent> percentage;
  base::SourceLoc loc;
};

struct HttpFaultInjection {
  std::optional<FaultDelay> delay;
  std::optional<FaultAbort> abort;
  base::SourceLoc loc;
};

struct HttpMirrorPolicy {
  std::optional<Destination> destination;
  std::optional<Percent> percentage;
  bool null_entry = false;
  base::SourceLoc loc;
};

struct Delegate {
  LString name;
  LString namespace_;
  base::SourceLoc loc;
};

struct HttpRoute {
  LString name;
  std::vector<HttpMatchRequest> match;
  std::vector<HttpRouteDestination> route;
  std::optional<HttpRedirect> redirect;
  std::optional<HttpDirectResponse> direct_response;
  std::optional<Delegate> delegate;
  std::optional<HttpRewrite> rewrite;
  LString timeout;
  std::optional<HttpRetry> retries;
  std::optional<HttpFaultInjection> fault;
  std::optional<Destination> mirror;
  std::optional<Percent> mirror_percentage;
  LInt mirror_percent;  // deprecated UInt32Value
  std::vector<HttpMirrorPolicy> mirrors;
  std::optional<CorsPolicy> cors_policy;
  std::optional<Headers> headers;
  base::SourceLoc loc;
  uint32_t index = 0;
  bool null_entry = false;  // `- ` with no value ("http route may not be null")
};

struct L4MatchAttributes {
  std::vector<LString> destination_subnets;
  LInt port;
  StringMap source_labels;
  std::vector<LString> gateways;
  LString source_namespace;
  base::SourceLoc loc;
  bool null_entry = false;
};

struct TlsMatchAttributes {
  std::vector<LString> sni_hosts;
  std::vector<LString> destination_subnets;
  LInt port;
  StringMap source_labels;
  std::vector<LString> gateways;
  LString source_namespace;
  base::SourceLoc loc;
  bool null_entry = false;
};

struct RouteDestination {
  std::optional<Destination> destination;
  LInt weight;
  base::SourceLoc loc;
};

struct TcpRoute {
  std::vector<L4MatchAttributes> match;
  std::vector<RouteDestination> route;
  base::SourceLoc loc;
  uint32_t index = 0;
};

struct TlsRoute {
  std::vector<TlsMatchAttributes> match;
  std::vector<RouteDestination> route;
  base::SourceLoc loc;
  uint32_t index = 0;
};

struct VirtualService : ObjectBase {
  std::vector<LString> hosts;
  std::vector<LString> gateways;
  std::vector<HttpRoute> http;
  std::vector<TlsRoute> tls;
  std::vector<TcpRoute> tcp;
  std::vector<LString> export_to;
  base::SourceLoc spec_loc;

  bool is_delegate() const { return hosts.empty(); }
};

}  // namespace igw::model

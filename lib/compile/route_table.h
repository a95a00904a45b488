// compile::RouteTable: the immutable, indexed picture of what Envoy would run for one gateway
// workload — listeners → filter chains → route configs → virtual hosts → routes → actions, plus
// clusters and everything Istio dropped on the way.
//
// Built only by compile::compile() (lib/compile/compile.h) and shared as
// std::shared_ptr<const RouteTable>. The table owns every string it holds (no pointer into the
// model::Config it came from), so a serving process may free the Config once compiled. Raw
// pointers between elements (and in match::Decision) stay valid for the life of the table.
//
// Every element keeps the SourceLoc of the YAML it came from and, for routes, the VirtualService,
// rule and match it was built from. SEMANTICS rule ids name the behaviour each field encodes.
#pragma once

#include "lib/base/duration.h"
#include "lib/base/source_loc.h"
#include "lib/model/server_merge.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace re2 {
class RE2;
}

namespace igw::compile {

using model::GatewayWorkload;

// ---------------------------------------------------------------------------------------------
// Matchers
// ---------------------------------------------------------------------------------------------

// An Envoy StringMatcher as Istio emits it (R3.7): exact / prefix / RE2 full match, or presence
// (`{}` and `regex: "*"`).
struct StringMatcher {
  enum class Kind { kExact, kPrefix, kRegex, kPresent };
  Kind kind = Kind::kPresent;
  std::string value;  // exact text, prefix, or regex pattern
  bool ignore_case = false;
  std::shared_ptr<const re2::RE2> regex;  // compiled when kind == kRegex
  // RE2::PossibleMatchRange of the regex: every full match lies in [range_min, range_max], so
  // values outside are rejected without running the regex (a pure speed-up).
  std::string range_min;
  std::string range_max;
  bool has_range = false;
  base::SourceLoc loc;

  // Whether `v` satisfies the matcher (kPresent: always true; presence is the caller's part).
  bool matches(std::string_view v) const;
  // `exact "v"`, `prefix "v"`, `regex "v"`, `present`.
  std::string describe() const;
};

// Envoy HeaderMatcher (R3.8–R3.10, HeaderUtility::matchHeaders in
// envoy:source/common/http/header_utility.cc): a missing header fails unless the matcher is an
// inverted presence check, or `treat_missing_as_empty` turns it into "".
struct HeaderMatcher {
  std::string name;  // lower-case; ":method", ":authority", ":scheme" for those fields
  StringMatcher match;
  bool invert = false;                  // withoutHeaders
  bool treat_missing_as_empty = false;  // withoutHeaders that are not presence checks
  base::SourceLoc loc;
};

// Envoy QueryParameterMatcher (R3.11): first occurrence of the key in the raw query string.
struct QueryParamMatcher {
  std::string name;
  StringMatcher match;  // kPresent for `{}` / `regex: "*"`
  base::SourceLoc loc;
};

// A `headers` / `withoutHeaders` key `@request.auth.claims…`: a JWT-claim metadata matcher.
// igw does not emulate RequestAuthentication, so no request carries claims: a plain claim
// condition never holds, an inverted one always does (Envoy's MetadataMatcher on missing data).
struct ClaimMatcher {
  std::string claim;  // as written after @request.auth.claims
  StringMatcher match;
  bool invert = false;
  base::SourceLoc loc;
};

// The path specifier of a route (R3.4–R3.6). Compared against :path without query/fragment,
// after RFC 3986 dot-segment normalisation (R1.14).
struct PathMatcher {
  enum class Kind { kPrefix, kExact, kRegex };
  Kind kind = Kind::kPrefix;
  std::string value = "/";
  bool case_sensitive = true;             // false for ignoreUriCase; ignored for regex (R3.6)
  std::shared_ptr<const re2::RE2> regex;  // RE2 full match (R3.5)
  std::string range_min;                  // see StringMatcher::range_min
  std::string range_max;
  bool has_range = false;
  base::SourceLoc loc;

  bool matches(std::string_view path) const;
  std::string describe() const;  // `prefix "/api"`, `exact "/"`, `regex "/u/[0-9]+"`
};

// Everything a route requires of a request; all conditions are ANDed (R3.2).
struct RouteMatch {
  PathMatcher path;
  // Sorted by name, then :method, :authority, :scheme appended (Istio's order, R3.15).
  std::vector<HeaderMatcher> headers;
  std::vector<QueryParamMatcher> query_params;
  std::vector<ClaimMatcher> claims;
  bool catch_all = false;  // R3.1 (prefix "/" or regex ".*", nothing else)
};

// RE2 full match of `v` (anchored at both ends), after the optional PossibleMatchRange filter.
bool regex_full_match(const re2::RE2& re, std::string_view v, bool has_range,
                      const std::string& range_min, const std::string& range_max);

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

// One header edit (R4.4): `append` = APPEND_IF_EXISTS_OR_ADD (from `add`), otherwise
// OVERWRITE_IF_EXISTS_OR_ADD (from `set`).
struct HeaderValueOption {
  std::string key;
  std::string value;
  bool append = false;
};

// Header edits at one level (route, or one weighted cluster). Within `*_add`, `set` entries come
// first, each group sorted by key; pseudo-headers and `host` are already dropped (R4.4).
struct HeaderOps {
  std::vector<HeaderValueOption> request_add;
  std::vector<std::string> request_remove;
  std::vector<HeaderValueOption> response_add;
  std::vector<std::string> response_remove;
  bool empty() const {
    return request_add.empty() && request_remove.empty() && response_add.empty() &&
           response_remove.empty();
  }
};

struct Cluster;

// One destination of a route (R4.2, R4.3).
struct WeightedCluster {
  std::string name;  // "outbound|<port>|<subset>|<host>"
  std::string host;
  uint32_t port = 0;
  std::string subset;
  uint32_t weight = 0;       // as written; relative to RouteAction::total_weight (single: ignored)
  HeaderOps headers;         // per-destination `headers` (weighted clusters only; R4.3)
  std::string host_rewrite;  // per-destination authority rewrite (weighted clusters only)
  const Cluster* cluster = nullptr;
  base::SourceLoc loc;
};

// R4.10 (istio:pilot/pkg/networking/core/route/retry/retry.go ConvertPolicy).
struct RetryPolicy {
  bool enabled = true;        // false when attempts <= 0
  bool istio_default = true;  // no `retries` block: Istio's default policy
  uint32_t num_retries = 2;
  // Envoy retry_on tokens joined by ","; the default carries "retriable-status-codes" with no
  // codes (503 is excluded by default, features.Exclude503FromDefaultRetries).
  std::string retry_on =
      "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";
  std::vector<uint32_t> retriable_status_codes;
  std::optional<base::Duration> per_try_timeout;
  bool previous_hosts_predicate = true;  // dropped with consistent-hash LB or ignorePrevious=false
  bool previous_priorities = false;      // retryRemoteLocalities
  uint32_t host_selection_retry_max_attempts = 5;
  std::optional<base::Duration> backoff_base;  // Envoy's default 25 ms when unset
  base::SourceLoc loc;
};

// R4.11: fault filter per-route config. Percentages are parts per million.
struct FaultPolicy {
  struct Delay {
    base::Duration fixed;
    uint32_t ppm = 0;
  };
  struct Abort {
    std::optional<uint32_t> http_status;
    std::optional<uint32_t> grpc_status;
    uint32_t ppm = 0;  // unset percentage aborts nothing
  };
  std::optional<Delay> delay;
  std::optional<Abort> abort;
  base::SourceLoc loc;
};

// R4.12: request_mirror_policies entry.
struct MirrorPolicy {
  std::string cluster;
  uint32_t ppm = 1'000'000;
  const Cluster* target = nullptr;
  base::SourceLoc loc;
};

// R5.1: envoy.filters.http.cors per-route policy.
struct CorsPolicy {
  std::vector<StringMatcher> allow_origins;
  std::string allow_methods;  // joined with "," (no spaces)
  std::string allow_headers;
  std::string expose_headers;
  std::optional<std::string> max_age;  // whole seconds
  bool allow_credentials = false;      // header only when true
  bool forward_not_matching_preflights = true;
  base::SourceLoc loc;

  // R5.4: some matcher matches the literal "*" or the full Origin.
  bool origin_allowed(std::string_view origin) const;
};

// R4.5: redirect, with derivePort and 80/443 stripping already applied (config time).
struct RedirectAction {
  std::string scheme_redirect;  // "" = request scheme
  std::string host_redirect;    // "" = request Host
  std::string path_redirect;    // "" = request path
  std::string prefix_rewrite;   // replaces the matched prefix (R4.8 rules)
  bool has_prefix_rewrite = false;
  uint32_t port_redirect = 0;  // 0 = none
  uint32_t response_code = 301;
  base::SourceLoc loc;
};

// R4.7.
struct DirectResponseAction {
  uint32_t status = 200;
  std::optional<std::string> body;  // decoded bytes
  base::SourceLoc loc;
};

struct RegexRewrite {
  std::shared_ptr<const re2::RE2> pattern;
  std::string pattern_text;
  std::string substitution;  // RE2 \1 groups
};

// Forwarding upstream (R4.2–R4.4, R4.8–R4.10, R4.12).
struct RouteAction {
  std::vector<WeightedCluster> clusters;  // one entry: a single cluster
  bool weighted = false;                  // several destinations (weighted_clusters)
  uint32_t total_weight = 0;
  std::optional<std::string> prefix_rewrite;  // rewrite.uri (R4.8)
  std::optional<RegexRewrite> regex_rewrite;  // rewrite.uriRegexRewrite
  std::string host_rewrite;                   // rewrite.authority or headers set :authority
  base::Duration timeout;                     // 0 = disabled (R4.9)
  bool timeout_set = false;
  RetryPolicy retry;
  std::vector<MirrorPolicy> mirrors;
  bool consistent_hash = false;  // DestinationRule consistent-hash LB on the single destination

  // Envoy's weighted pick: `random % total_weight` over the cumulative weights.
  const WeightedCluster& pick(uint64_t random) const;
};

enum class ActionKind {
  kRoute,
  kRedirect,
  kDirectResponse,
  kNone  // Istio dropped the action (unsupported redirect code, R4.5): Envoy rejects/ignores
};
std::string_view action_kind_name(
    ActionKind k);  // "route" | "redirect" | "direct_response" | "none"

// Where a route came from.
struct RouteOrigin {
  std::string vs_namespace;
  std::string vs_name;
  base::SourceLoc vs_loc;
  uint32_t rule_index = 0;  // index in the root VirtualService's http[]
  std::string rule_name;    // http[].name (after delegation naming "root-delegate")
  base::SourceLoc rule_loc;
  std::optional<uint32_t> match_index;  // index in the rule's match[], none for a rule w/o match
  std::string match_name;
  base::SourceLoc match_loc;
  // Set when the route comes from a delegate VirtualService (R3.14).
  std::string delegate_namespace;
  std::string delegate_name;
  std::optional<uint32_t> delegate_rule_index;

  std::string vs_ref() const { return vs_namespace + "/" + vs_name; }
};

struct Route {
  std::string name;  // Envoy route name: http[].name (+ "." + match name)
  RouteMatch match;
  ActionKind action = ActionKind::kRoute;
  RouteAction route;
  RedirectAction redirect;
  DirectResponseAction direct_response;
  HeaderOps headers;  // route level (R4.4)
  std::optional<CorsPolicy> cors;
  std::optional<FaultPolicy> fault;
  RouteOrigin origin;
};

// ---------------------------------------------------------------------------------------------
// Virtual hosts and route configurations
// ---------------------------------------------------------------------------------------------

// Which of Envoy's domain classes chose a virtual host (R2.8).
enum class DomainMatch { kNone, kExact, kSuffixWildcard, kPrefixWildcard, kAny };
std::string_view domain_match_name(DomainMatch d);  // "exact", "suffix-wildcard", … "none"

struct VsRef {
  std::string ns;
  std::string name;
  base::SourceLoc loc;
};

// A route's path condition kept next to its siblings (about one cache line each), so the router
// tests paths without touching each large Route. Same answers as Route::match.path.matches().
struct RouteEntry {
  // kPrefix / kExact: the prefix or path. kRegex: the PossibleMatchRange bounds `value`..`upper`
  // when `has_range`.
  std::string value;
  std::string upper;
  const re2::RE2* regex = nullptr;
  const Route* route = nullptr;
  PathMatcher::Kind kind = PathMatcher::Kind::kPrefix;
  bool case_sensitive = true;
  bool has_range = false;

  static RouteEntry of(const Route& r);
  bool matches(std::string_view path) const;
};

struct VirtualHost {
  std::string name;                     // "<host>:<gateway port>" (R2.6), "blackhole:<port>" (R2.9)
  std::vector<std::string> domains;     // lower-case; Istio emits one per vhost
  std::vector<const Route*> routes;     // Envoy order: VS order, catch-alls last (R2.10, R3.3)
  std::vector<RouteEntry> entries;      // the same routes, same order, for matching
  bool require_tls = false;             // httpsRedirect (R1.16)
  bool blackhole = false;               // no VirtualService bound anywhere (R2.9)
  std::vector<VsRef> virtual_services;  // contributing VirtualServices, in VS order
  base::SourceLoc loc;  // first contributing VirtualService (or the redirecting server)
};

// The Gateway server an element serves.
struct ServerRef {
  std::string gateway;  // "<ns>/<name>"
  uint32_t server_index = 0;
  std::string server_name;
  std::string port_name;
  std::string protocol;  // as written
  model::ServerKind kind = model::ServerKind::kHttp;
  uint32_t gateway_port = 0;
  std::vector<std::string> hosts;  // normalised (R1.3)
  base::SourceLoc loc;
};

// One RDS RouteConfiguration: http.<port> or https.<port>.<portName>.<gw>.<ns> (R1.6).
class RouteConfig {
 public:
  std::string name;
  uint32_t gateway_port = 0;               // used for vhost names, redirects and match ports (R1.8)
  std::vector<ServerRef> servers;          // servers sharing this route config, merge order
  std::vector<VirtualHost> virtual_hosts;  // sorted by name

  // Envoy's RouteMatcher::findVirtualHost (R2.7, R2.8) on a Host value that is already
  // lower-cased and stripped of its port: exact domain, then suffix wildcards longest first,
  // then prefix wildcards longest first, then "*". Indexed; never scans every vhost.
  const VirtualHost* find_virtual_host(std::string_view host, DomainMatch* how = nullptr) const;

 private:
  friend class TableBuilder;
  void build_index();
  struct Transparent {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  using Index = std::unordered_map<std::string, const VirtualHost*, Transparent, Transparent>;
  Index exact_;
  // Suffix wildcards grouped by the length of the part after '*', longest first.
  std::vector<std::pair<size_t, Index>> suffix_;
  std::vector<std::pair<size_t, Index>> prefix_;
  const VirtualHost* any_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Listeners and filter chains
// ---------------------------------------------------------------------------------------------

// Downstream TLS context (R1.22–R1.24).
struct TlsContext {
  model::TlsMode mode = model::TlsMode::kSimple;
  std::string credential_name;
  std::vector<std::string> credential_names;
  std::string ca_cert_credential_name;
  std::string server_certificate;  // file paths
  std::string private_key;
  std::string ca_certificates;
  std::string ca_crl;
  bool require_client_certificate = false;   // MUTUAL, ISTIO_MUTUAL
  bool validate_client_certificate = false;  // MUTUAL, ISTIO_MUTUAL, OPTIONAL_MUTUAL
  std::vector<std::string> subject_alt_names;
  std::vector<std::string> verify_certificate_spki;
  std::vector<std::string> verify_certificate_hash;
  std::string min_protocol_version = "TLSv1_2";  // Envoy names; server values override defaults
  std::string max_protocol_version = "TLSv1_3";
  std::vector<std::string> cipher_suites;          // filtered (unknown and duplicates dropped)
  std::vector<std::string> dropped_cipher_suites;  // what the filter removed, for explanations
  std::vector<std::string> alpn = {"h2", "http/1.1"};
  base::SourceLoc loc;
};

// A tcp_proxy (R1.19–R1.21).
struct TcpProxy {
  std::vector<WeightedCluster> clusters;
  uint32_t total_weight = 0;
  std::optional<VsRef> virtual_service;  // the VS whose tcp/tls route produced it
  std::optional<uint32_t> route_index;   // index in its tcp[] / tls[]
  base::SourceLoc loc;
};

enum class ChainKind {
  kHttp,            // HTTP connection manager (plain or TLS-terminating)
  kTcpProxy,        // TCP server, or TLS-terminating TCP server
  kTlsPassthrough,  // PASSTHROUGH: SNI from VS tls match → tcp_proxy
  kAutoPassthrough  // AUTO_PASSTHROUGH: SNI names the cluster
};
std::string_view chain_kind_name(ChainKind k);

struct FilterChain {
  std::string name;  // "<listener>/<index>", for explanations
  ChainKind kind = ChainKind::kHttp;
  // FilterChainMatch server_names (R1.12); empty = no SNI criterion (matches anything left).
  std::vector<std::string> server_names;
  std::optional<TlsContext> tls;              // present when Envoy terminates TLS on this chain
  const RouteConfig* route_config = nullptr;  // kHttp
  std::optional<TcpProxy> tcp;                // kTcpProxy, kTlsPassthrough, kAutoPassthrough
  ServerRef server;
  base::SourceLoc loc;
};

class Listener {
 public:
  std::string name;   // "0.0.0.0_<port>" or "<bind>_<port>" (R1.9)
  std::string bind;   // "" = all addresses
  uint32_t port = 0;  // the port Envoy listens on (after targetPort translation, R1.8)
  std::vector<uint32_t> gateway_ports;  // Gateway port numbers served here
  std::vector<FilterChain> chains;
  bool tls_inspector = false;  // some chain matches on SNI

  // Envoy filter-chain selection on SNI (R1.13): exact server name, then the longest wildcard
  // `*.suffix` at a dot boundary, then a chain without server_names; nullptr when nothing
  // matches. Indexed by server name.
  const FilterChain* find_chain(std::string_view sni) const;

 private:
  friend class TableBuilder;
  void build_index();
  struct Transparent {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  // Server name ("www.a.com" or "*.a.com") → chain.
  std::unordered_map<std::string, const FilterChain*, Transparent, Transparent> by_name_;
  const FilterChain* catch_all_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Clusters and endpoints
// ---------------------------------------------------------------------------------------------

struct Endpoint {
  std::string address;  // IP or DNS name
  uint32_t port = 0;
  uint32_t weight = 1;
  std::string source;  // "ServiceEntry ns/name", "Endpoints ns/name"
  base::SourceLoc loc;
};

struct Cluster {
  std::string name;  // outbound|<port>|<subset>|<host>
  std::string host;
  uint32_t port = 0;
  std::string subset;
  // Where the host is defined: "Service ns/name", "ServiceEntry ns/name", or "" when unknown
  // (traffic then fails with 503 NC at request time, R4.2).
  std::string service;
  base::SourceLoc service_loc;
  std::vector<Endpoint> endpoints;  // known from the input; serve adds overrides and DNS
  bool resolve_dns = false;         // ServiceEntry resolution DNS without endpoints
  bool consistent_hash = false;     // DestinationRule consistent-hash LB (R4.10)
  std::string upstream_tls_mode;    // DestinationRule trafficPolicy.tls.mode, "" when unset
  std::string upstream_sni;
  std::string destination_rule;  // "ns/name" of the DestinationRule applied, "" when none
  base::SourceLoc loc;           // first reference
};

// ---------------------------------------------------------------------------------------------
// What was left out
// ---------------------------------------------------------------------------------------------

struct DroppedServer {
  std::string gateway;  // "<ns>/<name>"
  uint32_t server_index = 0;
  std::string server_name;
  uint32_t gateway_port = 0;
  model::DropReason reason = model::DropReason::kNoPort;
  std::string message;
  std::vector<std::string> duplicate_hosts;
  std::optional<ServerRef> conflicts_with;
  base::SourceLoc loc;
};

// Something compile did not carry into the table, as Istio would not: rules after a catch-all,
// routes filtered by port/gateways, unknown delegates, invisible VirtualServices, …
struct CompileNote {
  std::string rule;    // SEMANTICS rule id, "R3.1"
  std::string object;  // "VirtualService ns/name"
  std::string message;
  base::SourceLoc loc;
};

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

class RouteTable {
 public:
  RouteTable(const RouteTable&) = delete;
  RouteTable& operator=(const RouteTable&) = delete;

  const GatewayWorkload& workload() const { return workload_; }
  const std::vector<Listener>& listeners() const { return listeners_; }  // by port, then bind
  const std::vector<const RouteConfig*>& route_configs() const { return route_config_list_; }
  const std::vector<const Cluster*>& clusters() const { return cluster_list_; }  // by name
  const std::vector<DroppedServer>& dropped_servers() const { return dropped_; }
  const std::vector<CompileNote>& notes() const { return notes_; }
  // Objects left out because Istio would reject them ("VirtualService ns/name").
  const std::vector<std::string>& rejected_objects() const { return rejected_; }

  // The listener serving Gateway port `gateway_port` (R1.8: requests are described in Gateway
  // port terms). With several binds, `local_address` picks the listener bound to it, else the
  // one without bind; without a local address, a port served only on bound addresses still
  // finds its first listener. nullptr when no listener serves the port.
  const Listener* find_listener(uint32_t gateway_port, std::string_view local_address = {}) const;
  const RouteConfig* find_route_config(std::string_view name) const;
  const Cluster* find_cluster(std::string_view name) const;

 private:
  friend class TableBuilder;
  RouteTable() = default;

  GatewayWorkload workload_;
  std::vector<Listener> listeners_;
  std::vector<std::unique_ptr<RouteConfig>> route_configs_;
  std::vector<const RouteConfig*> route_config_list_;
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<std::unique_ptr<Cluster>> clusters_;
  std::vector<const Cluster*> cluster_list_;
  std::unordered_map<std::string, const Cluster*> cluster_index_;
  std::unordered_map<std::string, const RouteConfig*> route_config_index_;
  std::vector<DroppedServer> dropped_;
  std::vector<CompileNote> notes_;
  std::vector<std::string> rejected_;
};

using RouteTablePtr = std::shared_ptr<const RouteTable>;

}  // namespace igw::compile

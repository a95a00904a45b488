// Short text forms of route-table elements shared by `igw routes` outputs (explanation, --list,
// --graph, --test): a route's conditions, its origin, its action, its header edits.
#pragma once

#include "lib/compile/route_table.h"
#include "lib/match/shadowed.h"

#include <string>
#include <vector>

namespace igw::render {

// Every condition of a route, spelled out and joined with " and ":
// `uri prefix "/api/" and header content-type prefix "application/grpc"`.
std::string match_text(const compile::RouteMatch& match);

// The compact form for tables, in the spirit of `istioctl proxy-config routes -o wide` (R6.6):
// prefix "/api/" → `/api/*`, exact → `/health`, regex → `regex:/u/[0-9]+`, then conditions:
// `:authority=www.example.com`, `content-type=application/grpc*`, `x-debug` (present),
// `!x-debug` (withoutHeaders), `?page=2` (query), `x~re` (regex), `claim:iss=…`.
std::string match_compact(const compile::RouteMatch& match);

// `production/api http[2] match[0]` plus the rule name and delegate when there are some:
// `production/api http[2] "v2" match[0] (delegate team/api http[1])`.
std::string route_ref(const compile::Route& route);

// One line: `route to outbound|8080||api.prod.svc.cluster.local`, `route to 2 destinations
// (weighted)`, `redirect 301 (authority app.example.com)`, `direct response 503`, `no action`.
std::string action_text(const compile::Route& route);

// `api.prod.svc.cluster.local:8080 (subset v1), weight 90 of 100`.
std::string destination_text(const compile::WeightedCluster& c, bool weighted,
                             uint32_t total_weight);

// The edits of one level as lines: `request set x-a: 1`, `request add x-b: 2`,
// `request remove x-c`, `response set …`. Empty when there are none.
std::vector<std::string> header_ops_lines(const compile::HeaderOps& ops);

// `origins exact "https://app.example.com"; methods GET,POST; headers Authorization;
// expose X-Id; max age 86400s; credentials allowed`.
std::string cors_text(const compile::CorsPolicy& cors);

// `delay 5s for 10%; abort 503 for 1%`.
std::string fault_text(const compile::FaultPolicy& fault);

// Why a route is unreachable: `after catch-all production/web http[2]`, `same conditions as …`,
// `httpsRedirect answers every plain-text request`, `its authority "www.example.com" selects
// virtual host www.example.com:443`.
std::string shadowed_text(const match::ShadowedRoute& s);

}  // namespace igw::render

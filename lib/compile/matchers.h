// Internal to lib/compile: Istio HTTPMatchRequest → Envoy RouteMatch (TranslateRouteMatch in
// istio:pilot/pkg/networking/core/route/route.go; R3.4–R3.11, R3.15).
#pragma once

#include "lib/compile/route_table.h"
#include "lib/model/virtual_service.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace igw::compile::detail {

// Compiles each distinct pattern once (10,000 VirtualServices often repeat patterns).
class RegexCache {
 public:
  struct Entry {
    std::shared_ptr<const re2::RE2> re;  // nullptr when RE2 rejects the pattern
    std::string range_min;               // RE2::PossibleMatchRange, computed once
    std::string range_max;
    bool has_range = false;
    std::string error;
  };
  // The compiled pattern; Entry::re is nullptr (and `error` set) when RE2 rejects it.
  const Entry& entry(const std::string& pattern, std::string* error);
  std::shared_ptr<const re2::RE2> get(const std::string& pattern, std::string* error) {
    return entry(pattern, error).re;
  }

 private:
  std::map<std::string, Entry, std::less<>> cache_;
};

// Istio StringMatch → Envoy StringMatcher (ConvertToEnvoyMatch; `{}` and regex "*" become
// presence). nullopt with `error` when a regex does not compile.
std::optional<StringMatcher> to_string_matcher(const model::StringMatch& m, RegexCache& regexes,
                                               std::string* error);

// The whole route match for `m` (nullptr: a rule without match → prefix "/").
std::optional<RouteMatch> translate_route_match(const model::HttpMatchRequest* m,
                                                RegexCache& regexes, std::string* error);

}  // namespace igw::compile::detail

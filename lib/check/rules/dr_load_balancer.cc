// validateLoadBalancer, isPrime (istio/istio pkg/config/validation/validation.go) and
// ValidateLocalityLbSetting, validateLocalities (pkg/config/validation/agent/validation.go).
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace igw::check::rules {

namespace {

// Envoy's primality test, which Istio copies to agree with it exactly.
bool is_prime(uint64_t x) {
  if (x != 0 && x < 4)
    return true;
  if ((x & 1) == 0)
    return false;
  auto limit = static_cast<uint64_t>(std::sqrt(static_cast<double>(x)));
  for (uint64_t factor = 3; factor <= limit; factor += 2) {
    if (x % factor == 0)
      return false;
  }
  return true;
}

// validateLocalities: the first overlap or malformed locality, as Istio words it.
Error validate_localities(const std::vector<std::string>& localities) {
  // region -> zone -> subzone -> present; "*" marks "everything below".
  std::map<std::string, std::map<std::string, std::map<std::string, bool>>> seen;
  for (const std::string& loc : localities) {
    size_t stars = static_cast<size_t>(std::count(loc.begin(), loc.end(), '*'));
    if (stars > 0 && (stars > 1 || !loc.ends_with('*'))) {
      return fmt::format("locality {} wildcard '*' number can not exceed 1 and must be in the end",
                         loc);
    }
    if (seen.count("*"))
      return fmt::format("locality {} overlap with previous specified ones", loc);
    std::vector<std::string_view> items;
    std::string_view rest = loc;
    for (int i = 0; i < 2; ++i) {
      size_t slash = rest.find('/');
      if (slash == std::string_view::npos)
        break;
      items.push_back(rest.substr(0, slash));
      rest = rest.substr(slash + 1);
    }
    items.push_back(rest);
    for (std::string_view item : items) {
      if (item.empty())
        return fmt::format("locality {} must not contain empty region/zone/subzone info", loc);
    }
    std::string region(items[0]);
    std::string overlap = fmt::format("locality {} overlap with previous specified ones", loc);
    if (items.size() == 1) {
      if (seen.count(region))
        return overlap;
      seen[region]["*"]["*"] = true;
      continue;
    }
    std::string zone(items[1]);
    auto r = seen.find(region);
    if (items.size() == 2) {
      if (r != seen.end()) {
        if (r->second.count("*") || r->second.count(zone))
          return overlap;
      }
      seen[region][zone]["*"] = true;
      continue;
    }
    std::string subzone(items[2]);
    if (r != seen.end()) {
      if (r->second.count("*"))
        return overlap;
      auto z = r->second.find(zone);
      if (z != r->second.end()) {
        if (z->second.count("*") || z->second.count(subzone))
          return overlap;
      }
    }
    seen[region][zone][subzone] = true;
  }
  return std::nullopt;
}

void validate_locality_lb(const View& lb, bool has_outlier, Findings& f) {
  std::vector<View> distribute = lb["distribute"].items();
  std::vector<View> failover = lb["failover"].items();
  std::vector<View> priority = lb["failoverPriority"].items();
  if (!distribute.empty() && !failover.empty()) {
    f.error("can not simultaneously specify 'distribute' and 'failover'", lb.key_loc("failover"),
            "use distribute for weighted spreading or failover for ordered fallback, not both");
    return;
  }
  if (!failover.empty()) {
    for (const View& p : priority) {
      std::string label = p.as_string().value_or("");
      if (label == "topology.kubernetes.io/region" || label == "topology.kubernetes.io/zone" ||
          label == "topology.istio.io/subzone") {
        f.error(fmt::format("can not simultaneously set 'failover' and topology label '{}' in "
                            "'failover_priority'",
                            label),
                p.loc());
        return;
      }
    }
  }
  std::vector<std::string> sources;
  for (const View& d : distribute) {
    sources.push_back(d.string_at("from").value_or(""));
    int64_t total = 0;
    std::vector<std::string> dests;
    for (const auto& [k, v] : d["to"].entries()) {
      dests.push_back(k.as_string().value_or(""));
      int64_t w = v.as_int().value_or(0);
      if (w <= 0 || w > 100) {
        f.error("locality weight must be in range [1, 100]", v.loc());
        return;
      }
      total += w;
    }
    if (total != 100) {
      f.error(fmt::format("total locality weight {} != 100", total), d.key_loc("to"),
              "the weights under `to` are percentages and must add up to 100");
      return;
    }
    if (auto err = validate_localities(dests))
      f.error(*err, d.key_loc("to"));
  }
  if (auto err = validate_localities(sources))
    f.error(*err, lb.key_loc("distribute"));
  if ((!failover.empty() || !priority.empty()) && !has_outlier) {
    f.warning("outlier detection policy must be provided for failover", lb.loc(),
              "failover happens only when outlierDetection ejects unhealthy endpoints: add "
              "trafficPolicy.outlierDetection");
  }
  for (const View& fo : failover) {
    std::string from = fo.string_at("from").value_or("");
    std::string to = fo.string_at("to").value_or("");
    if (from == to) {
      f.error("locality lb failover settings must specify different regions", fo.loc());
    }
    if (from.find('/') != std::string::npos || to.find('/') != std::string::npos) {
      f.error("locality lb failover only specify region", fo.loc(),
              "failover works between regions; use failoverPriority for zones");
    }
    if (from.find('*') != std::string::npos || to.find('*') != std::string::npos) {
      f.error("locality lb failover region should not contain '*' wildcard", fo.loc());
    }
  }
}

}  // namespace

void validate_load_balancer(const View& lb, bool has_outlier, Findings& f) {
  View hash = lb["consistentHash"];
  if (hash.is_map()) {
    View cookie = hash["httpCookie"];
    if (cookie.is_map() && cookie.string_at("name").value_or("").empty()) {
      f.error("name required for HttpCookie", cookie.loc(), "set httpCookie.name");
    }
    View min_ring = hash["minimumRingSize"];
    int64_t ring = min_ring.as_int().value_or(0);
    if (ring != 0) {
      f.warning(
          "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash "
          "configuration instead",
          min_ring.loc(), "write ringHash: {minimumRingSize: ...} instead");
    }
    if (ring != 0 && (hash.has_message("ringHash") || hash.has_message("maglev"))) {
      f.error("only one of MinimumRingSize or Maglev/Ringhash can be specified", min_ring.loc());
    }
    View maglev = hash["maglev"];
    if (maglev.is_map()) {
      View size_view = maglev["tableSize"];
      int64_t size = size_view.as_int().value_or(0);
      base::SourceLoc loc = size_view.present() ? size_view.loc() : maglev.loc();
      if (size == 0)
        f.error("tableSize must be set for maglev", loc);
      if (size >= 5000011)
        f.error("tableSize must be less than 5000011 for maglev", loc);
      if (!is_prime(static_cast<uint64_t>(size))) {
        f.error("tableSize must be a prime number for maglev", loc,
                "use a prime such as 65537 (Envoy's default)");
      }
    }
  }
  // ISTIO-CHECKS.md (86c9f01) lists this rule; the field is
  // LoadBalancerSettings.zoneAwareLbSetting.
  if (lb.has_message("localityLbSetting") && lb.has_message("zoneAwareLbSetting")) {
    f.error("only one of localityLbSetting and zoneAwareLbSetting can be set",
            lb.key_loc("zoneAwareLbSetting"), "keep one of the two settings");
  }
  if (lb.has_message("localityLbSetting"))
    validate_locality_lb(lb["localityLbSetting"], has_outlier, f);
  View warm = lb["warmup"];
  if (warm.is_map()) {
    View duration = warm["duration"];
    if (!duration.present()) {
      f.error("duration is required", warm.loc(), "set warmup.duration, e.g. 60s");
    } else if (auto d = duration.as_duration()) {
      if (auto err = validate_duration(*d))
        f.error(*err, duration.loc());
    }
    View min_pct = warm["minimumPercent"];
    if (min_pct.as_double().value_or(0) > 100) {
      f.error("minimumPercent value should be less than or equal to 100", min_pct.loc());
    }
    View aggression = warm["aggression"];
    if (aggression.present() && aggression.as_double().value_or(0) < 1) {
      f.error("aggression should be greater than or equal to 1", aggression.loc());
    }
  }
}

}  // namespace igw::check::rules

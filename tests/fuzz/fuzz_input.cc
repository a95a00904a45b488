// Feeds one input through the loader and the model and touches what both produce.
#include "tests/fuzz/fuzz_input.h"

#include "lib/config/load.h"
#include "lib/model/host_name.h"
#include "lib/model/parse.h"

#include <string>

namespace igw::fuzz {

namespace {

// Reads a node the way checks do: every scalar resolved, every position turned into text.
size_t touch(const config::Node& n, const config::Document& doc) {
  size_t sum = doc.loc(n).str().size() + n.json_type().size();
  if (n.is_scalar()) {
    sum += n.as_int().value_or(0) != 0;
    sum += n.as_double().has_value();
    sum += n.as_bool().value_or(false);
  }
  for (const auto& item : n.items)
    sum += touch(item, doc);
  for (const auto& [k, v] : n.entries)
    sum += touch(k, doc) + touch(v, doc);
  return sum;
}

// The caret renderer reads the line a diagnostic points at.
size_t touch(const base::Diagnostics& diags) {
  size_t sum = 0;
  for (const auto& d : diags.items()) {
    sum += d.loc.str().size() + d.message.size() + d.hint.size();
    if (d.loc.file)
      sum += d.loc.file->line_text(d.loc.line).size();
  }
  return sum;
}

}  // namespace

void load_and_parse(std::string_view bytes) {
  config::LoadResult loaded;
  config::parse_text("fuzz.yaml", std::string(bytes), loaded);
  size_t sum = touch(loaded.diagnostics);
  for (const auto& doc : loaded.documents)
    sum += touch(doc.root, doc);

  base::Diagnostics diags;
  model::ParseOptions options;
  options.verbose = true;
  model::Config cfg = model::parse(std::move(loaded), options, diags);
  sum += touch(diags);
  for (const auto& vs : cfg.virtual_services) {
    for (const auto& h : vs.hosts) {
      std::string fqdn = model::resolve_short_name(h.value, vs.ns());
      for (const auto& g : vs.gateways)
        sum += model::resolve_gateway_name(g.value, vs.ns()).size() + fqdn.size();
    }
  }
  for (const auto& gw : cfg.gateways) {
    for (const auto& srv : gw.servers) {
      for (const auto& h : srv.hosts) {
        auto q = model::split_server_host(h.value);
        sum += model::host_matches(q.host, "a.example.com") + model::host_subset_of(q.host, "*");
      }
    }
  }
  for (const auto& s : cfg.secrets) {
    for (const auto& e : s.entries)
      sum += e.data.size();
  }
  // Keeps the reads from being optimised away.
  volatile size_t sink = sum;
  (void)sink;
}

}  // namespace igw::fuzz

// Test helpers for match tests.
#include "tests/match/match_util.h"

#include "lib/config/load.h"
#include "lib/model/parse.h"

namespace igw::match::testing {

Compiled compile_yaml(const std::string& yaml, const compile::GatewayWorkload& workload) {
  config::LoadResult loaded;
  config::parse_text("test.yaml", yaml, loaded);
  base::Diagnostics diags;
  Compiled out;
  out.config = std::make_unique<model::Config>(
      model::parse(std::move(loaded), model::ParseOptions{}, diags));
  out.table = compile::compile(*out.config, workload);
  return out;
}

const Request& Req::get() {
  fields_.clear();
  for (const auto& [n, v] : headers_)
    fields_.push_back(HeaderField{n, v});
  request_.port = port_;
  request_.tls = tls_;
  request_.sni = sni_;
  request_.method = method_;
  request_.authority = authority_;
  request_.path = path_;
  request_.headers = fields_;
  return request_;
}

bool Routed::trace_mentions(const std::string& text) const {
  for (const auto& s : trace.steps) {
    if (s.message.find(text) != std::string::npos)
      return true;
  }
  return false;
}

bool Routed::trace_has_rule(const std::string& rule) const {
  for (const auto& s : trace.steps) {
    if (s.rule == rule)
      return true;
  }
  return false;
}

Routed route(const compile::RouteTable& t, Req& req) {
  Routed r;
  r.decision = decide(t, req.get(), &r.trace);
  // The decision without a trace must be the same (tracing never changes the outcome).
  Decision plain = decide(t, req.get());
  if (plain.outcome != r.decision.outcome || plain.route != r.decision.route ||
      plain.virtual_host != r.decision.virtual_host) {
    r.trace.add(TraceStep::Kind::kNote, "TEST", "trace and plain decisions differ");
  }
  return r;
}

}  // namespace igw::match::testing

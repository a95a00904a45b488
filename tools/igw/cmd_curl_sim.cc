// igw curl-sim: what the gateway would answer, offline, as curl and a browser would see it.
//
//   igw curl-sim -f CONFIG... [igw options] -- [curl] CURL_ARGS...
//
// igw's own options come before "--"; after it comes a curl command line as typed in a terminal.
// All HTTP behaviour lives in lib/http (the same code `igw serve` runs); this file parses flags,
// loads and compiles the input, and prints.
#include "lib/base/strings.h"
#include "lib/compile/compile.h"
#include "lib/http/curl_command.h"
#include "lib/http/simulate.h"
#include "lib/model/server_merge.h"
#include "lib/render/curl_transcript.h"
#include "lib/render/diagnostics_json.h"

#include "tools/igw/commands.h"
#include "tools/igw/exit_code.h"
#include "tools/igw/route_input.h"
#include "tools/igw/usage.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace igw::tools {

namespace {

struct CurlSimOptions {
  std::vector<std::string> paths;
  std::string output = "text";
  bool browser = false;
  std::string origin;
  std::string credentials;
  int upstream_status = 200;
  std::vector<std::string> upstream_headers;
  std::string upstream_body;
  std::string client_address = "203.0.113.10";
  std::string seed;
  std::string gateway_labels = "istio=ingressgateway";
  std::string gateway_namespace = "istio-system";
  std::string ns = "default";
  std::vector<std::string> curl_args;
};

base::Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return base::make_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run_curl_sim(const CurlSimOptions& o) {
  // --- igw's flags ----------------------------------------------------------------------------
  std::string format = base::to_lower(o.output);
  if (format != "text" && format != "json")
    return usage_error("curl-sim", "-o/--output must be text or json, not " +
                                       base::quote(o.output) +
                                       " (curl's own -o FILE goes after --)");
  if (o.paths.empty())
    return usage_error("curl-sim",
                       "no configuration: give -f FILE or a directory (or -f - for stdin)");
  if (o.curl_args.empty())
    return usage_error("curl-sim",
                       "no curl command: put it after --, e.g. igw curl-sim -f gw.yaml -- curl "
                       "-v https://app.example.com/");
  if (o.upstream_status < 100 || o.upstream_status > 599)
    return usage_error("curl-sim", "--upstream-status must be an HTTP status (100-599)");
  http::SimOptions sim_options;
  sim_options.upstream_status = static_cast<uint32_t>(o.upstream_status);
  for (const auto& h : o.upstream_headers) {
    size_t colon = h.find(':');
    if (colon == std::string::npos || colon == 0)
      return usage_error("curl-sim",
                         "--upstream-header " + base::quote(h) + ": write it as \"Name: value\"");
    sim_options.upstream_headers.add(
        std::string(base::trim(std::string_view(h).substr(0, colon))),
        std::string(base::trim(std::string_view(h).substr(colon + 1))));
  }
  sim_options.upstream_body = o.upstream_body;
  sim_options.peer_address = o.client_address;
  sim_options.browser = o.browser || !o.origin.empty();
  if (!o.origin.empty()) {
    std::string why;
    if (!http::parse_origin(o.origin, &why))
      return usage_error("curl-sim", "--origin: " + why);
    sim_options.origin = o.origin;
  }
  if (!o.credentials.empty()) {
    std::string c = base::to_lower(o.credentials);
    if (c == "include")
      sim_options.credentials = http::CredentialsMode::kInclude;
    else if (c == "omit")
      sim_options.credentials = http::CredentialsMode::kOmit;
    else if (c == "same-origin")
      sim_options.credentials = http::CredentialsMode::kSameOrigin;
    else
      return usage_error("curl-sim", "--credentials must be include, omit or same-origin");
    if (!sim_options.browser)
      return usage_error("curl-sim", "--credentials applies to --browser (or --origin)");
  }
  // Reproducible output: SOURCE_DATE_EPOCH fixes the date and, unless --seed is given, the
  // random choices (weights, fault percentages, request ids).
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  std::optional<int64_t> fixed_now = epoch ? base::parse_int(epoch) : std::nullopt;
  if (epoch && !fixed_now)
    return usage_error("curl-sim", "SOURCE_DATE_EPOCH must be a number of seconds");
  sim_options.now = fixed_now ? *fixed_now
                              : std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
  if (!o.seed.empty()) {
    auto s = base::parse_int(o.seed);
    if (!s || *s < 0)
      return usage_error("curl-sim", "--seed must be a non-negative number");
    sim_options.seed = static_cast<uint64_t>(*s);
  } else if (fixed_now) {
    sim_options.seed = 1;
  } else {
    sim_options.seed = std::random_device{}();
  }
  std::string why;
  auto labels = model::parse_label_list(o.gateway_labels, &why);
  if (!labels)
    return usage_error("curl-sim", "--gateway-labels: " + why);

  // --- curl's command line --------------------------------------------------------------------
  auto cmd = http::parse_curl_command(o.curl_args, read_file);
  if (!cmd)
    return usage_error("curl-sim", cmd.error().message);
  if (sim_options.browser && !sim_options.origin) {
    bool has_origin = false;
    for (const auto& h : cmd->headers)
      has_origin |= base::iequals(h.name, "origin") && h.kind == http::CustomHeader::Kind::kSet;
    if (!has_origin)
      return usage_error("curl-sim",
                         "--browser needs the page's origin: give --origin URL or an Origin "
                         "header in the curl command");
  }

  // --- configuration --------------------------------------------------------------------------
  model::GatewayWorkload workload;
  workload.labels = std::move(*labels);
  workload.ns = o.gateway_namespace;
  compile::RouteTablePtr table = load_route_table(o.paths, o.ns, workload, std::cerr);
  if (!table)
    return kExitDataError;

  // --- simulate and print ---------------------------------------------------------------------
  http::Simulation sim = http::simulate(*table, *cmd, sim_options);
  if (sim.exit_code == kExitUsage) {
    std::cerr << sim.error << "\n";
    return kExitUsage;
  }
  bool body_to_file = cmd->output && *cmd->output != "-";
  int exit_code = sim.exit_code;
  if (format == "json") {
    render::write_json(std::cout, render::curl_transcript_json(sim, *cmd));
  } else {
    for (const auto& f : cmd->no_effect)
      std::cout << "* igw: curl option " << f << " has no effect offline\n";
    render::TranscriptOptions to;
    to.show_bodies = !body_to_file;
    render::write_curl_transcript(std::cout, sim, *cmd, to);
  }
  std::cout.flush();
  if (body_to_file && !sim.exchanges.empty() && sim.exchanges.back().curl_error == 0) {
    std::ofstream out(*cmd->output, std::ios::binary);
    out << sim.exchanges.back().response_body;
    if (!out) {
      std::cerr << "curl: (23) Failure writing output to destination\n";
      return 23;
    }
  }
  std::vector<std::string> unknown;
  render::write_out_text(sim, *cmd, &unknown);
  for (const auto& v : unknown)
    std::cerr << "curl: unknown --write-out variable: '" << v << "'\n";
  if (!sim.error.empty() && (!cmd->silent || cmd->show_error))
    std::cerr << sim.error << "\n";
  return exit_code;
}

}  // namespace

Command add_curl_sim_command(CLI::App& app) {
  auto opts = std::make_shared<CurlSimOptions>();
  CLI::App* sub = app.add_subcommand(
      "curl-sim", "Show what the gateway would answer a curl command (or a browser), offline");
  sub->footer(
      "Usage: igw curl-sim -f CONFIG... [OPTIONS] -- [curl] CURL_ARGS...\nEverything after -- is a "
      "curl command line as you would type it (curl's -o, -f, -v keep "
      "curl's meaning there).\nExample: igw curl-sim -f gw.yaml --origin https://app.example.com "
      "-- curl -X PUT https://api.example.com/api/v1/users -H 'Content-Type: application/json'");
  // One value per -f, so "-f gw.yaml -- curl …" does not hand "--" to -f.
  sub->add_option("-f,--filename", opts->paths,
                  "Manifest file or directory; repeatable ('-': stdin)")
      ->allow_extra_args(false);
  sub->add_option("-o,--output", opts->output, "Output: text (curl -v style, default) or json");
  sub->add_flag("--browser", opts->browser,
                "Act as a browser's fetch(): preflight, CORS checks, verdict");
  sub->add_option("--origin", opts->origin, "The page's origin for --browser (implies --browser)");
  sub->add_option("--credentials", opts->credentials,
                  "Browser credentials mode: include, omit or same-origin (default: include when "
                  "the command sends cookies or -u, else same-origin)");
  sub->add_option("--upstream-status", opts->upstream_status,
                  "Status the simulated upstream answers (default 200)");
  sub->add_option("--upstream-header", opts->upstream_headers,
                  "Header the simulated upstream sends, \"Name: value\"; repeatable")
      ->allow_extra_args(false);
  sub->add_option("--upstream-body", opts->upstream_body,
                  "Body the simulated upstream sends (default empty)");
  sub->add_option("--client-address", opts->client_address,
                  "The client address the gateway sees (default 203.0.113.10)");
  sub->add_option("--seed", opts->seed,
                  "Seed for weighted picks, fault percentages and request ids");
  sub->add_option("--gateway-labels", opts->gateway_labels,
                  "Labels of the emulated gateway pod, k=v,... (default istio=ingressgateway)");
  sub->add_option("--gateway-namespace", opts->gateway_namespace,
                  "Namespace of the emulated gateway pod (default istio-system)");
  sub->add_option("-n,--namespace", opts->ns,
                  "Namespace for objects that name none (default \"default\")");
  sub->add_option("curl", opts->curl_args, "The curl command line, after --");
  return {sub, [opts]() { return run_curl_sim(*opts); }};
}

}  // namespace igw::tools

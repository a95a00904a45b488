// igw routes: how the gateway routes a request, and the route table as a list, as tests and as
// a picture.
//
//   igw routes -f CONFIG... URL [-X METHOD] [-H 'Name: value']... [--sni NAME] [-o text|json]
//   igw routes -f CONFIG... --list [--port N] [--host H] [-o text|json]
//   igw routes -f CONFIG... --test CASES.yaml [--fail-under PCT] [--details]
//   igw routes -f CONFIG... --graph [mermaid|dot]
//
// Every routing answer comes from match::decide and http::respond on the compiled table; this
// file reads flags, loads and compiles the input, and hands the results to lib/render and
// lib/routetest.
#include "lib/base/strings.h"
#include "lib/compile/compile.h"
#include "lib/http/url.h"
#include "lib/match/decide.h"
#include "lib/model/server_merge.h"
#include "lib/render/decision_json.h"
#include "lib/render/decision_text.h"
#include "lib/render/diagnostics_json.h"
#include "lib/render/route_graph.h"
#include "lib/render/route_list.h"
#include "lib/routetest/report_text.h"
#include "lib/routetest/run_tests.h"
#include "lib/routetest/test_file.h"

#include "tools/igw/commands.h"
#include "tools/igw/exit_code.h"
#include "tools/igw/route_input.h"
#include "tools/igw/usage.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace igw::tools {

namespace {

struct RoutesOptions {
  std::vector<std::string> paths;
  std::vector<std::string> urls;
  std::string method;
  std::vector<std::string> headers;
  std::string sni;
  std::string output = "text";
  bool list = false;
  int port = 0;
  std::string host;
  std::string test_file;
  double fail_under = 0;
  bool details = false;
  std::string graph;
  std::string gateway_labels = "istio=ingressgateway";
  std::string gateway_namespace = "istio-system";
  std::string ns = "default";

  // Which flags the user gave (CLI11 fills these after parsing).
  CLI::Option* method_opt = nullptr;
  CLI::Option* header_opt = nullptr;
  CLI::Option* sni_opt = nullptr;
  CLI::Option* output_opt = nullptr;
  CLI::Option* port_opt = nullptr;
  CLI::Option* host_opt = nullptr;
  CLI::Option* test_opt = nullptr;
  CLI::Option* fail_under_opt = nullptr;
  CLI::Option* details_opt = nullptr;
  CLI::Option* graph_opt = nullptr;
};

bool given(const CLI::Option* o) {
  return o != nullptr && o->count() > 0;
}

// The request a URL and the -X/-H/--sni flags describe, owning its bytes.
struct UrlRequest {
  std::string method = "GET";
  std::string authority;
  std::string path;
  std::string sni;
  uint32_t port = 80;
  bool tls = false;
  std::vector<std::pair<std::string, std::string>> header_storage;
  std::vector<match::HeaderField> fields;

  match::Request request() const {
    match::Request r;
    r.port = port;
    r.tls = tls;
    r.sni = sni;
    r.method = method;
    r.authority = authority;
    r.path = path;
    r.headers = fields;
    return r;
  }
};

std::optional<UrlRequest> build_request(const RoutesOptions& o, std::string& why) {
  std::string url_why;
  auto url = http::parse_url(o.urls.front(), &url_why);
  if (!url) {
    why = "URL " + base::quote(o.urls.front()) + ": " + url_why;
    return std::nullopt;
  }
  UrlRequest r;
  r.tls = url->scheme == "https";
  r.port = url->port;
  r.path = url->path;
  r.authority = url->host_header();
  if (r.tls && !url->host_is_ip())
    r.sni = url->host;
  if (given(o.method_opt)) {
    if (o.method.empty() || o.method.find_first_of(" \t\r\n") != std::string::npos) {
      why = "-X/--request must be one HTTP method token, e.g. POST";
      return std::nullopt;
    }
    r.method = o.method;
  }
  for (const auto& h : o.headers) {
    size_t colon = h.find(':', 1);
    if (colon == std::string::npos) {
      why = "-H " + base::quote(h) + ": write it as \"Name: value\"";
      return std::nullopt;
    }
    std::string name = base::to_lower(base::trim(std::string_view(h).substr(0, colon)));
    std::string value(base::trim(std::string_view(h).substr(colon + 1)));
    if (name == "host" || name == ":authority") {
      r.authority = value;  // -H Host: overrides the URL's authority, as with curl
      continue;
    }
    if (name.starts_with(":")) {
      why = "-H " + base::quote(h) + ": pseudo-headers come from the URL and -X";
      return std::nullopt;
    }
    r.header_storage.emplace_back(std::move(name), std::move(value));
  }
  if (given(o.sni_opt)) {
    if (!r.tls) {
      why = "--sni needs an https:// URL (a plain-text connection carries no SNI)";
      return std::nullopt;
    }
    r.sni = o.sni;
  }
  for (const auto& [n, v] : r.header_storage)
    r.fields.push_back({n, v});
  return r;
}

int run_routes(RoutesOptions& o) {
  // --- which mode -----------------------------------------------------------------------------
  const bool explain = !o.urls.empty();
  const bool test = given(o.test_opt);
  const bool graph = given(o.graph_opt);
  int modes = (explain ? 1 : 0) + (o.list ? 1 : 0) + (test ? 1 : 0) + (graph ? 1 : 0);
  if (modes == 0)
    return usage_error("routes", "give a URL to explain, or one of --list, --test FILE, --graph");
  if (modes > 1)
    return usage_error("routes", "a URL, --list, --test and --graph are separate modes: give one");
  if (o.urls.size() > 1)
    return usage_error("routes", "one URL at a time (got " + std::to_string(o.urls.size()) + ")");
  if (o.paths.empty())
    return usage_error("routes",
                       "no configuration: give -f FILE or a directory (or -f - for stdin)");
  if (!explain && (given(o.method_opt) || given(o.header_opt) || given(o.sni_opt)))
    return usage_error("routes", "-X, -H and --sni describe the request of a URL");
  if (!o.list && (given(o.port_opt) || given(o.host_opt)))
    return usage_error("routes", "--port and --host filter --list");
  if (!test && (given(o.fail_under_opt) || given(o.details_opt)))
    return usage_error("routes", "--fail-under and --details apply to --test");
  std::string format = base::to_lower(o.output);
  if (format != "text" && format != "json")
    return usage_error("routes", "-o/--output must be text or json, not " + base::quote(o.output));
  if ((test || graph) && given(o.output_opt) && format != "text")
    return usage_error("routes", "-o json applies to a URL and to --list");
  if (given(o.port_opt) && (o.port < 1 || o.port > 65535))
    return usage_error("routes", "--port must be a port number (1-65535)");
  if (o.fail_under < 0 || o.fail_under > 100)
    return usage_error("routes", "--fail-under must be a percentage from 0 to 100");
  render::GraphFormat graph_format = render::GraphFormat::kMermaid;
  if (graph) {
    std::string g = base::to_lower(o.graph);
    if (g == "dot")
      graph_format = render::GraphFormat::kDot;
    else if (!g.empty() && g != "mermaid")
      return usage_error("routes",
                         "--graph takes mermaid (default) or dot, not " + base::quote(o.graph));
  }
  std::string why;
  std::optional<UrlRequest> url_request;
  if (explain) {
    url_request = build_request(o, why);
    if (!url_request)
      return usage_error("routes", why);
  }
  auto labels = model::parse_label_list(o.gateway_labels, &why);
  if (!labels)
    return usage_error("routes", "--gateway-labels: " + why);
  if (o.gateway_namespace.empty())
    return usage_error("routes", "--gateway-namespace must not be empty");

  // --- the test file, before the configuration: a broken test file is the first thing to fix.
  std::optional<routetest::TestFile> tests;
  if (test) {
    std::ifstream in(o.test_file, std::ios::binary);
    if (!in) {
      std::cerr << "igw: cannot read test file " << o.test_file << "\n";
      return kExitDataError;
    }
    std::ostringstream text;
    text << in.rdbuf();
    routetest::ParseResult parsed = routetest::parse_test_file(o.test_file, text.str());
    if (!parsed.file) {
      for (const auto& e : parsed.errors) {
        std::cerr << "igw: " << (e.loc.known() ? e.loc.str() + ": " : "") << e.message << "\n";
      }
      return kExitDataError;
    }
    tests = std::move(parsed.file);
  }

  // --- configuration --------------------------------------------------------------------------
  model::GatewayWorkload workload;
  workload.labels = std::move(*labels);
  workload.ns = o.gateway_namespace;
  compile::RouteTablePtr table = load_route_table(o.paths, o.ns, workload, std::cerr);
  if (!table)
    return kExitDataError;

  // --- the mode -------------------------------------------------------------------------------
  if (explain) {
    match::Request req = url_request->request();
    match::Trace trace;
    match::Decision d = match::decide(*table, req, &trace);
    if (format == "json")
      render::write_json(std::cout, render::decision_json(d, req, &trace));
    else
      render::write_decision_text(std::cout, d, req, trace);
    return kExitOk;  // a 404 explained is a successful explanation
  }
  if (o.list) {
    render::RouteListFilter filter;
    if (given(o.port_opt))
      filter.port = static_cast<uint32_t>(o.port);
    filter.host = o.host;
    if (format == "json")
      render::write_json(std::cout, render::route_list_json(*table, filter));
    else
      render::write_route_list_text(std::cout, *table, filter);
    return kExitOk;
  }
  if (graph) {
    render::write_route_graph(std::cout, *table, graph_format);
    return kExitOk;
  }
  routetest::Report report = routetest::run_tests(*table, *tests);
  routetest::ReportOptions ro;
  ro.details = o.details;
  routetest::write_report_text(std::cout, report, ro);
  bool under = given(o.fail_under_opt) && report.coverage_percent < o.fail_under;
  if (under) {
    std::cout << "Coverage " << routetest::format_percent(report.coverage_percent)
              << "% is under --fail-under " << routetest::format_percent(o.fail_under) << "%\n";
  }
  return report.failed > 0 || under ? kExitFailure : kExitOk;
}

}  // namespace

Command add_routes_command(CLI::App& app) {
  auto opts = std::make_shared<RoutesOptions>();
  CLI::App* sub = app.add_subcommand(
      "routes", "Explain how the gateway routes a request; list, test or draw the routes");
  sub->footer(
      "Modes: URL (explain one request) | --list | --test FILE | --graph [mermaid|dot].\n"
      "Examples:\n"
      "  igw routes -f gw.yaml https://api.example.com/api/v1/users -X POST\n"
      "  igw routes -f gw.yaml --list --port 443\n"
      "  igw routes -f gw.yaml --test routes-test.yaml --fail-under 80\n"
      "  igw routes -f gw.yaml --graph dot | dot -Tsvg > routes.svg");
  // One value per -f, so "-f gw.yaml https://…" leaves the URL alone.
  sub->add_option("-f,--filename", opts->paths,
                  "Manifest file or directory; repeatable ('-': stdin)")
      ->allow_extra_args(false);
  sub->add_option("url", opts->urls, "The request to explain: http(s)://host[:port]/path?query");
  opts->method_opt = sub->add_option("-X,--request", opts->method, "Request method (default GET)");
  opts->header_opt = sub->add_option("-H,--header", opts->headers,
                                     "Request header \"Name: value\"; repeatable; Host: overrides "
                                     "the URL's authority")
                         ->allow_extra_args(false);
  opts->sni_opt = sub->add_option("--sni", opts->sni,
                                  "TLS server name to send (default: the URL's host for https)");
  opts->output_opt =
      sub->add_option("-o,--output", opts->output, "Output for a URL or --list: text or json");
  sub->add_flag("--list", opts->list,
                "List every route: route config, virtual host, match, "
                "action, VirtualService and file:line");
  opts->port_opt = sub->add_option("--port", opts->port, "--list: only this Gateway port");
  opts->host_opt = sub->add_option("--host", opts->host,
                                   "--list: only the virtual host (and TLS chain) this Host "
                                   "(SNI) selects");
  opts->test_opt = sub->add_option("--test", opts->test_file,
                                   "Run the routing tests of a YAML file; print coverage");
  opts->fail_under_opt = sub->add_option("--fail-under", opts->fail_under,
                                         "--test: fail when route coverage is below PCT");
  opts->details_opt =
      sub->add_flag("--details", opts->details, "--test: show every checked field of every case");
  opts->graph_opt =
      sub->add_option("--graph", opts->graph, "Draw the traffic flow: mermaid (default) or dot")
          ->expected(0, 1);
  sub->add_option("--gateway-labels", opts->gateway_labels,
                  "Labels of the emulated gateway pod, k=v,... (default istio=ingressgateway)");
  sub->add_option("--gateway-namespace", opts->gateway_namespace,
                  "Namespace of the emulated gateway pod (default istio-system)");
  sub->add_option("-n,--namespace", opts->ns,
                  "Namespace for objects that name none (default \"default\")");
  return {sub, [opts]() { return run_routes(*opts); }};
}

}  // namespace igw::tools

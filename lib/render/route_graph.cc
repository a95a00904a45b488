// The traffic-flow graph of a route table, in Mermaid or Graphviz form.
#include "lib/render/route_graph.h"

#include "lib/base/strings.h"
#include "lib/match/shadowed.h"
#include "lib/render/route_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace igw::render {

namespace {

enum class Shape { kClient, kServer, kVirtualService, kDestination, kLocal };

struct Node {
  std::string id;
  std::vector<std::string> lines;
  Shape shape = Shape::kServer;
};

struct Edge {
  std::string from;
  std::string to;
  std::vector<std::string> labels;  // joined with ", "
  bool dashed = true;               // cleared by the first reachable route
};

class Graph {
 public:
  // The id of the node for `key`, created with `lines` on first use.
  std::string node(const std::string& key, Shape shape, std::vector<std::string> lines) {
    auto it = by_key_.find(key);
    if (it != by_key_.end())
      return nodes_[it->second].id;
    std::string prefix = shape == Shape::kServer           ? "gw"
                         : shape == Shape::kVirtualService ? "vs"
                         : shape == Shape::kDestination    ? "dst"
                         : shape == Shape::kLocal          ? "local"
                                                           : "client";
    size_t n = ++counts_[prefix];
    std::string id = shape == Shape::kClient ? "client" : prefix + std::to_string(n);
    by_key_.emplace(key, nodes_.size());
    nodes_.push_back(Node{std::move(id), std::move(lines), shape});
    return nodes_.back().id;
  }

  // Adds `label` to the edge from → to (created on first use); `reachable` clears dashing.
  void edge(const std::string& from, const std::string& to, const std::string& label,
            bool reachable = true) {
    std::string key = from + "\n" + to;
    auto it = edge_index_.find(key);
    if (it == edge_index_.end()) {
      it = edge_index_.emplace(key, edges_.size()).first;
      edges_.push_back(Edge{from, to, {}, true});
    }
    Edge& e = edges_[it->second];
    if (!label.empty() && std::find(e.labels.begin(), e.labels.end(), label) == e.labels.end())
      e.labels.push_back(label);
    if (reachable)
      e.dashed = false;
  }

  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Edge>& edges() const { return edges_; }

 private:
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::map<std::string, size_t> by_key_;
  std::map<std::string, size_t> edge_index_;
  std::map<std::string, size_t> counts_;
};

std::string server_line(const compile::ServerRef& s) {
  std::string line = fmt::format("{} servers[{}]", s.gateway, s.server_index);
  if (!s.port_name.empty())
    line += " " + s.port_name;
  return line;
}

std::string tls_line(const compile::FilterChain& c) {
  if (c.tls) {
    std::string s = "TLS " + std::string(model::tls_mode_name(c.tls->mode));
    if (!c.tls->credential_name.empty())
      s += " " + c.tls->credential_name;
    return s;
  }
  if (c.kind == compile::ChainKind::kTlsPassthrough)
    return "TLS PASSTHROUGH";
  if (c.kind == compile::ChainKind::kAutoPassthrough)
    return "TLS AUTO_PASSTHROUGH";
  return "";
}

// The node of a filter chain: one per route configuration for plain-text HTTP (all servers of
// the port share the chain), else one per Gateway server.
std::string chain_node(Graph& g, const compile::FilterChain& c) {
  if (c.kind == compile::ChainKind::kHttp && !c.tls && c.route_config) {
    std::vector<std::string> lines;
    for (const auto& s : c.route_config->servers) {
      lines.push_back(server_line(s) + " " + s.protocol +
                      (s.hosts.empty() ? "" : " " + base::join(s.hosts, " ")));
    }
    lines.push_back("route config " + c.route_config->name);
    return g.node("rc:" + c.route_config->name, Shape::kServer, std::move(lines));
  }
  std::vector<std::string> lines{server_line(c.server) + " " + c.server.protocol};
  std::string tls = tls_line(c);
  if (!tls.empty())
    lines.push_back(tls);
  if (!c.server.hosts.empty())
    lines.push_back("hosts " + base::join(c.server.hosts, " "));
  return g.node(fmt::format("srv:{}#{}", c.server.gateway, c.server.server_index), Shape::kServer,
                std::move(lines));
}

std::string vs_node(Graph& g, const std::string& ns, const std::string& name) {
  return g.node("vs:" + ns + "/" + name, Shape::kVirtualService,
                {"VirtualService", ns + "/" + name});
}

std::string destination_node(Graph& g, const compile::WeightedCluster& c) {
  return g.node("dst:" + c.name, Shape::kDestination, {destination_text(c, false, 0)});
}

std::string local_node(Graph& g, const std::string& text) {
  return g.node("local:" + text, Shape::kLocal, {text});
}

std::string rule_label(const compile::Route& r) {
  std::string s = fmt::format("http[{}]", r.origin.rule_index);
  if (!r.origin.delegate_name.empty())
    s += fmt::format(" via {}/{}", r.origin.delegate_namespace, r.origin.delegate_name);
  return s + " " + match_compact(r.match);
}

void add_http_chain(Graph& g, const std::string& from, const compile::RouteTable& t,
                    const compile::RouteConfig& rc) {
  const bool plain = match::plain_text_only(t, rc);
  for (const auto& vh : rc.virtual_hosts) {
    std::string domains = base::join(vh.domains, " ");
    if (vh.require_tls)
      g.edge(from, local_node(g, "301 to https:// (httpsRedirect)"), domains);
    // Plain-text connections never get past require_tls: its routes are not part of the flow.
    if (vh.routes.empty() || (vh.require_tls && plain)) {
      if (!vh.require_tls)
        g.edge(from, local_node(g, "404 NR (no route)"), domains);
      continue;
    }
    std::set<const compile::Route*> shadowed;
    for (const auto& s : match::shadowed_routes(rc, vh, plain))
      shadowed.insert(s.route);
    for (const compile::Route* r : vh.routes) {
      bool reachable = !shadowed.count(r);
      const std::string vs = vs_node(g, r->origin.vs_namespace, r->origin.vs_name);
      g.edge(from, vs, domains, reachable);
      std::string label = rule_label(*r) + (reachable ? "" : " (unreachable)");
      switch (r->action) {
        case compile::ActionKind::kRoute: {
          const auto& a = r->route;
          for (const auto& c : a.clusters) {
            std::string l = label;
            if (a.weighted && a.clusters.size() > 1)
              l += fmt::format(" weight {}/{}", c.weight, a.total_weight);
            g.edge(vs, destination_node(g, c), l, reachable);
          }
          if (a.clusters.empty())
            g.edge(vs, local_node(g, "503 NC (no destination)"), label, reachable);
          break;
        }
        case compile::ActionKind::kRedirect:
        case compile::ActionKind::kDirectResponse:
        case compile::ActionKind::kNone:
          g.edge(vs, local_node(g, action_text(*r)), label, reachable);
          break;
      }
    }
  }
}

void add_tcp_chain(Graph& g, const std::string& from, const compile::FilterChain& c) {
  if (!c.tcp)
    return;
  std::string src = from;
  std::string label;
  if (c.tcp->virtual_service) {
    src = vs_node(g, c.tcp->virtual_service->ns, c.tcp->virtual_service->name);
    g.edge(from, src, c.server_names.empty() ? "" : base::join(c.server_names, " "));
    if (c.tcp->route_index) {
      label = fmt::format("{}[{}]", c.kind == compile::ChainKind::kTcpProxy ? "tcp" : "tls",
                          *c.tcp->route_index);
    }
  }
  for (const auto& d : c.tcp->clusters) {
    std::string l = label;
    if (c.tcp->clusters.size() > 1)
      l += fmt::format("{}weight {}/{}", l.empty() ? "" : " ", d.weight, c.tcp->total_weight);
    g.edge(src, destination_node(g, d), l);
  }
}

Graph build(const compile::RouteTable& t) {
  Graph g;
  const std::string client = g.node("client", Shape::kClient, {"Client"});
  for (const auto& l : t.listeners()) {
    std::vector<std::string> ports;
    for (uint32_t p : l.gateway_ports)
      ports.push_back(":" + std::to_string(p));
    std::string port = base::join(ports, " ");
    for (const auto& c : l.chains) {
      const std::string node = chain_node(g, c);
      g.edge(client, node,
             c.server_names.empty() ? port : port + " SNI " + base::join(c.server_names, " "));
      if (c.kind == compile::ChainKind::kHttp) {
        if (c.route_config)
          add_http_chain(g, node, t, *c.route_config);
      } else {
        add_tcp_chain(g, node, c);
      }
    }
  }
  return g;
}

// Mermaid quoted labels: entity codes for the characters that end or confuse a label.
std::string mermaid_text(std::string_view s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '"':
        out += "#quot;";
        break;
      case '|':
        out += "#124;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string dot_text(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '"' || ch == '\\')
      out += '\\';
    out += ch;
  }
  return out;
}

std::string joined_lines(const Node& n, std::string_view sep,
                         std::string (*esc)(std::string_view)) {
  std::string s;
  for (size_t i = 0; i < n.lines.size(); ++i) {
    if (i)
      s += sep;
    s += esc(n.lines[i]);
  }
  return s;
}

void write_mermaid(std::ostream& out, const Graph& g) {
  out << "flowchart LR\n";
  for (const auto& n : g.nodes()) {
    std::string label = "\"" + joined_lines(n, "<br/>", mermaid_text) + "\"";
    out << "  " << n.id;
    switch (n.shape) {
      case Shape::kClient:
        out << "([" << label << "])";
        break;
      case Shape::kServer:
        out << "[" << label << "]";
        break;
      case Shape::kVirtualService:
        out << "{{" << label << "}}";
        break;
      case Shape::kDestination:
        out << "(" << label << ")";
        break;
      case Shape::kLocal:
        out << ">" << label << "]";
        break;
    }
    out << '\n';
  }
  for (const auto& e : g.edges()) {
    out << "  " << e.from << (e.dashed ? " -.->" : " -->");
    if (!e.labels.empty())
      out << "|\"" << mermaid_text(base::join(e.labels, ", ")) << "\"|";
    out << ' ' << e.to << '\n';
  }
}

void write_dot(std::ostream& out, const Graph& g) {
  out << "digraph routes {\n"
      << "  rankdir=LR;\n"
      << "  node [fontname=\"Helvetica\", fontsize=10];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (const auto& n : g.nodes()) {
    std::string_view shape = n.shape == Shape::kClient           ? "oval"
                             : n.shape == Shape::kVirtualService ? "hexagon"
                             : n.shape == Shape::kLocal          ? "note"
                                                                 : "box";
    out << "  " << n.id << " [label=\"" << joined_lines(n, "\\n", dot_text)
        << "\", shape=" << shape;
    if (n.shape == Shape::kDestination)
      out << ", style=rounded";
    out << "];\n";
  }
  for (const auto& e : g.edges()) {
    out << "  " << e.from << " -> " << e.to;
    std::vector<std::string> attrs;
    if (!e.labels.empty())
      attrs.push_back("label=\"" + dot_text(base::join(e.labels, ", ")) + "\"");
    if (e.dashed)
      attrs.push_back("style=dashed");
    if (!attrs.empty())
      out << " [" << base::join(attrs, ", ") << "]";
    out << ";\n";
  }
  out << "}\n";
}

}  // namespace

void write_route_graph(std::ostream& out, const compile::RouteTable& table, GraphFormat format) {
  Graph g = build(table);
  if (format == GraphFormat::kDot)
    write_dot(out, g);
  else
    write_mermaid(out, g);
}

}  // namespace igw::render

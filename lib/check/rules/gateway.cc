// ValidateGateway, validateServer, validateServerPort, validateServerBind
// (istio/istio pkg/config/validation/validation.go).
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

#include <set>

namespace igw::check::rules {

namespace {

constexpr std::string_view kUnixPrefix = "unix://";

// Go's %v of a *networking.Port: its prototext ("number:80 protocol:\"HTTP\"").
std::string port_text(const model::Port& p) {
  std::vector<std::string> fields;
  if (p.number.value != 0)
    fields.push_back(fmt::format("number:{}", p.number.value));
  if (!p.protocol.value.empty())
    fields.push_back(fmt::format("protocol:{}", base::quote(p.protocol.value)));
  if (!p.name.value.empty())
    fields.push_back(fmt::format("name:{}", base::quote(p.name.value)));
  if (p.target_port.value != 0)
    fields.push_back(fmt::format("target_port:{}", p.target_port.value));
  return base::join(fields, " ");
}

// validateServerPort; returns whether it found no error (Istio then checks protocol vs TLS).
bool validate_server_port(const model::Server& srv, const View& view, Findings& f) {
  if (!srv.port) {
    f.error("port is required", view.loc(), "add port: {number, name, protocol}");
    return false;
  }
  const model::Port& port = *srv.port;
  base::SourceLoc port_loc = view.key_loc("port");
  size_t before = f.error_count();
  if (parse_protocol(port.protocol.value) == Protocol::Unsupported) {
    f.error(fmt::format("invalid protocol {}, supported protocols are HTTP, HTTP2, GRPC, "
                        "GRPC-WEB, MONGO, REDIS, MYSQL, TCP",
                        base::quote(port.protocol.value)),
            port.protocol.loc_or(port_loc),
            "Gateway servers accept HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, TCP, TLS, MONGO, REDIS, "
            "MYSQL");
  }
  if (port.number.value > 0 || !srv.bind.value.starts_with(kUnixPrefix)) {
    if (auto err = validate_port(port.number.value))
      f.error(*err, port.number.loc_or(port_loc));
  }
  if (port.target_port.value > 0) {
    f.error("targetPort has no impact on Gateways", port.target_port.loc,
            "remove targetPort: the gateway listens on port.number; map ports in the ingress "
            "gateway Service instead");
  }
  if (port.name.value.empty()) {
    f.error(fmt::format("port name must be set: {}", port_text(port)), port_loc,
            "give the port a name unique within the Gateway, e.g. http or https-api");
  }
  return f.error_count() == before;
}

void validate_server_bind(const model::Server& srv, Findings& f) {
  const std::string& bind = srv.bind.value;
  if (bind.starts_with(kUnixPrefix)) {
    if (auto err = validate_unix_address(std::string_view(bind).substr(kUnixPrefix.size())))
      f.error(*err, srv.bind.loc);
    if (srv.port && srv.port->number.value != 0) {
      f.error(fmt::format("port number must be 0 for unix domain socket: {}", port_text(*srv.port)),
              srv.port->number.loc_or(srv.port->loc), "set port.number to 0 with a unix bind");
    }
  } else if (!bind.empty()) {
    if (auto err = validate_ip_address(bind))
      f.error(*err, srv.bind.loc, "bind takes an IP address or unix://<path>");
  }
}

void validate_server(const model::Server& srv, const View& view, Findings& f) {
  if (srv.hosts.empty()) {
    f.error("server config must contain at least one host", view.key_loc("hosts"),
            "list the hostnames this server accepts, e.g. hosts: [\"app.example.com\"] or "
            "[\"*\"]");
  } else {
    for (const auto& host : srv.hosts) {
      for (auto& err : validate_gateway_host(host.value))
        f.error(std::move(err), host.loc);
    }
  }
  bool port_ok = validate_server_port(srv, view, f);
  validate_server_bind(srv, f);
  if (srv.tls)
    validate_server_tls(*srv.tls, view, f);

  if (!port_ok)
    return;
  Protocol p = parse_protocol(srv.port->protocol.value);
  if (is_tls(p) && !srv.tls) {
    f.error("server must have TLS settings for HTTPS/TLS protocols",
            srv.port->protocol.loc_or(view.loc()),
            "add a tls block (mode: SIMPLE with a credentialName, or mode: PASSTHROUGH)");
  } else if (!is_tls(p) && srv.tls) {
    const model::ServerTlsSettings& tls = *srv.tls;
    if (is_http(p)) {
      std::optional<std::string> mode = server_tls_mode(tls);
      if (!mode)
        return;  // not a mode Istio knows: check::schema reports it
      bool passthrough = *mode == "PASSTHROUGH" || *mode == "AUTO_PASSTHROUGH";
      if (!passthrough || !tls.ca_certificates.value.empty() || !tls.private_key.value.empty() ||
          !tls.server_certificate.value.empty()) {
        f.error("server cannot have TLS settings for plain text HTTP ports", view.key_loc("tls"),
                fmt::format("a {} server port is cleartext: to terminate TLS use protocol "
                            "HTTPS (HTTP/2 and gRPC are negotiated over it), or keep only "
                            "tls.httpsRedirect",
                            srv.port->protocol.value));
      }
    } else {
      f.error("server cannot have TLS settings for non HTTPS/TLS ports", view.key_loc("tls"),
              fmt::format("protocol {} carries no TLS: use protocol TLS to terminate or pass "
                          "through TLS, or remove the tls block",
                          srv.port->protocol.value));
    }
  }
}

}  // namespace

void validate_gateway(const model::Gateway& gw, Findings& f) {
  if (validate_metadata(gw, f))
    return;
  View spec = View::spec(gw);
  if (spec.present() && !spec.is_map())
    return;  // not an object at all: check::schema reports it
  if (!is_dns1123_label(gw.name())) {
    f.error(fmt::format("invalid gateway name: {}", base::quote(gw.name())),
            gw.meta.name ? gw.meta.name.loc : gw.meta.loc,
            "Gateway names are DNS labels: lower-case letters, digits and '-', no dots");
  }
  View servers_view = spec["servers"];
  std::vector<View> items = servers_view.items();
  if (gw.servers.empty()) {
    f.error("gateway must have at least one server", spec.key_loc("servers"),
            "add a server with port, hosts (and tls for HTTPS)");
  } else {
    for (size_t i = 0; i < gw.servers.size() && i < items.size(); ++i) {
      if (items[i].null()) {
        f.error("cannot have nil server", items[i].loc());
      } else if (items[i].is_map()) {
        validate_server(gw.servers[i], items[i], f);
      }
    }
  }
  std::set<std::string> port_names;
  for (size_t i = 0; i < gw.servers.size() && i < items.size(); ++i) {
    if (items[i].null()) {
      f.error("server may not be nil", items[i].loc());
      continue;
    }
    const model::Server& srv = gw.servers[i];
    if (!items[i].is_map() || !srv.port)
      continue;
    const model::LString& name = srv.port->name;
    if (!port_names.insert(name.value).second) {
      f.error(fmt::format("port names in servers must be unique: duplicate name {}", name.value),
              name.loc_or(items[i].key_loc("port")), "give every server port its own name");
    }
    if (!is_http(parse_protocol(srv.port->protocol.value)) && srv.tls &&
        srv.tls->https_redirect.value) {
      f.warning("tls.httpsRedirect should only be used with http servers",
                srv.tls->https_redirect.loc,
                "httpsRedirect answers plain-HTTP requests with a 301; set it on the HTTP server "
                "(port 80)");
    }
  }
}

}  // namespace igw::check::rules

#include "lib/model/parse.h"

#include "lib/base/base64.h"
#include "lib/config/messages.h"
#include "lib/model/messages.h"
#include "lib/model/parse_istio.h"
#include "lib/model/reader.h"

#include <fmt/format.h>

#include <ctime>

namespace igw::model {

using config::Node;

namespace {

constexpr std::string_view kIstioNetworking = "networking.istio.io/";

// Reads exactly `n` digits at `s[pos]`; -1 when they are not all digits.
int digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size())
    return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// RFC 3339 as Go's time.RFC3339 parses it ("2024-01-02T03:04:05Z", optional fraction, "Z" or
// "+hh:mm"/"-hh:mm") -> seconds since the epoch; 0 when malformed (metav1.Time would reject it).
int64_t parse_rfc3339(std::string_view s) {
  int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  int h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
      sec < 0 || sec > 59 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':')
    return 0;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t f = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    if (i == f)
      return 0;
  }
  int64_t offset = 0;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59 || s[i + 3] != ':')
      return 0;
    offset = (oh * 60 + om) * 60;
    if (s[i] == '-')
      offset = -offset;
    i += 6;
  } else {
    return 0;
  }
  if (i != s.size())
    return 0;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  // Local time minus its offset from UTC.
  return static_cast<int64_t>(timegm(&tm)) - offset;
}

class Parser {
 public:
  Parser(Config& cfg, const ParseOptions& opts, base::Diagnostics& diags)
      : cfg_(cfg), opts_(opts), diags_(diags) {}

  void document(const config::Document& doc) {
    const Node& root = doc.root;
    if (!root.is_map()) {
      if (!root.is_null())
        skipped(doc, root, "the document is not a mapping");
      return;
    }
    object(doc, root, /*in_list=*/false);
  }

 private:
  void skipped(const config::Document& doc, const Node& n, std::string why) {
    if (!opts_.verbose)
      return;
    diags_.emplace(config::msg::kSkippedDocument,
                   fmt::format("document {} skipped: {}", doc.index + 1, why), doc.loc(n));
  }

  void object(const config::Document& doc, const Node& n, bool in_list) {
    Reader r(doc);
    LString api = r.str(&n, "apiVersion");
    LString kind = r.str(&n, "kind");
    if (!api || !kind || api->empty() || kind->empty()) {
      skipped(doc, n, "no apiVersion/kind: not a Kubernetes object");
      return;
    }
    if (!in_list && kind.value == "List" && (api.value == "v1" || api.value.ends_with("/v1"))) {
      if (const Node* items = r.seq(&n, "items")) {
        for (const auto& item : items->items) {
          if (item.is_map())
            object(doc, item, /*in_list=*/true);
        }
      }
      return;
    }
    const std::string& k = kind.value;
    const std::string& a = api.value;
    if (a.starts_with(kIstioNetworking)) {
      std::string_view version = std::string_view(a).substr(kIstioNetworking.size());
      bool known_kind =
          k == "Gateway" || k == "VirtualService" || k == "DestinationRule" || k == "ServiceEntry";
      if (known_kind && version != "v1alpha3" && version != "v1beta1" && version != "v1") {
        diags_
            .emplace(msg::kUnknownApiVersion,
                     fmt::format("apiVersion {} is not served for kind {}; use "
                                 "networking.istio.io/v1 (or v1beta1, v1alpha3)",
                                 a, k),
                     api.loc)
            .hint = "change apiVersion to networking.istio.io/v1";
        return;
      }
      if (k == "Gateway")
        return typed(cfg_.gateways, doc, n, api, kind, detail::parse_gateway);
      if (k == "VirtualService") {
        return typed(cfg_.virtual_services, doc, n, api, kind, detail::parse_virtual_service);
      }
      if (k == "DestinationRule") {
        return typed(cfg_.destination_rules, doc, n, api, kind, detail::parse_destination_rule);
      }
      if (k == "ServiceEntry") {
        return typed(cfg_.service_entries, doc, n, api, kind, detail::parse_service_entry);
      }
    } else if (a == "v1") {
      if (k == "Secret")
        return typed(cfg_.secrets, doc, n, api, kind, parse_secret);
      if (k == "Service")
        return typed(cfg_.services, doc, n, api, kind, parse_service);
      if (k == "Pod")
        return typed(cfg_.pods, doc, n, api, kind, parse_pod);
      if (k == "Endpoints")
        return typed(cfg_.endpoints, doc, n, api, kind, parse_endpoints);
    } else if (a.starts_with("cert-manager.io/") && k == "Certificate") {
      return typed(cfg_.certificates, doc, n, api, kind, parse_certificate);
    }
    OtherObject o;
    fill_base(o, doc, n, api, kind);
    skipped(doc, n, fmt::format("kind {} ({}) is not checked by igw", k, a));
    cfg_.others.push_back(std::move(o));
  }

  void fill_base(ObjectBase& o, const config::Document& doc, const Node& n, const LString& api,
                 const LString& kind) {
    Reader r(doc);
    o.api_version = api.value;
    o.kind = kind.value;
    o.loc = doc.loc(n);
    o.node = &n;
    o.doc = &doc;
    o.input_order = order_++;
    const Node* meta = r.map(&n, "metadata");
    o.meta.loc = meta ? doc.loc(*meta) : o.loc;
    o.meta.name = r.str(meta, "name");
    o.meta.namespace_ = r.str(meta, "namespace");
    if ((!o.meta.namespace_ || o.meta.namespace_->empty()) && opts_.apply_default_namespace) {
      o.meta.namespace_.value = opts_.default_namespace;
      o.meta.namespace_.present = true;
      o.meta.namespace_.loc = o.meta.loc;
      o.meta.namespace_defaulted = true;
    }
    o.meta.labels = r.string_map(meta, "labels");
    o.meta.annotations = r.string_map(meta, "annotations");
    o.meta.creation_timestamp = r.str(meta, "creationTimestamp");
    if (o.meta.creation_timestamp) {
      o.meta.creation_seconds = parse_rfc3339(o.meta.creation_timestamp.value);
    }
  }

  template <class T, class Fn>
  void typed(std::vector<T>& out, const config::Document& doc, const Node& n, const LString& api,
             const LString& kind, Fn parse_spec) {
    T obj;
    fill_base(obj, doc, n, api, kind);
    Reader r(doc);
    if constexpr (std::is_invocable_v<Fn, const Reader&, const Node&, T&>) {
      // Kinds with a spec: parse it when it is a mapping (check::schema reports other shapes).
      const Node* spec_key = n.find("spec");
      if (spec_key && spec_key->is_map())
        parse_spec(r, *spec_key, obj);
    } else {
      parse_spec(r, n, obj, /*whole_object=*/true);
    }
    out.push_back(std::move(obj));
  }

  static void parse_secret(const Reader& r, const Node& n, Secret& s, bool) {
    s.type = r.str(&n, "type");
    auto add = [&s](SecretEntry e) {
      for (auto& existing : s.entries) {
        if (existing.key.value == e.key.value) {
          existing = std::move(e);
          return;
        }
      }
      s.entries.push_back(std::move(e));
    };
    if (const Node* data = r.map(&n, "data")) {
      for (const auto& [k, v] : data->entries) {
        SecretEntry e;
        e.key = r.str_of(k);
        e.loc = r.loc(v);
        // The API server decodes `data` with Go's base64.StdEncoding: padding is required.
        auto decoded = base::base64_decode_strict(v.is_scalar() ? v.value : std::string());
        e.valid = decoded.has_value();
        e.data = decoded.value_or(std::string());
        add(std::move(e));
      }
    }
    if (const Node* sd = r.map(&n, "stringData")) {
      for (const auto& [k, v] : sd->entries) {
        SecretEntry e;
        e.key = r.str_of(k);
        e.loc = r.loc(v);
        e.data = v.is_scalar() ? v.value : std::string();
        add(std::move(e));
      }
    }
  }

  static void parse_service(const Reader& r, const Node& n, Service& s, bool) {
    const Node* spec = r.map(&n, "spec");
    s.selector = r.string_map(spec, "selector");
    s.type = r.str(spec, "type");
    s.external_name = r.str(spec, "externalName");
    s.cluster_ip = r.str(spec, "clusterIP");
    if (const Node* ports = r.seq(spec, "ports")) {
      for (const auto& p : ports->items) {
        KubeServicePort sp;
        sp.loc = r.loc(p);
        sp.name = r.str(&p, "name");
        sp.port = r.integer(&p, "port");
        sp.protocol = r.str(&p, "protocol");
        if (!sp.protocol) {
          sp.protocol.value = "TCP";
          sp.protocol.loc = sp.loc;
        }
        if (const Node* tp = p.find("targetPort")) {
          if (tp->scalar_kind() == config::ScalarKind::Int) {
            sp.target_port_number = r.int_of(*tp);
          } else {
            sp.target_port_name = r.str_of(*tp);
          }
        }
        sp.node_port = r.integer(&p, "nodePort");
        s.ports.push_back(std::move(sp));
      }
    }
  }

  static void parse_pod(const Reader& r, const Node& n, Pod& p, bool) {
    p.node_name = r.str(r.map(&n, "spec"), "nodeName");
  }

  static void parse_endpoints(const Reader& r, const Node& n, Endpoints& e, bool) {
    const Node* subsets = r.seq(&n, "subsets");
    if (!subsets)
      return;
    for (const auto& s : subsets->items) {
      EndpointSubset sub;
      if (const Node* addrs = r.seq(&s, "addresses")) {
        for (const auto& a : addrs->items) {
          sub.addresses.push_back(
              EndpointAddress{r.str(&a, "ip"), r.str(&a, "hostname"), r.loc(a)});
        }
      }
      if (const Node* ports = r.seq(&s, "ports")) {
        for (const auto& p : ports->items) {
          sub.ports.push_back(EndpointPort{r.str(&p, "name"), r.integer(&p, "port"),
                                           r.str(&p, "protocol"), r.loc(p)});
        }
      }
      e.subsets.push_back(std::move(sub));
    }
  }

  static void parse_certificate(const Reader& r, const Node& n, Certificate& c, bool) {
    const Node* spec = r.map(&n, "spec");
    c.secret_name = r.str(spec, "secretName");
    c.dns_names = r.str_list(spec, "dnsNames");
    c.common_name = r.str(spec, "commonName");
    c.duration = r.str(spec, "duration");
    c.renew_before = r.str(spec, "renewBefore");
    const Node* issuer = r.map(spec, "issuerRef");
    c.issuer_name = r.str(issuer, "name");
    c.issuer_kind = r.str(issuer, "kind");
  }

  Config& cfg_;
  const ParseOptions& opts_;
  base::Diagnostics& diags_;
  uint32_t order_ = 0;
};

}  // namespace

Config parse(config::LoadResult&& loaded, const ParseOptions& options, base::Diagnostics& diags) {
  Config cfg;
  cfg.documents = std::move(loaded.documents);
  Parser p(cfg, options, diags);
  for (const auto& doc : cfg.documents)
    p.document(doc);
  return cfg;
}

base::ResourceRef ObjectBase::ref() const {
  return {kind, meta.namespace_.value, meta.name.value};
}

base::SourceLoc ObjectBase::loc_of(const config::Node& n) const {
  return doc ? doc->loc(n) : base::SourceLoc{};
}

const LString* ObjectBase::annotation(std::string_view key) const {
  return find_value(meta.annotations, key);
}

const std::string* Secret::get(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key.value == key)
      return &e.data;
  }
  return nullptr;
}

std::string_view string_match_kind_name(StringMatch::Kind k) {
  switch (k) {
    case StringMatch::Kind::Exact:
      return "exact";
    case StringMatch::Kind::Prefix:
      return "prefix";
    case StringMatch::Kind::Regex:
      return "regex";
    case StringMatch::Kind::None:
      break;
  }
  return "";
}

}  // namespace igw::model
